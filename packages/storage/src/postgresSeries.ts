import type pg from 'pg'
import type { SeriesRow, SeriesStore } from './ledgerTypes'
import { transaction } from './pgTransaction'
import type { NewBoard } from './types'

/** Series of sessions (migration 5 of the PostgreSQL store); the same tables as SQLite's. */
export const pgSeriesMigration = (s: string): string => `
  CREATE TABLE ${s}.series (
    id text PRIMARY KEY,
    name text NOT NULL,
    created_at bigint NOT NULL,
    page_key text NOT NULL,
    feed_key text NOT NULL
  );
  CREATE TABLE ${s}.series_sessions (
    board_id text PRIMARY KEY REFERENCES ${s}.boards(id) ON DELETE CASCADE,
    series_id text NOT NULL REFERENCES ${s}.series(id) ON DELETE CASCADE,
    position integer NOT NULL,
    UNIQUE (series_id, position)
  );
  CREATE INDEX series_sessions_by_series ON ${s}.series_sessions (series_id, position);
`

interface SeriesDbRow {
  id: string
  name: string
  created_at: string
  page_key: string
  feed_key: string
}

const toSeries = (r: SeriesDbRow): SeriesRow => ({
  id: r.id,
  name: r.name,
  createdAt: Number(r.created_at),
  pageKey: r.page_key,
  feedKey: r.feed_key,
})

const seriesOfSql = (s: string) =>
  `SELECT x.id, x.name, x.created_at, x.page_key, x.feed_key
   FROM ${s}.series x JOIN ${s}.series_sessions m ON m.series_id = x.id WHERE m.board_id = $1`

/**
 * The series store on PostgreSQL. `insertBoard` writes a new board's rows on the given connection (inside the
 * follow-on's transaction). Two follow-ons of one series take turns (the series row is locked), so positions and
 * the limit hold across servers.
 */
export function postgresSeries(
  pool: pg.Pool,
  s: string,
  insertBoard: (client: pg.PoolClient, board: NewBoard, state: Uint8Array) => Promise<void>,
): SeriesStore {
  return {
    async createFollowOn(from, series, board, state, max) {
      return transaction(pool, async (client) => {
        // The first follow-on of a session makes the series: two at once must not make two.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`roundtable.series.${s}.${from}`])
        const exists = await client.query(`SELECT 1 FROM ${s}.boards WHERE id = $1 FOR SHARE`, [from])
        if (exists.rowCount === 0) return 'missing'
        let seriesId = (await client.query<SeriesDbRow>(seriesOfSql(s), [from])).rows[0]?.id
        if (!seriesId) {
          await client.query(
            `INSERT INTO ${s}.series (id, name, created_at, page_key, feed_key) VALUES ($1, $2, $3, $4, $5)`,
            [series.id, series.name, series.createdAt, series.pageKey, series.feedKey],
          )
          await client.query(`INSERT INTO ${s}.series_sessions (board_id, series_id, position) VALUES ($1, $2, 1)`, [
            from,
            series.id,
          ])
          seriesId = series.id
        }
        await client.query(`SELECT 1 FROM ${s}.series WHERE id = $1 FOR UPDATE`, [seriesId])
        const { rows } = await client.query<{ n: string; last: string }>(
          `SELECT count(*) AS n, coalesce(max(position), 0) AS last FROM ${s}.series_sessions WHERE series_id = $1`,
          [seriesId],
        )
        if (Number(rows[0]!.n) >= max) return 'full'
        await insertBoard(client, board, state)
        await client.query(`INSERT INTO ${s}.series_sessions (board_id, series_id, position) VALUES ($1, $2, $3)`, [
          board.id,
          seriesId,
          Number(rows[0]!.last) + 1,
        ])
        return 'ok'
      })
    },
    async getSeries(id) {
      const { rows } = await pool.query<SeriesDbRow>(
        `SELECT id, name, created_at, page_key, feed_key FROM ${s}.series WHERE id = $1`,
        [id],
      )
      return rows[0] ? toSeries(rows[0]) : null
    },
    async seriesOfBoard(boardId) {
      const { rows } = await pool.query<SeriesDbRow>(seriesOfSql(s), [boardId])
      return rows[0] ? toSeries(rows[0]) : null
    },
    async listSeriesSessions(seriesId) {
      const { rows } = await pool.query<{
        board_id: string
        position: number
        title: string
        created_at: string
        updated_at: string
      }>(
        `SELECT m.board_id, m.position, b.title, b.created_at, b.updated_at
         FROM ${s}.series_sessions m JOIN ${s}.boards b ON b.id = m.board_id WHERE m.series_id = $1 ORDER BY m.position`,
        [seriesId],
      )
      return rows.map((r) => ({
        boardId: r.board_id,
        position: r.position,
        title: r.title,
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
      }))
    },
    async renameSeries(id, name) {
      await pool.query(`UPDATE ${s}.series SET name = $2 WHERE id = $1`, [id, name])
    },
    async setSeriesKey(id, which, key) {
      const column = which === 'page' ? 'page_key' : 'feed_key'
      await pool.query(`UPDATE ${s}.series SET ${column} = $2 WHERE id = $1`, [id, key])
    },
    async deleteSeries(id) {
      await pool.query(`DELETE FROM ${s}.series WHERE id = $1`, [id])
    },
  }
}
