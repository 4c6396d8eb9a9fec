import {
  addIdea,
  CLIENT_WRITABLE_ROOTS,
  getLedgerMap,
  initBoardDoc,
  newPageRecord,
  putRecord,
  readRecord,
  updateIdea,
  writeRound,
  writeSession,
  type PublishedRound,
} from '@roundtable/board'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DeletedIndex } from './deletedIndex'
import { checkClientUpdate, type GuardResult, type WriteRules } from './guard'
import { DEFAULT_UPDATE_LIMITS } from './limits'
import { readOutline, withDeleteSet } from './updateFormat'

const open: WriteRules = { allowedRoots: CLIENT_WRITABLE_ROOTS, lockedPages: new Set(), anonymous: false }

const round: PublishedRound = {
  id: 'round1',
  pageId: 'page:x',
  status: 'open',
  dotsPerPerson: 3,
  maxPerIdea: null,
  hidden: true,
  revealed: false,
  startedAt: 1,
  endsAt: null,
  closedAt: null,
  voters: 0,
  abstained: 0,
  dotsCast: 0,
  tallies: null,
}

/** A server doc with one idea and server-owned state, and a client replica of it. */
function setup() {
  const server = new Y.Doc()
  const { pageId } = initBoardDoc(server, { title: 'T', createdAt: 1 })
  const ideaId = addIdea(server, { text: 'Ramp' })
  server.transact(() => {
    writeRound(server, round)
    writeSession(server, 'settings', { anonymous: false, lockedPages: [] })
  })
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  /** Run a change on the client and return the update it produced. */
  const change = (fn: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client)
    fn(client)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, client, change, pageId, ideaId }
}

