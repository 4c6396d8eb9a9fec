import { addIdea, CloseCodes, getRecordsMap, getSessionMap, initBoardDoc, listIdeas } from '@roundtable/board'
import { openSqliteStore } from '@roundtable/storage'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage, encodeSyncStep1, encodeUpdate } from './protocol'
import { DEFAULT_ROOM_LIMITS } from './limits'
import { Room, type RoomOptions } from './room'
import { readOutline, withDeleteSet } from './updateFormat'
import { silentLogger } from './log'
import type { Connection } from './socket'

/** An in-memory socket that records what the room sends. */
function memorySocket(viewOnly = false) {
  const sent: Uint8Array[] = []
  const closed: { code: number; reason: string }[] = []
  const connection: Connection = {
    role: viewOnly ? 'view' : 'participant',
    socket: { send: (d) => void sent.push(d), close: (code, reason) => void closed.push({ code, reason }) },
  }
  return { connection, sent, closed }
}

async function newRoom(
  compaction = { minLogBytes: 1 << 20, quietMs: 60_000 },
  ideas = 0,
  options: Partial<RoomOptions> = {},
) {
  const store = openSqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'rt-room-')) })
  const doc = new Y.Doc()
  initBoardDoc(doc, { title: 'Room test', createdAt: 1 })
  for (let i = 0; i < ideas; i++) addIdea(doc, { text: `stored idea ${i}` })
  await store.createBoard(
    { id: 'room-test-0001', title: 'Room test', createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
    Y.encodeStateAsUpdate(doc),
  )
  const room = await Room.load({ boardId: 'room-test-0001', store, log: silentLogger, compaction, ...options })
  return { room, store }
}

