import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** A run of deleted clocks of one client: [clock, clock + len). */
export interface ClockRange {
  clock: number
  len: number
}

/** What the first pass over a (V1) update finds, before any struct object is built. */
export interface UpdateOutline {
  /** Structs in the update (items, GC and skip structs), over all clients. */
  structs: number
  /** Where the delete set starts: the update's bytes before it are its structs. */
  deleteSetOffset: number
  /** Delete ranges as written (unsorted, possibly repeated or overlapping), and how many there are in all. */
  deletes: Map<number, ClockRange[]>
  rawRanges: number
}

/**
 * Read a Yjs V1 update's outline: count its structs (skipping their content) and read its delete set as written.
 * Costs one pass over the bytes and allocates nothing per struct, so it can run first and refuse an update whose
 * counts are over budget before Yjs builds an object for each of its structs. Throws on a corrupt update.
 *
 * The format (Yjs `writeClientsStructs` / `writeDeleteSet`, V1 encoders): for each client, a struct count, the
 * client id and its first clock, then each struct's info byte, origin ids, parent and content; then for each
 * client, its id and its delete ranges (clock, length).
 */
export function readOutline(update: Uint8Array): UpdateOutline {
  const d = decoding.createDecoder(update)
  let structs = 0
  const clients = decoding.readVarUint(d)
  for (let c = 0; c < clients; c++) {
    const count = decoding.readVarUint(d)
    decoding.readVarUint(d) // client
    decoding.readVarUint(d) // first clock
    structs += count
    for (let i = 0; i < count; i++) skipStruct(d)
  }
  const deleteSetOffset = d.pos
  const deletes = new Map<number, ClockRange[]>()
  let rawRanges = 0
  const dsClients = decoding.readVarUint(d)
  for (let c = 0; c < dsClients; c++) {
    const client = decoding.readVarUint(d)
    const count = decoding.readVarUint(d)
    let ranges = deletes.get(client)
    if (!ranges) deletes.set(client, (ranges = []))
    for (let i = 0; i < count; i++) {
      const clock = decoding.readVarUint(d)
      const len = decoding.readVarUint(d)
      if (len > 0) ranges.push({ clock, len })
    }
    rawRanges += count
  }
  return { structs, deleteSetOffset, deletes, rawRanges }
}

const BIT6 = 32
const BIT7 = 64
const BIT8 = 128
const BITS5 = 31

/** Skip one struct (its info byte, ids, parent and content), exactly as Yjs's V1 decoder would read it. */
function skipStruct(d: decoding.Decoder): void {
  const info = decoding.readUint8(d)
  const ref = info & BITS5
  if (ref === 0 || ref === 10) {
    decoding.readVarUint(d) // GC or skip: a length
    return
  }
  if (info & BIT8) skipId(d)
  if (info & BIT7) skipId(d)
  if ((info & (BIT7 | BIT8)) === 0) {
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d)
    else skipId(d)
    if (info & BIT6) decoding.readVarString(d)
  }
  switch (ref) {
    case 1: // deleted
      decoding.readVarUint(d)
      return
    case 2: {
      // JSON
      const len = decoding.readVarUint(d)
      for (let i = 0; i < len; i++) decoding.readVarString(d)
      return
    }
    case 3: // binary
      decoding.readVarUint8Array(d)
      return
    case 4: // string
    case 5: // embed (JSON text)
      decoding.readVarString(d)
      return
    case 6: // format: key and JSON text
      decoding.readVarString(d)
      decoding.readVarString(d)
      return
    case 7: {
      // a type; XML elements and hooks carry a name
      const typeRef = decoding.readVarUint(d)
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(d)
      return
    }
    case 8: {
      // any
      const len = decoding.readVarUint(d)
      for (let i = 0; i < len; i++) decoding.readAny(d)
      return
    }
    case 9: // a subdocument: guid and options
      decoding.readVarString(d)
      decoding.readAny(d)
      return
    default:
      throw new Error('unknown struct content')
  }
}

function skipId(d: decoding.Decoder): void {
  decoding.readVarUint(d)
  decoding.readVarUint(d)
}

/**
 * Sort each client's ranges and merge those that overlap, repeat or touch, in place. Returns how many remain.
 * O(r log r) for r ranges, whatever they cover.
 */
export function sortAndMerge(deletes: Map<number, ClockRange[]>): number {
  let total = 0
  for (const [client, ranges] of deletes) {
    if (ranges.length === 0) {
      deletes.delete(client)
      continue
    }
    ranges.sort((a, b) => a.clock - b.clock)
    let last = ranges[0]!
    let kept = 1
    for (let i = 1; i < ranges.length; i++) {
      const r = ranges[i]!
      if (r.clock <= last.clock + last.len) {
        last.len = Math.max(last.len, r.clock + r.len - last.clock)
      } else {
        ranges[kept++] = r
        last = r
      }
    }
    ranges.length = kept
    total += kept
  }
  return total
}

/** The same update with its delete set replaced (V1): its struct bytes as they are, then `deletes`. */
export function withDeleteSet(
  update: Uint8Array,
  deleteSetOffset: number,
  deletes: Map<number, ClockRange[]>,
): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeUint8Array(e, update.subarray(0, deleteSetOffset))
  const clients = Array.from(deletes).filter(([, ranges]) => ranges.length > 0)
  encoding.writeVarUint(e, clients.length)
  for (const [client, ranges] of clients) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, ranges.length)
    for (const r of ranges) {
      encoding.writeVarUint(e, r.clock)
      encoding.writeVarUint(e, r.len)
    }
  }
  return encoding.toUint8Array(e)
}
