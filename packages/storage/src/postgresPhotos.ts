import type pg from 'pg'
import { transaction } from './pgTransaction'
import { fitsPhotoBudget, type AddPhotoResult, type PhotoStore, type StoredPhoto } from './photoTypes'

/** The photos table, as in SQLite (sqlitePhotos.ts). */
export const pgPhotosMigration = (s: string): string => `
  CREATE TABLE ${s}.board_photos (
    board_id text NOT NULL REFERENCES ${s}.boards(id) ON DELETE CASCADE,
    id text NOT NULL,
    created_at bigint NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    bytes integer NOT NULL,
    source_hash text NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  CREATE UNIQUE INDEX board_photos_by_source ON ${s}.board_photos (board_id, source_hash);`

/**
 * {@link PhotoStore} on PostgreSQL. The budget check and the insert run in one transaction holding the board row's
 * lock (`SELECT … FOR UPDATE`), so two servers adding photos to one board at once never take it past its budget.
 */
export function postgresPhotos(pool: pg.Pool, schema: string): PhotoStore {
  const s = `"${schema}"`
  const usage = async (q: pg.Pool | pg.PoolClient, boardId: string) => {
    const { rows } = await q.query<{ count: string; bytes: string }>(
      `SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM ${s}.board_photos WHERE board_id = $1`,
      [boardId],
    )
    return { count: Number(rows[0]?.count ?? 0), bytes: Number(rows[0]?.bytes ?? 0) }
  }
  return {
    photoUsage: (boardId) => usage(pool, boardId),
    addPhoto(boardId, photo, limits) {
      return transaction(pool, async (client): Promise<AddPhotoResult> => {
        const board = await client.query(`SELECT id FROM ${s}.boards WHERE id = $1 FOR UPDATE`, [boardId])
        if (board.rowCount === 0) throw new Error(`No board ${boardId}`)
        const same = await client.query<{ id: string; width: number; height: number; bytes: number }>(
          `SELECT id, width, height, bytes FROM ${s}.board_photos WHERE board_id = $1 AND source_hash = $2`,
          [boardId, photo.sourceHash],
        )
        const found = same.rows[0]
        if (found) return { kind: 'duplicate', ...found }
        const used = await usage(client, boardId)
        if (!fitsPhotoBudget(used, photo.data.byteLength, limits)) return { kind: 'full' }
        await client.query(
          `INSERT INTO ${s}.board_photos (board_id, id, created_at, width, height, bytes, source_hash, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            boardId,
            photo.id,
            photo.createdAt,
            photo.width,
            photo.height,
            photo.data.byteLength,
            photo.sourceHash,
            Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength),
          ],
        )
        return { kind: 'added' }
      })
    },
    async getPhoto(boardId, photoId): Promise<StoredPhoto | null> {
      const { rows } = await pool.query<{
        id: string
        created_at: string
        width: number
        height: number
        data: Buffer
      }>(`SELECT id, created_at, width, height, data FROM ${s}.board_photos WHERE board_id = $1 AND id = $2`, [
        boardId,
        photoId,
      ])
      const row = rows[0]
      return row
        ? {
            id: row.id,
            createdAt: Number(row.created_at),
            width: row.width,
            height: row.height,
            data: new Uint8Array(row.data),
          }
        : null
    },
  }
}