describe('checking a client update before it is applied', () => {
  it('allows ordinary board changes: move, recolour, typing, new ideas, actions', () => {
    const { server, change, ideaId } = setup()
    const updates = [
      change((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 400 })),
      change((d) => updateIdea(d, ideaId, { colour: 'green' })),
      change((d) => updateIdea(d, ideaId, { text: 'Ramp and rail' })),
      change((d) => addIdea(d, { text: 'New' })),
      change((d) => d.getMap('actions').set('action:1', new Y.Map())),
    ]
    for (const update of updates) {
      expect(checkClientUpdate(server, update, open)).toMatchObject({ ok: true })
      Y.applyUpdate(server, update)
    }
  })

  it('refuses writes into server-owned roots, new or existing, including overwrites and deletes', () => {
    const attempts: ((d: Y.Doc) => void)[] = [
      (d) => d.getMap('ledger').set('forged', 1),
      (d) => (getLedgerMap(d).get('rounds') as Y.Map<unknown>).set('round1', { ...round, tallies: { x: 99 } }),
      (d) => (getLedgerMap(d).get('rounds') as Y.Map<unknown>).delete('round1'),
      (d) => d.getMap('session').set('settings', { anonymous: true, lockedPages: [] }),
      (d) => d.getMap('somewhere-else').set('x', 1),
    ]
    for (const attempt of attempts) {
      const { server, change } = setup()
      expect(checkClientUpdate(server, change(attempt), open)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/only be changed by the server/),
      })
    }
  })

  it('refuses changes on a locked page, and moving a note onto one, but allows other pages', () => {
    const { server, client, pageId, ideaId } = setup()
    const other = 'page:other'
    server.transact(() => putRecord(server, newPageRecord(other, 'Board 2', 'a2')))
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    const rules = { ...open, lockedPages: new Set([pageId]) }
    // Each refused update would close its connection, so every attempt here starts from the same clean client.
    const fresh = () => {
      const c = new Y.Doc()
      Y.applyUpdate(c, Y.encodeStateAsUpdate(server))
      return (fn: (doc: Y.Doc) => void) => {
        const before = Y.encodeStateVector(c)
        fn(c)
        return Y.encodeStateAsUpdate(c, before)
      }
    }
    expect(
      checkClientUpdate(
        server,
        fresh()((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 1 })),
        rules,
      ),
    ).toMatchObject({ ok: false, reason: 'change.locked: this board is locked' })
    expect(
      checkClientUpdate(
        server,
        fresh()((d) => addIdea(d, { text: 'sneak', pageId })),
        rules,
      ),
    ).toMatchObject({ ok: false })
    expect(
      checkClientUpdate(
        server,
        fresh()((d) => addIdea(d, { text: 'fine', pageId: other })),
        rules,
      ),
    ).toMatchObject({ ok: true })
    const onOther = setup()
    onOther.server.transact(() => putRecord(onOther.server, newPageRecord(other, 'Board 2', 'a2')))
    Y.applyUpdate(onOther.client, Y.encodeStateAsUpdate(onOther.server, Y.encodeStateVector(onOther.client)))
    const lockedOther = { ...open, lockedPages: new Set([other]) }
    const moveIn = onOther.change((d) => putRecord(d, { ...readRecord(d, onOther.ideaId)!, parentId: other }))
    expect(checkClientUpdate(onOther.server, moveIn, lockedOther)).toMatchObject({
      ok: false,
      reason: 'change.locked: this board is locked',
    })
  })

  it('lets a client sync after a lock even though its history holds old deletions on that page', () => {
    const { server, client, change, pageId, ideaId } = setup()
    const moved = change((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 300 }))
    Y.applyUpdate(server, moved)
    const rules = { ...open, lockedPages: new Set([pageId]) }
    // What the client sends on reconnecting (sync step 2) carries its whole delete set, including that old move.
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))
    expect(checkClientUpdate(server, step2, rules)).toMatchObject({ ok: true })
  })

  it('counts the whole items an update deletes (to keep a version before a bulk delete)', () => {
    const { server, change, ideaId } = setup()
    const more = [addIdea(server, { text: 'b' }), addIdea(server, { text: 'c' })]
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(fresh)
    fresh.transact(() => {
      for (const id of [ideaId, ...more]) fresh.getMap('records').delete(id)
    })
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(fresh, before), open)).toMatchObject({
      ok: true,
      deletedRecords: 3,
      createdRecords: [],
    })
    let added = ''
    const verdict = checkClientUpdate(
      server,
      change((d) => (added = addIdea(d, { text: 'x' }))),
      open,
    )
    expect(verdict).toMatchObject({ ok: true, deletedRecords: 0, createdRecords: [added] })
  })

  it('refuses author fields in an anonymous session', () => {
    const { server, change, ideaId } = setup()
    const anonymous = { ...open, anonymous: true }
    const withAuthor = change((d) => putRecord(d, { ...readRecord(d, ideaId)!, meta: { author: 'Amina' } }))
    expect(checkClientUpdate(server, withAuthor, anonymous)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/anonymous/),
    })
    const lastEditor = change((d) => {
      const r = readRecord(d, ideaId)!
      putRecord(d, { ...r, props: { ...(r.props as object), textLastEditedBy: 'user:1' } })
    })
    expect(checkClientUpdate(server, lastEditor, anonymous)).toMatchObject({ ok: false })
    expect(checkClientUpdate(server, withAuthor, open)).toMatchObject({ ok: true })
  })

  it('refuses updates that depend on changes the server does not have, and deletes of unknown things', () => {
    const { server, change } = setup()
    change((d) => d.getMap('records').set('x', 1))
    // The second change depends on the first, which the server never received.
    const dependent = change((d) => d.getMap('records').set('x', 2))
    expect(checkClientUpdate(server, dependent, open)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not have/),
    })
    // A delete aimed at the server's own future items.
    const futureDelete = craftDelete(server.clientID, Y.getState(server.store, server.clientID) + 5)
    expect(checkClientUpdate(server, futureDelete, open)).toMatchObject({ ok: false })
  })
})

