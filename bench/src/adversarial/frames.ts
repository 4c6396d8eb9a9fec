import { getRecordsMap, newRecordId } from '@roundtable/board'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * The hostile frames of issue #12, one builder per class, each as large as `maxBytes` allows (the server's
 * MAX_MESSAGE_BYTES in a full run). Every frame is valid in form: it decodes, it follows the y-websocket protocol,
 * and a stock Yjs could apply it. Frames are complete WebSocket payloads (message type first).
 */

/** y-websocket sync frame: `[0, step, payload]`. */
function syncFrame(step: 0 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A live document update frame. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return syncFrame(2, update)
}

/** Sync step 1 with an empty state vector: "send me the whole board". */
export function fullStateRequest(): Uint8Array {
  return syncFrame(0, Y.encodeStateVector(new Y.Doc()))
}

/**
 * Delete-set amplification: an update with no new items and one delete set of `maxBytes` worth of ranges, all
 * over the same items (every one covers clocks 0..`clockSpan` of `client`), so a server that walks each range over
 * each item it covers does ranges × items work for one frame.
 */
export function deleteSetFrame(maxBytes: number, client: number, clockSpan: number): Uint8Array {
  const rangeBytes = 1 + varUintBytes(clockSpan)
  const ranges = Math.max(1, Math.floor((maxBytes - 32) / rangeBytes))
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // no structs
  encoding.writeVarUint(encoder, 1) // one client in the delete set
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, ranges)
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(encoder, i % 8) // overlapping starts
    encoding.writeVarUint(encoder, clockSpan)
  }
  return updateFrame(encoding.toUint8Array(encoder))
}

/**
 * Deep nesting: one new record whose `meta` is a chain of Y.Maps as deep as fits in `maxBytes`. Built one level
 * per transaction (a stock Yjs integrates a whole prelim chain recursively and would overflow its own stack).
 */
export function deepNestingFrame(base: Y.Doc, maxBytes: number): { frame: Uint8Array; depth: number } {
  const { frame, result } = withNewRecord(base, (record) => {
    let level = new Y.Map<unknown>()
    record.set('meta', level)
    let depth = 1
    // About 12 bytes a level; stop a little under the limit.
    const target = Math.floor((maxBytes - 1024) / 12)
    while (depth < target) {
      const next = new Y.Map<unknown>()
      level.set('d', next)
      level = next
      depth++
    }
    return depth
  })
  return { frame, depth: result }
}

/**
 * Memory per stored byte: one new record holding a Y.Array of single items inserted one by one at the front, so
 * no two items merge: as many tiny structs as fit in `maxBytes`.
 */
export function tinyStructsFrame(base: Y.Doc, maxBytes: number): { frame: Uint8Array; items: number } {
  const { frame, result } = withNewRecord(base, (record, size) => {
    const list = new Y.Array<number>()
    record.set('meta', list)
    // Measure the bytes an item takes on a first thousand, then fill up to the limit.
    const trial = 1000
    for (let i = 0; i < trial; i++) list.insert(0, [i & 0x3f])
    const items = Math.max(trial, Math.floor((maxBytes - 1024) / (size() / trial)))
    for (let i = trial; i < items; i++) list.insert(0, [i & 0x3f])
    return items
  })
  return { frame, items: result }
}

/** A copy of `base` with one new record that `fill` fills (`size()`: bytes so far); the update adding it, framed. */
function withNewRecord<T>(base: Y.Doc, fill: (record: Y.Map<unknown>, size: () => number) => T): { frame: Uint8Array; result: T } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  const record = new Y.Map<unknown>()
  getRecordsMap(doc).set(newRecordId('shape'), record as never)
  const result = fill(record, () => Y.encodeStateAsUpdate(doc, before).length)
  const frame = updateFrame(Y.encodeStateAsUpdate(doc, before))
  doc.destroy()
  return { frame, result }
}

/**
 * Cheap versions: an update from `doc` (a synced copy of the board) that deletes `count` records, each frame a few
 * hundred bytes. Returns null when the board has too few records left.
 */
export function deleteRecordsFrame(doc: Y.Doc, count: number): Uint8Array | null {
  const records = getRecordsMap(doc)
  const ids = Array.from(records.keys()).filter((id) => id.startsWith('shape:')).slice(0, count)
  if (ids.length < count) return null
  const before = Y.encodeStateVector(doc)
  doc.transact(() => {
    for (const id of ids) records.delete(id)
  })
  return updateFrame(Y.encodeStateAsUpdate(doc, before))
}

/**
 * Presence amplification: `own` entries (new client ids) with states of `stateBytes` characters, then entries
 * for the given client ids owned by other people, repeated until the frame holds `maxBytes`.
 */
export function presenceFrame(options: { maxBytes: number; own: number[]; stateBytes: number; foreign: number[]; clock: number }): Uint8Array {
  const { maxBytes, own, stateBytes, foreign, clock } = options
  const big = JSON.stringify({ user: { name: 'x', id: 'user:x' }, pad: 'p'.repeat(Math.max(0, stateBytes - 64)) })
  const small = JSON.stringify({ user: { name: 'Amina' } })
  const entries: [number, string][] = own.map((id) => [id, big])
  let bytes = entries.reduce((sum, [, state]) => sum + state.length + 12, 0)
  for (let i = 0; foreign.length > 0 && bytes + small.length + 12 < maxBytes - 64; i++) {
    entries.push([foreign[i % foreign.length]!, small])
    bytes += small.length + 12
  }
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const [id, state] of entries) {
    encoding.writeVarUint(inner, id)
    encoding.writeVarUint(inner, clock)
    encoding.writeVarString(inner, state)
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** One honest presence entry (what a stock client sends for itself). */
export function ownPresenceFrame(clientId: number, name: string): Uint8Array {
  const state = JSON.stringify({ user: { name } })
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, state)
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

function varUintBytes(n: number): number {
  let bytes = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    bytes++
  }
  return bytes
}
