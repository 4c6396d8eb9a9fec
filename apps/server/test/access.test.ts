import { CloseCodes, listIdeas, addIdea } from '@roundtable/board'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/env'
import { startServer } from '../src/server'
import {
  connectClient,
  createBoard,
  openStoredData,
  personSession,
  startTestServer,
  storedDoc,
  tempDataDir,
  waitFor,
} from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup() {
  const t = await startTestServer()
  cleanups.push(() => t.server.close())
  return t
}

describe('links, keys and sessions', () => {
  it('exchanges a key for an HttpOnly, SameSite cookie scoped to the board, once', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const res = await fetch(`${url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: board.auth('participant'),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ role: 'participant' })
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(new RegExp(`^rt_${board.id}=`))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toContain(board.keys.participant)
    const me = await fetch(`${url}/api/boards/${board.id}`, { headers: { cookie: cookie.split(';')[0]! } })
    expect(await me.json()).toMatchObject({ id: board.id, role: 'participant' })
  })

  it('refuses a missing key with 401 and a wrong key with 403, as JSON', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const none = await fetch(`${url}/api/boards/${board.id}`)
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('auth.key_needed')
    const wrong = await fetch(`${url}/api/boards/${board.id}`, {
      headers: { authorization: 'Bearer notthekey0000000000000000000000000' },
    })
    expect(wrong.status).toBe(403)
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('auth.forbidden')
    const exchange = await fetch(`${url}/api/boards/${board.id}/session`, { method: 'POST' })
    expect(exchange.status).toBe(401)
    const other = await createBoard(url)
    const crossed = await fetch(`${url}/api/boards/${board.id}`, { headers: other.auth('facilitator') })
    expect(crossed.status).toBe(403)
  })

  it('gives each role what it may do, and no more', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const json = (role: 'view' | 'participant' | 'facilitator', body: unknown) => ({
      method: 'POST',
      headers: { ...board.auth(role), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect((await fetch(`${url}/api/boards/${board.id}/ideas`, json('view', { text: 'x' }))).status).toBe(403)
    expect((await fetch(`${url}/api/boards/${board.id}/ideas`, json('participant', { text: 'x' }))).status).toBe(201)
    expect((await fetch(`${url}/api/boards/${board.id}/rounds`, json('participant', {}))).status).toBe(403)
    expect(
      (await fetch(`${url}/api/boards/${board.id}/timer`, json('participant', { action: 'start', seconds: 60 })))
        .status,
    ).toBe(403)
    expect((await fetch(`${url}/api/boards/${board.id}/links`, { headers: board.auth('participant') })).status).toBe(
      403,
    )
    const links = await fetch(`${url}/api/boards/${board.id}/links`, { headers: board.auth('facilitator') })
    expect(((await links.json()) as { links: unknown }).links).toEqual(board.links)
  })

  it('keeps one person (and their dots) when the same device opens a new link', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const cookie = await personSession(url, board, 'participant')
    const again = await fetch(`${url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: { ...board.auth('participant'), ...cookie },
    })
    expect(again.headers.get('set-cookie')).toBeNull()
    const upgraded = await fetch(`${url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: { ...board.auth('facilitator'), ...cookie },
    })
    expect(await upgraded.json()).toEqual({ role: 'facilitator' })
  })
})

describe('WebSocket access', () => {
  it('closes with Unauthorized without a key and Forbidden with a wrong one', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const none = connectClient(wsUrl, board.id)
    const wrong = connectClient(wsUrl, board.id, { key: 'wrongwrongwrongwrongwrong' })
    cleanups.push(
      () => none.destroy(),
      () => wrong.destroy(),
    )
    await waitFor(() => none.closes.length > 0 && wrong.closes.length > 0)
    expect(none.closes[0]!.code).toBe(CloseCodes.Unauthorized)
    expect(wrong.closes[0]!.code).toBe(CloseCodes.Forbidden)
    expect(wrong.closes[0]!.reason).toMatch(/does not open this board/)
  })

  it('never lets a view-only client’s edits reach other clients or storage', async () => {
    const t = await setup()
    const board = await createBoard(t.url)
    const viewer = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    const participant = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(
      () => viewer.destroy(),
      () => participant.destroy(),
    )
    await viewer.synced()
    await participant.synced()
    addIdea(viewer.doc, { text: 'written by a viewer' })
    const marker = addIdea(participant.doc, { text: 'written by a participant' })
    await waitFor(() => listIdeas(viewer.doc).some((i) => i.id === marker))
    // The participant's idea has gone round; the viewer's never arrives.
    expect(listIdeas(participant.doc).map((i) => i.text)).toEqual(['written by a participant'])
    const stored = await storedIdeaTexts(t.dataDir, board.id)
    expect(stored).toEqual(['written by a participant'])
    // Presence is still allowed for viewers (a projector shows up as a person watching).
    viewer.provider.awareness.setLocalStateField('user', { name: 'Projector' })
    await waitFor(() =>
      Array.from(participant.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Projector'),
    )
  })
})

describe('secrets stay out of logs', () => {
  it('never logs keys, session cookies or query strings', async () => {
    let logged = ''
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += chunk.toString()
        done()
      },
    })
    const config = parseConfig({ PORT: '0', DATA_DIR: tempDataDir(), LOG_LEVEL: 'trace' })
    const server = await startServer(config, pino({ level: 'trace' }, sink))
    cleanups.push(() => server.close())
    const board = await createBoard(server.url)
    const cookie = await personSession(server.url, board)
    const c = connectClient(server.url.replace(/^http/, 'ws') + '/sync', board.id, { key: board.keys.facilitator })
    cleanups.push(() => c.destroy())
    await c.synced()
    await fetch(`${server.url}/api/boards/${board.id}?key=${board.keys.view}`, { headers: cookie })
    await fetch(`${server.url}/api/boards/${board.id}`, {
      headers: { authorization: 'Bearer wrong-key-that-must-not-be-logged' },
    })
    expect(logged.length).toBeGreaterThan(0)
    for (const secret of [
      ...Object.values(board.keys),
      cookie.cookie!.split('=')[1]!,
      'wrong-key-that-must-not-be-logged',
    ]) {
      expect(logged).not.toContain(secret)
    }
  })
})

async function storedIdeaTexts(dataDir: string, boardId: string): Promise<string[]> {
  const store = await openStoredData(dataDir)
  try {
    return listIdeas(await storedDoc(store, boardId)).map((i) => i.text)
  } finally {
    await store.close()
  }
}