describe('the cost of an update is bounded by its size', () => {
  /** A board whose one writer made `records` records, each in its own transaction (none merge). */
  function board(records: number) {
    const { server, client, change } = setup()
    client.clientID = 77
    change((d) => {
      for (let i = 0; i < records; i++) d.getMap('records').set(`shape:${i}`, new Y.Map([['x', i]]))
    })
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))
    return { server, client, change }
  }
  const ok = (verdict: GuardResult) => {
    if (!verdict.ok) throw new Error(verdict.reason)
    return verdict
  }

  it('merges repeated and overlapping delete ranges: each record deleted counts once, and Yjs is given one range', () => {
    const { server } = board(20)
    const clocks = Y.getState(server.store, 77)
    const repeated: [number, number][] = []
    for (let i = 0; i < 5000; i++) repeated.push(i % 2 === 0 ? [0, clocks] : [i % clocks, clocks - (i % clocks)])
    const verdict = ok(checkClientUpdate(server, deletes(77, repeated), open))
    // Before: each of the 5,000 ranges walked every struct again, and every record counted 2,500 times.
    expect(verdict.deletedRecords).toBe(20)
    expect(readOutline(verdict.update).deletes.get(77)).toEqual([{ clock: 0, len: clocks }])
    Y.applyUpdate(server, verdict.update)
    // Sent again, nothing is left to walk: the board already deleted all of it.
    const again = ok(checkClientUpdate(server, deletes(77, repeated), open))
    expect(again).toMatchObject({ deletedRecords: 0, touched: [] })
    expect(readOutline(again.update).rawRanges).toBe(0)
  })

  it('applies an overwrite as the client sent it, and re-encodes only a delete set it changes', () => {
    const { server, change } = board(3)
    // Moving a record overwrites its x: the update deletes the old value, which the board still has.
    const move = change((d) => (d.getMap('records').get('shape:1') as Y.Map<unknown>).set('x', 100))
    const moved = ok(checkClientUpdate(server, move, open))
    expect(moved.update).toBe(move)
    // Each deletion written twice is merged: a copy with each range once.
    const doubled = change((d) => (d.getMap('records').get('shape:2') as Y.Map<unknown>).set('x', 200))
    const twice = withRepeatedDeletes(doubled)
    const checked = ok(checkClientUpdate(server, twice, open))
    expect(checked.update).not.toBe(twice)
    expect(readOutline(twice).rawRanges).toBe(2 * readOutline(doubled).rawRanges)
    expect(readOutline(checked.update).rawRanges).toBe(readOutline(doubled).rawRanges)
    Y.applyUpdate(server, moved.update)
    Y.applyUpdate(server, checked.update)
    const records = server.getMap('records')
    expect((records.get('shape:1') as Y.Map<unknown>).get('x')).toBe(100)
    expect((records.get('shape:2') as Y.Map<unknown>).get('x')).toBe(200)
  })

  it('refuses a delete set that would visit more structs than its size allows', () => {
    const { server } = board(200)
    const limits = { ...DEFAULT_UPDATE_LIMITS, deleteVisitsBase: 100, deleteVisitsPerByte: 0 }
    expect(checkClientUpdate(server, deletes(77, [[0, 400]]), open, { limits })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deletes too much/),
    })
    expect(checkClientUpdate(server, deletes(77, [[0, 60]]), open, { limits })).toMatchObject({
      ok: true,
      deletedRecords: 30,
    })
  })

  it('refuses too many delete ranges, or structs, before building anything for them', () => {
    const { server } = board(1)
    const limits = { ...DEFAULT_UPDATE_LIMITS, maxDeleteRanges: 10, maxStructs: 10 }
    const ranges = Array.from({ length: 11 }, () => [0, 1] as [number, number])
    expect(checkClientUpdate(server, deletes(77, ranges), open, { limits })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too many deletions/),
    })
    const many = new Y.Doc()
    many.getMap('records').set('shape:many', new Y.Map(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])))
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(many), open, { limits })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too many changes/),
    })
  })

  it('refuses deletions that split one stored struct many times (each split moves the rest of the list)', () => {
    const { server, change } = setup()
    const writer = new Y.Doc()
    writer.clientID = 88
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
    writer.getMap('actions').set('action:long', new Y.Map([['what', new Y.Text('a'.repeat(20_000))]]))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(server)))
    void change
    const text = Y.getState(server.store, 88) - 20_000
    const everyOther = Array.from({ length: 5000 }, (_, i) => [text + 2 * i, 1] as [number, number])
    expect(checkClientUpdate(server, deletes(88, everyOther), open)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/splits too many/),
    })
    // Deleting a word is one split or two.
    expect(checkClientUpdate(server, deletes(88, [[text + 100, 5]]), open)).toMatchObject({ ok: true })
  })

  it('refuses a chain of nested types deeper than 8 levels, at any length, and allows 8', () => {
    const { server } = setup()
    const nested = (depth: number) => {
      const d = new Y.Doc()
      let map = new Y.Map<unknown>()
      d.getMap('records').set('shape:deep', map) // depth 2
      for (let level = 3; level <= depth; level++) {
        const inner = new Y.Map<unknown>()
        map.set('k', inner)
        map = inner
      }
      return Y.encodeStateAsUpdate(d)
    }
    expect(checkClientUpdate(server, nested(8), open)).toMatchObject({ ok: true })
    expect(checkClientUpdate(server, nested(9), open)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deeper than 8/),
    })
    // Before: each level copied the path of the one above (18.6 s of CPU for 20,000 levels); now one step each,
    // and the check stops at the ninth.
    const chain = rawUpdate([{ client: 99, structs: deepChain(99, 20_000) }])
    expect(readOutline(chain).structs).toBe(20_000)
    expect(checkClientUpdate(server, chain, open)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/deeper than 8/),
    })
  })

  it('refuses items placed far from their right origin (Yjs would scan everything in between for each)', () => {
    const { server } = setup()
    const typists = [new Y.Doc(), new Y.Doc()]
    typists[0]!.clientID = 1
    typists[1]!.clientID = 2
    Y.applyUpdate(typists[0]!, Y.encodeStateAsUpdate(server))
    typists[0]!.getMap('actions').set('action:t', new Y.Map([['what', new Y.Text()]]))
    Y.applyUpdate(typists[1]!, Y.encodeStateAsUpdate(typists[0]!))
    // Two people taking turns: one struct per character.
    for (let i = 0; i < 2000; i++) {
      const [from, to] = i % 2 === 0 ? typists : [typists[1]!, typists[0]!]
      const text = (from!.getMap('actions').get('action:t') as Y.Map<Y.Text>).get('what')!
      text.insert(text.length, 'a')
      Y.applyUpdate(to!, Y.encodeStateAsUpdate(from!, Y.encodeStateVector(to!)))
    }
    Y.applyUpdate(server, Y.encodeStateAsUpdate(typists[0]!))
    const starts: Y.ID[] = []
    for (
      let item = (server.getMap('actions').get('action:t') as Y.Map<Y.Text>).get('what')!._start;
      item && starts.length < 120;
      item = item.right
    ) {
      starts.push(item.id)
    }
    const first = starts[0]!
    // Each names one of the first characters as its origin and the end as its right: it scans ~2,000 characters.
    // Over the update's budget by the hundredth.
    const far = rawUpdate(starts.map((origin, i) => ({ client: 500 + i, structs: [farItem(origin)] })))
    expect(checkClientUpdate(server, far, open)).toMatchObject({ ok: false, reason: expect.stringMatching(/far from/) })
    const tight = { ...DEFAULT_UPDATE_LIMITS, maxScanPerItem: 256 }
    expect(
      checkClientUpdate(server, rawUpdate([{ client: 499, structs: [farItem(first)] }]), open, { limits: tight }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/far from its neighbours/) })
    // Honest concurrent typing at one place is fine.
    const a = new Y.Doc()
    const b = new Y.Doc()
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(server)
    const typeAt = (d: Y.Doc, s: string) =>
      (d.getMap('actions').get('action:t') as Y.Map<Y.Text>).get('what')!.insert(10, s)
    typeAt(a, 'hello')
    typeAt(b, 'world')
    const fromA = Y.encodeStateAsUpdate(a, before)
    const fromB = Y.encodeStateAsUpdate(b, before)
    const verdictA = checkClientUpdate(server, fromA, open)
    expect(verdictA).toMatchObject({ ok: true })
    Y.applyUpdate(server, fromA)
    expect(checkClientUpdate(server, fromB, open)).toMatchObject({ ok: true })
  })

  it('refuses many new items sharing one origin (each would scan all the others)', () => {
    const { server } = setup()
    const same = rawUpdate(
      Array.from({ length: 40 }, (_, i) => ({
        client: 600 + i,
        structs: [{ parentRoot: 'records', parentSub: 'shape:x', any: i }],
      })),
    )
    expect(checkClientUpdate(server, same, open)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/concurrent changes at one place/),
    })
  })

  it('refuses items whose origins form a cycle, without looping', () => {
    const { server } = setup()
    const cycle = rawUpdate([
      {
        client: 700,
        structs: [
          { origin: Y.createID(700, 1), string: 'a' },
          { origin: Y.createID(700, 0), string: 'b' },
        ],
      },
    ])
    expect(checkClientUpdate(server, cycle, open)).toMatchObject({ ok: false })
  })

  it('keeps the index of deletions the same as a rebuild after each transaction', () => {
    const { server } = board(50)
    const index = DeletedIndex.fromDoc(server)
    server.on('afterTransaction', (t: Y.Transaction) => index.addTransaction(t))
    server.transact(() => {
      for (let i = 0; i < 50; i += 3) server.getMap('records').delete(`shape:${i}`)
    })
    const parts = (ix: DeletedIndex) => {
      const out: [number, number][] = []
      ix.forEachUndeleted(77, 0, Y.getState(server.store, 77), (a, b) => {
        out.push([a, b])
        return true
      })
      return out
    }
    expect(parts(index)).toEqual(parts(DeletedIndex.fromDoc(server)))
    expect(parts(index).length).toBeGreaterThan(10)
  })
})

