/**
 * CPU per worst frame of each shape at a given size, through a real Room on SQLite (check, apply, store, send).
 * Not a test: it reports. Run from apps/server:
 *
 *   npx tsx test/worstFrames.ts [bytes=1048576]
 *
 * Each case builds its board, sends one frame (and then the same frame again, as an attacker repeating it would)
 * and prints the CPU the process spent until the room had stored and sent it (or refused it), its heap growth, and
 * how the connection ended.
 */
import { initBoardDoc } from '@roundtable/board'
import { openSqliteStore } from '@roundtable/storage'
import type { Connection } from '@roundtable/sync'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import {
  deepChain,
  everyOther,
  farOrigins,
  manyClients,
  overlappingDeletes,
  repeatedDeletes,
  tinyStructs,
} from './hostileUpdates'

const BYTES = Number(process.argv[2] ?? 1024 * 1024)
/** Another copy of the sync package to measure (e.g. an older one, to compare), and a filter on case names. */
const sync = (await import(process.env.SYNC_MODULE ?? '@roundtable/sync')) as typeof import('@roundtable/sync')
const { encodeUpdate, Room, silentLogger } = sync
const ONLY = new RegExp(process.env.WORST_ONLY ?? '.')
const VICTIM = 7

/** A board whose records were written by one client, each record in its own transaction (so none merge). */
function boardWith(records: number, text = 0): Y.Doc {
  const doc = new Y.Doc()
  initBoardDoc(doc, { title: 'Worst frames', createdAt: 1 })
  const writer = new Y.Doc()
  writer.clientID = VICTIM
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
  for (let i = 0; i < records; i++) writer.getMap('records').set(`shape:${i}`, new Y.Map([['x', i]]))
  if (text > 0) {
    // A text typed by two people taking turns: one item per character.
    const other = new Y.Doc()
    other.clientID = VICTIM + 1
    const action = new Y.Map()
    writer.getMap('actions').set('action:t', action)
    action.set('what', new Y.Text())
    Y.applyUpdate(other, Y.encodeStateAsUpdate(writer))
    for (let i = 0; i < text; i++) {
      const [from, to] = i % 2 === 0 ? [writer, other] : [other, writer]
      const t = (from.getMap('actions').get('action:t') as Y.Map<Y.Text>).get('what')!
      t.insert(t.length, 'a')
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    }
  }
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer))
  return doc
}

async function roomFor(doc: Y.Doc): ReturnType<typeof Room.load> {
  const store = openSqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'rt-worst-')) })
  await store.createBoard(
    {
      id: 'worst-frames-01',
      title: 'Worst frames',
      createdAt: 1,
      keys: { participant: 'p', facilitator: 'f', view: 'v' },
    },
    Y.encodeStateAsUpdate(doc),
  )
  const room = await Room.load({
    boardId: 'worst-frames-01',
    store,
    log: silentLogger,
    compaction: { minLogBytes: 1 << 30, quietMs: 3_600_000 },
  })
  void room.doc
  return room
}

function connection(): { connection: Connection; closed: string[] } {
  const closed: string[] = []
  return {
    connection: {
      role: 'participant',
      socket: { send: () => {}, close: (code, reason) => void closed.push(`${code} ${reason}`) },
    },
    closed,
  }
}

async function measure(name: string, doc: Y.Doc, frame: Uint8Array): Promise<void> {
  if (!ONLY.test(name)) return
  const room = await roomFor(doc)
  for (const attempt of ['first', 'again']) {
    const c = connection()
    room.join(c.connection)
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    room.receive(c.connection, encodeUpdate(frame))
    await room.whenFlushed()
    const used = process.cpuUsage(cpu)
    const ms = performance.now() - t0
    const heap = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    console.log(
      `${name.padEnd(34)} ${attempt.padEnd(5)} ${String(frame.length).padStart(8)} B  cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(7)} ms` +
        `  wall ${ms.toFixed(0).padStart(7)} ms  heap ${heap >= 0 ? '+' : ''}${heap.toFixed(1)} MB  ${c.closed[0] ?? 'accepted'}`,
    )
    room.leave(c.connection)
  }
  room.close(1001, 'done')
}

/** The most of `build(count)` that fits in BYTES, and at most `cap` (the limit it would otherwise break at once). */
function fit(build: (count: number) => Uint8Array, cap = Infinity): Uint8Array {
  const per = build(1000).length / 1000
  let count = Math.min(cap, Math.floor(BYTES / per))
  let frame = build(count)
  while (frame.length > BYTES) frame = build((count = Math.floor(count * 0.98)))
  return frame
}

