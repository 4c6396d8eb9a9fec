import { createHash, randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { RoundRow } from './ledgerTypes'
import type { Storage, StoredDoc } from './types'

/** Rows stored for one board, counted straight from the tables rather than through the store. */
export interface StoredRows {
  boards: number
  snapshots: number
  updates: number
  versions: number
  photos: number
}

/** One open store under test, plus ways to look behind it. */
export interface StoreHarness {
  store: Storage
  /** Counts the rows kept for a board, reading the tables directly. */
  inspect(boardId: string): Promise<StoredRows>
  /** Opens another store on the same storage, as a restarted server would. */
  reopen(): Promise<StoreHarness>
}

/**
 * The behaviour every {@link BoardStore} must have. Each adapter's test file calls this with a function that opens
 * a store on fresh (or shared, but otherwise unused) storage; board ids are unique per test.
 */
export function describeBoardStore(name: string, open: () => Promise<StoreHarness>): void {
  const opened: Storage[] = []
  const track = async (harness: Promise<StoreHarness>): Promise<StoreHarness> => {
    const h = await harness
    opened.push(h.store)
    // Stores opened through reopen() are closed after the test too.
    const reopen = h.reopen
    return { ...h, reopen: () => track(reopen()) }
  }
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
  })

  let counter = 0
  const boardId = (label: string) => `${label}-${++counter}-${randomBytes(4).toString('hex')}`
  const bytes = (...n: number[]) => new Uint8Array(n)
  const keys = { participant: 'participant-key', facilitator: 'facilitator-key', view: 'view-key' }
  const board = (id: string, createdAt = 5) => ({ id, title: `Board ${id}`, createdAt, keys })
  const photo = (id: string, sourceHash: string, size: number) => ({
    id,
    createdAt: 7,
    width: 4,
    height: 3,
    sourceHash,
    data: new Uint8Array(size).fill(id.length),
  })
  const PHOTO_ROOM = { maxCount: 100, maxBytes: 1_000_000 }

  describe(`${name} photos`, () => {
    it('keeps a photo with its board, byte for byte, and finds it only on that board', async () => {
      const h = await track(open())
      const id = boardId('photos')
      const other = boardId('photos-other')
      await h.store.createBoard(board(id), bytes(0))
      await h.store.createBoard(board(other), bytes(0))
      const data = new Uint8Array(randomBytes(70_000))
      expect(await h.store.addPhoto(id, { ...photo('p1', 'h1', 1), data }, PHOTO_ROOM)).toEqual({ kind: 'added' })
      const again = await h.reopen()
      expect(await again.store.getPhoto(id, 'p1')).toEqual({ id: 'p1', createdAt: 7, width: 4, height: 3, data })
      expect(await again.store.getPhoto(other, 'p1')).toBeNull()
      expect(await again.store.photoUsage(id)).toEqual({ count: 1, bytes: 70_000 })
      expect(await again.store.photoUsage(other)).toEqual({ count: 0, bytes: 0 })
    })

    it('keeps the same upload once, and keeps a board within its count and bytes', async () => {
      const h = await track(open())
      const id = boardId('budget')
      await h.store.createBoard(board(id), bytes(0))
      const limits = { maxCount: 3, maxBytes: 250 }
      expect(await h.store.addPhoto(id, photo('p1', 'h1', 100), limits)).toEqual({ kind: 'added' })
      expect(await h.store.addPhoto(id, photo('p2', 'h1', 100), limits)).toEqual({
        kind: 'duplicate',
        id: 'p1',
        width: 4,
        height: 3,
        bytes: 100,
      })
      expect(await h.store.addPhoto(id, photo('p3', 'h3', 100), limits)).toEqual({ kind: 'added' })
      // 300 bytes would pass the byte budget.
      expect(await h.store.addPhoto(id, photo('p4', 'h4', 100), limits)).toEqual({ kind: 'full' })
      expect(await h.store.addPhoto(id, photo('p5', 'h5', 10), limits)).toEqual({ kind: 'added' })
      // A fourth photo would pass the count.
      expect(await h.store.addPhoto(id, photo('p6', 'h6', 1), limits)).toEqual({ kind: 'full' })
      expect(await h.store.photoUsage(id)).toEqual({ count: 3, bytes: 210 })
    })

    it('20 photos added at once through two stores never take a board past its budget', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const id = boardId('race')
      await h.store.createBoard(board(id), bytes(0))
      const limits = { maxCount: 5, maxBytes: 1_000_000 }
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? other : h).store.addPhoto(id, photo(`p${i}`, `h${i}`, 10), limits),
        ),
      )
      expect(results.filter((r) => r.kind === 'added')).toHaveLength(5)
      expect(results.filter((r) => r.kind === 'full')).toHaveLength(15)
      expect(await h.store.photoUsage(id)).toEqual({ count: 5, bytes: 50 })
    })
  })

  describe(`${name} board store`, () => {
    it('keeps a board, its snapshot and its updates across reopening', async () => {
      const h = await track(open())
      const id = boardId('round-trip')
      await h.store.createBoard({ id, title: 'Day services', createdAt: 5, keys }, bytes(1))
      const last = await h.store.appendUpdates(id, [bytes(2), bytes(3)])
      await h.store.close()

      const again = await h.reopen()
      expect(await again.store.getBoard(id)).toMatchObject({ id, title: 'Day services', createdAt: 5 })
      expect(await again.store.loadDoc(id)).toEqual({
        snapshot: bytes(1),
        updates: [bytes(2), bytes(3)],
        lastSeq: last,
      })
    })

    it('returns plain Uint8Arrays', async () => {
      const { store } = await track(open())
      const id = boardId('plain')
      await store.createBoard(board(id), bytes(1))
      await store.appendUpdates(id, [bytes(2)])
      const doc = await store.loadDoc(id)
      expect(Object.getPrototypeOf(doc.snapshot)).toBe(Uint8Array.prototype)
      expect(Object.getPrototypeOf(doc.updates[0])).toBe(Uint8Array.prototype)
    })

    it('answers null and an empty document for a board it does not have', async () => {
      const { store } = await track(open())
      expect(await store.getBoard('never-created')).toBeNull()
      expect(await store.loadDoc('never-created')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
    })

    it('resolves appendUpdates with increasing sequence numbers and touches updatedAt', async () => {
      const { store } = await track(open())
      const id = boardId('seq')
      await store.createBoard(board(id, 5), bytes(0))
      const first = await store.appendUpdates(id, [bytes(1), bytes(2)])
      const second = await store.appendUpdates(id, [bytes(3)])
      expect(first).toBeGreaterThan(0)
      expect(second).toBeGreaterThan(first)
      expect((await store.loadDoc(id)).lastSeq).toBe(second)
      expect((await store.getBoard(id))!.updatedAt).toBeGreaterThan(5)
    })

    it('folds the whole log into a snapshot and keeps what is appended afterwards', async () => {
      const { store } = await track(open())
      const id = boardId('compact')
      await store.createBoard(board(id), bytes(0))
      await store.appendUpdates(id, [bytes(1), bytes(2)])
      const last = await store.appendUpdates(id, [bytes(3)])
      const given: StoredDoc[] = []
      const folded = await store.compact(id, (stored) => {
        given.push(stored)
        return bytes(9)
      })
      expect(folded).toBe(3)
      expect(given).toEqual([{ snapshot: bytes(0), updates: [bytes(1), bytes(2), bytes(3)], lastSeq: last }])
      expect(await store.loadDoc(id)).toEqual({ snapshot: bytes(9), updates: [], lastSeq: last })

      const next = await store.appendUpdates(id, [bytes(4)])
      expect(next).toBeGreaterThan(last)
      expect(await store.loadDoc(id)).toEqual({ snapshot: bytes(9), updates: [bytes(4)], lastSeq: next })
      await store.compact(id, (stored) => new Uint8Array([...stored.snapshot!, ...stored.updates[0]!]))
      expect(await store.loadDoc(id)).toEqual({ snapshot: bytes(9, 4), updates: [], lastSeq: next })
    })

    it('does nothing when there is nothing to fold', async () => {
      const { store } = await track(open())
      const id = boardId('compact-empty')
      await store.createBoard(board(id), bytes(0))
      let called = false
      expect(await store.compact(id, () => ((called = true), bytes(9)))).toBe(0)
      expect(called).toBe(false)
      expect(await store.loadDoc(id)).toEqual({ snapshot: bytes(0), updates: [], lastSeq: 0 })
    })

    it('keeps updates appended by another store on the same storage while a compaction runs', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const id = boardId('compact-race')
      await h.store.createBoard(board(id), bytes(0))
      await h.store.appendUpdates(id, [bytes(1)])
      // Each fake update is one byte; a fake snapshot is 9 followed by every update byte it holds.
      const union = (stored: StoredDoc) => {
        const held = new Set([...(stored.snapshot ?? []).slice(1), ...stored.updates.map((u) => u[0]!)])
        return bytes(9, ...Array.from(held).sort((a, b) => a - b))
      }
      // Many appends from a second store (as from a second server) while the first compacts, more than once.
      const appends = Array.from({ length: 40 }, (_, i) => other.store.appendUpdates(id, [bytes(100 + i)]))
      await Promise.all([
        ...appends,
        h.store.compact(id, union),
        other.store.compact(id, union),
        h.store.compact(id, union),
      ])
      await h.store.compact(id, union)
      // Every update ever appended is in the final snapshot: none was dropped without being folded in.
      const doc = await h.store.loadDoc(id)
      expect(doc.updates).toEqual([])
      expect(Array.from(doc.snapshot!)).toEqual([9, 1, ...Array.from({ length: 40 }, (_, i) => 100 + i)])
    })

    it('refuses a second board with the same id and keeps the first', async () => {
      const { store } = await track(open())
      const id = boardId('same')
      await store.createBoard({ id, title: 'First', createdAt: 1, keys }, bytes(1))
      await expect(store.createBoard({ id, title: 'Second', createdAt: 2, keys }, bytes(2))).rejects.toThrow()
      expect(await store.getBoard(id)).toMatchObject({ title: 'First', createdAt: 1 })
      expect((await store.loadDoc(id)).snapshot).toEqual(bytes(1))
    })

    it('deletes everything stored for a board', async () => {
      const h = await track(open())
      const id = boardId('gone')
      const kept = boardId('kept')
      await h.store.createBoard(board(id), bytes(0))
      await h.store.createBoard(board(kept), bytes(0))
      await h.store.appendUpdates(id, [bytes(1), bytes(2)])
      await h.store.appendUpdates(kept, [bytes(1)])
      await h.store.saveVersion(
        id,
        { id: `${id}-v1`, createdAt: 1, reason: 'automatic', ideas: 0, actions: 0 },
        bytes(9),
      )
      await h.store.addPhoto(id, photo('p1', 'h1', 10), PHOTO_ROOM)
      await h.store.addPhoto(kept, photo('p1', 'h1', 10), PHOTO_ROOM)
      expect(await h.inspect(id)).toEqual({ boards: 1, snapshots: 1, updates: 2, versions: 1, photos: 1 })

      await h.store.deleteBoard(id)
      expect(await h.store.getBoard(id)).toBeNull()
      expect(await h.store.loadDoc(id)).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
      expect(await h.store.getPhoto(id, 'p1')).toBeNull()
      expect(await h.inspect(id)).toEqual({ boards: 0, snapshots: 0, updates: 0, versions: 0, photos: 0 })
      expect(await h.inspect(kept)).toEqual({ boards: 1, snapshots: 1, updates: 1, versions: 0, photos: 1 })
    })

    it('keeps restorable versions, newest first, and prunes the oldest', async () => {
      const { store } = await track(open())
      const id = boardId('versions')
      await store.createBoard(board(id), bytes(0))
      for (let i = 1; i <= 5; i++) {
        await store.saveVersion(
          id,
          { id: `${id}-v${i}`, createdAt: i * 10, reason: `r${i}`, ideas: i, actions: 0 },
          bytes(i),
        )
      }
      expect((await store.listVersions(id)).map((v) => v.id)).toEqual([5, 4, 3, 2, 1].map((i) => `${id}-v${i}`))
      expect(await store.getVersion(id, `${id}-v2`)).toEqual({
        info: { id: `${id}-v2`, createdAt: 20, reason: 'r2', ideas: 2, actions: 0 },
        state: bytes(2),
      })
      expect(await store.getVersion('other-board', `${id}-v2`)).toBeNull()
      await store.pruneVersions(id, 2)
      expect((await store.listVersions(id)).map((v) => v.id)).toEqual([`${id}-v5`, `${id}-v4`])
    })

    it('finds boards nobody has changed since a time', async () => {
      const { store } = await track(open())
      const old = boardId('old')
      const fresh = boardId('fresh')
      await store.createBoard(board(old, 1000), bytes(0))
      await store.createBoard(board(fresh, 1000), bytes(0))
      await store.appendUpdates(fresh, [bytes(1)])
      const untouched = await store.boardsUntouchedSince(5000)
      expect(untouched).toContain(old)
      expect(untouched).not.toContain(fresh)
    })

    it('keeps updates in call order under 200 concurrent appendUpdates calls', async () => {
      const { store } = await track(open())
      const id = boardId('order')
      await store.createBoard(board(id), bytes(0))
      const calls = Array.from({ length: 200 }, (_, i) => bytes(i >> 8, i & 0xff))
      const seqs = await Promise.all(calls.map((update) => store.appendUpdates(id, [update])))
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!)
      expect(await store.loadDoc(id)).toEqual({ snapshot: bytes(0), updates: calls, lastSeq: seqs.at(-1) })
    })

    it('keeps each board in call order when many boards append at once', async () => {
      const { store } = await track(open())
      const ids = Array.from({ length: 20 }, (_, b) => boardId(`many-${b}`))
      for (const id of ids) await store.createBoard(board(id), bytes(0))
      const batches = (b: number) => Array.from({ length: 10 }, (_, c) => [bytes(b, c, 0), bytes(b, c, 1)])
      // Interleave the calls: board 0 call 0, board 1 call 0, …, board 0 call 1, …
      const work: Promise<number>[][] = ids.map(() => [])
      for (let c = 0; c < 10; c++) {
        ids.forEach((id, b) => work[b]!.push(store.appendUpdates(id, batches(b)[c]!)))
      }
      for (const [b, id] of ids.entries()) {
        const seqs = await Promise.all(work[b]!)
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!)
        expect((await store.loadDoc(id)).updates).toEqual(batches(b).flat())
      }
    })

    it('keeps order for calls of thousands of updates mixed with small ones', async () => {
      const { store } = await track(open())
      const id = boardId('bulk')
      await store.createBoard(board(id), bytes(0))
      const call = (c: number, count: number) => Array.from({ length: count }, (_, i) => bytes(c, i >> 8, i & 0xff))
      const calls = [call(0, 2500), call(1, 3), call(2, 1200), call(3, 1)]
      const seqs = await Promise.all(calls.map((updates) => store.appendUpdates(id, updates)))
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!)
      const doc = await store.loadDoc(id)
      expect(doc.updates).toEqual(calls.flat())
      expect(doc.lastSeq).toBe(seqs.at(-1))
    })

    it('fails only the call for a missing board when others append at the same time', async () => {
      const h = await track(open())
      const a = boardId('ok-a')
      const b = boardId('ok-b')
      await h.store.createBoard(board(a), bytes(0))
      await h.store.createBoard(board(b), bytes(0))
      const results = await Promise.allSettled([
        h.store.appendUpdates(a, [bytes(1)]),
        h.store.appendUpdates('no-such-board', [bytes(2)]),
        h.store.appendUpdates(b, [bytes(3)]),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((await h.store.loadDoc(a)).updates).toEqual([bytes(1)])
      expect((await h.store.loadDoc(b)).updates).toEqual([bytes(3)])
      expect(await h.inspect('no-such-board')).toEqual({ boards: 0, snapshots: 0, updates: 0, versions: 0, photos: 0 })
    })

    it('answers ping while open and refuses once closed', async () => {
      const { store } = await track(open())
      await expect(store.ping()).resolves.toBeUndefined()
      await store.close()
      await expect(store.ping()).rejects.toThrow()
    })

    it('round-trips 5 MB snapshots and updates byte for byte', async () => {
      const h = await track(open())
      const id = boardId('large')
      const big = () => new Uint8Array(randomBytes(5 * 1024 * 1024))
      const sha = (data: Uint8Array | null | undefined) =>
        data ? createHash('sha256').update(data).digest('hex') : null
      const [initial, update, snapshot] = [big(), big(), big()]
      await h.store.createBoard(board(id), initial)
      await h.store.appendUpdates(id, [update])
      let doc = await h.store.loadDoc(id)
      expect([sha(doc.snapshot), doc.updates.map(sha)]).toEqual([sha(initial), [sha(update)]])

      await h.store.compact(id, () => snapshot)
      doc = await (await h.reopen()).store.loadDoc(id)
      expect([sha(doc.snapshot), doc.updates.length, doc.snapshot!.byteLength]).toEqual([
        sha(snapshot),
        0,
        5 * 1024 * 1024,
      ])
    })

    it('handles board ids with - and _ without mixing up similar ids', async () => {
      const h = await track(open())
      const suffix = randomBytes(4).toString('hex')
      const dashed = `odd-id-${suffix}`
      const underscored = `odd_id_${suffix}`
      const mixed = `-_odd--__id_-${suffix}`
      for (const [i, id] of [dashed, underscored, mixed].entries()) {
        await h.store.createBoard(board(id), bytes(i))
        await h.store.appendUpdates(id, [bytes(10 + i)])
      }
      await h.store.deleteBoard(dashed)
      expect(await h.inspect(dashed)).toEqual({ boards: 0, snapshots: 0, updates: 0, versions: 0, photos: 0 })
      expect(await h.store.loadDoc(underscored)).toMatchObject({ snapshot: bytes(1), updates: [bytes(11)] })
      expect(await h.store.loadDoc(mixed)).toMatchObject({ snapshot: bytes(2), updates: [bytes(12)] })
      expect(await h.store.getBoard(mixed)).toMatchObject({ id: mixed })
    })

    it('finishes appends already made when closed', async () => {
      const h = await track(open())
      const id = boardId('closing')
      await h.store.createBoard(board(id), bytes(0))
      const updates = Array.from({ length: 50 }, (_, i) => bytes(i))
      const pending = updates.map((update) => h.store.appendUpdates(id, [update]))
      await h.store.close()
      const seqs = await Promise.all(pending)
      expect(await (await h.reopen()).store.loadDoc(id)).toEqual({ snapshot: bytes(0), updates, lastSeq: seqs.at(-1) })
    })

    it('can be closed twice and refuses work once closed', async () => {
      const { store } = await track(open())
      await store.close()
      await store.close()
      await expect(store.appendUpdates('any', [bytes(1)])).rejects.toThrow()
      await expect(store.loadDoc('any')).rejects.toThrow()
    })
  })

  describe(`${name} ledger`, () => {
    /** A fresh board with one open round (3 dots each, no cap unless overridden). */
    async function withRound(h: StoreHarness, overrides: Partial<RoundRow> = {}) {
      const id = boardId('ledger')
      await h.store.createBoard(board(id), bytes(0))
      const round: RoundRow = {
        id: `round:${id}`,
        boardId: id,
        pageId: 'page:1',
        status: 'open',
        dotsPerPerson: 3,
        maxPerIdea: null,
        hidden: true,
        revealed: false,
        anonymous: false,
        secret: null,
        startedAt: 1,
        endsAt: null,
        closedAt: null,
        ...overrides,
      }
      await h.store.createRound(round)
      return { boardId: id, roundId: round.id, round }
    }

    it('keeps the keys a board was created with, and sessions by token hash', async () => {
      const h = await track(open())
      const id = boardId('keys')
      await h.store.createBoard(board(id), bytes(0))
      expect(await h.store.getKeys(id)).toEqual(keys)
      expect(await h.store.getKeys('never-created')).toBeNull()
      const session = { boardId: id, role: 'participant' as const, personId: 'person-1', createdAt: 7 }
      await h.store.createSession('token-hash-1', session)
      expect(await (await h.reopen()).store.getSession('token-hash-1')).toEqual(session)
      expect(await h.store.getSession('no-such-hash')).toBeNull()
      await expect(h.store.createSession('token-hash-1', session)).rejects.toThrow()
    })

    it('keeps each voter within their budget', async () => {
      const h = await track(open())
      const { roundId } = await withRound(h)
      const outcomes = []
      for (let i = 0; i < 5; i++) outcomes.push(await h.store.placeDot(roundId, 'alice', 'idea:a', i))
      expect(outcomes).toEqual(['ok', 'ok', 'ok', 'budget', 'budget'])
      expect(await h.store.voterDots(roundId, 'alice')).toEqual({ dots: { 'idea:a': 3 }, abstained: false })
      expect(await h.store.voterDots(roundId, 'nobody')).toEqual({ dots: {}, abstained: false })
      expect(await h.store.roundTotals(roundId)).toEqual({
        tallies: { 'idea:a': 3 },
        voters: 1,
        abstained: 0,
        dotsCast: 3,
      })
    })

    it('applies the per-idea cap, and moving a dot respects budget and cap', async () => {
      const h = await track(open())
      const { roundId } = await withRound(h, { maxPerIdea: 2 })
      expect(await h.store.placeDot(roundId, 'bo', 'idea:a', 1)).toBe('ok')
      expect(await h.store.placeDot(roundId, 'bo', 'idea:a', 2)).toBe('ok')
      expect(await h.store.placeDot(roundId, 'bo', 'idea:a', 3)).toBe('cap')
      expect(await h.store.placeDot(roundId, 'bo', 'idea:b', 4)).toBe('ok')
      expect(await h.store.moveDot(roundId, 'bo', 'idea:b', 'idea:a', 5)).toBe('cap')
      expect(await h.store.moveDot(roundId, 'bo', 'idea:a', 'idea:c', 6)).toBe('ok')
      expect(await h.store.moveDot(roundId, 'bo', 'idea:zzz', 'idea:c', 7)).toBe('none')
      expect((await h.store.voterDots(roundId, 'bo')).dots).toEqual({ 'idea:a': 1, 'idea:b': 1, 'idea:c': 1 })
      expect(await h.store.removeDot(roundId, 'bo', 'idea:a')).toBe('ok')
      expect(await h.store.removeDot(roundId, 'bo', 'idea:a')).toBe('none')
      expect((await h.store.roundTotals(roundId)).tallies).toEqual({ 'idea:b': 1, 'idea:c': 1 })
    })

    it('counts abstaining apart from voting, and clears the abstainer’s dots', async () => {
      const h = await track(open())
      const { roundId } = await withRound(h)
      await h.store.placeDot(roundId, 'cy', 'idea:a', 1)
      await h.store.placeDot(roundId, 'dee', 'idea:b', 1)
      expect(await h.store.setAbstain(roundId, 'cy', true)).toBe('ok')
      expect(await h.store.setAbstain(roundId, 'cy', true)).toBe('ok')
      expect(await h.store.voterDots(roundId, 'cy')).toEqual({ dots: {}, abstained: true })
      expect(await h.store.roundTotals(roundId)).toEqual({
        tallies: { 'idea:b': 1 },
        voters: 1,
        abstained: 1,
        dotsCast: 1,
      })
      await h.store.placeDot(roundId, 'cy', 'idea:a', 2)
      expect(await h.store.voterDots(roundId, 'cy')).toEqual({ dots: { 'idea:a': 1 }, abstained: false })
      expect(await h.store.setAbstain(roundId, 'dee', true)).toBe('ok')
      expect(await h.store.setAbstain(roundId, 'dee', false)).toBe('ok')
      expect(await h.store.roundTotals(roundId)).toEqual({
        tallies: { 'idea:a': 1 },
        voters: 1,
        abstained: 0,
        dotsCast: 1,
      })
    })

    it('refuses every change once the round is closed, and forgets the anonymous secret', async () => {
      const h = await track(open())
      const { boardId: id, roundId } = await withRound(h, { anonymous: true, secret: 'round-secret' })
      expect(await h.store.getRound(id, roundId)).toMatchObject({
        anonymous: true,
        secret: 'round-secret',
        hidden: true,
      })
      await h.store.placeDot(roundId, 'dee', 'idea:a', 1)
      await h.store.closeRound(id, roundId, 10)
      expect(await h.store.placeDot(roundId, 'dee', 'idea:a', 11)).toBe('closed')
      expect(await h.store.removeDot(roundId, 'dee', 'idea:a')).toBe('closed')
      expect(await h.store.moveDot(roundId, 'dee', 'idea:a', 'idea:b', 12)).toBe('closed')
      expect(await h.store.setAbstain(roundId, 'dee', true)).toBe('closed')
      expect(await h.store.placeDot('round:none', 'dee', 'idea:a', 11)).toBe('closed')
      expect(await h.store.getRound(id, roundId)).toMatchObject({ status: 'closed', closedAt: 10, secret: null })
      await h.store.revealRound(id, roundId)
      expect(await h.store.getRound(id, roundId)).toMatchObject({ revealed: true })
      expect(await h.store.roundTotals(roundId)).toEqual({
        tallies: { 'idea:a': 1 },
        voters: 1,
        abstained: 0,
        dotsCast: 1,
      })
    })

    it('allows only one open round per board, lists rounds in order, and finds a round only on its board', async () => {
      const h = await track(open())
      const { boardId: id, round } = await withRound(h)
      await expect(h.store.createRound({ ...round, id: `${round.id}-2` })).rejects.toThrow()
      await h.store.closeRound(id, round.id, 5)
      await h.store.createRound({ ...round, id: `${round.id}-3`, startedAt: 6, endsAt: 99, maxPerIdea: 2 })
      const rounds = await h.store.listRounds(id)
      expect(rounds.map((r) => [r.id, r.status])).toEqual([
        [round.id, 'closed'],
        [`${round.id}-3`, 'open'],
      ])
      expect(rounds[1]).toEqual({ ...round, id: `${round.id}-3`, startedAt: 6, endsAt: 99, maxPerIdea: 2 })
      expect(await h.store.getRound('another-board', round.id)).toBeNull()
    })

    it('keeps one stance per person per action', async () => {
      const h = await track(open())
      const { boardId: id } = await withRound(h)
      await h.store.setStance(id, 'action:1', 'eve', { stance: 'agree', name: 'Eve', note: '', updatedAt: 1 })
      await h.store.setStance(id, 'action:1', 'eve', { stance: 'concern', name: 'Eve', note: 'cost', updatedAt: 2 })
      await h.store.setStance(id, 'action:1', 'fay', { stance: 'agree', name: null, note: '', updatedAt: 2 })
      await h.store.setStance(id, 'action:2', 'eve', { stance: 'agree', name: 'Eve', note: '', updatedAt: 3 })
      expect(await h.store.listStances(id, 'action:1')).toEqual([
        { stance: 'concern', name: 'Eve', note: 'cost', updatedAt: 2 },
        { stance: 'agree', name: null, note: '', updatedAt: 2 },
      ])
      expect(await h.store.voterStance(id, 'action:1', 'eve')).toEqual({
        stance: 'concern',
        name: 'Eve',
        note: 'cost',
        updatedAt: 2,
      })
      await h.store.setStance(id, 'action:1', 'eve', null)
      expect(await h.store.listStances(id, 'action:1')).toEqual([
        { stance: 'agree', name: null, note: '', updatedAt: 2 },
      ])
      expect(await h.store.voterStance(id, 'action:1', 'eve')).toBeNull()
    })

    it('forgets keys, sessions, rounds, dots and stances with the board', async () => {
      const h = await track(open())
      const { boardId: id, roundId } = await withRound(h)
      await h.store.createSession(`hash-${id}`, { boardId: id, role: 'view', personId: 'p', createdAt: 1 })
      await h.store.placeDot(roundId, 'gil', 'idea:a', 1)
      await h.store.setStance(id, 'action:1', 'gil', { stance: 'agree', name: 'Gil', note: '', updatedAt: 1 })
      await h.store.deleteBoard(id)
      expect(await h.store.getKeys(id)).toBeNull()
      expect(await h.store.getSession(`hash-${id}`)).toBeNull()
      expect(await h.store.listRounds(id)).toEqual([])
      expect(await h.store.roundTotals(roundId)).toEqual({ tallies: {}, voters: 0, abstained: 0, dotsCast: 0 })
      expect(await h.store.listStances(id, 'action:1')).toEqual([])
    })

    // The fairness checks under real concurrency: two stores on the same storage stand for two servers.
    it('50 voters placing at once, through two stores, get exactly their budget each', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const { roundId } = await withRound(h, { dotsPerPerson: 3 })
      const voters = Array.from({ length: 50 }, (_, v) => `voter-${v}`)
      // Each voter fires 5 dots at once (2 over budget), alternating between the stores.
      const calls: Promise<string>[] = []
      for (const voter of voters) {
        for (let attempt = 0; attempt < 5; attempt++) {
          calls.push((attempt % 2 ? other : h).store.placeDot(roundId, voter, 'idea:one', attempt))
        }
      }
      const outcomes = await Promise.all(calls)
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(150)
      expect(outcomes.filter((o) => o === 'budget')).toHaveLength(100)
      expect(await h.store.roundTotals(roundId)).toEqual({
        tallies: { 'idea:one': 150 },
        voters: 50,
        abstained: 0,
        dotsCast: 150,
      })
      for (const voter of voters) expect((await other.store.voterDots(roundId, voter)).dots).toEqual({ 'idea:one': 3 })
    })

    it('one person firing 20 placeDot calls at once, through two stores, gets exactly 3 dots on a 3-dot budget', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const { roundId } = await withRound(h, { dotsPerPerson: 3 })
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other : h).store.placeDot(roundId, 'hammer', `idea:${i % 4}`, i)),
      )
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3)
      expect((await h.store.roundTotals(roundId)).dotsCast).toBe(3)
      const moves = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : h).store.moveDot(roundId, 'hammer', `idea:${i % 4}`, 'idea:9', i),
        ),
      )
      const { dots } = await h.store.voterDots(roundId, 'hammer')
      expect(Object.values(dots).reduce((a, b) => a + b, 0)).toBe(3)
      expect(dots['idea:9'] ?? 0).toBe(moves.filter((m) => m === 'ok').length)
    })

    it('one person firing 20 placeDot calls at once on one idea gets exactly the per-idea cap', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const { roundId } = await withRound(h, { dotsPerPerson: 10, maxPerIdea: 2 })
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other : h).store.placeDot(roundId, 'capped', 'idea:x', i)),
      )
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(2)
      expect(outcomes.filter((o) => o === 'cap')).toHaveLength(18)
    })

    it('counts no dot placed after the close, however the calls interleave', async () => {
      const h = await track(open())
      const other = await h.reopen()
      const { boardId: id, roundId } = await withRound(h, { dotsPerPerson: 5 })
      const calls: Promise<string>[] = []
      for (let i = 0; i < 60; i++) {
        calls.push((i % 2 ? other : h).store.placeDot(roundId, `late-${i % 30}`, 'idea:a', i))
        if (i === 30) calls.push(h.store.closeRound(id, roundId, 100).then(() => 'closing'))
      }
      const outcomes = await Promise.all(calls)
      // Every 'ok' is stored and nothing else is: the dots cast equal the placements that were accepted.
      expect((await h.store.roundTotals(roundId)).dotsCast).toBe(outcomes.filter((o) => o === 'ok').length)
      expect(await h.store.placeDot(roundId, 'after', 'idea:a', 200)).toBe('closed')
    })

    it('keeps answers and idea authors, and hands back contributions without anonymous rounds', async () => {
      const h = await track(open())
      const { boardId: id, roundId } = await withRound(h, { dotsPerPerson: 5 })
      await h.store.setAnswer(id, 'ann', 'I am an unpaid carer', 1)
      await h.store.setAnswer(id, 'bo', '', 2)
      await h.store.setAnswer(id, 'bo', 'I work in services', 3)
      await h.store.setAnswer(id, 'cy', '', 4)
      await h.store.setAnswer(id, 'cy', null, 5)
      expect(await h.store.getAnswer(id, 'bo')).toBe('I work in services')
      expect(await h.store.getAnswer(id, 'cy')).toBeNull()
      await h.store.recordIdeaAuthor(id, 'shape:1', 'ann')
      await h.store.recordIdeaAuthor(id, 'shape:1', 'bo')
      await h.store.placeDot(roundId, 'ann', 'shape:1', 1)
      await h.store.placeDot(roundId, 'ann', 'shape:1', 2)
      await h.store.placeDot(roundId, 'bo', 'shape:1', 3)
      await h.store.setStance(id, 'action:1', 'bo', { stance: 'agree', name: 'Bo', note: '', updatedAt: 1 })
      await h.store.setStance(id, 'action:1', 'ann', { stance: 'concern', name: 'Ann', note: '', updatedAt: 1 })
      await h.store.closeRound(id, roundId, 10)
      await h.store.createRound({
        id: `round:anon-${id}`,
        boardId: id,
        pageId: 'page:1',
        status: 'open',
        dotsPerPerson: 3,
        maxPerIdea: null,
        hidden: false,
        revealed: false,
        anonymous: true,
        secret: 's',
        startedAt: 20,
        endsAt: null,
        closedAt: null,
      })
      await h.store.placeDot(`round:anon-${id}`, 'hashed-voter', 'shape:1', 21)
      expect(await (await h.reopen()).store.contributions(id)).toEqual({
        answers: [
          { personId: 'ann', group: 'I am an unpaid carer' },
          { personId: 'bo', group: 'I work in services' },
        ],
        ideaAuthors: [{ ideaId: 'shape:1', personId: 'ann' }],
        dots: [
          { roundId, voter: 'ann', ideaId: 'shape:1', dots: 2 },
          { roundId, voter: 'bo', ideaId: 'shape:1', dots: 1 },
        ],
        agreements: [{ actionId: 'action:1', voter: 'bo' }],
      })
      await h.store.deleteBoard(id)
      expect(await h.store.contributions(id)).toEqual({ answers: [], ideaAuthors: [], dots: [], agreements: [] })
    })
  })

  describe(`${name} series of sessions`, () => {
    const seriesRow = (id: string, name = 'Carers forum') => ({
      id,
      name,
      createdAt: 7,
      pageKey: `page-${id}`,
      feedKey: `feed-${id}`,
    })

    it('makes a series from a session and its follow-on, then adds sessions in order', async () => {
      const { store } = await track(open())
      const first = boardId('series-first')
      await store.createBoard(board(first), bytes(1))
      expect(await store.seriesOfBoard(first)).toBeNull()
      const sid = boardId('series')
      const second = boardId('series-second')
      expect(await store.createFollowOn(first, seriesRow(sid), board(second, 6), bytes(2), 200)).toBe('ok')
      // A later follow-on, from any session, joins the same series at its end (the candidate row is not used).
      const third = boardId('series-third')
      expect(await store.createFollowOn(first, seriesRow(boardId('unused')), board(third, 8), bytes(3), 200)).toBe('ok')
      expect(await store.seriesOfBoard(third)).toEqual(seriesRow(sid))
      expect(await store.getSeries(sid)).toEqual(seriesRow(sid))
      const sessions = await store.listSeriesSessions(sid)
      expect(sessions.map((s) => s.boardId)).toEqual([first, second, third])
      expect(sessions[1]).toMatchObject({ title: `Board ${second}`, createdAt: 6 })
      expect((await store.loadDoc(third)).snapshot).toEqual(bytes(3))
      expect(await store.getKeys(third)).toMatchObject(keys)

      expect(
        await store.createFollowOn(boardId('gone'), seriesRow(boardId('x')), board(boardId('y')), bytes(1), 200),
      ).toBe('missing')
      const refused = boardId('series-fourth')
      expect(await store.createFollowOn(second, seriesRow(sid), board(refused), bytes(4), 3)).toBe('full')
      // A refused follow-on leaves no board behind.
      expect(await store.getBoard(refused)).toBeNull()

      await store.renameSeries(sid, 'Carers forum 2027')
      await store.setSeriesKey(sid, 'feed', 'new-feed-key')
      expect(await store.getSeries(sid)).toMatchObject({
        name: 'Carers forum 2027',
        feedKey: 'new-feed-key',
        pageKey: `page-${sid}`,
      })
    })

    it('keeps positions unique and the limit exact when follow-ons race', async () => {
      const { store } = await track(open())
      const first = boardId('race-first')
      await store.createBoard(board(first), bytes(1))
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.createFollowOn(first, seriesRow(boardId('race-series')), board(boardId('race')), bytes(2), 4),
        ),
      )
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3)
      expect(outcomes.filter((o) => o === 'full')).toHaveLength(3)
      const series = (await store.seriesOfBoard(first))!
      const sessions = await store.listSeriesSessions(series.id)
      expect(sessions).toHaveLength(4)
      expect(new Set(sessions.map((s) => s.position)).size).toBe(4)
    })

    it('takes a deleted session out of its series, and the series with its last session', async () => {
      const { store } = await track(open())
      const first = boardId('del-first')
      const second = boardId('del-second')
      await store.createBoard(board(first), bytes(1))
      const sid = boardId('del-series')
      await store.createFollowOn(first, seriesRow(sid), board(second), bytes(2), 200)
      await store.deleteBoard(first)
      expect((await store.listSeriesSessions(sid)).map((s) => s.boardId)).toEqual([second])
      expect(await store.getSeries(sid)).not.toBeNull()
      await store.deleteBoard(second)
      expect(await store.getSeries(sid)).toBeNull()

      const a = boardId('del-a')
      const b = boardId('del-b')
      await store.createBoard(board(a), bytes(1))
      const other = boardId('del-series-2')
      await store.createFollowOn(a, seriesRow(other), board(b), bytes(2), 200)
      await store.deleteSeries(other)
      expect(await store.seriesOfBoard(a)).toBeNull()
      // deleteSeries takes only the series: its sessions are deleted by the caller, one by one.
      expect(await store.getBoard(a)).not.toBeNull()
    })

    it('counts a series as one for retention: kept while any session of it was used', async () => {
      const { store } = await track(open())
      const old = boardId('ret-old')
      const recent = boardId('ret-recent')
      const lone = boardId('ret-lone')
      await store.createBoard(board(old, 100), bytes(1))
      await store.createBoard(board(lone, 100), bytes(1))
      await store.createFollowOn(old, seriesRow(boardId('ret-series')), board(recent, 5000), bytes(2), 200)
      const mine = new Set([old, recent, lone])
      const untouched = async (time: number) =>
        (await store.boardsUntouchedSince(time)).filter((id) => mine.has(id)).sort()
      expect(await untouched(1000)).toEqual([lone])
      expect(await untouched(6000)).toEqual([old, recent, lone].sort())
    })
  })
}
