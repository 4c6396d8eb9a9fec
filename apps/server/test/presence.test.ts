import { addIdea, listIdeas } from '@roundtable/board'
import { encodeAwareness, MessageType } from '@roundtable/sync'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { call, connectClient, createBoard, personSession, startTestServer, waitFor } from './helpers'

type Client = ReturnType<typeof connectClient>
const clients: Client[] = []
const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function setup() {
  const { server, url, wsUrl } = await startTestServer({ MAX_CONNECTIONS_PER_IP: '400' })
  servers.push(server)
  const board = await createBoard(url)
  const join = (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const client = connectClient(wsUrl, board.id, params, headers)
    clients.push(client)
    return client
  }
  return { url, wsUrl, board, join }
}

/** A raw awareness frame, as a hostile client would send it. */
function presenceFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, JSON.stringify(state))
  return encodeAwareness(encoding.toUint8Array(encoder))
}

const stateOf = (client: Client, clientId: number) =>
  client.provider.awareness.getStates().get(clientId) as Record<string, any> | undefined

describe('presence belongs to the connection that owns it (real sockets)', () => {
  it('after a person leaves, another socket cannot write their presence id with a name and role of its choice', async () => {
    const { url, board, join } = await setup()
    const observer = join({ key: board.keys.participant })
    const amina = join({}, await personSession(url, board, 'participant'))
    await Promise.all([observer.synced(), amina.synced()])
    const aminaId = amina.provider.awareness.clientID
    amina.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    await waitFor(() => stateOf(observer, aminaId)?.user?.name === 'Amina', 5000, 'Amina’s presence')
    amina.provider.disconnect()
    await waitFor(() => stateOf(observer, aminaId) === undefined, 5000, 'Amina gone')

    const mallory = join({ key: board.keys.view })
    await mallory.synced()
    // Before: this replaced Amina's old entry, seen by everyone as "Amina" with the facilitator's role.
    mallory.provider.ws!.send(presenceFrame(aminaId, 1000, { user: { name: 'Amina' }, role: 'facilitator' }))
    mallory.provider.awareness.setLocalStateField('user', { name: 'Mallory' })
    await waitFor(
      () => stateOf(observer, mallory.provider.awareness.clientID)?.user?.name === 'Mallory',
      5000,
      'Mallory’s own presence',
    )
    expect(stateOf(observer, aminaId)).toBeUndefined()
    // Her own role is the one relayed, whatever she says.
    expect(stateOf(observer, mallory.provider.awareness.clientID)?.role).toBe('view')

    // Amina herself (the same browser session) gets her id back when she reconnects.
    amina.provider.connect()
    await amina.synced()
    amina.provider.awareness.setLocalStateField('user', { name: 'Amina again' })
    await waitFor(() => stateOf(observer, aminaId)?.user?.name === 'Amina again', 5000, 'Amina back')
  })
})

describe('presence in an anonymous session (real sockets)', () => {
  it('carries neither the Yjs client id an idea was written with nor the person’s device id or name', async () => {
    const { url, board, join } = await setup()
    const set = await call(`${url}/api/boards/${board.id}/settings`, 'PUT', board.auth('facilitator'), {
      anonymous: true,
    })
    expect(set.status).toBe(200)
    const observer = join({ key: board.keys.view })
    // A stock client: its presence and its edits share one client id, and it publishes its device id.
    const writer = join({}, await personSession(url, board, 'participant'))
    await Promise.all([observer.synced(), writer.synced()])
    writer.provider.awareness.setLocalStateField('user', { id: 'user:device-amina', name: 'Amina' })
    addIdea(writer.doc, { text: 'an idea nobody should trace' })
    await waitFor(() => listIdeas(observer.doc).length === 1, 5000, 'the idea')
    const second = join({}, await personSession(url, board, 'participant'))
    await second.synced()
    second.provider.awareness.setLocalStateField('user', { id: 'user:device-bo', name: 'Bo' })
    await waitFor(() => stateOf(observer, second.provider.awareness.clientID) !== undefined, 5000, 'Bo’s presence')

    // Before: the writer's entry sat under the idea's client id, with "user:device-amina" and (until the client
    // blanked it) a name.
    expect(stateOf(observer, writer.doc.clientID)).toBeUndefined()
    const bo = stateOf(observer, second.provider.awareness.clientID)!
    expect(bo.user.name).toBe('')
    expect(bo.user.id).not.toBe('user:device-bo')
    for (const state of observer.provider.awareness.getStates().values()) {
      expect(JSON.stringify(state)).not.toMatch(/device-|Amina|"Bo"/)
    }
  })
})

