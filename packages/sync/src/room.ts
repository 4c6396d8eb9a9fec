import {
  canEdit,
  CLIENT_WRITABLE_ROOTS,
  CloseCodes,
  CloseReasons,
  getRecordsMap,
  readSettings,
} from '@roundtable/board'
import type { BoardStore, StoredDoc } from '@roundtable/storage'
import type * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { BusMessage, BusSubscription, RoomBus } from './bus'
import { DeletedIndex } from './deletedIndex'
import { checkClientUpdate, type WriteRules } from './guard'
import { checkValues } from './values'
import { Countdown } from './countdown'
import { DEFAULT_ROOM_LIMITS, type RoomLimits } from './limits'
import type { SyncLogger } from './log'
import { Presence } from './presence'
import { decodeMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate, ProtocolError } from './protocol'
import type { Connection } from './socket'

/** A fold runs once the log is this many times the snapshot's size (and `CompactionPolicy.minLogBytes`). */
const LOG_TO_SNAPSHOT = 4

/**
 * Smallest gap between two batches of a busy board (ms): one whose last batch held more than one change (see
 * `scheduleFlush`). A board getting one change at a time stores and sends each at once.
 */
const FLUSH_INTERVAL_MS = 4

/**
 * How long a whole-board encoding kept for a crowd of new clients (see `answerFor`) outlives the last client that
 * asked for it (ms). A board people only watch keeps no copy of itself besides its doc for longer than this.
 */
const FULL_STATE_KEEP_MS = 10_000

/** `answerFor`'s answer when the stored snapshot is the board as it is: read it, instead of encoding the doc. */
const READ_STORED = 'read-stored'

/** Origin of changes another server made and stored (received through the bus). */
const REMOTE = 'remote'
/** Origin of changes read back from storage to catch up after the bus lost messages. */
const RESYNC = 'resync'

/** Origin of a batch of client updates from more than one connection. */
const CLIENTS = 'clients'

/** Where a document change came from. */
type Origin = Connection | typeof CLIENTS | 'server' | 'load' | typeof REMOTE | typeof RESYNC

/** A change applied to the doc and waiting to be stored: its update, and the connection that sent it (if one did). */
interface Applied {
  update: Uint8Array
  /** The one connection all of it came from (it has it already), or null. */
  sender: Connection | null
  /** How many changes it holds (client updates of one batch, or one server change), to tell a busy board. */
  changes: number
}

/** What one transaction on the doc changed: its update (null if nothing), and the error its function threw, if any. */
interface Transacted {
  update: Uint8Array | null
  error: unknown
}

/** Smallest gap between two versions kept before bulk deletions, unless the policy says otherwise (ms). */
const BULK_DELETE_VERSION_EVERY_MS = 60_000

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
  /**
   * Keep a version before any single update that deletes at least this many board items, unless every one of them
   * is already in the last version kept (then it already preserves them).
   */
  bulkDeleteMin: number
  /**
   * Smallest gap between two versions kept before bulk deletions (default one minute): a version encodes the whole
   * board, so deleting frames must not be able to ask for one each.
   */
  bulkDeleteEveryMs?: number
  /** Store a version: the whole state of the board, and why. Called synchronously; may store in the background. */
  keep(boardId: string, state: Uint8Array, reason: string): void
}

/**
 * One board in memory: its Y.Doc, presence, and the people connected to it.
 *
 * Every change flows through one pipeline (see docs/ARCHITECTURE.md):
 *
 *   receive → batch (one per event-loop turn) → check (guard, bounded by the update's size) → apply (one
 *   transaction per batch, which returns the batch's update) → store (one row) → fan out (this server's clients,
 *   then other servers through the bus) → hooks (versions, records created)
 *
 * A server-side `change()` joins the same pipeline after the apply step. Nothing reaches another client or the bus
 * before it is stored, so anything a person has seen survives a crash. Changes from other servers (the bus, or a
 * resync from storage) are applied and relayed to this server's clients, never stored again.
 */
