import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * Yjs updates built by hand, valid in form and hostile in content: what an attacker who knows the Yjs V1 format
 * can send with a participant key. Used by the adversarial tests (random ones, seeded) and by
 * `worstFrames.ts` (the worst of each shape at a given size).
 */

/** A parent written out: a root type by name, or the item holding the type. */
type Parent = { root: string } | { item: Y.ID }

/** Content of a hand-built item. */
type Content = { string: string } | { any: unknown[] } | { type: 'map' | 'array' | 'text' } | { deleted: number }

/** One hand-built struct: an item (origin, right origin, parent as written) or a GC struct. */
export type RawStruct =
  | {
      kind: 'item'
      origin?: Y.ID | undefined
      rightOrigin?: Y.ID | undefined
      parent?: Parent | undefined
      parentSub?: string | undefined
      content: Content
    }
  | { kind: 'gc'; len: number }

/** The structs of one client, from its first clock on. */
export interface RawClient {
  client: number
  clock: number
  structs: RawStruct[]
}

/** A delete set as written: per client, ranges in any order, repeated or overlapping. */
export type RawDeletes = [client: number, ranges: [clock: number, len: number][]][]

const TYPE_REFS = { array: 0, map: 1, text: 2 } as const

/** Encode a V1 update exactly as Yjs reads it (see yjs `readClientsStructRefs` and `readDeleteSet`). */
export function encodeRawUpdate(clients: RawClient[], deletes: RawDeletes = []): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, clients.length)
  for (const { client, clock, structs } of clients) {
    encoding.writeVarUint(e, structs.length)
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
    for (const s of structs) writeStruct(e, s)
  }
  encoding.writeVarUint(e, deletes.length)
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, ranges.length)
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock)
      encoding.writeVarUint(e, len)
    }
  }
  return encoding.toUint8Array(e)
}

/** Clock length of a hand-built struct. */
export function rawLength(s: RawStruct): number {
  if (s.kind === 'gc') return s.len
  const c = s.content
  if ('string' in c) return c.string.length
  if ('any' in c) return c.any.length
  if ('deleted' in c) return c.deleted
  return 1
}

function writeStruct(e: encoding.Encoder, s: RawStruct): void {
  if (s.kind === 'gc') {
    encoding.writeUint8(e, 0)
    encoding.writeVarUint(e, s.len)
    return
  }
  const c = s.content
  const ref = 'deleted' in c ? 1 : 'string' in c ? 4 : 'type' in c ? 7 : 8
  const copyParent = s.origin !== undefined || s.rightOrigin !== undefined
  const info =
    ref | (s.origin ? 128 : 0) | (s.rightOrigin ? 64 : 0) | (!copyParent && s.parentSub !== undefined ? 32 : 0)
  encoding.writeUint8(e, info)
  if (s.origin) writeId(e, s.origin)
  if (s.rightOrigin) writeId(e, s.rightOrigin)
  if (!copyParent) {
    const parent = s.parent ?? { root: 'records' }
    if ('root' in parent) {
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, parent.root)
    } else {
      encoding.writeVarUint(e, 0)
      writeId(e, parent.item)
    }
    if (s.parentSub !== undefined) encoding.writeVarString(e, s.parentSub)
  }
  if ('deleted' in c) encoding.writeVarUint(e, c.deleted)
  else if ('string' in c) encoding.writeVarString(e, c.string)
  else if ('type' in c) encoding.writeVarUint(e, TYPE_REFS[c.type])
  else {
    encoding.writeVarUint(e, c.any.length)
    for (const v of c.any) encoding.writeAny(e, v as never)
  }
}

function writeId(e: encoding.Encoder, id: Y.ID): void {
  encoding.writeVarUint(e, id.client)
  encoding.writeVarUint(e, id.clock)
}

// --- The worst frame of each shape, at a given size ---------------------------------------------------------------

/** Item 1: one range over a client's whole history, repeated `count` times. */
export function repeatedDeletes(client: number, clocks: number, count: number): Uint8Array {
  return encodeRawUpdate([], [[client, Array.from({ length: count }, () => [0, clocks] as [number, number])]])
}

