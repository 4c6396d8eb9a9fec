import { addIdea, CloseCodes, CloseReasons, getIdea, listIdeas, updateIdea } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, createBoard, startTestServer, waitFor, type TestBoard, type TestRole } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function setup(env: Record<string, string> = {}) {
  const t = await startTestServer(env)
  cleanups.push(() => t.server.close())
  return t
}
function client(wsUrl: string, board: TestBoard, role: TestRole = 'participant') {
  const c = connectClient(wsUrl, board.id, { key: board.keys[role] })
  cleanups.push(() => c.destroy())
  return c
}

describe('sync over the stock y-websocket provider', () => {
  it('two clients converge, both ways, live', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const a = client(wsUrl, board)
    const b = client(wsUrl, board)
    await a.synced()
    await b.synced()
    const fromA = addIdea(a.doc, { text: 'More benches in the park' })
    await waitFor(() => getIdea(b.doc, fromA)?.text === 'More benches in the park', 5000, 'idea from A at B')
    updateIdea(b.doc, fromA, { colour: 'green' })
    const fromB = addIdea(b.doc, { text: 'Easy-read letters' })
    await waitFor(
      () => getIdea(a.doc, fromA)?.colour === 'green' && !!getIdea(a.doc, fromB),
      5000,
      'changes from B at A',
    )
    expect(listIdeas(a.doc)).toEqual(listIdeas(b.doc))
  })

  it('a client that joins later receives the whole board', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const a = client(wsUrl, board)
    await a.synced()
    for (let i = 0; i < 30; i++) addIdea(a.doc, { text: `idea ${i}` })
    await waitFor(async () => {
      const res = await fetch(`${url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })
      return ((await res.json()) as { ideas: unknown[] }).ideas.length === 30
    })
    const late = client(wsUrl, board)
    await late.synced()
    expect(
      listIdeas(late.doc)
        .map((i) => i.text)
        .sort(),
    ).toEqual(
      listIdeas(a.doc)
        .map((i) => i.text)
        .sort(),
    )
  })

  it('shares presence (awareness) between clients', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const a = client(wsUrl, board)
    const b = client(wsUrl, board)
    await a.synced()
    await b.synced()
    a.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    await waitFor(() => Array.from(b.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Amina'))
    a.destroy()
    await waitFor(() => !Array.from(b.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Amina'))
  })

  // Regression: an unknown board closed with 4404 before any key check, so board ids could be probed.
  it('closes an unknown board exactly like a known one with no key (4401) or a wrong key (4403), and never creates it', async () => {
    const { url, wsUrl } = await setup()
    const known = await createBoard(url)
    const closeOf = async (boardId: string, key?: string) => {
      const c = connectClient(wsUrl, boardId, key ? { key } : {})
      cleanups.push(() => c.destroy())
      await waitFor(() => c.closes.length > 0)
      return c.closes[0]
    }
    const wrong = 'whatever-key-1234567890123456789'
    expect(await closeOf('nosuchboard1234567890', wrong)).toEqual(await closeOf(known.id, wrong))
    expect(await closeOf('nosuchboard1234567890', wrong)).toMatchObject({ code: CloseCodes.Forbidden })
    expect(await closeOf('nosuchboard1234567890')).toEqual(await closeOf(known.id))
    expect(await closeOf('nosuchboard1234567890')).toMatchObject({ code: CloseCodes.Unauthorized })
    const res = await fetch(`${url}/api/boards/nosuchboard1234567890`, { headers: known.auth('participant') })
    expect(res.status).toBe(403)
  })

  it('closes with "bad board id" for an id that is not an id', async () => {
    const { wsUrl } = await setup()
    const c = connectClient(wsUrl, 'x')
    cleanups.push(() => c.destroy())
    await waitFor(() => c.closes.length > 0)
    expect(c.closes[0]!.code).toBe(CloseCodes.BadBoardId)
  })

  it('unloads a board from memory when its last client has gone', async () => {
    const { server, url, wsUrl } = await setup({ ROOM_IDLE_MS: '50' })
    const board = await createBoard(url)
    const a = client(wsUrl, board)
    await a.synced()
    expect(server.rooms.isLoaded(board.id)).toBe(true)
    a.destroy()
    await waitFor(() => !server.rooms.isLoaded(board.id), 5000, 'room unloaded')
    const again = client(wsUrl, board)
    await again.synced()
    expect(server.rooms.isLoaded(board.id)).toBe(true)
  })
})
