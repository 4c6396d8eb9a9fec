import { canEdit, CLIENT_WRITABLE_ROOTS, CloseCodes, CloseReasons, readSettings } from '@roundtable/board'
import type { BoardStore, StoredDoc } from '@roundtable/storage'
import type * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { BusMessage, BusSubscription, RoomBus } from './bus'
import { checkClientUpdate, type WriteRules } from './guard'
import { checkValues } from './values'
import { DEFAULT_ROOM_LIMITS, type RoomLimits } from './limits'
import type { SyncLogger } from './log'
import { Presence } from './presence'
import { decodeMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate, ProtocolError } from './protocol'
import type { Connection } from './socket'

/** A fold runs once the log is this many times the snapshot's size (and `CompactionPolicy.minLogBytes`). */
const LOG_TO_SNAPSHOT = 4

/** Smallest gap between two batches of a busy board (ms); see `enqueue`. */
const FLUSH_INTERVAL_MS = 4

/** Origin of changes another server made and stored (received through the bus). */
const REMOTE = 'remote'
/** Origin of changes read back from storage to catch up after the bus lost messages. */
const RESYNC = 'resync'

/** Origin of a batch of client updates from more than one connection. */
const CLIENTS = 'clients'

/** Where a document change came from. */
type Origin = Connection | typeof CLIENTS | 'server' | 'load' | typeof REMOTE | typeof RESYNC

/**
 * True for a Y.Doc transaction origin meaning "already stored by another server" (through the bus, or read back
 * from storage after an outage). Such changes are sent to this server's clients but never stored again.
 */
export function isRemoteOrigin(origin: unknown): boolean {
  return origin === REMOTE || origin === RESYNC
}

export interface RoomOptions {
  boardId: string
  store: BoardStore
  log: SyncLogger
  /** When to fold the update log into a snapshot. */
  compaction: CompactionPolicy
  /** Fan-out to other server processes holding the same board; none when this process is alone. */
  bus?: RoomBus | undefined
  limits?: RoomLimits
  versions?: VersionPolicy
}

/**
 * When a board's update log is folded into a new snapshot. A fold encodes the whole board, so its cost grows with
 * the board: it runs once the log is at least four times as large as the snapshot (so folding costs a constant
 * amount per stored byte, whatever the board's size, and a busy board is not stalled by folds every second), or when
 * nobody has changed the board for a while.
 */
export interface CompactionPolicy {
  /** Fold once the log holds at least this many bytes and at least four times as many as the snapshot. */
  minLogBytes: number
  /** Fold whatever the log holds once the board has had no change for this long (ms). */
  quietMs: number
}

/** When to keep restorable versions of a board, and where they go. */
export interface VersionPolicy {
  /** Keep a version after changes when the last one is older than this (ms). */
  everyMs: number
  /** Keep a version before any single update that deletes at least this many board items. */
  bulkDeleteMin: number
  /** Store a version: the whole state of the board, and why. Called synchronously; may store in the background. */
  keep(boardId: string, state: Uint8Array, reason: string): void
}

/**
 * One board in memory: its Y.Doc, presence, and the people connected to it.
 *
 * Every change, whoever made it, flows through one path: applied to the doc → queued → written to storage in one
 * transaction per batch → only then sent to everyone else (this server's clients, and other servers through the
 * bus). So anything a person has seen is already stored. Changes from other servers are applied and sent to this
 * server's clients, never stored again.
 */
