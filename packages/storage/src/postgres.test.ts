import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openPostgresStore } from './postgres'
import { describeBoardStore, type StoreHarness, type StoredRows } from './storeContract'

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** The URL without its password, for messages. */
const where = (() => {
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return '(unparsable TEST_DATABASE_URL)'
  }
})()

/** Connects once, so a missing server is reported up front instead of as a dozen failures. */
async function connectAdmin(): Promise<pg.Client | Error> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return client
  } catch (error) {
    await client.end().catch(() => {})
    return error instanceof Error ? error : new Error(String(error))
  }
}

const admin = await connectAdmin()

if (admin instanceof Error) {
  if (process.env.CI) {
    throw new Error(
      `PostgreSQL tests cannot run in CI: no server at ${where} (${admin.message}). Provide one and set TEST_DATABASE_URL.`,
    )
  }
  console.warn(
    `\n!!! PostgreSQL tests skipped: no server at ${where} (${admin.message}); install PostgreSQL or set TEST_DATABASE_URL !!!\n`,
  )
  describe.skip('PostgreSQL board store (no server)', () => {
    it('needs a PostgreSQL server', () => {})
  })
} else {
  const db = admin
  // Every schema this file creates; all are dropped at the end, pass or fail.
  const schemas: string[] = []
  const freshSchema = () => {
    const name = `rt_test_${randomBytes(5).toString('hex')}`
    schemas.push(name)
    return name
  }
  afterAll(async () => {
    for (const name of schemas) await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
    await db.end()
  })

  const schema = freshSchema()
  async function openIn(schemaName: string): Promise<StoreHarness> {
    const store = await openPostgresStore({ connectionString: url, schema: schemaName, poolSize: 4 })
    return {
      store,
      async inspect(boardId) {
        const { rows } = await db.query<StoredRows>(
          `SELECT (SELECT count(*) FROM "${schemaName}".boards WHERE id = $1)::int AS boards,
                  (SELECT count(*) FROM "${schemaName}".board_snapshots WHERE board_id = $1)::int AS snapshots,
                  (SELECT count(*) FROM "${schemaName}".board_updates WHERE board_id = $1)::int AS updates,
                  (SELECT count(*) FROM "${schemaName}".board_versions WHERE board_id = $1)::int AS versions,
                  (SELECT count(*) FROM "${schemaName}".board_photos WHERE board_id = $1)::int AS photos`,
          [boardId],
        )
        return rows[0]!
      },
      reopen: () => openIn(schemaName),
    }
  }

  describeBoardStore('PostgreSQL', () => openIn(schema))

  describe('PostgreSQL board store setup', () => {
    it('creates the schema and runs migrations once when several servers start at the same moment', async () => {
      const name = freshSchema()
      const stores = await Promise.all(
        Array.from({ length: 5 }, () => openPostgresStore({ connectionString: url, schema: name, poolSize: 1 })),
      )
      try {
        const { rows } = await db.query<{ version: number }>(
          `SELECT version FROM "${name}".schema_migrations ORDER BY version`,
        )
        // Each migration exactly once, in order, whatever the number of servers starting together.
        expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1))
        expect(rows.length).toBeGreaterThanOrEqual(2)
        for (const store of stores)
          expect(await store.loadDoc('nothing')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
      } finally {
        await Promise.all(stores.map((store) => store.close()))
      }
    })

    it('keeps an update whose seq was drawn before a compaction but committed after it', async () => {
      // PostgreSQL draws seqs at INSERT and makes rows visible at COMMIT, so a row with a smaller seq can appear
      // after a compaction has read the log. Deleting "every seq up to the last one read" would drop it unseen.
      const store = await openPostgresStore({ connectionString: url, schema, poolSize: 2 })
      const slow = new pg.Client({ connectionString: url })
      await slow.connect()
      try {
        const id = `late-commit-${randomBytes(4).toString('hex')}`
        await store.createBoard(
          { id, title: id, createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
          new Uint8Array([0]),
        )
        await slow.query('BEGIN')
        const { rows } = await slow.query<{ seq: string }>(
          `INSERT INTO "${schema}".board_updates (board_id, data) VALUES ($1, $2) RETURNING seq`,
          [id, Buffer.from([1])],
        )
        const later = await store.appendUpdates(id, [new Uint8Array([2])])
        expect(later).toBeGreaterThan(Number(rows[0]!.seq))
        expect(await store.compact(id, (stored) => new Uint8Array([9, ...stored.updates.map((u) => u[0]!)]))).toBe(1)
        await slow.query('COMMIT')
        const doc = await store.loadDoc(id)
        expect(doc.snapshot).toEqual(new Uint8Array([9, 2]))
        expect(doc.updates).toEqual([new Uint8Array([1])])
      } finally {
        await slow.end()
        await store.close()
      }
    })

    it('rejects a schema name it would have to quote', async () => {
      await expect(openPostgresStore({ connectionString: url, schema: 'Bad"; DROP' })).rejects.toThrow(/schema name/)
    })

    it('refuses a connection with synchronous_commit off, which would break durability', async () => {
      const u = new URL(url)
      u.searchParams.set('options', '-c synchronous_commit=off')
      await expect(openPostgresStore({ connectionString: u.toString(), schema: freshSchema() })).rejects.toThrow(
        /synchronous_commit/,
      )
    })
  })
}
