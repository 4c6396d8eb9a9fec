import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openSqliteStore } from './sqlite'
import { describeBoardStore, type StoreHarness, type StoredRows } from './storeContract'

/** Opens a store in `dir`; inspection reads the file through a separate read-only connection. */
async function openIn(dir: string): Promise<StoreHarness> {
  const store = openSqliteStore({ dataDir: dir })
  return {
    store,
    async inspect(boardId) {
      const db = new Database(store.path, { readonly: true })
      try {
        return db
          .prepare(
            `SELECT (SELECT count(*) FROM boards WHERE id = @id) AS boards,
                    (SELECT count(*) FROM board_snapshots WHERE board_id = @id) AS snapshots,
                    (SELECT count(*) FROM board_updates WHERE board_id = @id) AS updates,
                    (SELECT count(*) FROM board_versions WHERE board_id = @id) AS versions`,
          )
          .get({ id: boardId }) as StoredRows
      } finally {
        db.close()
      }
    },
    reopen: () => openIn(dir),
  }
}

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeBoardStore('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
  dirs.push(dir)
  return openIn(dir)
})