export class Room {
  readonly boardId: string
  /** The board's Y.Doc; empty until `doc` is first read or the board changes, while `unapplied` holds its state. */
  private readonly ydoc: Y.Doc
  /** The stored snapshot, not yet applied to `ydoc` (null once it is), and its state vector once asked for. */
  private unapplied: Uint8Array | null
  private unappliedVector: Uint8Array | null = null
  /** Read from `unapplied` without building the doc: whether the session is anonymous, and who wrote to it. */
  private unappliedAnonymous: boolean | null = null
  private unappliedClients: Map<number, number> | null = null
  /**
   * The whole board as one update, for clients that have nothing yet: the stored snapshot while the doc is not built,
   * else kept for a crowd (see `answerFor`); null after any change, and once nobody has asked for FULL_STATE_KEEP_MS.
   */
  private fullState: Uint8Array | null
  /** `fullState` framed as sync step 2, the same bytes for every client that asks (see `answerFor`). */
  private fullStateFrame: { state: Uint8Array; frame: Uint8Array } | null = null
  /** Clients answered with the whole board since the last change: its encoding is kept from the second on. */
  private fullStateAsks = 0
  /** Drops a kept `fullState` once nobody has asked for it for FULL_STATE_KEEP_MS. */
  private readonly fullStateExpiry = new Countdown(FULL_STATE_KEEP_MS, () => this.forgetFullState())
  /** Changes applied to the doc so far (to tell whether a shared encoding is still current). */
  private changes = 0
  /**
   * `changes` when this room last folded the board into a stored snapshot that is exactly its doc (log empty, no
   * other server): while it still equals `changes`, a client that has nothing is answered with the stored bytes,
   * read on demand, instead of an encoding of the doc (or a copy of those bytes kept in memory).
   */
  private storedChanges: number | null = null
  /** The stored snapshot being read for new clients (one read for all who ask meanwhile), and as of which change. */
  private storedRead: { changes: number; state: Promise<Uint8Array | null> } | null = null
  /** The server's sync step 1 (its state vector) as of `changes`, shared by everyone who joins until the next. */
  private step1Frame: { changes: number; frame: Uint8Array } | null = null
  /** Who is here and where their pointer is (see presence.ts). */
  private readonly presence: Presence
  private readonly connections = new Set<Connection>()
  private readonly store: BoardStore
  private readonly log: SyncLogger
  private readonly compaction: CompactionPolicy
  /** Client updates received this turn, not yet checked and applied (see `applyInbox`), and their size. */
  private inbox: { connection: Connection; update: Uint8Array }[] = []
  private readonly createdListeners = new Set<(connection: Connection, recordIds: string[]) => void>()
  private readonly changedListeners = new Set<(transaction: Y.Transaction) => void>()
  private inboxBytes = 0
  /** While a batch is applied: the doc's state vector before it (see the gcFilter in the constructor). */
  private batchStart: Map<number, number> | null = null
  /** Changes applied to the doc and not yet stored, in order (`flush` stores and sends them as one). */
  private unstored: Applied[] = []
  /** While `transact` runs: the updates its transaction (and any an observer ran in reply) made. */
  private captured: Uint8Array[] | null = null
  /** What the doc has deleted, for the guard (built on the first client update; see DeletedIndex). */
  private deletedIndex: DeletedIndex | null = null
  /**
   * Records created since this room last kept a version (a bulk delete of anything older is in that version). Until
   * this room has kept one, nothing is known to be in a version.
   */
  private recordsSinceVersion = new Set<string>()
  private keptVersion = false
  private lastBulkVersionAt = -Infinity
  private flushScheduled = false
  private lastFlushAt = -Infinity
  /** How many changes (client updates, server changes) the last flush stored as one. */
  private lastBatchChanges = 0
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
  /** Folds the log once the board has been quiet for `compaction.quietMs`. */
  private readonly quietCompaction: Countdown
  private readonly limits: RoomLimits
  private readonly versions: VersionPolicy | undefined
  private lastVersionAt = Date.now()