/** A delete-only update, with ranges exactly as given (repeats and overlaps kept). */
function deletes(client: number, ranges: [number, number][]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, ranges.length)
  for (const [clock, len] of ranges) {
    encoding.writeVarUint(e, clock)
    encoding.writeVarUint(e, len)
  }
  return encoding.toUint8Array(e)
}

/** A hand-written struct: a string or JSON value, or a map; with an origin, or a parent (root or item) and key. */
interface RawItem {
  origin?: Y.ID
  parentRoot?: string
  parentItem?: Y.ID
  parentSub?: string
  string?: string
  any?: unknown
  map?: true
}

/** A V1 update of hand-written items (what a client that writes the format itself can send). */
function rawUpdate(clients: { client: number; structs: RawItem[] }[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, clients.length)
  for (const { client, structs } of clients) {
    encoding.writeVarUint(e, structs.length)
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, 0)
    for (const s of structs) {
      const ref = s.map ? 7 : s.string !== undefined ? 4 : 8
      encoding.writeUint8(e, ref | (s.origin ? 128 : 0) | (!s.origin && s.parentSub !== undefined ? 32 : 0))
      if (s.origin) {
        encoding.writeVarUint(e, s.origin.client)
        encoding.writeVarUint(e, s.origin.clock)
      } else {
        if (s.parentRoot !== undefined) {
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, s.parentRoot)
        } else {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, s.parentItem!.client)
          encoding.writeVarUint(e, s.parentItem!.clock)
        }
        if (s.parentSub !== undefined) encoding.writeVarString(e, s.parentSub)
      }
      if (s.map) encoding.writeVarUint(e, 1)
      else if (s.string !== undefined) encoding.writeVarString(e, s.string)
      else {
        encoding.writeVarUint(e, 1)
        encoding.writeAny(e, s.any as never)
      }
    }
  }
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

