import { deleteBoardNow } from './deleteBoard'
import type { AppDeps } from '../context'

const DAY_MS = 24 * 3600 * 1000
const SWEEP_EVERY_MS = 3600 * 1000

/**
 * Deletes boards nobody has changed for RETENTION_DAYS (off when 0), checking at start and every hour. A board
 * someone has open is left alone; it is checked again next time.
 */
export class RetentionService {
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly deps: AppDeps) {}

  /** When a board last changed at `updatedAt` will be deleted, or null when retention is off. */
  deletesAt(updatedAt: number): number | null {
    const days = this.deps.config.retentionDays
    return days > 0 ? updatedAt + days * DAY_MS : null
  }

  start(): void {
    if (this.deps.config.retentionDays <= 0) return
    void this.sweep()
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Delete every board past its time; returns their ids. */
  async sweep(now = Date.now()): Promise<string[]> {
    const days = this.deps.config.retentionDays
    if (days <= 0) return []
    const deleted: string[] = []
    try {
      for (const boardId of await this.deps.store.boardsUntouchedSince(now - days * DAY_MS)) {
        if (this.deps.rooms.isLoaded(boardId)) continue
        await deleteBoardNow(this.deps, boardId)
        deleted.push(boardId)
      }
      if (deleted.length > 0)
        this.deps.log.info({ count: deleted.length }, 'deleted boards past their retention period')
    } catch (error) {
      this.deps.log.error({ err: String(error) }, 'retention sweep failed')
    }
    return deleted
  }
}