  /** Build a room from stored state. Use `Room.load`. */
  private constructor(options: RoomOptions, stored: StoredDoc) {
    this.boardId = options.boardId
    this.store = options.store
    this.log = options.log
    this.compaction = options.compaction
    this.quietCompaction = new Countdown(this.compaction.quietMs, () => {
      this.chain = this.chain.then(() => this.compactQuietly())
    })
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
      anonymous: () => this.isAnonymous(),
      wroteDocument: (clientId) => this.wroteDocument(clientId),
    })
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (this.captured) this.captured.push(update)
      else if (origin !== 'load') this.strayChange(update, origin)
    })
    // Bookkeeping every transaction needs, whatever made it (the guard's index, versions' view of new records).
    doc.on('afterTransaction', (transaction: Y.Transaction) => this.afterTransaction(transaction))
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
      this.unappliedAnonymous = null
      this.unappliedClients = null
      this.ydoc.transact(() => Y.applyUpdate(this.ydoc, snapshot), 'load')
      // The snapshot is stored (and, alone, exactly the doc): new clients are answered from storage, not a copy.
      this.forgetFullState()
      if (!this.bus) this.storedChanges = this.changes
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

  /**
   * Call `listener` after every transaction that changed the board's doc, whatever its origin (another server's
   * change too: see `isRemoteOrigin`), except building the doc from storage. Watching this way never builds the doc.
   * Returns a function to stop.
   */
  onChanged(listener: (transaction: Y.Transaction) => void): () => void {
    this.changedListeners.add(listener)
    return () => this.changedListeners.delete(listener)
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
    // Everyone joining between two changes gets the same bytes: a crowd arriving at once costs one encoding.
    if (this.step1Frame?.changes !== this.changes) {
      const stateVector = this.unapplied
        ? (this.unappliedVector ??= Y.encodeStateVectorFromUpdate(this.unapplied))
        : Y.encodeStateVector(this.ydoc)
      this.step1Frame = { changes: this.changes, frame: encodeSyncStep1(stateVector) }
    }
    connection.socket.send(this.step1Frame.frame)
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
          this.refuseFull(connection, { storedBytes })
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
    const { update, error } = this.transact('server', () => fn(this.doc))
    // What `fn` did before it threw is in the doc, so it is stored and sent like the rest.
    if (update) this.toStore({ update, sender: null, changes: 1 })
    if (error) throw error
    await this.whenFlushed()
  }

  /** Resolves once everything received or applied so far is stored (and sent). */
  whenFlushed(): Promise<void> {
    this.applyInbox()
    if (this.unstored.length > 0) this.chain = this.chain.then(() => this.flush())
    return this.chain
  }

  /**
   * Run `fn` in one transaction on the doc and return the update it made: the pipeline's apply step, for every
   * origin (the doc's 'update' event only hands the update back to this call). An error `fn` throws is returned with
   * what it changed before throwing.
   */
  private transact(origin: Origin, fn: (transaction: Y.Transaction) => void): Transacted {
    let error: unknown
    const doc = this.doc
    const outer = this.captured
    const captured: Uint8Array[] = []
    this.captured = captured
    try {
      doc.transact((transaction) => {
        try {
          fn(transaction)
        } catch (e) {
          error = e ?? new Error('a change failed')
        }
      }, origin)
    } finally {
      this.captured = outer
    }
    if (captured.length === 0) return { update: null, error }
    this.changed()
    // More than one only when an observer changed the doc in reply (Yjs runs that as a transaction of its own).
    return { update: captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured), error }
  }

  /** Keep the index of deletions and the records created since the last version current. */
  private afterTransaction(transaction: Y.Transaction): void {
    this.deletedIndex?.addTransaction(transaction)
    if (transaction.origin !== 'load' && transaction.changed.size > 0)
      for (const listener of this.changedListeners) listener(transaction)
    const keys = transaction.changed.get(getRecordsMap(this.ydoc) as unknown as Y.AbstractType<Y.YEvent<any>>)
    if (keys) {
      const records = getRecordsMap(this.ydoc)
      for (const key of keys) if (key !== null && records.has(key)) this.recordsSinceVersion.add(key)
    }
  }

  /**
   * A change made to the doc around the pipeline (`room.doc.transact` instead of `change`): a bug in the caller. It
   * is still stored before anyone is sent it (or relayed, if it came from another server), so nothing is lost.
   */
  private strayChange(update: Uint8Array, origin: unknown): void {
    this.log.error({ boardId: this.boardId }, 'the board was changed outside room.change(); storing it anyway')
    this.changed()
    if (isRemoteOrigin(origin)) this.relay(update)
    else this.toStore({ update, sender: null, changes: 1 })
  }

  /** Queue an applied change for the next flush. */
  private toStore(applied: Applied): void {
    this.unstored.push(applied)
    this.scheduleFlush()
  }

  /**
   * Check and apply every client update received since the last batch, in order, in one transaction, and queue the
   * batch's update to be stored (the transaction's single update: no per-update encoding or merging). Each update is
   * checked (`checkClientUpdate`) against the doc with the earlier ones already applied, before it is applied, and
   * what is applied is the guard's normalised copy (its delete set merged, without what the board already deleted);
   * a refused or corrupt one closes only its connection.
   */
  private applyInbox(): void {
    if (this.inbox.length === 0 || this.closed) return
    const inbox = this.inbox
    this.inbox = []
    this.inboxBytes = 0
    const doc = this.doc
    const deleted = (this.deletedIndex ??= DeletedIndex.fromDoc(doc))
    const first = inbox[0]!.connection
    const origin = inbox.every((entry) => entry.connection === first) ? first : CLIENTS
    // A connection refused in this batch has its later updates dropped. One that merely left keeps them: they were
    // sent before it went, as if they had been applied on arrival.
    const refused = new Set<Connection>()
    const senders = new Set<Connection>()
    let structs = countStructs(doc)
    let batchDeleteSet: Y.Transaction['deleteSet'] | null = null
    const created: { connection: Connection; recordIds: string[] }[] = []
    const { update } = this.transact(origin, (transaction) => {
      this.batchStart = transaction.beforeState
      batchDeleteSet = transaction.deleteSet
      const rules = this.writeRules()
      for (const { connection, update } of inbox) {
        if (refused.has(connection)) continue
        try {
          const verdict = checkClientUpdate(doc, update, rules, { limits: this.limits.update, deleted })
          if (!verdict.ok) {
            refused.add(connection)
            this.refuse(connection, verdict.reason)
            continue
          }
          if (structs + verdict.structs > this.limits.maxBoardStructs) {
            refused.add(connection)
            this.refuseFull(connection, { structs })
            continue
          }
          structs += verdict.structs
          if (verdict.deletedRecords > 0) this.beforeBulkDelete(verdict.touched)
          // Nothing new and nothing left to delete (a client resending what the board has): Yjs need not decode it.
          if (verdict.structs > 0) Y.applyUpdate(doc, verdict.update)
          senders.add(connection)
          if (verdict.createdRecords.length > 0) created.push({ connection, recordIds: verdict.createdRecords })
        } catch (error) {
          refused.add(connection)
          this.reject(connection, error)
        }
      }
    })
    this.batchStart = null
    if (update) this.toStore({ update, sender: senders.size === 1 ? first : null, changes: inbox.length })
    for (const { connection, recordIds } of created) {
      for (const listener of this.createdListeners) listener(connection, recordIds)
    }
    // The batch's update is on its way; now drop the content it deleted, as Yjs would have. (Failing here would
    // only keep that content in memory, so it must not stop the batch from being stored and sent.)
    try {
      if (batchDeleteSet && doc.gc) Y.tryGc(batchDeleteSet, doc.store, () => true)
    } catch (error) {
      this.log.warn({ boardId: this.boardId, err: String(error) }, 'could not free the content a batch deleted')
    }
  }

  /**
   * The versions hook, before an update that deletes whole records is applied: keep a version when it deletes at
   * least `bulkDeleteMin` of them, unless every one is already in the last version kept (created before it), or a
   * bulk-delete version was kept less than `bulkDeleteEveryMs` ago. Encoding a version costs the whole board, so it
   * must not follow every deleting frame.
   */
  private beforeBulkDelete(touched: readonly { path: readonly (string | null)[]; item: Y.Item | null }[]): void {
    const versions = this.versions
    if (!versions) return
    const ids = new Set<string>()
    for (const { path, item } of touched) {
      if (item === null && path.length === 2 && path[0] === 'records' && typeof path[1] === 'string') ids.add(path[1])
    }
    if (ids.size < versions.bulkDeleteMin) return
    let newer = !this.keptVersion
    for (const id of ids) if (this.recordsSinceVersion.has(id)) newer = true
    if (!newer) return
    if (performance.now() - this.lastBulkVersionAt < (versions.bulkDeleteEveryMs ?? BULK_DELETE_VERSION_EVERY_MS)) {
      this.log.warn(
        { boardId: this.boardId, records: ids.size },
        'no version before a bulk delete: one was kept less than a minute ago',
      )
      return
    }
    this.lastBulkVersionAt = performance.now()
    this.keepVersion(`before ${ids.size} items were deleted`)
  }

  /**
   * Whether the session is anonymous, for presence. A board nobody has changed since it loaded is still bytes
   * (see `doc`): its settings are read from a throwaway doc once, so people who only watch never build it.
   */
  private isAnonymous(): boolean {
    if (!this.unapplied) return readSettings(this.ydoc).anonymous
    if (this.unappliedAnonymous === null) {
      const scratch = new Y.Doc()
      try {
        Y.applyUpdate(scratch, this.unapplied)
        this.unappliedAnonymous = readSettings(scratch).anonymous
      } finally {
        scratch.destroy()
      }
    }
    return this.unappliedAnonymous
  }

  /** True when a client id has written to the board (its state vector names it), without building the doc. */
  private wroteDocument(clientId: number): boolean {
    if (!this.unapplied) return this.ydoc.store.clients.has(clientId)
    this.unappliedClients ??= Y.decodeStateVector(
      (this.unappliedVector ??= Y.encodeStateVectorFromUpdate(this.unapplied)),
    )
    return this.unappliedClients.has(clientId)
  }

  /** Keep a restorable version of the board as it is now. */
  keepVersion(reason: string): void {
    if (!this.versions || this.closed) return
    this.lastVersionAt = Date.now()
    this.keptVersion = true
    this.recordsSinceVersion.clear()
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
      current = this.unstored.length === 0 && this.inbox.length === 0
      return snapshot
    })
    // Flushes run in the same chain, so nothing this room stored is missing from the fold (or from the log another
    // server folded first).
    this.logBytes = 0
    this.ownRows = { count: 0, lastSeq: 0 }
    if (!snapshot) return
    this.snapshotBytes = (snapshot as Uint8Array).length
    // Alone (no other server's updates in storage) and unchanged since: the next client that has nothing gets the
    // stored snapshot as it is, read back from storage when it asks (see `answerFor`). Encoding a large board again
    // for it costs far more (in the cold-load bench, fresh clients waited 2.5 times as long); keeping the fold's bytes
    // in memory instead would hold a second copy of every board people have stopped changing.
    if (current && !this.bus && this.changes === changes) this.storedChanges = changes
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
    const { update, error } = this.transact(RESYNC, () => applyStored(this.doc, stored))
    if (update) this.relay(update)
    if (error) throw error
    const ours = this.presence.ours()
    if (ours) this.publish({ kind: 'awareness', data: ours })
  }

  /** Close every connection with the given code and free the document. Stored data is untouched. */
  close(code: number, reason: string): void {
    if (this.closed) return
    this.quietCompaction.stop()
    this.fullStateExpiry.stop()
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
        case 'update': {
          const { update, error } = this.transact(REMOTE, () => Y.applyUpdate(this.doc, message.data))
          if (update) this.relay(update)
          if (error) throw error
          return
        }
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
      this.log.warn(
        { boardId: this.boardId, kind: message.kind, err: String(error) },
        'ignored a bad message from the bus',
      )
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
    const gone = () => !this.connections.has(connection) || this.closed
    // Answer only once everything in the doc is stored: nobody may see a change that a crash could still lose.
    void this.whenFlushed().then(async () => {
      if (gone()) return
      let answer = this.answerFor(stateVector, true)
      if (answer === READ_STORED) {
        const changes = this.changes
        const stored = await this.readStored()
        // Changed while reading: the stored bytes are out of date, and the doc is answered once it is stored.
        if (this.changes !== changes) await this.whenFlushed()
        if (gone()) return
        answer = this.answerFor(stateVector, false, this.changes === changes ? stored : null)
      }
      if (answer !== READ_STORED) connection.socket.send(answer)
    })
  }

  /** The stored snapshot, when it is still the board as this room has it (null otherwise, or if reading failed). */
  private readStored(): Promise<Uint8Array | null> {
    const changes = this.changes
    if (this.storedRead?.changes !== changes) {
      const state = this.store.loadDoc(this.boardId).then(
        (stored) => (stored.updates.length === 0 && stored.snapshot ? stored.snapshot : null),
        (error: unknown) => {
          this.log.warn({ boardId: this.boardId, err: String(error) }, 'reading the snapshot failed; encoding it')
          return null
        },
      )
      this.storedRead = { changes, state }
      void state.finally(() => {
        if (this.storedRead?.state === state) this.storedRead = null
      })
    }
    return this.storedRead!.state
  }

  /**
   * Sync step 2 for a client with this state vector. Clients that have nothing share one frame, encoded once until
   * the next change, so many of them cost the server one copy of the board, not one each (the socket layer sends
   * it without copying). The first of them since a change gets a copy of its own that is dropped once sent, so a
   * board one person opens is not held twice in memory; from the second on (a crowd) the frame is kept, until the
   * next change or until nobody has asked for FULL_STATE_KEEP_MS. A client whose answer would be most of the board
   * is answered the same way (applying what it already has changes nothing), so no state vector makes the server
   * hold more than one fresh near-full copy per change.
   *
   * When nothing is kept and the stored snapshot is the board as it is (folded since the last change), the answer is
   * those bytes: with `mayRead`, READ_STORED asks the caller to read them and call again with `stored`. Reading them
   * costs far less than encoding the board.
   */
  private answerFor(
    stateVector: Uint8Array,
    mayRead: boolean,
    stored: Uint8Array | null = null,
  ): Uint8Array | typeof READ_STORED {
    if (!isEmptyStateVector(stateVector)) {
      const missing = this.unapplied
        ? Y.diffUpdate(this.unapplied, stateVector)
        : Y.encodeStateAsUpdate(this.ydoc, stateVector)
      if (missing.length * 2 < (this.fullState?.length ?? this.snapshotBytes + this.logBytes))
        return encodeSyncStep2(missing)
    }
    let full = this.fullState
    if (!full) {
      if (!stored && mayRead && this.storedChanges === this.changes) return READ_STORED
      full = stored ?? Y.encodeStateAsUpdate(this.ydoc)
      if (++this.fullStateAsks < 2) return encodeSyncStep2(full)
      this.fullState = full
    } else this.fullStateAsks++
    if (this.fullStateFrame?.state !== full) {
      const frame = encodeSyncStep2(full)
      // Keep one copy: the state becomes a view into the frame (unless it is the stored snapshot, kept anyway).
      const state = full === this.unapplied ? full : frame.subarray(frame.length - full.length)
      if (state !== full) this.fullState = state
      this.fullStateFrame = { state, frame }
    }
    this.fullStateExpiry.restart()
    return this.fullStateFrame.frame
  }

  /** The doc changed: what was kept of the whole board, and every encoding shared until now, is out of date. */
  private changed(): void {
    this.forgetFullState()
    this.changes++
  }

  /** Drop the kept whole-board encoding and its frame. The stored snapshot of a board not built yet stays. */
  private forgetFullState(): void {
    if (this.fullState !== this.unapplied) this.fullState = null
    this.fullStateFrame = null
    this.fullStateAsks = 0
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    const flush = () => {
      void this.whenFlushed()
      this.flushScheduled = false
    }
    // Everything that arrives in one turn of the event loop is one batch: one write and one broadcast frame
    // (adaptive group commit). A board whose last batch held a single change is not busy: this batch goes at once,
    // so a lone edit waits for no timer. Once batches hold several changes (they arrive faster than the room
    // turns around), batches are also at least FLUSH_INTERVAL_MS apart, so a busy board costs a bounded number of
    // writes and frames per second however many edits it gets, for at most that much extra delay. (While a write
    // is still in flight, as with PostgreSQL, what arrives meanwhile waits for it and goes as one batch after it.)
    const wait = this.lastBatchChanges > 1 ? this.lastFlushAt + FLUSH_INTERVAL_MS - performance.now() : 0
    if (wait <= 0) setImmediate(flush)
    else setTimeout(flush, Math.ceil(wait))
  }

  /** The store and fan-out steps: everything applied since the last flush, as one row and one frame. */
  private async flush(): Promise<void> {
    const batch = this.unstored
    this.unstored = []
    if (batch.length === 0 || this.broken) return
    this.lastFlushAt = performance.now()
    this.lastBatchChanges = batch.reduce((sum, b) => sum + b.changes, 0)
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
    // The one connection everything came from has it already; otherwise everyone gets it (Yjs ignores repeats).
    // The frame is encoded only if someone is sent it (a lone editor's batches are not).
    const sender = batch[0]!.sender
    const skip = sender && batch.every((b) => b.sender === sender) ? sender : null
    let frame: Uint8Array | null = null
    for (const connection of this.connections.keys()) {
      if (connection !== skip) connection.socket.send((frame ??= encodeUpdate(merged)))
    }
    if (this.versions && Date.now() - this.lastVersionAt >= this.versions.everyMs) this.keepVersion('automatic')
    if (this.logBytes >= Math.max(this.compaction.minLogBytes, LOG_TO_SNAPSHOT * this.snapshotBytes)) {
      // Runs after this flush in the same chain, so it never races a write.
      this.chain = this.chain.then(() => this.compactQuietly())
    }
    this.quietCompaction.restart()
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
    return {
      allowedRoots: CLIENT_WRITABLE_ROOTS,
      lockedPages: new Set(settings.lockedPages),
      anonymous: settings.anonymous,
      checkValues,
    }
  }

  /** Close a connection whose update would take the board past its size (bytes) or memory (structs) limit. */
  private refuseFull(connection: Connection, measure: { storedBytes: number } | { structs: number }): void {
    this.log.warn({ boardId: this.boardId, ...measure }, 'refused an update: the board is full')
    this.leave(connection)
    connection.socket.close(CloseCodes.BoardFull, CloseReasons.BoardFull)
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

/** Structs in a doc's store (its memory: each costs an object or more). O(clients). */
function countStructs(doc: Y.Doc): number {
  let count = 0
  for (const structs of doc.store.clients.values()) count += structs.length
  return count
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
