import { addIdea, listIdeas } from '@roundtable/board'
import { encodeAwareness } from '@roundtable/sync'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { call, connectClient, createBoard, personSession, startTestServer, waitFor } from './helpers'

type Client = ReturnType<typeof connectClient>
const clients: Client[] = []
const servers: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.close()
})

async function setup() {
  const { server, url, wsUrl } = await startTestServer()
  servers.push(server)
  const board = await createBoard(url)
  const join = (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const client = connectClient(wsUrl, board.id, params, headers)
    clients.push(client)
    return client
  }
  return { url, board, join }
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

const stateOf = (client: Client, clientId: number) => client.provider.awareness.getStates().get(clientId) as Record<string, any> | undefined

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
    await waitFor(() => stateOf(observer, mallory.provider.awareness.clientID)?.user?.name === 'Mallory', 5000, 'Mallory’s own presence')
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
    const set = await call(`${url}/api/boards/${board.id}/settings`, 'PUT', board.auth('facilitator'), { anonymous: true })
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