/** Retry until `check` holds (or fail after ~2 s). */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function updateFrom(fn: (doc: Y.Doc) => void, base: Y.Doc): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  fn(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('Room', () => {
  it('stores an update before sending it to the others, and not back to its sender', async () => {
    const { room, store } = await newRoom()
    const a = memorySocket()
    const b = memorySocket()
    room.join(a.connection)
    room.join(b.connection)
    const sentToBBefore = b.sent.length
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'hello' }), room.doc)))
    await room.whenFlushed()
    expect(b.sent.length).toBe(sentToBBefore + 1)
    expect(a.sent.every((f) => decodeMessage(f).kind !== 'update')).toBe(true)
    const stored = await store.loadDoc('room-test-0001')
    expect(stored.updates.length).toBe(1)
  })

  it('drops document changes from a view-only connection', async () => {
    const { room, store } = await newRoom()
    const viewer = memorySocket(true)
    const other = memorySocket()
    room.join(viewer.connection)
    room.join(other.connection)
    const before = other.sent.length
    room.receive(viewer.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'sneaky' }), room.doc)))
    await room.whenFlushed()
    expect(listIdeas(room.doc)).toEqual([])
    expect(other.sent.length).toBe(before)
    expect((await store.loadDoc('room-test-0001')).updates).toEqual([])
    expect(viewer.closed).toEqual([])
  })

  it('closes only the connection that sent a corrupt update', async () => {
    const { room } = await newRoom()
    const bad = memorySocket()
    const good = memorySocket()
    room.join(bad.connection)
    room.join(good.connection)
    room.receive(bad.connection, encodeUpdate(new Uint8Array([1, 200, 3, 4, 5, 6, 7])))
    await room.whenFlushed()
    expect(bad.closed[0]?.code).toBe(CloseCodes.BadMessage)
    expect(good.closed).toEqual([])
    expect(room.size).toBe(1)
  })

  it('answers sync step 1 with what the client lacks', async () => {
    const { room } = await newRoom()
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await room.whenFlushed()
    await new Promise((r) => setTimeout(r, 0))
    const step2 = a.sent.map((f) => decodeMessage(f)).find((m) => m.kind === 'update')
    expect(step2).toBeDefined()
    const client = new Y.Doc()
    Y.applyUpdate(client, (step2 as { update: Uint8Array }).update)
    expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(room.doc))
  })

  it('stores the updates of one turn as one row and sends them to everyone as one frame', async () => {
    const { room, store } = await newRoom()
    const [a, b, c] = [memorySocket(), memorySocket(), memorySocket()]
    for (const s of [a, b, c]) room.join(s.connection)
    const before = c.sent.length
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'from a' }), room.doc)))
    room.receive(b.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'from b' }), room.doc)))
    await room.whenFlushed()
    expect(c.sent.length).toBe(before + 1)
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc))
    expect(
      listIdeas(client)
        .map((i) => i.text)
        .sort(),
    ).toEqual(['from a', 'from b'])
    expect((await store.loadDoc('room-test-0001')).updates.length).toBe(1)
  })

  it('folds the log into the snapshot once the log is four times the snapshot, not before', async () => {
    const { room, store } = await newRoom({ minLogBytes: 1, quietMs: 60_000 }, 20)
    const snapshotBytes = (await store.loadDoc('room-test-0001')).snapshot!.length
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'small' }), room.doc)))
    await room.whenFlushed()
    await room.whenFlushed()
    expect((await store.loadDoc('room-test-0001')).updates.length).toBe(1)
    room.receive(
      a.connection,
      encodeUpdate(updateFrom((d) => addIdea(d, { text: 'x'.repeat(4 * snapshotBytes) }), room.doc)),
    )
    await room.whenFlushed()
    await room.whenFlushed()
    const stored = await store.loadDoc('room-test-0001')
    expect(stored.updates).toEqual([])
    const rebuilt = new Y.Doc()
    Y.applyUpdate(rebuilt, stored.snapshot!)
    expect(Y.encodeStateAsUpdate(rebuilt)).toEqual(Y.encodeStateAsUpdate(room.doc))
  })

  it('folds a small log once the board has been quiet', async () => {
    const { room, store } = await newRoom({ minLogBytes: 1 << 20, quietMs: 50 })
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'then silence' }), room.doc)))
    await room.whenFlushed()
    expect((await store.loadDoc('room-test-0001')).updates.length).toBe(1)
    await until(async () => (await store.loadDoc('room-test-0001')).updates.length === 0, 'the quiet compaction')
    const rebuilt = new Y.Doc()
    Y.applyUpdate(rebuilt, (await store.loadDoc('room-test-0001')).snapshot!)
    expect(listIdeas(rebuilt).map((i) => i.text)).toEqual(['then silence'])
  })

  // Regression: applying a batch in one transaction let Yjs drop a value overwritten within the batch before the
  // batch was sent, so the others never received the first of two quick changes.
  it('sends every change of a batch, even one overwritten within it, and then frees the overwritten content', async () => {
    const { room } = await newRoom()
    const [a, c] = [memorySocket(), memorySocket()]
    room.join(a.connection)
    room.join(c.connection)
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room.doc))
    const id = addIdea(writer, { text: 'moved twice' })
    room.receive(a.connection, encodeUpdate(Y.encodeStateAsUpdate(writer, Y.encodeStateVector(room.doc))))
    await room.whenFlushed()
    const sent: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => sent.push(u))
    for (const stamp of ['first-stamp', 'second-stamp'])
      writer.transact(() => (getRecordsMap(writer).get(id) as Y.Map<unknown>).set('meta', { stamp }))
    const before = c.sent.length
    for (const update of sent) room.receive(a.connection, encodeUpdate(update))
    await room.whenFlushed()
    expect(c.sent.length).toBe(before + 1)
    const text = new TextDecoder().decode(c.sent.at(-1))
    expect(text).toContain('first-stamp')
    expect(text).toContain('second-stamp')
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(room.doc))).not.toContain('first-stamp')
  })

  it('answers new clients of a stored board from its snapshot, and builds the doc only for a change', async () => {
    const { room, store } = await newRoom(undefined, 20)
    const snapshot = (await store.loadDoc('room-test-0001')).snapshot!
    const [a, b] = [memorySocket(), memorySocket()]
    for (const s of [a, b]) {
      room.join(s.connection)
      room.receive(s.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
      room.receive(s.connection, encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())))
    }
    await room.whenFlushed()
    await new Promise((r) => setTimeout(r, 0))
    const built = new Y.Doc()
    Y.applyUpdate(built, snapshot)
    const messages = a.sent.map((f) => decodeMessage(f))
    expect(messages[0]).toEqual({ kind: 'sync-step1', stateVector: Y.encodeStateVector(built) })
    expect(messages.find((m) => m.kind === 'update')).toEqual({ kind: 'update', update: snapshot })
    expect(room.docBuilt).toBe(false)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'one more' }), built)))
    await room.whenFlushed()
    expect(room.docBuilt).toBe(true)
    expect(listIdeas(room.doc)).toHaveLength(21)
  })

  it('still checks the first change to a board it has not built against the stored board', async () => {
    const { room, store } = await newRoom(undefined, 1)
    const stored = new Y.Doc()
    Y.applyUpdate(stored, (await store.loadDoc('room-test-0001')).snapshot!)
    const pageId = listIdeas(stored)[0]!.pageId
    await room.change((doc) => getSessionMap(doc).set('settings', { lockedPages: [pageId] }))
    await room.compact()
    room.close(1001, 'test')
    const fresh = await Room.load({
      boardId: 'room-test-0001',
      store,
      log: silentLogger,
      compaction: { minLogBytes: 1, quietMs: 60_000 },
    })
    expect(fresh.docBuilt).toBe(false)
    const a = memorySocket()
    fresh.join(a.connection)
    Y.applyUpdate(stored, (await store.loadDoc('room-test-0001')).snapshot!)
    fresh.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'on a locked page' }), stored)))
    await fresh.whenFlushed()
    expect(a.closed[0]?.code).toBe(CloseCodes.ChangeRefused)
    expect(listIdeas(fresh.doc)).toHaveLength(1)
  })

  it('answers new clients with the snapshot a fold just made, until the next change', async () => {
    const { room, store } = await newRoom({ minLogBytes: 1 << 20, quietMs: 60_000 })
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'before the fold' }), room.doc)))
    await room.compact()
    const fresh = async () => {
      const s = memorySocket()
      room.join(s.connection)
      room.receive(s.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
      await room.whenFlushed()
      await new Promise((r) => setTimeout(r, 0))
      return (s.sent.map((f) => decodeMessage(f)).find((m) => m.kind === 'update') as { update: Uint8Array }).update
    }
    expect(await fresh()).toEqual((await store.loadDoc('room-test-0001')).snapshot)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'after the fold' }), room.doc)))
    await room.whenFlushed()
    const client = new Y.Doc()
    Y.applyUpdate(client, await fresh())
    expect(
      listIdeas(client)
        .map((i) => i.text)
        .sort(),
    ).toEqual(['after the fold', 'before the fold'])
  })

  it('folds from storage when the log holds a row this room did not write, so nothing stored is dropped', async () => {
    const { room, store } = await newRoom()
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'through the room' }), room.doc)))
    await room.whenFlushed()
    await store.appendUpdates('room-test-0001', [
      updateFrom((d) => addIdea(d, { text: 'written by someone else' }), room.doc),
    ])
    await room.compact()
    const stored = await store.loadDoc('room-test-0001')
    expect(stored.updates).toEqual([])
    const rebuilt = new Y.Doc()
    Y.applyUpdate(rebuilt, stored.snapshot!)
    expect(
      listIdeas(rebuilt)
        .map((i) => i.text)
        .sort(),
    ).toEqual(['through the room', 'written by someone else'])
  })

  // Regression: batching dropped the updates of a connection that closed before its batch was applied, though it
  // had sent them (a quick edit, then the tab closed).
  it('stores an update whose connection left before the batch was applied', async () => {
    const { room, store } = await newRoom()
    const a = memorySocket()
    room.join(a.connection)
    room.receive(
      a.connection,
      encodeUpdate(updateFrom((d) => addIdea(d, { text: 'and then the tab closed' }), room.doc)),
    )
    room.leave(a.connection)
    await room.whenFlushed()
    const { snapshot, updates } = await store.loadDoc('room-test-0001')
    const stored = new Y.Doc()
    for (const update of [snapshot!, ...updates]) Y.applyUpdate(stored, update)
    expect(listIdeas(stored).map((i) => i.text)).toEqual(['and then the tab closed'])
  })

  it('stores and sends the checked update: a delete set of repeats arrives merged, once', async () => {
    const { room, store } = await newRoom(undefined, 3)
    const ids = listIdeas(room.doc).map((i) => i.id)
    const a = memorySocket()
    room.join(a.connection)
    const deleting = updateFrom((d) => d.transact(() => ids.forEach((id) => getRecordsMap(d).delete(id))), room.doc)
    // The same deletions, written 1,000 times over.
    const { deletes, deleteSetOffset } = readOutline(deleting)
    const repeated = new Map(
      Array.from(deletes, ([client, ranges]) => [client, Array.from({ length: 1000 }, () => ranges).flat()]),
    )
    room.receive(a.connection, encodeUpdate(withDeleteSet(deleting, deleteSetOffset, repeated)))
    await room.whenFlushed()
    expect(listIdeas(room.doc)).toEqual([])
    const stored = (await store.loadDoc('room-test-0001')).updates
    expect(stored.length).toBe(1)
    const outline = readOutline(stored[0]!)
    for (const [client, ranges] of outline.deletes)
      expect(ranges.length).toBeLessThanOrEqual(deletes.get(client)?.length ?? 1)
  })

  it('refuses an update that would take the board past its struct budget, and stores nothing of it', async () => {
    const empty = await newRoom()
    let structs = 0
    for (const list of empty.room.doc.store.clients.values()) structs += list.length
    // Room for one idea (26 structs), not two.
    const small = await newRoom(undefined, 0, { limits: { ...DEFAULT_ROOM_LIMITS, maxBoardStructs: structs + 30 } })
    const a = memorySocket()
    small.room.join(a.connection)
    small.room.receive(
      a.connection,
      encodeUpdate(updateFrom((d) => addIdea(d, { text: 'one idea is 26 structs' }), small.room.doc)),
    )
    await small.room.whenFlushed()
    expect(a.closed).toEqual([])
    small.room.receive(
      a.connection,
      encodeUpdate(updateFrom((d) => addIdea(d, { text: 'a second is too many' }), small.room.doc)),
    )
    await small.room.whenFlushed()
    expect(a.closed[0]?.code).toBe(CloseCodes.BoardFull)
    expect((await small.store.loadDoc('room-test-0001')).updates.length).toBe(1)
  })

  it('keeps a version before a bulk delete only for records newer than the last version, at most once a minute', async () => {
    const kept: string[] = []
    const versions = {
      everyMs: 3_600_000,
      bulkDeleteMin: 5,
      keep: (_: string, __: Uint8Array, reason: string) => void kept.push(reason),
    }
    const { room } = await newRoom(undefined, 30, { versions })
    const a = memorySocket()
    room.join(a.connection)
    const deleteSome = async (ids: string[]) => {
      room.receive(
        a.connection,
        encodeUpdate(updateFrom((d) => d.transact(() => ids.forEach((id) => getRecordsMap(d).delete(id))), room.doc)),
      )
      await room.whenFlushed()
    }
    const stored = listIdeas(room.doc).map((i) => i.id)
    // The first: nothing is known to be in a version yet.
    await deleteSome(stored.slice(0, 5))
    expect(kept).toEqual(['before 5 items were deleted'])
    // Older records than that version, frame after frame: the version already holds them.
    for (let i = 1; i < 6; i++) await deleteSome(stored.slice(i * 5, i * 5 + 5))
    expect(kept.length).toBe(1)
    // New records deleted within the minute: not kept (the rate limit), and said so in the log.
    const fresh: string[] = []
    room.receive(
      a.connection,
      encodeUpdate(
        updateFrom(
          (d) =>
            d.transact(() => {
              for (let i = 0; i < 5; i++) fresh.push(addIdea(d, { text: `new ${i}` }))
            }),
          room.doc,
        ),
      ),
    )
    await room.whenFlushed()
    await deleteSome(fresh)
    expect(kept.length).toBe(1)
    // Without the minute's limit, they are kept.
    const quick = await newRoom(undefined, 0, { versions: { ...versions, bulkDeleteEveryMs: 0 } })
    const b = memorySocket()
    quick.room.join(b.connection)
    for (let round = 0; round < 2; round++) {
      const made: string[] = []
      quick.room.receive(
        b.connection,
        encodeUpdate(
          updateFrom(
            (d) =>
              d.transact(() => {
                for (let i = 0; i < 5; i++) made.push(addIdea(d, { text: `r${round} ${i}` }))
              }),
            quick.room.doc,
          ),
        ),
      )
      await quick.room.whenFlushed()
      quick.room.receive(
        b.connection,
        encodeUpdate(
          updateFrom((d) => d.transact(() => made.forEach((id) => getRecordsMap(d).delete(id))), quick.room.doc),
        ),
      )
      await quick.room.whenFlushed()
    }
    expect(kept.length).toBe(3)
  })

  it('still stores (then sends) a change made around the pipeline, straight on room.doc', async () => {
    const { room, store } = await newRoom()
    const a = memorySocket()
    room.join(a.connection)
    const before = a.sent.length
    room.doc.getMap('records').set('shape:stray', new Y.Map([['x', 1]]))
    await room.whenFlushed()
    expect((await store.loadDoc('room-test-0001')).updates.length).toBe(1)
    expect(a.sent.length).toBe(before + 1)
  })
})

