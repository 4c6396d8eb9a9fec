import { addIdea, initBoardDoc, listIdeas } from '@roundtable/board'
import { openSqliteStore, type Storage } from '@roundtable/storage'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as awarenessProtocol from 'y-protocols/awareness'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MemoryBusHub } from './bus'
import { silentLogger } from './log'
import { decodeMessage, encodeAwareness, encodeUpdate } from './protocol'
import type { Room } from './room'
import { RoomManager } from './rooms'
import type { Connection } from './socket'

const BOARD = 'bus-test-board-0001'
const stores: Storage[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** One store shared by several "servers" (room managers), linked by an in-process bus. */
async function cluster(servers: number, options: { minLogBytes?: number } = {}) {
  const store = openSqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'rt-bus-')) })
  stores.push(store)
  const doc = new Y.Doc()
  initBoardDoc(doc, { title: 'Bus test', createdAt: 1 })
  await store.createBoard(
    { id: BOARD, title: 'Bus test', createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
    Y.encodeStateAsUpdate(doc),
  )
  const hub = new MemoryBusHub()
  const managers = Array.from(
    { length: servers },
    () =>
      new RoomManager({
        store,
        log: silentLogger,
        idleMs: 60_000,
        compaction: { minLogBytes: options.minLogBytes ?? 1 << 20, quietMs: 60_000 },
        bus: hub.connect(),
      }),
  )
  return { store, hub, managers }
}

/** A client joined to a room, starting from the room's state, keeping its Y.Doc in step with what it is sent. */
function client(room: Room) {
  const doc = new Y.Doc()
  const presence = new Map<number, unknown>()
  const connection: Connection = {
    role: 'participant',
    socket: {
      send: (data) => {
        const message = decodeMessage(data)
        if (message.kind === 'update') Y.applyUpdate(doc, message.update)
        if (message.kind === 'awareness') {
          const awareness = new awarenessProtocol.Awareness(new Y.Doc())
          awarenessProtocol.applyAwarenessUpdate(awareness, message.update, null)
          for (const [id, state] of awareness.getStates()) presence.set(id, state)
          awareness.destroy()
        }
      },
      close: () => {},
    },
  }
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  room.join(connection)
  return { doc, connection, presence }
}

/** The update a client sends after changing its copy. */
function change(doc: Y.Doc, fn: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(doc)
  fn(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 3000
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function storedIdeas(store: Storage): Promise<string[]> {
  const stored = await store.loadDoc(BOARD)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return listIdeas(doc)
    .map((i) => i.text)
    .sort()
}

describe('rooms on several servers, linked by a bus', () => {
  it('a change made on one server reaches clients of the other, and is stored once', async () => {
    const { store, managers } = await cluster(2)
    const [a, b] = [(await managers[0]!.acquire(BOARD))!, (await managers[1]!.acquire(BOARD))!]
    const ca = client(a)
    const cb = client(b)
    a.receive(ca.connection, encodeUpdate(change(ca.doc, (d) => void addIdea(d, { text: 'from A' }))))
    await until(() => listIdeas(cb.doc).some((i) => i.text === 'from A'), 'the idea at B’s client')
    expect(listIdeas(b.doc).map((i) => i.text)).toEqual(['from A'])
    expect((await store.loadDoc(BOARD)).updates).toHaveLength(1)
  })

  it('shares presence across servers and removes it when the person leaves', async () => {
    const { managers } = await cluster(2)
    const [a, b] = [(await managers[0]!.acquire(BOARD))!, (await managers[1]!.acquire(BOARD))!]
    const ca = client(a)
    const cb = client(b)
    const mine = new awarenessProtocol.Awareness(new Y.Doc())
    mine.setLocalState({ user: { name: 'Amina' } })
    a.receive(ca.connection, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(mine, [mine.clientID])))
    await until(() => b.awareness.getStates().has(mine.clientID), 'presence at B')
    // Presence reaches clients in the next fan-out (at most 100 ms later).
    await until(() => cb.presence.has(mine.clientID), 'presence at B’s client')
    expect(cb.presence.get(mine.clientID)).toEqual({ user: { name: 'Amina' }, role: 'participant' })
    a.leave(ca.connection)
    await until(() => !b.awareness.getStates().has(mine.clientID), 'presence removed at B')
    mine.destroy()
  })

  // Regression: a board loaded while another server changes it must not miss that change.
  it('a room loading while another server stores and publishes a change still gets it', async () => {
    const { store, managers } = await cluster(2)
    const a = (await managers[0]!.acquire(BOARD))!
    const realLoad = store.loadDoc.bind(store)
    let changedDuringLoad = false
    // B's load reads storage, then A changes the board before B's load finishes.
    store.loadDoc = async (id) => {
      const stored = await realLoad(id)
      if (!changedDuringLoad) {
        changedDuringLoad = true
        await a.change((doc) => void addIdea(doc, { text: 'during the load' }))
      }
      return stored
    }
    const b = (await managers[1]!.acquire(BOARD))!
    store.loadDoc = realLoad
    expect(changedDuringLoad).toBe(true)
    await until(() => listIdeas(b.doc).length === 1, 'the change made during the load, at B')
  })

  it('after a bus outage every server catches up from storage, with no manual step', async () => {
    const { hub, managers } = await cluster(2)
    const [a, b] = [(await managers[0]!.acquire(BOARD))!, (await managers[1]!.acquire(BOARD))!]
    const cb = client(b)
    hub.outage()
    await a.change((doc) => void addIdea(doc, { text: 'while the bus was down' }))
    await new Promise((r) => setTimeout(r, 20))
    expect(listIdeas(b.doc)).toEqual([])
    hub.restore()
    await until(() => listIdeas(cb.doc).length === 1, 'the missed change at B’s client')
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc))
  })

  // Regression: compaction used to snapshot the compacting server's copy and delete every stored update up to its
  // own last seq, dropping updates another server had stored but this one had not received.
  it('compaction on one server keeps updates another server stored that it has not seen', async () => {
    const { store, hub, managers } = await cluster(2, { minLogBytes: 1 })
    const [a, b] = [(await managers[0]!.acquire(BOARD))!, (await managers[1]!.acquire(BOARD))!]
    hub.outage()
    await b.change((doc) => void addIdea(doc, { text: 'only B has this' }))
    await a.change((doc) => void addIdea(doc, { text: 'A compacts after this' }))
    await a.compact()
    expect(listIdeas(a.doc).map((i) => i.text)).toEqual(['A compacts after this'])
    expect(await storedIdeas(store)).toEqual(['A compacts after this', 'only B has this'])
    hub.restore()
    await until(() => listIdeas(a.doc).length === 2 && listIdeas(b.doc).length === 2, 'both servers converge')
  })
})