export class Room {
  readonly boardId: string
  /** The board's Y.Doc; empty until `doc` is first read or the board changes, while `unapplied` holds its state. */
  private readonly ydoc: Y.Doc
  /** The stored snapshot, not yet applied to `ydoc` (null once it is), and its state vector once asked for. */
  private unapplied: Uint8Array | null
  private unappliedVector: Uint8Array | null = null
  /** The whole board as one update, for clients that have nothing yet; null after any change until asked again. */
  private fullState: Uint8Array | null
  /** `fullState` framed as sync step 2, the same bytes for every client that asks (see `answerFor`). */
  private fullStateFrame: { state: Uint8Array; frame: Uint8Array } | null = null
  /** Changes applied to the doc so far (to tell whether a snapshot is still current). */
  private changes = 0
  /** Who is here and where their pointer is (see presence.ts). */
  private readonly presence: Presence
  private readonly connections = new Set<Connection>()
  private readonly store: BoardStore
  private readonly log: SyncLogger
  private readonly compaction: CompactionPolicy
  /** Client updates received and not yet checked and applied (see `applyInbox`), and their size. */
  private inbox: { connection: Connection; update: Uint8Array }[] = []
  private readonly createdListeners = new Set<(connection: Connection, recordIds: string[]) => void>()
  private inboxBytes = 0
  /** While a batch is applied: the doc's state vector before it (see the gcFilter in the constructor). */
  private batchStart: Map<number, number> | null = null
  /** Changes applied to the doc and not yet stored. */
  private pending: { update: Uint8Array; origin: Origin }[] = []
  private flushScheduled = false
  private lastFlushAt = -Infinity
  private chain: Promise<void> = Promise.resolve()
  private broken = false
  private closed = false
  private readonly bus: RoomBus | undefined
  private subscription: BusSubscription | null = null
  /** The resync running now, and whether another must follow it (asked for while it ran). */
  private resyncing: Promise<void> | null = null
  private resyncAgain: Promise<void> | null = null

  /** Bytes of the stored snapshot, and of the updates this room stored after it (as far as this room knows). */
  private snapshotBytes: number
  private logBytes: number
  /** Rows this room appended to the log since its last fold, and the last one's sequence number. */
  private ownRows = { count: 0, lastSeq: 0 }
  private quietTimer: NodeJS.Timeout | null = null
  private readonly limits: RoomLimits
  private readonly versions: VersionPolicy | undefined
  private lastVersionAt = Date.now()