/** A chain of maps `depth` long: a record, then each level inside the one before. */
function deepChain(client: number, depth: number): RawItem[] {
  const structs: RawItem[] = [{ parentRoot: 'records', parentSub: 'shape:chain', map: true }]
  for (let level = 1; level < depth; level++)
    structs.push({ parentItem: Y.createID(client, level - 1), parentSub: 'k', map: true })
  return structs
}

/** A one-character item whose origin is `origin` and whose right origin is the end of the list. */
function farItem(origin: Y.ID): RawItem {
  return { origin, string: 'z' }
}

/** An update with no insertions that deletes one id. */
function craftDelete(clientId: number, clock: number): Uint8Array {
  const a = new Y.Doc()
  a.clientID = clientId
  const text = a.getText('t')
  text.insert(0, 'x'.repeat(clock + 1))
  const before = Y.encodeStateVector(a)
  text.delete(clock, 1)
  const update = Y.encodeStateAsUpdate(a, before)
  return update
}

/** The same update with each of its delete ranges written twice. */
function withRepeatedDeletes(update: Uint8Array): Uint8Array {
  const { deleteSetOffset, deletes } = readOutline(update)
  const twice = new Map(Array.from(deletes, ([client, ranges]) => [client, [...ranges, ...ranges]]))
  return withDeleteSet(update, deleteSetOffset, twice)
}