/** Item 1: `count` overlapping ranges, each starting one clock later and reaching the end. */
export function overlappingDeletes(client: number, clocks: number, count: number): Uint8Array {
  return encodeRawUpdate(
    [],
    [[client, Array.from({ length: count }, (_, i) => [i % clocks, clocks - (i % clocks)] as [number, number])]],
  )
}

/** Item 1: `count` one-clock ranges, every other clock from `start` (each splits the struct it lands in). */
export function everyOther(client: number, start: number, count: number): Uint8Array {
  return encodeRawUpdate(
    [],
    [[client, Array.from({ length: count }, (_, i) => [start + 2 * i, 1] as [number, number])]],
  )
}

/** Item 2: a chain of Y.Maps `depth` deep under one new record (each level's parent is the one before). */
export function deepChain(client: number, depth: number, recordId = 'shape:deep'): Uint8Array {
  const structs: RawStruct[] = [
    { kind: 'item', parent: { root: 'records' }, parentSub: recordId, content: { type: 'map' } },
  ]
  for (let level = 1; level < depth; level++) {
    structs.push({
      kind: 'item',
      parent: { item: Y.createID(client, level - 1) },
      parentSub: 'k',
      content: { type: 'map' },
    })
  }
  return encodeRawUpdate([{ client, clock: 0, structs }])
}

/**
 * Item 4: many tiny structs (one-character strings, each from its own new key of one new map), the most structs
 * per byte an update can carry under the record a board allows.
 */
export function tinyStructs(client: number, count: number, recordId = 'shape:tiny'): Uint8Array {
  const structs: RawStruct[] = [
    { kind: 'item', parent: { root: 'records' }, parentSub: recordId, content: { type: 'map' } },
  ]
  for (let i = 1; i <= count; i++) {
    structs.push({
      kind: 'item',
      parent: { item: Y.createID(client, 0) },
      parentSub: i.toString(36),
      content: { any: [0] },
    })
  }
  return encodeRawUpdate([{ client, clock: 0, structs }])
}

/**
 * Item 4, valid in every value: one-character inserts into an idea's text (a `Y.Text`, plain characters), each from
 * its own client so no two merge into one struct, chained after `after` (or at the start of the text). What a
 * participant may write, with the most structs per byte.
 */
export function textChars(firstClient: number, count: number, text: Y.ID, after: Y.ID | null): Uint8Array {
  const clients: RawClient[] = []
  let left = after
  for (let i = 0; i < count; i++) {
    const client = firstClient + i
    clients.push({
      client,
      clock: 0,
      structs: [
        left
          ? { kind: 'item', origin: left, content: { string: 'c' } }
          : { kind: 'item', parent: { item: text }, content: { string: 'c' } },
      ],
    })
    left = Y.createID(client, 0)
  }
  return encodeRawUpdate(clients)
}

/** Item 4: one-character strings, each from its own client, appended to one root-level list under a new record. */
export function manyClients(firstClient: number, count: number): Uint8Array {
  const holder: RawClient = {
    client: firstClient,
    clock: 0,
    structs: [
      { kind: 'item', parent: { root: 'records' }, parentSub: `shape:${firstClient}`, content: { type: 'array' } },
    ],
  }
  const clients: RawClient[] = [holder]
  let left: Y.ID | undefined
  for (let i = 1; i < count; i++) {
    const client = firstClient + i
    clients.push({
      client,
      clock: 0,
      structs: [
        left
          ? { kind: 'item', origin: left, content: { string: 'c' } }
          : { kind: 'item', parent: { item: Y.createID(firstClient, 0) }, content: { string: 'c' } },
      ],
    })
    left = Y.createID(client, 0)
  }
  return encodeRawUpdate(clients)
}

/**
 * Yjs placement scan: items whose origin is the first item of a list and whose right origin is the end, from
 * clients with ever larger ids (each scans every item of the list, and every one placed before it).
 */
export function farOrigins(firstClient: number, origin: Y.ID, count: number): Uint8Array {
  const clients: RawClient[] = []
  for (let i = 0; i < count; i++)
    clients.push({ client: firstClient + i, clock: 0, structs: [{ kind: 'item', origin, content: { string: 'z' } }] })
  return encodeRawUpdate(clients)
}

