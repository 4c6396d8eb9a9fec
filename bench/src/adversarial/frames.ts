import { addIdea, getRecordsMap, newRecordId } from '@roundtable/board'
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
 * Deep nesting: one new record whose `meta` is a chain of Y.Maps as deep as fits in `maxBytes`, from a new client
 * (so it depends on nothing). Written as Yjs's update format directly: building it through a Y.Doc costs
 * depth² (each level's observers walk up to the root), and a stock Yjs integrating a prelim chain recurses.
 */
export function deepNestingFrame(maxBytes: number): { frame: Uint8Array; depth: number } {
  const client = 1 + Math.floor(Math.random() * 0x7ffffffe)
  // About 12 bytes a level; stop a little under the limit.
  const depth = Math.floor((maxBytes - 1024) / (8 + varUintBytes(client)))
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // one client
  encoding.writeVarUint(encoder, depth + 1) // the record, then `depth` maps
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0) // first clock
  for (let clock = 0; clock <= depth; clock++) {
    // An item with no origins, a parent key (parentSub) and ContentType (ref 7) holding a Y.Map (type ref 1).
    encoding.writeUint8(encoder, 7 | 0x20)
    if (clock === 0) {
      encoding.writeVarUint(encoder, 1) // parent: a root type, by name
      encoding.writeVarString(encoder, 'records')
      encoding.writeVarString(encoder, newRecordId('shape'))
    } else {
      encoding.writeVarUint(encoder, 0) // parent: the item just before
      encoding.writeVarUint(encoder, client)
      encoding.writeVarUint(encoder, clock - 1)
      encoding.writeVarString(encoder, clock === 1 ? 'meta' : 'd')
    }
    encoding.writeVarUint(encoder, 1) // Y.Map
  }
  encoding.writeVarUint(encoder, 0) // empty delete set
  return { frame: updateFrame(encoding.toUint8Array(encoder)), depth }
}

/**
 * Memory per stored byte, valid in every value: one new idea, then one-character inserts into its text, each at the
 * front so no two merge: the most structs per byte a participant may write. As many as fit in `maxBytes`, and no more
 * than `maxStructs` (the server refuses a larger update outright, which would measure the refusal instead).
 */
export function tinyStructsFrame(
  base: Y.Doc,
  maxBytes: number,
  maxStructs = 19_000,
): { frame: Uint8Array; items: number } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  const id = addIdea(doc, { text: '' })
  const text = (getRecordsMap(doc).get(id)!.get('props') as Y.Map<unknown>).get('richText') as Y.Text
  // Measure the bytes an item takes on a first thousand, then fill up to the limit.
  const trial = 1000
  for (let i = 0; i < trial; i++) text.insert(0, 'x')
  const perItem = Y.encodeStateAsUpdate(doc, before).length / trial
  const items = Math.min(maxStructs, Math.max(trial, Math.floor(((maxBytes - 1024) / perItem) * 0.9)))
  for (let i = trial; i < items; i++) text.insert(0, 'x')
  const frame = updateFrame(Y.encodeStateAsUpdate(doc, before))
  doc.destroy()
  return { frame, items }
}

/**
 * Cheap versions: an update from `doc` (a synced copy of the board) that deletes `count` records, each frame a few
 * hundred bytes. Returns null when the board has too few records left.
 */
export function deleteRecordsFrame(doc: Y.Doc, count: number): Uint8Array | null {
  const records = getRecordsMap(doc)
  const ids = Array.from(records.keys())
    .filter((id) => id.startsWith('shape:'))
    .slice(0, count)
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
export function presenceFrame(options: {
  maxBytes: number
  own: number[]
  stateBytes: number
  foreign: number[]
  clock: number
}): Uint8Array {
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
