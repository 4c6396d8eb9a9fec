import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { EVIDENCE_MIGRATION, sqliteEvidence } from './sqliteEvidence'
import { LEDGER_MIGRATION, sqliteLedger } from './sqliteLedger'
import { PHOTOS_MIGRATION, sqlitePhotos } from './sqlitePhotos'
import { SERIES_MIGRATION, sqliteSeries } from './sqliteSeries'
import { checkSchemaVersion } from './schemaVersion'
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointThread, type CheckpointEvent } from './sqliteCheckpoint'
import type { BoardRow, NewBoard, Storage, StoredDoc, VersionInfo } from './types'

/** A board's `updated_at` is written with its updates at most this often (ms): it is read in days (retention). */
const TOUCH_EVERY_MS = 60_000

/** Versioned schema changes, applied in order inside one transaction each. Never edit a shipped entry. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE board_snapshots (
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL,
     up_to_seq INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE board_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE INDEX board_updates_by_board ON board_updates(board_id, seq);`,
  LEDGER_MIGRATION,
  `CREATE TABLE board_versions (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     reason TEXT NOT NULL,
     ideas INTEGER NOT NULL,
     actions INTEGER NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX board_versions_by_board ON board_versions(board_id, created_at);
   CREATE INDEX boards_by_updated ON boards(updated_at);`,
  EVIDENCE_MIGRATION,
  SERIES_MIGRATION,
  // Photos of paper from the room (board_photos).
  PHOTOS_MIGRATION,
]

/** Options for {@link openSqliteStore}. */
export interface SqliteOptions {
  /** Folder for the database file; created if missing. */
  dataDir: string
  /** `NORMAL` survives a crash of the server process; `FULL` also survives losing power. */
  synchronous?: 'NORMAL' | 'FULL'
  /** Clock, replaceable in tests. */
  now?: () => number
  /** Told of each checkpoint the checkpoint thread makes, and of its failures (which SQLite's backstop covers). */
  onCheckpoint?: (event: CheckpointEvent) => void
}

