import type Database from 'better-sqlite3'
import {
  fitsPhotoBudget,
  type AddPhotoResult,
  type NewPhoto,
  type PhotoLimits,
  type PhotoStore,
  type StoredPhoto,
} from './photoTypes'

/** The photos table: one row per photo, its bytes inline, gone with its board (ON DELETE CASCADE). */
export const PHOTOS_MIGRATION = `
  CREATE TABLE board_photos (
    board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    source_hash TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  CREATE UNIQUE INDEX board_photos_by_source ON board_photos (board_id, source_hash);`

/** {@link PhotoStore} on SQLite. */
export function sqlitePhotos(db: Database.Database): PhotoStore {
  const usage = db.prepare(
    'SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM board_photos WHERE board_id = ?',
  )
  const bySource = db.prepare(
    'SELECT id, width, height, bytes FROM board_photos WHERE board_id = ? AND source_hash = ?',
  )
  const insert = db.prepare(
    `INSERT INTO board_photos (board_id, id, created_at, width, height, bytes, source_hash, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const select = db.prepare(
    'SELECT id, created_at, width, height, data FROM board_photos WHERE board_id = ? AND id = ?',
  )
  const readUsage = (boardId: string) => {
    const row = usage.get(boardId) as { count: number; bytes: number }
    return { count: Number(row.count), bytes: Number(row.bytes) }
  }
  const addTx = db.transaction((boardId: string, photo: NewPhoto, limits: PhotoLimits): AddPhotoResult => {
    const same = bySource.get(boardId, photo.sourceHash) as
      | { id: string; width: number; height: number; bytes: number }
      | undefined
    if (same) return { kind: 'duplicate', ...same }
    const used = readUsage(boardId)
    if (!fitsPhotoBudget(used, photo.data.byteLength, limits)) return { kind: 'full' }
    insert.run(
      boardId,
      photo.id,
      photo.createdAt,
      photo.width,
      photo.height,
      photo.data.byteLength,
      photo.sourceHash,
      photo.data,
    )
    return { kind: 'added' }
  })
  return {
    async photoUsage(boardId) {
      return readUsage(boardId)
    },
    async addPhoto(boardId, photo, limits) {
      return addTx.immediate(boardId, photo, limits)
    },
    async getPhoto(boardId, photoId): Promise<StoredPhoto | null> {
      const row = select.get(boardId, photoId) as
        | { id: string; created_at: number; width: number; height: number; data: Buffer }
        | undefined
      return row
        ? {
            id: row.id,
            createdAt: row.created_at,
            width: row.width,
            height: row.height,
            data: new Uint8Array(row.data),
          }
        : null
    },
  }
}
