import type { BoardKeys, EvidenceStore, LedgerStore, SeriesStore } from './ledgerTypes'
import type { PhotoStore } from './photoTypes'

/** A board as storage knows it. */
export interface BoardRow {
  id: string
  title: string
  createdAt: number
  /** When the board last changed, to within a minute (retention counts it in days). */
  updatedAt: number
}

/**
 * What is needed to rebuild a board's Y.Doc: the latest snapshot, then every update not folded into it, in order.
 * (Applying an update twice is harmless in Yjs, so an update may also be contained in the snapshot.)
 */
export interface StoredDoc {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update returned (or of the snapshot when there are none). */
  lastSeq: number
}

/**
 * Durable storage for boards. Every method resolves only once the data is safely written, so the caller may tell
 * other people about a change as soon as `appendUpdates` resolves.
 */
export interface BoardStore {
  /** Create a board with its keys and initial document state. Rejects if the id is taken. */
  createBoard(board: NewBoard, initialState: Uint8Array): Promise<void>
  getBoard(id: string): Promise<BoardRow | null>
  loadDoc(id: string): Promise<StoredDoc>
  /** Append updates in one transaction; resolves with the sequence number of the last one. */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number>
  /**
   * Fold the stored log into one snapshot, atomically: `fold` is given the stored snapshot and every stored update
   * and returns the new snapshot, which replaces the old one and exactly the updates `fold` was given. An update
   * stored by anyone while this runs is kept, never dropped. Resolves with the number of updates folded (0: the log
   * was empty and nothing was written).
   */
  compact(id: string, fold: (stored: StoredDoc) => Uint8Array): Promise<number>
  /** Keep a restorable version of a board (its whole state at one moment). */
  saveVersion(boardId: string, version: VersionInfo, state: Uint8Array): Promise<void>
  /** A board's versions, newest first, without their data. */
  listVersions(boardId: string): Promise<VersionInfo[]>
  getVersion(boardId: string, versionId: string): Promise<{ info: VersionInfo; state: Uint8Array } | null>
  /** Keep only the newest `keep` versions of a board. */
  pruneVersions(boardId: string, keep: number): Promise<void>
  /**
   * Ids of boards nobody has changed since `time` (ms), for retention. A series counts as one: its sessions are
   * listed only when none of them has changed since `time`.
   */
  boardsUntouchedSince(time: number): Promise<string[]>
  /**
   * Remove a board and everything stored for it: log, snapshots, versions, photos, keys, sessions, votes, agreements, its
   * place in a series (and the series, when it was the last session).
   */
  deleteBoard(id: string): Promise<void>
  /** Resolves when the storage answers a trivial query (readiness checks); rejects otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** What a new board needs. */
export interface NewBoard {
  id: string
  title: string
  createdAt: number
  keys: BoardKeys
}

/** Everything Roundtable stores, behind one object per storage engine. */
export type Storage = BoardStore & LedgerStore & EvidenceStore & PhotoStore & SeriesStore

/** A restorable version of a board, described for people choosing one. */
export interface VersionInfo {
  id: string
  createdAt: number
  /** Why it was kept: "automatic", "before N ideas were deleted", "before restoring …". */
  reason: string
  ideas: number
  actions: number
}
