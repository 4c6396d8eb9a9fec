import { addIdea, initBoardDoc, readSettings, writeSession, type Role } from '@roundtable/board'
import { openSqliteStore } from '@roundtable/storage'
import * as encoding from 'lib0/encoding'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MemoryBusHub, type RoomBus } from './bus'
import { DEFAULT_ROOM_LIMITS, type RoomLimits } from './limits'
import { silentLogger } from './log'
import { decodeMessage, encodeAwareness, encodeUpdate } from './protocol'
import { fanOutInterval } from './presence'
import { Room } from './room'
import type { Connection } from './socket'

const rooms: Room[] = []
afterEach(() => {
  for (const room of rooms.splice(0)) room.close(1000, 'done')
})

async function newRoom(
  limits: Partial<RoomLimits> = {},
  bus?: RoomBus,
  store = openSqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'rt-presence-')) }),
): Promise<Room> {
  if (!(await store.getBoard('presence-test-01'))) {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'Presence test', createdAt: 1 })
    await store.createBoard(
      {
        id: 'presence-test-01',
        title: 'Presence test',
        createdAt: 1,
        keys: { participant: 'p', facilitator: 'f', view: 'v' },
      },
      Y.encodeStateAsUpdate(doc),
    )
  }
  const room = await Room.load({
    bus,
    boardId: 'presence-test-01',
    store,
    log: silentLogger,
    compaction: { minLogBytes: 1 << 20, quietMs: 60_000 },
    limits: { ...DEFAULT_ROOM_LIMITS, ...limits },
  })
  rooms.push(room)
  return room
}

/** A connection whose socket records the presence frames it is sent. */
function person(room: Room, role: Role = 'participant', personId: string | null = null) {
  const frames: Uint8Array[] = []
  const closed: { code: number; reason: string }[] = []
  const connection: Connection = {
    role,
    personId,
    socket: {
      send: (data) => {
        if (decodeMessage(data).kind === 'awareness') frames.push(data)
      },
      close: (code, reason) => void closed.push({ code, reason }),
    },
  }
  room.join(connection)
  frames.length = 0
  return { connection, frames, closed }
}

/** An awareness frame with the given entries (client id, clock, state). */
function presenceFrame(entries: [number, number, unknown][]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
  }
  return encodeAwareness(encoding.toUint8Array(encoder))
}

const stateOf = (room: Room, clientId: number) =>
  room.awareness.getStates().get(clientId) as Record<string, any> | undefined
const fannedOut = () => new Promise((resolve) => setTimeout(resolve, 80))

describe('presence ownership', () => {
  it('keeps a client id its owner’s after they leave: another socket cannot take it over; the same person can', async () => {
    const room = await newRoom()
    const amina = person(room, 'participant', 'person-amina')
    room.receive(amina.connection, presenceFrame([[1001, 1, { user: { id: 'user:amina', name: 'Amina' } }]]))
    room.leave(amina.connection)
    expect(stateOf(room, 1001)).toBeUndefined()

    // Before: once Amina had gone, anyone could write her old id with any name and role.
    const mallory = person(room, 'view', 'person-mallory')
    room.receive(
      mallory.connection,
      presenceFrame([[1001, 5, { user: { id: 'user:amina', name: 'Amina (host)' }, role: 'facilitator' }]]),
    )
    expect(stateOf(room, 1001)).toBeUndefined()
    const keyOnly = person(room, 'participant', null)
    room.receive(keyOnly.connection, presenceFrame([[1001, 6, { user: { name: 'x' } }]]))
    expect(stateOf(room, 1001)).toBeUndefined()

    const aminaAgain = person(room, 'participant', 'person-amina')
    room.receive(aminaAgain.connection, presenceFrame([[1001, 7, { user: { id: 'user:amina', name: 'Amina' } }]]))
    expect(stateOf(room, 1001)?.user.name).toBe('Amina')
  })

  it('never lets a connection write an id another connected one owns', async () => {
    const room = await newRoom()
    const a = person(room)
    const b = person(room)
    room.receive(a.connection, presenceFrame([[7, 1, { user: { name: 'A' } }]]))
    room.receive(b.connection, presenceFrame([[7, 2, { user: { name: 'B pretending' } }]]))
    expect(stateOf(room, 7)?.user.name).toBe('A')
  })

  it('relays the connection’s real role, whatever the state says', async () => {
    const room = await newRoom()
    const viewer = person(room, 'view')
    room.receive(viewer.connection, presenceFrame([[42, 1, { user: { name: 'V' }, role: 'facilitator' }]]))
    expect(stateOf(room, 42)?.role).toBe('view')
  })
})