/** The default store: one SQLite file (`roundtable.sqlite`) in WAL mode, written synchronously. */
export function openSqliteStore(
  options: SqliteOptions,
): Storage & { readonly path: string; readonly db: Database.Database } {
  mkdirSync(options.dataDir, { recursive: true })
  const path = join(options.dataDir, 'roundtable.sqlite')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // Deleted rows are overwritten with zeros, not just unlinked: a deleted board's words do not linger in free pages.
  db.pragma('secure_delete = ON')
  try {
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  // Checkpoints run on their own thread, not inside whichever commit fills the log (see sqliteCheckpoint.ts).
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  const checkpoints = startCheckpointThread(path, options.onCheckpoint ?? (() => {}))
  const now = options.now ?? Date.now

  const insertBoard = db.prepare('INSERT INTO boards (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)')
  const insertSnapshot = db.prepare(
    'INSERT OR REPLACE INTO board_snapshots (board_id, data, up_to_seq, created_at) VALUES (?, ?, ?, ?)',
  )
  const selectBoard = db.prepare('SELECT id, title, created_at, updated_at FROM boards WHERE id = ?')
  const selectSnapshot = db.prepare('SELECT data, up_to_seq FROM board_snapshots WHERE board_id = ?')
  const selectUpdates = db.prepare('SELECT seq, data FROM board_updates WHERE board_id = ? ORDER BY seq')
  const insertUpdate = db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)')
  const touchBoard = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?')
  const deleteUpdatesUpTo = db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?')
  const deleteBoardRow = db.prepare('DELETE FROM boards WHERE id = ?')
  const deleteAllUpdates = db.prepare('DELETE FROM board_updates WHERE board_id = ?')
  const deleteSnapshot = db.prepare('DELETE FROM board_snapshots WHERE board_id = ?')

  const insertKey = db.prepare('INSERT INTO board_keys (board_id, role, key) VALUES (?, ?, ?)')
  const createTx = db.transaction((board: NewBoard, state: Uint8Array) => {
    insertBoard.run(board.id, board.title, board.createdAt, board.createdAt)
    insertSnapshot.run(board.id, state, 0, board.createdAt)
    for (const [role, key] of Object.entries(board.keys)) insertKey.run(board.id, role, key)
  })
  // When each board's updated_at was last written (this process). A busy board's rows need not each rewrite the
  // boards page as well: that is one more page in the write-ahead log for every batch.
  const touchedAt = new Map<string, number>()
  const appendTx = db.transaction((id: string, updates: Uint8Array[]) => {
    let last = 0
    for (const update of updates) last = Number(insertUpdate.run(id, update).lastInsertRowid)
    const at = now()
    if (at - (touchedAt.get(id) ?? -Infinity) >= TOUCH_EVERY_MS) {
      touchBoard.run(at, id)
      touchedAt.set(id, at)
    }
    return last
  })
  const readDoc = (id: string): StoredDoc => {
    const snap = selectSnapshot.get(id) as { data: Buffer; up_to_seq: number } | undefined
    const rows = selectUpdates.all(id) as { seq: number; data: Buffer }[]
    return {
      snapshot: snap ? bytesOf(snap.data) : null,
      updates: rows.map((r) => bytesOf(r.data)),
      lastSeq: rows.at(-1)?.seq ?? snap?.up_to_seq ?? 0,
    }
  }
  const loadTx = db.transaction(readDoc)
  // One writer at a time in SQLite: every update up to lastSeq is the set `fold` was given.
  const compactTx = db.transaction((id: string, fold: (stored: StoredDoc) => Uint8Array): number => {
    const stored = readDoc(id)
    if (stored.updates.length === 0) return 0
    insertSnapshot.run(id, fold(stored), stored.lastSeq, now())
    deleteUpdatesUpTo.run(id, stored.lastSeq)
    return stored.updates.length
  })
  const insertVersion = db.prepare(
    'INSERT INTO board_versions (id, board_id, created_at, reason, ideas, actions, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const selectVersions = db.prepare(
    'SELECT id, created_at, reason, ideas, actions FROM board_versions WHERE board_id = ? ORDER BY created_at DESC, rowid DESC',
  )
  const selectVersion = db.prepare(
    'SELECT id, created_at, reason, ideas, actions, data FROM board_versions WHERE board_id = ? AND id = ?',
  )
  const pruneVersionsStmt = db.prepare(
    `DELETE FROM board_versions WHERE board_id = ? AND id NOT IN (
       SELECT id FROM board_versions WHERE board_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
  )
  // A series counts as one: none of its sessions is listed while any of them changed since `time`.
  const untouched = db.prepare(
    `SELECT b.id FROM boards b WHERE b.updated_at < ? AND NOT EXISTS (
       SELECT 1 FROM series_sessions m JOIN series_sessions o ON o.series_id = m.series_id
       JOIN boards ob ON ob.id = o.board_id WHERE m.board_id = b.id AND ob.updated_at >= ?)`,
  )
  const deleteVersions = db.prepare('DELETE FROM board_versions WHERE board_id = ?')
  const deletePhotos = db.prepare('DELETE FROM board_photos WHERE board_id = ?')
  const series = sqliteSeries(db, createTx)
  const deleteTx = db.transaction((id: string) => {
    const seriesId = series.seriesIdOf(id)
    deleteVersions.run(id)
    deletePhotos.run(id)
    deleteAllUpdates.run(id)
    deleteSnapshot.run(id)
    // Keys, sessions, rounds (and their dots), agreements go with the board row (ON DELETE CASCADE).
    deleteBoardRow.run(id)
    // A series ends with its last session.
    if (seriesId) series.dropIfEmpty(seriesId)
  })

  return {
    ...sqliteLedger(db),
    ...sqliteEvidence(db),
    ...sqlitePhotos(db),
    createFollowOn: series.createFollowOn,
    getSeries: series.getSeries,
    seriesOfBoard: series.seriesOfBoard,
    listSeriesSessions: series.listSeriesSessions,
    renameSeries: series.renameSeries,
    setSeriesKey: series.setSeriesKey,
    deleteSeries: series.deleteSeries,
    path,
    db,
    async createBoard(board, initialState) {
      createTx(board, initialState)
    },
    async getBoard(id) {
      const row = selectBoard.get(id) as
        | { id: string; title: string; created_at: number; updated_at: number }
        | undefined
      return row ? toBoardRow(row) : null
    },
    async loadDoc(id): Promise<StoredDoc> {
      return loadTx(id)
    },
    async appendUpdates(id, updates) {
      return appendTx(id, updates)
    },
    async compact(id, fold) {
      return compactTx(id, fold)
    },
    async saveVersion(boardId, v, state) {
      insertVersion.run(v.id, boardId, v.createdAt, v.reason, v.ideas, v.actions, state)
    },
    async listVersions(boardId) {
      return (selectVersions.all(boardId) as VersionRow[]).map(toVersion)
    },
    async getVersion(boardId, versionId) {
      const row = selectVersion.get(boardId, versionId) as (VersionRow & { data: Buffer }) | undefined
      return row ? { info: toVersion(row), state: bytesOf(row.data) } : null
    },
    async pruneVersions(boardId, keep) {
      pruneVersionsStmt.run(boardId, boardId, keep)
    },
    async boardsUntouchedSince(time) {
      return (untouched.all(time, time) as { id: string }[]).map((r) => r.id)
    },
    async deleteBoard(id) {
      deleteTx(id)
      touchedAt.delete(id)
      // Until a checkpoint, the board's old pages (and its words) are still in the write-ahead log: move the zeroed
      // pages into the database file and empty the log now. While the checkpoint thread is in a checkpoint of its
      // own, this one is refused as busy: try again for up to a second. (A program reading the file can hold it
      // longer; then the next deletion empties the log.)
      for (let tries = 0; tries < 100; tries++) {
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
        if (!result?.busy) break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    async ping() {
      db.prepare('SELECT 1').get()
    },
    async close() {
      await checkpoints.close()
      // The last connection to close checkpoints what is left and removes the log.
      if (db.open) db.close()
    },
  }
}

interface VersionRow {
  id: string
  created_at: number
  reason: string
  ideas: number
  actions: number
}

function toVersion(r: VersionRow): VersionInfo {
  return { id: r.id, createdAt: r.created_at, reason: r.reason, ideas: r.ideas, actions: r.actions }
}

function toBoardRow(row: { id: string; title: string; created_at: number; updated_at: number }): BoardRow {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  )
  checkSchemaVersion(applied, MIGRATIONS.length)
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1
    if (applied.has(version)) return
    db.transaction(() => {
      db.exec(sql)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now())
    })()
  })
}

/**
 * A blob as a plain Uint8Array over the same memory (better-sqlite3 gives each blob a Buffer of its own), not a copy:
 * a board's snapshot is megabytes, read whenever a board loads, folds or answers a new client.
 */
function bytesOf(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength)
}