/** An awareness frame of many entries: `own` states of `stateBytes`, then entries for ids others own. */
function floodFrame(own: number[], stateBytes: number, foreign: number[], entries: number, clock: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, own.length + entries)
  for (const id of own) {
    encoding.writeVarUint(encoder, id)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify({ pad: 'p'.repeat(stateBytes) }))
  }
  for (let i = 0; i < entries; i++) {
    encoding.writeVarUint(encoder, foreign[i % foreign.length]!)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, '{"user":{"name":"forged"}}')
  }
  return encodeAwareness(encoding.toUint8Array(encoder))
}

describe('presence amplification (real sockets)', () => {
  it('fans many large presence frames out to 250 sockets as a few frames each, and honest people keep syncing', async () => {
    const { wsUrl, board, join } = await setup()
    const crowd = await Promise.all(
      Array.from({ length: 250 }, (_, i) => {
        const socket = new WebSocket(`${wsUrl}/${board.id}?key=${board.keys.view}`)
        let presenceFrames = 0
        socket.on('message', (data: Buffer) => {
          if (data[0] === MessageType.Awareness) presenceFrames++
        })
        return new Promise<{ socket: WebSocket; frames: () => number }>((resolve) =>
          socket.once('open', () => {
            socket.send(presenceFrame(5_000_000 + i, 1, { user: { name: `person ${i}` } }))
            resolve({ socket, frames: () => presenceFrames })
          }),
        )
      }),
    )
    const a = join({ key: board.keys.participant })
    const b = join({ key: board.keys.participant })
    await Promise.all([a.synced(), b.synced()])
    await waitFor(() => b.provider.awareness.getStates().size >= 250, 10_000, 'everyone’s presence')
    const before = crowd.map((c) => c.frames())

    // 5 view-key sockets each send 40 frames: 4 states of 15 KB and 20,000 entries (~0.7 MB) for others' ids.
    const foreign = Array.from({ length: 250 }, (_, i) => 5_000_000 + i)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const attackers = await Promise.all(
      Array.from({ length: 5 }, (_, k) => {
        const socket = new WebSocket(`${wsUrl}/${board.id}?key=${board.keys.view}`)
        return new Promise<WebSocket>((resolve) =>
          socket.once('open', () => {
            for (let clock = 1; clock <= 40; clock++)
              socket.send(floodFrame([1 + k * 10, 2 + k * 10, 3 + k * 10, 4 + k * 10], 15_000, foreign, 20_000, clock))
            resolve(socket)
          }),
        )
      }),
    )
    addIdea(a.doc, { text: 'during the flood' })
    await waitFor(() => listIdeas(b.doc).some((idea) => idea.text === 'during the flood'), 10_000, 'the honest idea')
    await new Promise((resolve) => setTimeout(resolve, 500))
    const elapsed = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    console.info(
      `presence flood: 200 frames of ~0.7 MB to a board of 250 sockets: test process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms over ${elapsed.toFixed(0)} ms`,
    )
    // Before: one fan-out frame per incoming frame (200 per socket here), each filtered at entries × connections.
    const received = crowd.map((c, i) => c.frames() - before[i]!)
    expect(Math.max(...received)).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2)
    // The forged entries changed nobody's presence.
    for (const id of foreign.slice(0, 10))
      expect(b.provider.awareness.getStates().get(id)).toEqual({
        user: { name: `person ${id - 5_000_000}` },
        role: 'view',
      })
    for (const socket of [...attackers, ...crowd.map((c) => c.socket)]) socket.terminate()
  }, 60_000)
})