describe('presence across servers', () => {
  it('tells the other servers at once that people left when a room closes', async () => {
    const hub = new MemoryBusHub()
    const store = openSqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'rt-presence-')) })
    const a = await newRoom({}, hub.connect(), store)
    const b = await newRoom({}, hub.connect(), store)
    const amina = person(a)
    a.receive(amina.connection, presenceFrame([[31, 1, { user: { name: 'Amina' } }]]))
    for (let i = 0; i < 40 && !stateOf(b, 31); i++) await fannedOut()
    expect(stateOf(b, 31)?.user.name).toBe('Amina')
    a.close(4503, 'server.restarting')
    // Not after the 30 s awareness timeout: as the room closes.
    for (let i = 0; i < 10 && stateOf(b, 31); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(stateOf(b, 31)).toBeUndefined()
  })
})

describe('presence bounds', () => {
  it('sends everyone one frame per interval for all changes, not one per incoming frame', async () => {
    const room = await newRoom()
    const senders = Array.from({ length: 4 }, () => person(room))
    const watcher = person(room, 'view')
    for (let clock = 1; clock <= 10; clock++) {
      senders.forEach((s, i) => room.receive(s.connection, presenceFrame([[100 + i, clock, { cursor: clock }]])))
    }
    await fannedOut()
    // Before: 40 frames, one per change; each relayed to everyone.
    expect(watcher.frames.length).toBe(1)
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(seen, decodeAwarenessPayload(watcher.frames[0]!), null)
    expect([100, 101, 102, 103].map((id) => (seen.getStates().get(id) as { cursor: number }).cursor)).toEqual([
      10, 10, 10, 10,
    ])
    seen.destroy()
  })

  it('sends a change after a quiet spell at once, and holds changes that follow it for the next tick', async () => {
    const room = await newRoom()
    const sender = person(room)
    const watcher = person(room, 'view')
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    room.receive(sender.connection, presenceFrame([[100, 1, { cursor: 1 }]]))
    await turn()
    // Nothing went out for a while: the change is sent at the end of the turn, not on a clock.
    expect(watcher.frames.length).toBe(1)
    room.receive(sender.connection, presenceFrame([[100, 2, { cursor: 2 }]]))
    room.receive(sender.connection, presenceFrame([[100, 3, { cursor: 3 }]]))
    await turn()
    expect(watcher.frames.length).toBe(1)
    await fannedOut()
    // Then one frame for both, with the latest state only.
    expect(watcher.frames.length).toBe(2)
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    const update = decodeAwarenessPayload(watcher.frames[1]!)
    awarenessProtocol.applyAwarenessUpdate(seen, update, null)
    expect((seen.getStates().get(100) as { cursor: number }).cursor).toBe(3)
    seen.destroy()
  })

  it('skips a state it already holds (a client sending back what it was sent) before parsing or counting it', async () => {
    const room = await newRoom({
      presenceFramesPerSecond: 1000,
      presenceFrameBurst: 1000,
      maxPresenceBytes: 100,
      presenceBytesPerSecond: 1,
      presenceByteBurst: 1,
    })
    const a = person(room)
    const first = presenceFrame([[7, 1, { n: 1, pad: 'x'.repeat(40) }]])
    room.receive(a.connection, first)
    // Sent back 100 times: were each parsed and counted, they would use up the byte budget (about 1,100 bytes).
    for (let i = 0; i < 100; i++) room.receive(a.connection, first)
    room.receive(a.connection, presenceFrame([[7, 2, { n: 2 }]]))
    expect(stateOf(room, 7)?.n).toBe(2)
  })

  it('spaces the ticks more as the board fills, so that a board sends a bounded number of presence frames', () => {
    // 150 people: a tick every 25 ms (40 frames a second each, 6,000 in all).
    expect(fanOutInterval(2)).toBe(25)
    expect(fanOutInterval(150)).toBe(25)
    // 400 people: every 50 ms (8,000 frames a second in all); from 800 on, every 100 ms.
    expect(fanOutInterval(400)).toBe(50)
    expect(fanOutInterval(800)).toBe(100)
    expect(fanOutInterval(5_000)).toBe(100)
  })

  it('reads a frame only as far as the board could have sent it, and skips others’ entries unread', async () => {
    const room = await newRoom()
    const owner = person(room)
    room.receive(owner.connection, presenceFrame([[5, 1, { n: 1 }]]))
    const attacker = person(room, 'view')
    // 20,000 entries for an id someone else owns, then one of its own: everything past the bound is ignored.
    const entries: [number, number, unknown][] = Array.from({ length: 20_000 }, (_, i) => [5, i + 2, { forged: true }])
    entries.push([9, 1, { mine: true }])
    room.receive(attacker.connection, presenceFrame(entries))
    expect(attacker.closed).toEqual([])
    expect(stateOf(room, 5)).toEqual({ n: 1, role: 'participant' })
    expect(stateOf(room, 9)).toBeUndefined()
  })

  it('drops frames over the rate, and holds back states over the byte budget until it allows', async () => {
    const room = await newRoom({
      presenceFramesPerSecond: 1,
      presenceFrameBurst: 2,
      presenceBytesPerSecond: 2000,
      presenceByteBurst: 4000,
      maxPresenceBytes: 3000,
    })
    const a = person(room)
    room.receive(a.connection, presenceFrame([[1, 1, { n: 1 }]]))
    room.receive(a.connection, presenceFrame([[1, 2, { n: 2 }]]))
    room.receive(a.connection, presenceFrame([[1, 3, { n: 3 }]]))
    expect(stateOf(room, 1)?.n).toBe(2)

    const b = person(room)
    const big = 'x'.repeat(2500)
    room.receive(b.connection, presenceFrame([[2, 1, { big, n: 1 }]]))
    room.receive(b.connection, presenceFrame([[2, 2, { big, n: 2 }]]))
    expect(stateOf(room, 2)?.n).toBe(1)
    // The held state (the latest) goes out once the budget has come back (about half a second here).
    for (let i = 0; i < 60 && stateOf(room, 2)?.n !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stateOf(room, 2)?.n).toBe(2)
  })

  it('refuses a connection that speaks for too many ids, or sends an oversized state', async () => {
    const room = await newRoom()
    const a = person(room)
    room.receive(a.connection, presenceFrame([1, 2, 3, 4, 5].map((id) => [id, 1, {}])))
    expect(a.closed[0]?.reason).toContain('too many presences')
    const b = person(room)
    room.receive(b.connection, presenceFrame([[50, 1, { x: 'y'.repeat(20_000) }]]))
    expect(b.closed[0]?.reason).toContain('presence too large')
  })
})

