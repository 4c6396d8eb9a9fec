import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
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
                    (SELECT count(*) FROM board_versions WHERE board_id = @id) AS versions,
                    (SELECT count(*) FROM board_photos WHERE board_id = @id) AS photos`,
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

describe('SQLite deletion', () => {
  // Regression: with secure_delete off and no checkpoint, a deleted board's words stayed in the -wal file and free pages.
  it('leaves none of a deleted board in the database file or its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const store = openSqliteStore({ dataDir: dir })
    const secret = 'Zebra-Quokka-4711-private-note'
    const bytes = (text: string) => new TextEncoder().encode(text)
    // Big enough to spill onto overflow pages, small enough to sit in ordinary cells as well.
    const words = (n: number) => bytes(`${secret} `.repeat(n))
    const id = 'secret-board'
    await store.createBoard(
      { id, title: secret, createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
      words(3),
    )
    await store.appendUpdates(id, [words(1), words(2000)])
    await store.saveVersion(id, { id: 'v1', createdAt: 2, reason: 'automatic', ideas: 1, actions: 0 }, words(500))
    await store.compact(id, () => words(800))
    await store.appendUpdates(id, [words(5)])
    const other = 'kept-board'
    await store.createBoard(
      { id: other, title: 'kept', createdAt: 1, keys: { participant: 'p2', facilitator: 'f2', view: 'v2' } },
      bytes('kept'),
    )

    await store.deleteBoard(id)

    const needle = Buffer.from(secret)
    for (const file of [store.path, `${store.path}-wal`]) {
      const content = existsSync(file) ? readFileSync(file) : Buffer.alloc(0)
      expect(content.includes(needle), `${file} still holds the deleted board's words`).toBe(false)
    }
    expect(await store.getBoard(other)).not.toBeNull()
    await store.close()
  })
})

describe('SQLite checkpoints', () => {
  // SQLite's own checkpoint runs inside the commit that fills the log, syncing the file there: a stall of whatever
  // change was being stored. The store leaves it as a backstop only and checkpoints on a thread of its own.
  it('copies the write-ahead log into the database file on its own thread, and stops the thread on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const pages: number[] = []
    const failures: string[] = []
    const store = openSqliteStore({
      dataDir: dir,
      onCheckpoint: (event) => (event.kind === 'checkpointed' ? pages.push(event.pages) : failures.push(event.error)),
    })
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000)
    const id = 'checkpointed-board'
    await store.createBoard(
      { id, title: 'c', createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
      bytesOf(1),
    )
    for (let i = 0; i < 200; i++) await store.appendUpdates(id, [bytesOf(i % 250)])
    for (let i = 0; i < 300 && pages.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(failures).toEqual([])
    expect(pages.length).toBeGreaterThan(0)
    await store.close()
    const again = openSqliteStore({ dataDir: dir })
    expect((await again.loadDoc(id)).updates).toHaveLength(200)
    await again.close()
  })
})

function bytesOf(n: number): Uint8Array {
  return new Uint8Array([n, n, n])
}