// --- Random hostile updates -----------------------------------------------------------------------------------

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What the generator knows of the board it attacks: the items a client of it sees. */
export interface BoardView {
  /** [client, state] of every client in the board's store. */
  states: [number, number][]
  /** Some items: their ids, lengths, whether they hold a type, and whether they sit in a list. */
  items: { id: Y.ID; length: number; isType: boolean; inList: boolean }[]
}

/** Read what the generator may aim at from a replica of the board. */
export function viewOf(doc: Y.Doc, sample = 2000): BoardView {
  const states: [number, number][] = []
  const items: BoardView['items'] = []
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1]!
    states.push([client, last.id.clock + last.length])
    const step = Math.max(1, Math.floor(structs.length / sample))
    for (let i = 0; i < structs.length; i += step) {
      const s = structs[i]!
      if (s instanceof Y.Item)
        items.push({
          id: s.id,
          length: s.length,
          isType: s.content instanceof Y.ContentType,
          inList: s.parentSub === null,
        })
    }
  }
  return { states, items }
}

/** The shapes the random generator builds (one is picked per update). */
export const HOSTILE_KINDS = [
  'deletes', // random delete sets over real and missing clocks: repeats, overlaps, every-other splits
  'deep', // a chain of nested types, 2 to 400 deep
  'wide', // one new map with thousands of keys
  'huge-string', // one string of up to 200 KB
  'many-clients', // hundreds of clients with one struct each
  'missing', // items whose origin or parent the server does not have
  'far-origin', // items placed far from their right origin in a real list
  'same-origin', // many items sharing one origin
  'gc', // GC structs, then deletes over them
  'mixed', // a little of everything in one update
] as const

/** One random hostile update of a random kind, aimed at a board the generator knows through `view`. */
export function randomHostileUpdate(
  random: () => number,
  view: BoardView,
  maxBytes: number,
): { kind: (typeof HOSTILE_KINDS)[number]; update: Uint8Array } {
  const kind = HOSTILE_KINDS[Math.floor(random() * HOSTILE_KINDS.length)]!
  return { kind, update: build(kind, random, view, maxBytes) }
}