describe('presence in an anonymous session', () => {
  async function anonymousRoom() {
    const room = await newRoom()
    await room.change((doc) => writeSession(doc, 'settings', { ...readSettings(doc), anonymous: true }))
    return room
  }

  it('replaces the user’s id and name, and relays no presence under a client id that wrote ideas', async () => {
    const room = await anonymousRoom()
    const writer = person(room, 'participant', 'person-w')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
    const before = Y.encodeStateVector(doc)
    addIdea(doc, { text: 'an idea' })
    room.receive(writer.connection, encodeUpdate(Y.encodeStateAsUpdate(doc, before)))
    await room.whenFlushed()
    expect(writer.closed).toEqual([])
    const user = { id: 'user:device-1', name: 'Amina' }
    // Before: the presence entry under the writer's Yjs client id went out with the device id.
    room.receive(writer.connection, presenceFrame([[doc.clientID, 1, { user }]]))
    expect(stateOf(room, doc.clientID)).toBeUndefined()
    room.receive(
      writer.connection,
      presenceFrame([[777, 1, { user, presence: { userId: 'user:device-1', userName: 'Amina' } }]]),
    )
    const relayed = stateOf(room, 777)!
    expect(relayed.user.id).not.toBe('user:device-1')
    expect(relayed.user.name).toBe('')
    expect(relayed.presence).toEqual({ userId: relayed.user.id, userName: '' })
  })

  it('removes presence at once when its client id writes to the document', async () => {
    const room = await anonymousRoom()
    const writer = person(room, 'participant', 'person-w')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
    room.receive(writer.connection, presenceFrame([[doc.clientID, 1, { user: { name: 'x' } }]]))
    expect(stateOf(room, doc.clientID)).toBeDefined()
    const before = Y.encodeStateVector(doc)
    addIdea(doc, { text: 'an idea' })
    room.receive(writer.connection, encodeUpdate(Y.encodeStateAsUpdate(doc, before)))
    await room.whenFlushed()
    expect(writer.closed).toEqual([])
    expect(stateOf(room, doc.clientID)).toBeUndefined()
  })
})

/** The awareness update inside an awareness frame. */
function decodeAwarenessPayload(frame: Uint8Array): Uint8Array {
  const message = decodeMessage(frame)
  if (message.kind !== 'awareness') throw new Error('not an awareness frame')
  return message.update
}