/** Every record of a board deleted (the deletions a reconnecting client's delete set repeats). */
function deletedAll(doc: Y.Doc): Y.Doc {
  doc.transact(() => {
    for (const key of Array.from(doc.getMap('records').keys())) doc.getMap('records').delete(key)
  })
  return doc
}

/** A board with one long string written as one struct by the victim (one struct to split many times). */
function boardWithString(length: number): Y.Doc {
  const doc = boardWith(0)
  const writer = new Y.Doc()
  writer.clientID = VICTIM
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
  const action = new Y.Map()
  writer.getMap('actions').set('action:s', action)
  action.set('what', new Y.Text('s'.repeat(length)))
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer))
  return doc
}

/** Largest count of structs or ranges the limits let through to the full check (WORST_CAP for older code). */
/**
 * Heap per struct and per stored byte for the shapes that pack the most structs into the fewest bytes, applied to
 * a bare Y.Doc until it holds `total` structs (run with `memory` as the second argument).
 */
function memoryPerStruct(total: number): void {
  const shapes: [string, (client: number, count: number) => Uint8Array][] = [
    ['map keys, one JSON value each', (client, count) => tinyStructs(client, count, `shape:${client}`)],
    ['one-character inserts, a client each', (client, count) => manyClients(client, count)],
  ]
  for (const [name, build] of shapes.filter(([name]) => name.includes(process.argv[5] ?? ''))) {
    global.gc?.()
    const before = process.memoryUsage().heapUsed
    const doc = new Y.Doc()
    let bytes = 0
    for (let client = 1; countStructs(doc) < total; client++) {
      const update = build(client * 100_000, 19_999)
      bytes += update.length
      Y.applyUpdate(doc, update)
    }
    global.gc?.()
    const heap = process.memoryUsage().heapUsed - before
    const structs = countStructs(doc)
    console.log(
      `${name.padEnd(40)} ${structs} structs in ${(bytes / 1e6).toFixed(1)} MB: heap +${(heap / 1e6).toFixed(0)} MB, ${(heap / structs).toFixed(0)} B per struct, ${(heap / bytes).toFixed(1)}× the bytes`,
    )
    doc.destroy()
  }
}

function countStructs(doc: Y.Doc): number {
  let n = 0
  for (const list of doc.store.clients.values()) n += list.length
  return n
}

if (process.argv[3] === 'memory') {
  memoryPerStruct(Number(process.argv[4] ?? 1_000_000))
  process.exit(0)
}

const CAP = Number(process.env.WORST_CAP ?? Infinity)
// Read loosely, so the script also runs against code from before these limits existed.
const limits = (sync as { DEFAULT_UPDATE_LIMITS?: { maxStructs: number; maxDeleteRanges: number } })
  .DEFAULT_UPDATE_LIMITS
const STRUCTS = Math.min(CAP, limits?.maxStructs ?? Infinity) - 1
const RANGES = Math.min(CAP, limits?.maxDeleteRanges ?? Infinity)
const records = 20_000
const clocks = 2 * records
console.log(`worst frames at ${BYTES} bytes (node ${process.version})`)
await measure(
  'delete set: one range repeated',
  boardWith(records),
  fit((n) => repeatedDeletes(VICTIM, clocks, n), RANGES),
)
await measure(
  'delete set: repeats of deleted',
  deletedAll(boardWith(records)),
  fit((n) => repeatedDeletes(VICTIM, clocks, n), RANGES),
)
await measure(
  'delete set: overlapping ranges',
  boardWith(records),
  fit((n) => overlappingDeletes(VICTIM, clocks, n), RANGES),
)
await measure(
  'delete set: every other clock',
  boardWithString(200_000),
  fit((n) => everyOther(VICTIM, 2, n), RANGES),
)
await measure(
  'nesting: Y.Map chain',
  boardWith(10),
  fit((n) => deepChain(9_000_001, n), STRUCTS),
)
await measure(
  'tiny structs (memory)',
  boardWith(10),
  fit((n) => tinyStructs(9_000_002, n), STRUCTS),
)
await measure(
  'placement: far origins',
  boardWith(10, 20_000),
  fit((n) => farOrigins(9_100_000, Y.createID(VICTIM, 2 * 10 + 2), n), STRUCTS),
)
process.exit(0)