/** Let the event loop turn `n` times (setImmediate), without any timer. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r))
}

describe('Room batching (adaptive group commit)', () => {
  afterEach(() => vi.useRealTimers())

  it('stores and sends a lone update without waiting for a timer, even right after another', async () => {
    const { room, store } = await newRoom()
    const [a, b] = [memorySocket(), memorySocket()]
    room.join(a.connection)
    room.join(b.connection)
    // Timers never fire and the clock stands still from here on: only the event loop's own turns move the room.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'performance'] })
    for (const text of ['first', 'second', 'third']) {
      const before = b.sent.length
      room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text }), room.doc)))
      await turns(5)
      expect(b.sent.length, `"${text}" reached the other person`).toBe(before + 1)
    }
    expect((await store.loadDoc('room-test-0001')).updates.length).toBe(3)
  })

  it('groups what arrives while the board is busy, and still stores every batch before anyone is sent it', async () => {
    const { room, store } = await newRoom()
    const people = [memorySocket(), memorySocket(), memorySocket()]
    const watcher = memorySocket()
    for (const p of [...people, watcher]) room.join(p.connection)
    const events: string[] = []
    const append = store.appendUpdates.bind(store)
    store.appendUpdates = async (id, updates) => {
      const seq = await append(id, updates)
      events.push('stored')
      return seq
    }
    const send = watcher.connection.socket.send
    ;(watcher.connection.socket as { send: typeof send }).send = (data) => {
      if (decodeMessage(data).kind === 'update') events.push('sent')
      send(data)
    }
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'performance'] })
    // Three people in one turn: one batch of three changes, stored and sent at once.
    for (const [i, p] of people.entries())
      room.receive(p.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: `busy ${i}` }), room.doc)))
    await turns(5)
    expect(events).toEqual(['stored', 'sent'])
    // The board is busy now: the next changes wait for the batch spacing and go together.
    room.receive(people[0]!.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'later 0' }), room.doc)))
    await turns(2)
    room.receive(people[1]!.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'later 1' }), room.doc)))
    await turns(5)
    expect(events).toEqual(['stored', 'sent'])
    vi.advanceTimersByTime(10)
    await turns(5)
    expect(events).toEqual(['stored', 'sent', 'stored', 'sent'])
    const stored = await store.loadDoc('room-test-0001')
    expect(stored.updates.length).toBe(2)
    expect(listIdeas(room.doc).length).toBe(5)
  })

  it('gives everyone who joins between two changes the same sync step 1 bytes, and new ones after a change', async () => {
    const { room } = await newRoom()
    const [a, b, c] = [memorySocket(), memorySocket(), memorySocket()]
    room.join(a.connection)
    room.join(b.connection)
    expect(b.sent[0]).toBe(a.sent[0])
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'changed' }), room.doc)))
    await room.whenFlushed()
    room.join(c.connection)
    expect(c.sent[0]).not.toBe(a.sent[0])
    const step1 = decodeMessage(c.sent[0]!)
    expect(step1).toEqual({ kind: 'sync-step1', stateVector: Y.encodeStateVector(room.doc) })
  })
})

describe('Room memory', () => {
  afterEach(() => vi.useRealTimers())

  /** Sync step 2 (an answer to sync step 1), not a live update. */
  const isStep2 = (frame: Uint8Array) => frame[0] === 0 && frame[1] === 1

  /** Ask for the whole board as a client that has nothing; resolves with the sync step 2 frame it was sent. */
  async function askAll(room: Room, s: ReturnType<typeof memorySocket>): Promise<Uint8Array> {
    const before = s.sent.length
    room.receive(s.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await room.whenFlushed()
    for (let i = 0; i < 20 && !s.sent.slice(before).some(isStep2); i++) await turns(1)
    return s.sent.slice(before).find(isStep2)!
  }

  function ideasIn(frame: Uint8Array): string[] {
    const client = new Y.Doc()
    Y.applyUpdate(client, (decodeMessage(frame) as { update: Uint8Array }).update)
    return listIdeas(client)
      .map((i) => i.text)
      .sort()
  }

  it('answers a new client after a fold with the stored snapshot, read back from storage', async () => {
    const { room, store } = await newRoom(undefined, 20)
    const a = memorySocket()
    room.join(a.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'folded' }), room.doc)))
    await room.compact()
    const loadDoc = vi.spyOn(store, 'loadDoc')
    const frame = await askAll(room, a)
    expect(loadDoc).toHaveBeenCalledTimes(1)
    expect((decodeMessage(frame) as { update: Uint8Array }).update).toEqual(
      (await store.loadDoc('room-test-0001')).snapshot,
    )
    expect(ideasIn(frame)).toContain('folded')
  })

  it('answers with the board as changed when a change lands while the stored snapshot is read, once it is stored', async () => {
    const { room, store } = await newRoom(undefined, 5)
    const a = memorySocket()
    const b = memorySocket()
    room.join(a.connection)
    room.join(b.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'folded' }), room.doc)))
    await room.compact()
    let release!: () => void
    const read = new Promise<void>((resolve) => (release = resolve))
    const loadDoc = store.loadDoc.bind(store)
    vi.spyOn(store, 'loadDoc').mockImplementation(async (id) => {
      const stored = await loadDoc(id)
      await read
      return stored
    })
    const append = vi.spyOn(store, 'appendUpdates')
    let storedBeforeAnswer = -1
    const send = b.connection.socket.send
    b.connection.socket.send = (frame) => {
      if (isStep2(frame)) storedBeforeAnswer = append.mock.calls.length
      send(frame)
    }
    room.receive(b.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    await room.whenFlushed()
    await turns(2)
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'during the read' }), room.doc)))
    await turns(1)
    release()
    await until(() => b.sent.some(isStep2), 'the answer')
    expect(ideasIn(b.sent.find(isStep2)!)).toEqual(expect.arrayContaining(['folded', 'during the read']))
    expect(storedBeforeAnswer).toBe(1)
  })

  it('drops the encoding kept for a crowd once nobody has asked for it for ten seconds', async () => {
    const { room } = await newRoom(undefined, 20)
    const [a, b, c, d] = [memorySocket(), memorySocket(), memorySocket(), memorySocket()]
    for (const s of [a, b, c, d]) room.join(s.connection)
    room.receive(a.connection, encodeUpdate(updateFrom((doc) => addIdea(doc, { text: 'changed' }), room.doc)))
    await room.whenFlushed()
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    await askAll(room, a)
    const kept = await askAll(room, b)
    vi.advanceTimersByTime(9_000)
    expect(await askAll(room, c)).toBe(kept)
    vi.advanceTimersByTime(10_001)
    const after = await askAll(room, d)
    expect(after).not.toBe(kept)
    expect(ideasIn(after)).toEqual(ideasIn(kept))
    expect(ideasIn(after)).toContain('changed')
  })

  it('keeps the whole-board encoding only once a second client with nothing asks for it', async () => {
    const { room } = await newRoom(undefined, 20)
    const [a, b, c] = [memorySocket(), memorySocket(), memorySocket()]
    const answer = async (s: ReturnType<typeof memorySocket>) => {
      room.receive(s.connection, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
      await room.whenFlushed()
      await turns(1)
      return s.sent.findLast((f) => decodeMessage(f).kind === 'update')!
    }
    for (const s of [a, b, c]) room.join(s.connection)
    // Build the doc with a change, so there is no stored snapshot to answer from.
    room.receive(a.connection, encodeUpdate(updateFrom((d) => addIdea(d, { text: 'built' }), room.doc)))
    await room.whenFlushed()
    const first = await answer(a)
    const second = await answer(b)
    const third = await answer(c)
    expect(second).not.toBe(first)
    expect(third).toBe(second)
    for (const frame of [first, second]) {
      const client = new Y.Doc()
      Y.applyUpdate(client, (decodeMessage(frame) as { update: Uint8Array }).update)
      expect(listIdeas(client).length).toBe(21)
    }
  })
})
