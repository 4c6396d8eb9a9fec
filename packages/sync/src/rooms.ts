import type { BoardStore } from '@roundtable/storage'
import type { RoomBus } from './bus'
import type { RoomLimits } from './limits'
import type { SyncLogger } from './log'
import { Room, type CompactionPolicy, type VersionPolicy } from './room'

export interface RoomManagerOptions {
  store: BoardStore
  log: SyncLogger
  /** How long an empty room stays in memory before it is compacted and unloaded. */
  idleMs: number
  /** When to fold a board's update log into a snapshot. */
  compaction: CompactionPolicy
  /** Fan-out to other server processes; rooms resync from storage whenever it recovers from an outage. */
  bus?: RoomBus | undefined
  limits?: RoomLimits
  versions?: VersionPolicy
}

/** Rooms reloaded from storage at once when the bus recovers; the rest wait their turn. */
const RESYNC_CONCURRENCY = 8

/**
 * Keeps each board loaded while someone uses it and only then: loaded on first use, unloaded (after a final
 * compaction) once nobody has used it for `idleMs`. Loading is shared, so two people arriving at once get one room.
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room | null>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly users = new Map<string, number>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private readonly loadListeners = new Set<(room: Room) => void>()
  private readonly stopRecover: () => void
  private shuttingDown = false

  constructor(private readonly options: RoomManagerOptions) {
    this.stopRecover = options.bus?.onRecover(() => void this.resyncAll()) ?? (() => {})
  }

  /** Call `listener` with every room as it is loaded (e.g. to watch its document). Returns a function to stop. */
  onLoad(listener: (room: Room) => void): () => void {
    this.loadListeners.add(listener)
    return () => this.loadListeners.delete(listener)
  }

  /** Rooms currently in memory. */
  get loadedCount(): number {
    return this.rooms.size
  }

  /** True when the board is in memory. */
  isLoaded(boardId: string): boolean {
    return this.rooms.has(boardId)
  }

  /**
   * Take a hold on a board's room, loading it if needed. Resolves to null when no such board exists (a board is
   * never created implicitly). Every successful acquire must be paired with `release`.
   */
  async acquire(boardId: string): Promise<Room | null> {
    if (this.shuttingDown) throw new Error('server is shutting down')
    this.users.set(boardId, (this.users.get(boardId) ?? 0) + 1)
    this.clearIdleTimer(boardId)
    try {
      const room = await this.get(boardId)
      if (!room) this.release(boardId)
      return room
    } catch (error) {
      this.release(boardId)
      throw error
    }
  }

  /** Give back a hold taken with `acquire`. The last release starts the idle timer. */
  release(boardId: string): void {
    const count = (this.users.get(boardId) ?? 1) - 1
    if (count > 0) {
      this.users.set(boardId, count)
      return
    }
    this.users.delete(boardId)
    if (!this.rooms.has(boardId) || this.shuttingDown) return
    this.clearIdleTimer(boardId)
    const timer = setTimeout(() => void this.unload(boardId), this.options.idleMs)
    timer.unref()
    this.idleTimers.set(boardId, timer)
  }

  /** Run `fn` with the board's room held; resolves to null when the board does not exist. */
  async withRoom<T>(boardId: string, fn: (room: Room) => Promise<T> | T): Promise<T | null> {
    const room = await this.acquire(boardId)
    if (!room) return null
    try {
      return await fn(room)
    } finally {
      this.release(boardId)
    }
  }

  /** Flush and compact every room, close every connection with the given code, and refuse new work. */
  async shutdown(code: number, reason: string): Promise<void> {
    this.shuttingDown = true
    this.stopRecover()
    for (const timer of this.idleTimers.values()) clearTimeout(timer)
    this.idleTimers.clear()
    await Promise.allSettled(this.loading.values())
    await Promise.allSettled(this.unloading.values())
    const rooms = Array.from(this.rooms.values())
    await Promise.allSettled(rooms.map((room) => room.compact()))
    for (const room of rooms) room.close(code, reason)
    this.rooms.clear()
  }

  /** Close one board's room (e.g. when the board is deleted). */
  async evict(boardId: string, code: number, reason: string): Promise<void> {
    this.clearIdleTimer(boardId)
    const room = this.rooms.get(boardId) ?? (await this.loading.get(boardId)) ?? null
    if (!room) return
    this.rooms.delete(boardId)
    await room.whenFlushed()
    room.close(code, reason)
  }

  private async get(boardId: string): Promise<Room | null> {
    const pendingUnload = this.unloading.get(boardId)
    if (pendingUnload) await pendingUnload
    const existing = this.rooms.get(boardId)
    if (existing) return existing
    let loading = this.loading.get(boardId)
    if (!loading) {
      loading = this.load(boardId).finally(() => this.loading.delete(boardId))
      this.loading.set(boardId, loading)
    }
    return loading
  }

  private async load(boardId: string): Promise<Room | null> {
    const board = await this.options.store.getBoard(boardId)
    if (!board) return null
    const room = await Room.load({
      boardId,
      store: this.options.store,
      log: this.options.log,
      compaction: this.options.compaction,
      bus: this.options.bus,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.versions ? { versions: this.options.versions } : {}),
    })
    this.rooms.set(boardId, room)
    for (const listener of this.loadListeners) {
      try {
        listener(room)
      } catch (error) {
        this.options.log.error({ boardId, err: String(error) }, 'a room load listener failed')
      }
    }
    return room
  }

  /** After a bus outage: reload every room (and every room still loading) from storage, a few at a time. */
  private async resyncAll(): Promise<void> {
    if (this.shuttingDown) return
    const loading = await Promise.allSettled(this.loading.values())
    const rooms = new Set(this.rooms.values())
    for (const result of loading) if (result.status === 'fulfilled' && result.value) rooms.add(result.value)
    this.options.log.info({ rooms: rooms.size }, 'the bus recovered; reloading every board in memory from storage')
    const queue = Array.from(rooms)
    const worker = async () => {
      for (let room = queue.shift(); room; room = queue.shift()) {
        await room.resync().catch((error: unknown) => {
          this.options.log.warn({ boardId: room!.boardId, err: String(error) }, 'resync from storage failed')
        })
      }
    }
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker))
  }

  private async unload(boardId: string): Promise<void> {
    this.idleTimers.delete(boardId)
    const room = this.rooms.get(boardId)
    if (!room || this.users.has(boardId) || room.size > 0) return
    const work = (async () => {
      try {
        await room.compact()
      } catch (error) {
        this.options.log.warn({ boardId, err: String(error) }, 'final compaction failed; the update log is kept')
      }
      this.rooms.delete(boardId)
      room.close(1001, 'board unloaded')
    })().finally(() => this.unloading.delete(boardId))
    this.unloading.set(boardId, work)
    await work
  }

  private clearIdleTimer(boardId: string): void {
    const timer = this.idleTimers.get(boardId)
    if (timer) clearTimeout(timer)
    this.idleTimers.delete(boardId)
  }
}