function build(
  kind: (typeof HOSTILE_KINDS)[number],
  random: () => number,
  view: BoardView,
  maxBytes: number,
): Uint8Array {
  const int = (n: number) => Math.floor(random() * n)
  const freshClient = () => 1_000_000 + int(2 ** 30)
  const pickItem = () => (view.items.length > 0 ? view.items[int(view.items.length)]! : null)
  const pickState = () =>
    view.states.length > 0 ? view.states[int(view.states.length)]! : ([freshClient(), 10] as [number, number])
  const recordKey = () => `shape:${int(1e9).toString(36)}`
  switch (kind) {
    case 'deletes': {
      const deletes: RawDeletes = []
      const clients = 1 + int(4)
      let budget = Math.min(maxBytes, 200 + int(maxBytes))
      for (let c = 0; c < clients && budget > 0; c++) {
        const [client, state] = pickState()
        const ranges: [number, number][] = []
        const style = int(4)
        for (; budget > 0; budget -= 6) {
          if (style === 0)
            ranges.push([0, state + int(3)]) // repeats of everything (and a little past it)
          else if (style === 1)
            ranges.push([int(state), 1 + int(state)]) // overlapping
          else if (style === 2)
            ranges.push([2 * ranges.length, 1]) // every other clock: splits
          else ranges.push([int(state * 2 + 10), 1 + int(1000)]) // some past the end
          if (ranges.length > 20 + int(50_000)) break
        }
        deletes.push([client, ranges])
      }
      return encodeRawUpdate([], deletes)
    }
    case 'deep':
      return deepChain(freshClient(), 2 + int(400), recordKey())
    case 'wide': {
      const client = freshClient()
      const keys = Math.min(Math.floor(maxBytes / 12), 100 + int(20_000))
      const structs: RawStruct[] = [
        { kind: 'item', parent: { root: 'records' }, parentSub: recordKey(), content: { type: 'map' } },
      ]
      for (let i = 0; i < keys; i++)
        structs.push({
          kind: 'item',
          parent: { item: Y.createID(client, 0) },
          parentSub: `k${i}`,
          content: { any: [i] },
        })
      return encodeRawUpdate([{ client, clock: 0, structs }])
    }
    case 'huge-string': {
      const client = freshClient()
      const text = 'x'.repeat(Math.min(maxBytes - 64, 1000 + int(200_000)))
      const structs: RawStruct[] = [
        { kind: 'item', parent: { root: 'records' }, parentSub: recordKey(), content: { type: 'map' } },
        { kind: 'item', parent: { item: Y.createID(client, 0) }, parentSub: 'text', content: { string: text } },
      ]
      return encodeRawUpdate([{ client, clock: 0, structs }])
    }
    case 'many-clients': {
      const count = Math.min(Math.floor(maxBytes / 24), 50 + int(3000))
      const clients: RawClient[] = []
      for (let i = 0; i < count; i++) {
        clients.push({
          client: freshClient(),
          clock: int(3) === 0 ? int(100) : 0,
          structs: [
            { kind: 'item', parent: { root: 'records' }, parentSub: recordKey(), content: { any: [{ x: i }] } },
          ],
        })
      }
      return encodeRawUpdate(clients)
    }
    case 'missing': {
      const client = freshClient()
      const ghost = Y.createID(freshClient(), int(1000))
      const structs: RawStruct[] = Array.from({ length: 1 + int(50) }, (_, i) =>
        i % 2 === 0
          ? { kind: 'item', origin: ghost, content: { string: 'g' } }
          : { kind: 'item', parent: { item: ghost }, parentSub: 'p', content: { any: [1] } },
      )
      return encodeRawUpdate([{ client, clock: 0, structs }])
    }
    case 'far-origin': {
      const list = view.items.filter((i) => i.inList)
      const target = list.length > 0 ? list[int(list.length)]!.id : (pickItem()?.id ?? Y.createID(1, 0))
      return farOrigins(freshClient(), target, 1 + int(Math.min(2000, Math.floor(maxBytes / 12))))
    }
    case 'same-origin': {
      const origin = pickItem()?.id ?? Y.createID(1, 0)
      const clients: RawClient[] = []
      const count = 2 + int(500)
      const base = freshClient()
      for (let i = 0; i < count; i++)
        clients.push({
          client: base + i,
          clock: 0,
          structs: [
            { kind: 'item', origin, rightOrigin: random() < 0.5 ? origin : undefined, content: { string: 's' } },
          ],
        })
      return encodeRawUpdate(clients)
    }
    case 'gc': {
      const client = freshClient()
      const count = 1 + int(5000)
      const structs: RawStruct[] = Array.from({ length: count }, () => ({ kind: 'gc', len: 1 + int(3) }))
      const clocks = structs.reduce((sum, s) => sum + rawLength(s), 0)
      return encodeRawUpdate(
        [{ client, clock: 0, structs }],
        [[client, Array.from({ length: 1 + int(2000) }, () => [0, clocks] as [number, number])]],
      )
    }
    case 'mixed': {
      const client = freshClient()
      const structs: RawStruct[] = [
        { kind: 'item', parent: { root: 'records' }, parentSub: recordKey(), content: { type: 'map' } },
      ]
      const target = pickItem()
      for (let i = 1; i < 1 + int(200); i++) {
        const roll = int(4)
        if (roll === 0)
          structs.push({
            kind: 'item',
            parent: { item: Y.createID(client, int(i)) },
            parentSub: `m${i}`,
            content: { type: 'map' },
          })
        else if (roll === 1 && target) structs.push({ kind: 'item', origin: target.id, content: { string: 'm' } })
        else if (roll === 2)
          structs.push({
            kind: 'item',
            parent: { root: random() < 0.2 ? 'ledger' : 'records' },
            parentSub: recordKey(),
            content: { any: [i] },
          })
        else
          structs.push({
            kind: 'item',
            parent: { item: Y.createID(client, 0) },
            parentSub: `v${i}`,
            content: { string: 'v'.repeat(int(50)) },
          })
      }
      const [dc, ds] = pickState()
      return encodeRawUpdate(
        [{ client, clock: 0, structs }],
        [[dc, Array.from({ length: int(500) }, () => [int(ds), 1 + int(ds)] as [number, number])]],
      )
    }
  }
}
