import type Database from 'better-sqlite3'
import type { SeriesRow, SeriesSession, SeriesStore } from './ledgerTypes'
import type { NewBoard } from './types'

/** Schema for series of sessions (migration 5 of the SQLite store). */
export const SERIES_MIGRATION = `
  CREATE TABLE series (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    page_key TEXT NOT NULL,
    feed_key TEXT NOT NULL
  );
  CREATE TABLE series_sessions (
    board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
    series_id TEXT NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    UNIQUE (series_id, position)
  );
`

interface SeriesDbRow {
  id: string
  name: string
  created_at: number
  page_key: string
  feed_key: string
}

const toSeries = (r: SeriesDbRow): SeriesRow => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  pageKey: r.page_key,
  feedKey: r.feed_key,
})

/** The series store on SQLite. `createBoard` inserts a board (its own transaction nests in this one). */
export function sqliteSeries(
  db: Database.Database,
  createBoard: (board: NewBoard, state: Uint8Array) => void,
): SeriesStore & { seriesIdOf(boardId: string): string | null; dropIfEmpty(seriesId: string): void } {
  const q = {
    board: db.prepare('SELECT 1 FROM boards WHERE id = ?'),
    series: db.prepare('SELECT id, name, created_at, page_key, feed_key FROM series WHERE id = ?'),
    seriesOf: db.prepare(
      `SELECT s.id, s.name, s.created_at, s.page_key, s.feed_key
       FROM series s JOIN series_sessions m ON m.series_id = s.id WHERE m.board_id = ?`,
    ),
    insertSeries: db.prepare('INSERT INTO series (id, name, created_at, page_key, feed_key) VALUES (?, ?, ?, ?, ?)'),
    insertMember: db.prepare('INSERT INTO series_sessions (board_id, series_id, position) VALUES (?, ?, ?)'),
    count: db.prepare(
      'SELECT count(*) AS n, coalesce(max(position), 0) AS last FROM series_sessions WHERE series_id = ?',
    ),
    sessions: db.prepare(
      `SELECT m.board_id, m.position, b.title, b.created_at, b.updated_at
       FROM series_sessions m JOIN boards b ON b.id = m.board_id WHERE m.series_id = ? ORDER BY m.position`,
    ),
    rename: db.prepare('UPDATE series SET name = ? WHERE id = ?'),
    pageKey: db.prepare('UPDATE series SET page_key = ? WHERE id = ?'),
    feedKey: db.prepare('UPDATE series SET feed_key = ? WHERE id = ?'),
    delete: db.prepare('DELETE FROM series WHERE id = ?'),
    dropIfEmpty: db.prepare(
      'DELETE FROM series WHERE id = ? AND NOT EXISTS (SELECT 1 FROM series_sessions WHERE series_id = ?)',
    ),
  }
  const followOn = db.transaction(
    (from: string, series: SeriesRow, board: NewBoard, state: Uint8Array, max: number): 'ok' | 'full' | 'missing' => {
      if (!q.board.get(from)) return 'missing'
      let current = q.seriesOf.get(from) as SeriesDbRow | undefined
      if (!current) {
        q.insertSeries.run(series.id, series.name, series.createdAt, series.pageKey, series.feedKey)
        q.insertMember.run(from, series.id, 1)
        current = { id: series.id } as SeriesDbRow
      }
      const { n, last } = q.count.get(current.id) as { n: number; last: number }
      if (n >= max) return 'full'
      createBoard(board, state)
      q.insertMember.run(board.id, current.id, last + 1)
      return 'ok'
    },
  )
  return {
    async createFollowOn(from, series, board, state, max) {
      return followOn(from, series, board, state, max)
    },
    async getSeries(id) {
      const row = q.series.get(id) as SeriesDbRow | undefined
      return row ? toSeries(row) : null
    },
    async seriesOfBoard(boardId) {
      const row = q.seriesOf.get(boardId) as SeriesDbRow | undefined
      return row ? toSeries(row) : null
    },
    async listSeriesSessions(seriesId) {
      const rows = q.sessions.all(seriesId) as {
        board_id: string
        position: number
        title: string
        created_at: number
        updated_at: number
      }[]
      return rows.map(
        (r): SeriesSession => ({
          boardId: r.board_id,
          position: r.position,
          title: r.title,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        }),
      )
    },
    async renameSeries(id, name) {
      q.rename.run(name, id)
    },
    async setSeriesKey(id, which, key) {
      ;(which === 'page' ? q.pageKey : q.feedKey).run(key, id)
    },
    async deleteSeries(id) {
      q.delete.run(id)
    },
    seriesIdOf(boardId) {
      return (q.seriesOf.get(boardId) as SeriesDbRow | undefined)?.id ?? null
    },
    dropIfEmpty(seriesId) {
      q.dropIfEmpty.run(seriesId, seriesId)
    },
  }
}
