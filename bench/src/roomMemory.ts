/**
 * What a Room keeps in memory for a loaded board beyond the board's own Y.Doc, after garbage collection (the cold-load
 * scenario reads RSS without forcing one, so it also counts garbage not yet collected):
 *
 *   node --expose-gc --import tsx bench/src/roomMemory.ts room   # boards seeded through a Room (SQLite), then a
 *                                                               # fresh client syncs each, as in the cold load
 *   node --expose-gc --import tsx bench/src/roomMemory.ts doc    # the same content in bare Y.Docs
 *
 * BOARDS (default 5) boards of the cold load's 5,000 notes. Prints the heap and external memory kept per board.
 */
import { initBoardDoc } from '@roundtable/board'
import { openSqliteStore } from '@roundtable/storage'
import { type Connection, encodeSyncStep1, encodeUpdate, Room, silentLogger } from '@roundtable/sync'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { buildSeed } from './load/notes'

const boards = Number(process.env.BOARDS ?? 5)
const mode = process.argv[2] === 'doc' ? 'doc' : 'room'
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

/** Heap and external memory after two full collections, bytes. */
function kept(): number {
  gc!()
  gc!()
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

const seed = buildSeed(5_000)
const dataDir = mkdtempSync(join(tmpdir(), 'roundtable-room-memory-'))
const store = openSqliteStore({ dataDir })
const held: unknown[] = []
const socket = { send() {}, close() {} }
const before = kept()
for (let i = 0; i < boards; i++) {
  if (mode === 'doc') {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, seed.boardInit)
    for (const chunk of seed.chunks) Y.applyUpdate(doc, chunk)
    held.push(doc)
    continue
  }
  const boardId = `room-memory-${i}`
  const init = new Y.Doc()
  initBoardDoc(init, { title: 'Benchmark board', createdAt: 0 })
  const keys = { participant: 'p', facilitator: 'f', view: 'v' }
  await store.createBoard({ id: boardId, title: 'Benchmark board', createdAt: 0, keys }, Y.encodeStateAsUpdate(init))
  const room = await Room.load({
    boardId,
    store,
    log: silentLogger,
    compaction: { minLogBytes: 1 << 20, quietMs: 10_000 },
    versions: { everyMs: 60_000, bulkDeleteMin: 10, keep() {} },
  })
  const holder: Connection = { role: 'participant', socket }
  room.join(holder)
  for (const chunk of seed.chunks) {
    room.receive(holder, encodeUpdate(chunk))
    await room.whenFlushed()
  }
  const fresh: Connection = { role: 'participant', socket }
  room.join(fresh)
  room.receive(fresh, encodeSyncStep1(new Uint8Array([0])))
  await room.whenFlushed()
  await new Promise((resolve) => setImmediate(resolve))
  held.push(room)
}
const perBoard = (kept() - before) / boards / 1024 / 1024
process.stdout.write(`${mode}: ${perBoard.toFixed(2)} MiB kept per ${seed.notes.toLocaleString('en-US')}-note board\n`)
await store.close()
rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