  /** Build a room from stored state. Use `Room.load`. */
  private constructor(options: RoomOptions, stored: StoredDoc) {
    this.boardId = options.boardId
    this.store = options.store
    this.log = options.log
    this.compaction = options.compaction
    this.bus = options.bus
    const doc = new Y.Doc()
    this.ydoc = doc
    // A board whose log is empty (the usual case: every unload and shutdown folds it) is built only when needed:
    // until then clients are answered from the snapshot's bytes, and loading costs no more memory than they take.
    this.unapplied = stored.updates.length === 0 ? stored.snapshot : null
    this.fullState = this.unapplied
    if (!this.unapplied) doc.transact(() => applyStored(doc, stored), 'load')
    this.snapshotBytes = stored.snapshot?.length ?? 0
    this.logBytes = stored.updates.reduce((sum, u) => sum + u.length, 0)
    this.limits = options.limits ?? DEFAULT_ROOM_LIMITS
    this.versions = options.versions
    // A value set and overwritten within one batch keeps its content in the batch's update (`applyInbox` drops it
    // from the doc right after), so everyone receives every change that was sent, as if each were sent on its own.
    doc.gcFilter = (item) => !this.batchStart || item.id.clock < (this.batchStart.get(item.id.client) ?? 0)
    this.presence = new Presence(doc, {
      limits: this.limits,
      connections: () => this.connections,
      publish: (data) => this.publish({ kind: 'awareness', data }),
      anonymous: () => readSettings(this.doc).anonymous,
      wroteDocument: (clientId) => this.doc.store.clients.has(clientId),
    })
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'load') {
        this.fullState = null
        this.fullStateFrame = null
        this.changes++
      }
      if (isRemoteOrigin(origin)) this.relay(update)
      else this.enqueue(update, origin as Origin)
    })
  }

  /**
   * Load a board from storage. With a bus, subscribes first and keeps what arrives while loading, then applies it
   * on top of the stored state: an update published during the load is either already stored when the load reads
   * (its publisher stores before publishing) or arrives through the subscription. Applying it twice is harmless.
   */
  static async load(options: RoomOptions): Promise<Room> {
    let room: Room | null = null
    const early: BusMessage[] = []
    const subscription = options.bus
      ? await options.bus.subscribe(options.boardId, (message) => (room ? room.fromBus(message) : early.push(message)))
      : null
    try {
      room = new Room(options, await options.store.loadDoc(options.boardId))
    } catch (error) {
      await subscription?.close()
      throw error
    }
    room.subscription = subscription
    for (const message of early.splice(0)) room.fromBus(message)
    return room
  }

  /** The board's Y.Doc, built from storage on first use. */
  get doc(): Y.Doc {
    if (this.unapplied) {
      const snapshot = this.unapplied
      this.unapplied = null
      this.unappliedVector = null
      this.ydoc.transact(() => Y.applyUpdate(this.ydoc, snapshot), 'load')
    }
    return this.ydoc
  }

  /**
   * Call `listener` with the ids of the board items (records) a connection creates, once its batch is applied —
   * a batch may hold several people's changes, so the transaction's origin cannot say whose each item is.
   * Returns a function to stop.
   */
  onRecordsCreated(listener: (connection: Connection, recordIds: string[]) => void): () => void {
    this.createdListeners.add(listener)
    return () => this.createdListeners.delete(listener)
  }

  /** False while the board's doc has not been built from storage (see `doc`). */
  get docBuilt(): boolean {
    return this.unapplied === null
  }

  /** True when other servers may hold this board too (a bus is in use): this copy can lag theirs briefly. */
  get shared(): boolean {
    return this.bus !== undefined
  }

  /** The board's presence (awareness). */
  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness
  }

  /** Number of people connected. */
  get size(): number {
    return this.connections.size
  }

  /** Add a connection and start the sync handshake (server's step 1, then everyone's presence). */
  join(connection: Connection): void {
    this.connections.add(connection)
    const stateVector = this.unapplied
      ? (this.unappliedVector ??= Y.encodeStateVectorFromUpdate(this.unapplied))
      : Y.encodeStateVector(this.ydoc)
    connection.socket.send(encodeSyncStep1(stateVector))
    this.presence.join(connection)
  }

  /** Remove a connection and the presence it controlled. */
  leave(connection: Connection): void {
    this.connections.delete(connection)
    this.presence.leave(connection)
  }

  /**
   * Handle one binary frame from a connection. A frame that breaks the protocol or carries a corrupt update closes
   * that connection only; the board is not touched.
   */
  receive(connection: Connection, data: Uint8Array): void {
    if (!this.connections.has(connection)) return
    let message
    try {
      message = decodeMessage(data)
    } catch (error) {
      this.reject(connection, error)
      return
    }
    switch (message.kind) {
      case 'sync-step1':
        this.answerStep1(connection, message.stateVector)
        return
      case 'update': {
        // A view-only connection's document changes are dropped, silently: its own client keeps working. An empty
        // update (a new client's answer to our sync step 1) changes nothing and does not need the doc built.
        if (!canEdit(connection.role) || isEmptyUpdate(message.update)) return
        const storedBytes = this.snapshotBytes + this.logBytes + this.inboxBytes
        if (storedBytes + message.update.length > this.limits.maxBoardBytes) {
          this.log.warn({ boardId: this.boardId, storedBytes }, 'refused an update: the board is full')
          this.leave(connection)
          connection.socket.close(CloseCodes.BoardFull, CloseReasons.BoardFull)
          return
        }
        this.inbox.push({ connection, update: message.update })
        this.inboxBytes += message.update.length
        this.scheduleFlush()
        return
      }
      case 'awareness': {
        const problem = this.presence.receive(connection, message.update)
        if (problem) this.reject(connection, new ProtocolError(problem))
        return
      }
      case 'query-awareness':
        this.presence.sendAll(connection)
        return
    }
  }

  /**
   * Change the board from the server side (HTTP API). The change is stored and sent like any other; the promise
   * resolves once it is durable.
   */
  async change(fn: (doc: Y.Doc) => void): Promise<void> {
    // Client updates that arrived first are checked and applied first.
    this.applyInbox()
    this.doc.transact(() => fn(this.doc), 'server')
    await this.whenFlushed()
  }

  /** Resolves once everything received or applied so far is stored (and sent). */
  whenFlushed(): Promise<void> {
    this.applyInbox()
    if (this.pending.length > 0) this.chain = this.chain.then(() => this.flush())
    return this.chain
  }

  /**
   * Check and apply every client update received since the last batch, in order, in one Y.Doc transaction: the
   * transaction's single 'update' event is the batch's merged update, so no per-update encoding or merging is
   * needed. Each update is checked (`checkClientUpdate`) against the doc with the earlier ones already applied,
   * before it is applied; a refused or corrupt one closes only its connection.
   */
  private applyInbox(): void {
    if (this.inbox.length === 0 || this.closed) return
    const inbox = this.inbox
    this.inbox = []
    this.inboxBytes = 0
    const sender = inbox[0]!.connection
    const origin = inbox.every((entry) => entry.connection === sender) ? sender : CLIENTS
    // A connection refused in this batch has its later updates dropped. One that merely left keeps them: they were
    // sent before it went, as if they had been applied on arrival.
    const refused = new Set<Connection>()
    let deleted: Y.Transaction['deleteSet'] | null = null
    const created: { connection: Connection; recordIds: string[] }[] = []
    this.doc.transact((transaction) => {
      this.batchStart = transaction.beforeState
      deleted = transaction.deleteSet
      for (const { connection, update } of inbox) {
        if (refused.has(connection)) continue
        try {
          const verdict = checkClientUpdate(this.doc, update, this.writeRules())
          if (!verdict.ok) {
            refused.add(connection)
            this.refuse(connection, verdict.reason)
            continue
          }
          if (this.versions && verdict.deletedRecords >= this.versions.bulkDeleteMin) {
            this.keepVersion(`before ${verdict.deletedRecords} items were deleted`)
          }
          Y.applyUpdate(this.doc, update)
          if (verdict.createdRecords.length > 0) created.push({ connection, recordIds: verdict.createdRecords })
        } catch (error) {
          refused.add(connection)
          this.reject(connection, error)
        }
      }
    }, origin)
    for (const { connection, recordIds } of created) {
      for (const listener of this.createdListeners) listener(connection, recordIds)
    }
    this.batchStart = null
    // The batch's update has been sent on its way; now drop the content it deleted, as Yjs would have. (Failing
    // here would only keep that content in memory, so it must not stop the batch from being stored and sent.)
    try {
      if (deleted && this.doc.gc) Y.tryGc(deleted, this.doc.store, () => true)
    } catch (error) {
      this.log.warn({ boardId: this.boardId, err: String(error) }, 'could not free the content a batch deleted')
    }
  }

  /** Keep a restorable version of the board as it is now. */
  keepVersion(reason: string): void {
    if (!this.versions || this.closed) return
    this.lastVersionAt = Date.now()
    this.versions.keep(this.boardId, Y.encodeStateAsUpdate(this.doc), reason)
  }

  /** Store the whole state as one snapshot and drop the updates it replaces. */
  async compact(): Promise<void> {
    await this.whenFlushed()
    this.chain = this.chain.then(() => this.compactNow())
    return this.chain
  }

  private async compactNow(): Promise<void> {
    if (this.broken || this.closed || this.logBytes === 0) return
    let snapshot: Uint8Array | null = null
    // Everything applied so far is stored when no batch is waiting: then the snapshot is exactly this room's board.
    let current = false
    const changes = this.changes
    await this.store.compact(this.boardId, (stored) => {
      // Only what the snapshot contains may leave the log. When the log holds exactly the rows this room wrote since
      // its last fold (and no other server shares the board), this room's doc already contains all of it and is
      // simply encoded. Otherwise (another server's updates, or rows left by a crash) the snapshot is rebuilt from
      // what storage holds.
      const ours = !this.bus && stored.updates.length === this.ownRows.count && stored.lastSeq === this.ownRows.lastSeq
      snapshot = ours ? Y.encodeStateAsUpdate(this.doc) : foldStored(stored)
      current = this.pending.length === 0 && this.inbox.length === 0
      return snapshot
    })
    // Flushes run in the same chain, so nothing this room stored is missing from the fold (or from the log another
    // server folded first).
    this.logBytes = 0
    this.ownRows = { count: 0, lastSeq: 0 }
    if (!snapshot) return
    this.snapshotBytes = (snapshot as Uint8Array).length
    // Alone (no other server's updates in storage) and unchanged since: new clients can have the snapshot as it is.
    if (current && !this.bus && this.changes === changes) this.fullState = snapshot
  }

  /**
   * Catch up from storage after the bus may have lost messages: apply the stored state (changes this room already
   * has are ignored; the rest reaches this server's clients), and tell the other servers about our presence again.
   * Calls while one runs are combined into one more run after it, which reads storage afresh.
   */
  resync(): Promise<void> {
    if (this.resyncAgain) return this.resyncAgain
    if (!this.resyncing) {
      this.resyncing = this.resyncNow().finally(() => (this.resyncing = null))
      return this.resyncing
    }
    this.resyncAgain = this.resyncing
      .catch(() => {})
      .then(() => {
        this.resyncAgain = null
        return this.resync()
      })
    return this.resyncAgain
  }

  private async resyncNow(): Promise<void> {
    if (this.closed) return
    const stored = await this.store.loadDoc(this.boardId)
    if (this.closed) return
    this.doc.transact(() => applyStored(this.doc, stored), RESYNC)
    const ours = this.presence.ours()
    if (ours) this.publish({ kind: 'awareness', data: ours })
  }

  /** Close every connection with the given code and free the document. Stored data is untouched. */
  close(code: number, reason: string): void {
    if (this.closed) return
    if (this.quietTimer) clearTimeout(this.quietTimer)
    for (const connection of Array.from(this.connections.keys())) {
      this.leave(connection)
      connection.socket.close(code, reason)
    }
    // Marked closed only now, so the other servers hear that these people left.
    this.closed = true
    void this.subscription?.close().catch((error: unknown) => {
      this.log.warn({ boardId: this.boardId, err: String(error) }, 'leaving the bus failed')
    })
    this.presence.destroy()
    this.ydoc.destroy()
  }

  /** A message from another server holding this board. */
  private fromBus(message: BusMessage): void {
    if (this.closed) return
    try {
      switch (message.kind) {
        case 'update':
          Y.applyUpdate(this.doc, message.data, REMOTE)
          return
        case 'awareness':
          this.presence.fromBus(message.data)
          return
        case 'resync':
          this.resync().catch((error: unknown) => {
            this.log.warn({ boardId: this.boardId, err: String(error) }, 'resync from storage failed')
          })
          return
      }
    } catch (error) {
      this.log.warn({ boardId: this.boardId, kind: message.kind, err: String(error) }, 'ignored a bad message from the bus')
    }
  }

  /** Send a change another server stored to this server's clients (it is not stored again). */
  private relay(update: Uint8Array): void {
    if (this.closed) return
    const frame = encodeUpdate(update)
    for (const connection of this.connections.keys()) connection.socket.send(frame)
  }

  private publish(message: BusMessage): void {
    if (this.bus && !this.closed) this.bus.publish(this.boardId, message)
  }

  private answerStep1(connection: Connection, stateVector: Uint8Array): void {
    try {
      // Validates the state vector before waiting; the answer itself is computed after the flush.
      Y.decodeStateVector(stateVector)
    } catch (error) {
      this.reject(connection, error)
      return
    }
    // Answer only once everything in the doc is stored: nobody may see a change that a crash could still lose.
    void this.whenFlushed().then(() => {
      if (!this.connections.has(connection) || this.closed) return
      connection.socket.send(this.answerFor(stateVector))
    })
  }

  /**
   * Sync step 2 for a client with this state vector. Clients that have nothing share one frame, encoded once until
   * the next change, so many of them cost the server one copy of the board, not one each (the socket layer sends
   * it without copying). A client whose answer would be most of the board gets that shared frame too (applying
   * what it already has changes nothing), so no state vector makes the server hold a fresh near-full copy.
   */
  private answerFor(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) {
      const missing = this.unapplied ? Y.diffUpdate(this.unapplied, stateVector) : Y.encodeStateAsUpdate(this.ydoc, stateVector)
      if (missing.length * 2 < (this.fullState?.length ?? this.snapshotBytes + this.logBytes)) return encodeSyncStep2(missing)
    }
    const full = (this.fullState ??= Y.encodeStateAsUpdate(this.ydoc))
    if (this.fullStateFrame?.state !== full) {
      const frame = encodeSyncStep2(full)
      // Keep one copy: the state becomes a view into the frame (unless it is the stored snapshot, kept anyway).
      const state = full === this.unapplied ? full : frame.subarray(frame.length - full.length)
      if (state !== full) this.fullState = state
      this.fullStateFrame = { state, frame }
    }
    return this.fullStateFrame.frame
  }

  private enqueue(update: Uint8Array, origin: Origin): void {
    if (origin === 'load') return
    this.pending.push({ update, origin })
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    const flush = () => {
      void this.whenFlushed()
      this.flushScheduled = false
    }
    // Everything that arrives in one turn of the event loop is one batch: one write and one broadcast frame. While
    // changes keep coming, batches are also at least FLUSH_INTERVAL_MS apart, so a busy board costs a bounded
    // number of writes and frames per second however many edits it gets, for at most that much extra delay.
    const wait = this.lastFlushAt + FLUSH_INTERVAL_MS - performance.now()
    if (wait <= 0) setImmediate(flush)
    else setTimeout(flush, Math.ceil(wait))
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = []
    if (batch.length === 0 || this.broken) return
    this.lastFlushAt = performance.now()
    const updates = batch.map((b) => b.update)
    // One merged update per batch: one stored row, one message to the other servers, one frame encoded once.
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
    try {
      const seq = await this.store.appendUpdates(this.boardId, [merged])
      this.ownRows = { count: this.ownRows.count + 1, lastSeq: seq }
    } catch (error) {
      this.broken = true
      this.log.error({ boardId: this.boardId, err: String(error) }, 'storing an update failed; closing the board')
      this.close(CloseCodes.StorageFailed, CloseReasons.StorageFailed)
      return
    }
    this.logBytes += merged.length
    this.publish({ kind: 'update', data: merged })
    const frame = encodeUpdate(merged)
    const firstOrigin = batch[0]!.origin
    const skip = batch.every((b) => b.origin === firstOrigin) ? firstOrigin : null
    for (const connection of this.connections.keys()) {
      if (connection !== skip) connection.socket.send(frame)
    }
    if (this.versions && Date.now() - this.lastVersionAt >= this.versions.everyMs) this.keepVersion('automatic')
    if (this.logBytes >= Math.max(this.compaction.minLogBytes, LOG_TO_SNAPSHOT * this.snapshotBytes)) {
      // Runs after this flush in the same chain, so it never races a write.
      this.chain = this.chain.then(() => this.compactQuietly())
    }
    this.armQuietCompaction()
  }

  /** (Re)start the countdown to folding the log once the board has been quiet for `compaction.quietMs`. */
  private armQuietCompaction(): void {
    if (this.quietTimer) {
      this.quietTimer.refresh()
      return
    }
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null
      this.chain = this.chain.then(() => this.compactQuietly())
    }, this.compaction.quietMs)
    this.quietTimer.unref()
  }

  /** Compact in the background: a failed fold keeps the log (nothing is lost) and is only logged. */
  private compactQuietly(): Promise<void> {
    return this.compactNow().catch((error: unknown) => {
      this.log.warn({ boardId: this.boardId, err: String(error) }, 'compaction failed; the update log is kept')
    })
  }

  /** What clients may change right now: board content and actions, never server-owned state or locked pages. */
  private writeRules(): WriteRules {
    const settings = readSettings(this.doc)
    return { allowedRoots: CLIENT_WRITABLE_ROOTS, lockedPages: new Set(settings.lockedPages), anonymous: settings.anonymous, checkValues }
  }

  private refuse(connection: Connection, reason: string): void {
    this.log.warn({ boardId: this.boardId, reason }, 'refused a change a connection was not allowed to make')
    this.leave(connection)
    connection.socket.close(CloseCodes.ChangeRefused, `${CloseReasons.ChangeRefused}: ${reason}`)
  }

  private reject(connection: Connection, error: unknown): void {
    const detail = error instanceof ProtocolError ? error.message : 'corrupt update'
    this.log.warn({ boardId: this.boardId, detail }, 'closing a connection that sent a bad message')
    this.leave(connection)
    connection.socket.close(CloseCodes.BadMessage, `${CloseReasons.BadMessage}: ${detail}`)
  }
}

/** The update that changes nothing: no structs, no deletions (what a client with nothing answers to sync step 1). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

/** The state vector of a client that has nothing. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0
}

/** Apply a stored snapshot and log to a doc (inside the caller's transaction). */
function applyStored(doc: Y.Doc, stored: StoredDoc): void {
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
}

/**
 * The compaction fold: the stored snapshot and log as one snapshot. Built through a Y.Doc, so deleted content is
 * garbage-collected; updates whose dependencies are missing stay in it as pending structs.
 */
function foldStored(stored: StoredDoc): Uint8Array {
  const doc = new Y.Doc()
  try {
    applyStored(doc, stored)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
