/**
 * appendUpdates throughput, SQLite against PostgreSQL, for 1 board and for 50 boards writing at once.
 * Each board is a loop that awaits every call before the next, as a room does when it flushes.
 *
 *   npm run bench -w @roundtable/storage
 *
 * Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SECONDS per case
 * (default 3), BENCH_UPDATE_BYTES (default 100). Uses a temp dir and a throw-away schema, both removed at the end.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresStore } from '../src/postgres'
import { openSqliteStore } from '../src/sqlite'
import type { BoardStore } from '../src/types'

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const updateBytes = Number(process.env.BENCH_UPDATE_BYTES ?? 100)
const BOARD_COUNTS = [1, 50] as const

type Append = (id: string, updates: Uint8Array[]) => Promise<number>

/** Calls per second with `boards` loops appending one update per call for `seconds`. */
async function measure(store: BoardStore, append: Append, label: string, boards: number): Promise<number> {
  const ids = Array.from({ length: boards }, (_, i) => `bench-${label}-${boards}-${i}`)
  for (const id of ids)
    await store.createBoard(
      { id, title: id, createdAt: Date.now(), keys: { participant: 'p', facilitator: 'f', view: 'v' } },
      new Uint8Array([0]),
    )
  const update = new Uint8Array(randomBytes(updateBytes))
  // Warm up: connections opened, statements planned, caches filled.
  await Promise.all(ids.map((id) => append(id, [update])))
  let calls = 0
  const start = performance.now()
  const end = start + seconds * 1000
  await Promise.all(
    ids.map(async (id) => {
      while (performance.now() < end) {
        await append(id, [update])
        calls++
      }
    }),
  )
  return calls / ((performance.now() - start) / 1000)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-'))
  const schema = `rt_bench_${randomBytes(4).toString('hex')}`
  const results = new Map<string, Map<number, number>>()
  const record = (name: string, boards: number, rate: number) => {
    if (!results.has(name)) results.set(name, new Map())
    results.get(name)!.set(boards, rate)
    console.log(`  ${name.padEnd(34)} ${String(boards).padStart(2)} board(s): ${rate.toFixed(0).padStart(7)} calls/s`)
  }

  const sqliteCases = [
    ['SQLite synchronous=NORMAL', 'NORMAL'],
    ['SQLite synchronous=FULL', 'FULL'],
  ] as const
  for (const [name, synchronous] of sqliteCases) {
    const store = openSqliteStore({ dataDir: join(dir, synchronous), synchronous })
    for (const boards of BOARD_COUNTS)
      record(name, boards, await measure(store, store.appendUpdates, synchronous, boards))
    await store.close()
  }

  const pgStore = await openPostgresStore({ connectionString: url, schema })
  try {
    for (const boards of BOARD_COUNTS) {
      record('PostgreSQL (group commit)', boards, await measure(pgStore, pgStore.appendUpdates, 'group', boards))
    }
    // Baseline: what a plain adapter would do, one transaction per call straight on the pool (10 connections).
    const perCall: Append = async (id, updates) => {
      const client = await pgStore.pool.connect()
      try {
        await client.query('BEGIN')
        let last = 0
        for (const update of updates) {
          const { rows } = await client.query<{ seq: string }>(
            `INSERT INTO "${schema}".board_updates (board_id, data) VALUES ($1, $2) RETURNING seq`,
            [id, update],
          )
          last = Number(rows[0]!.seq)
        }
        await client.query(`UPDATE "${schema}".boards SET updated_at = $1 WHERE id = $2`, [Date.now(), id])
        await client.query('COMMIT')
        return last
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    }
    for (const boards of BOARD_COUNTS) {
      record('PostgreSQL (transaction per call)', boards, await measure(pgStore, perCall, 'percall', boards))
    }
  } finally {
    await pgStore.pool.query(`DROP SCHEMA "${schema}" CASCADE`)
    await pgStore.close()
    rmSync(dir, { recursive: true, force: true })
  }

  const rate = (name: string, boards: number) => results.get(name)!.get(boards)!
  const ratio = (a: string, b: string, boards: number) => `${(rate(a, boards) / rate(b, boards)).toFixed(2)}x`
  console.log('\nRatios (first ÷ second, calls/s):')
  for (const boards of BOARD_COUNTS) {
    console.log(`  ${boards} board(s):`)
    console.log(
      `    PostgreSQL group ÷ SQLite NORMAL     ${ratio('PostgreSQL (group commit)', 'SQLite synchronous=NORMAL', boards)}`,
    )
    console.log(
      `    PostgreSQL group ÷ SQLite FULL       ${ratio('PostgreSQL (group commit)', 'SQLite synchronous=FULL', boards)}`,
    )
    console.log(
      `    PostgreSQL group ÷ PG per-call tx    ${ratio('PostgreSQL (group commit)', 'PostgreSQL (transaction per call)', boards)}`,
    )
  }
  console.log('  50 boards ÷ 1 board, same store:')
  for (const name of results.keys()) {
    console.log(`    ${name.padEnd(34)} ${(rate(name, 50) / rate(name, 1)).toFixed(2)}x`)
  }
}

console.log(`appendUpdates throughput: ${seconds}s per case, ${updateBytes}-byte updates, one update per call\n`)
await main()
