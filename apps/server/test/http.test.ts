import { getIdea } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, createBoard, startTestServer, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup() {
  const t = await startTestServer()
  cleanups.push(() => t.server.close())
  return t
}
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

describe('HTTP API', () => {
  it('creates a board with its id and link', async () => {
    const { url } = await setup()
    const res = await fetch(`${url}/api/boards`, json({ title: 'Day centre review' }))
    expect(res.status).toBe(201)
    const body = (await res.json()) as { id: string; title: string; links: Record<string, string> }
    expect(body.id).toMatch(/^[A-Za-z0-9]{22}$/)
    expect(body.title).toBe('Day centre review')
    for (const role of ['participant', 'facilitator', 'view']) {
      expect(body.links[role]).toMatch(new RegExp(`^${url}/b/${body.id}#key=[A-Za-z0-9]{32}$`))
    }
    expect(body.links.summary).toMatch(new RegExp(`^${url}/s/${body.id}#key=[A-Za-z0-9]{32}$`))
    expect(new Set(Object.values(body.links)).size).toBe(4)
  })

  it('adds an idea in a free spot on the first board and connected people see it live', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const c = connectClient(wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    const res = await fetch(
      `${url}/api/boards/${board.id}/ideas`,
      json({ text: 'Step-free entrance', colour: 'blue' }, board.auth('participant')),
    )
    expect(res.status).toBe(201)
    const { idea } = (await res.json()) as {
      idea: { id: string; text: string; boardPage: string; frameTitle: null; colour: string }
    }
    expect(idea).toMatchObject({ text: 'Step-free entrance', boardPage: 'Board 1', frameTitle: null, colour: 'blue' })
    await waitFor(() => getIdea(c.doc, idea.id)?.text === 'Step-free entrance')
    const second = (await (
      await fetch(`${url}/api/boards/${board.id}/ideas`, json({ text: 'Hearing loop' }, board.auth('participant')))
    ).json()) as { idea: { id: string } }
    const a = getIdea(c.doc, idea.id)
    await waitFor(() => !!getIdea(c.doc, second.idea.id))
    const b = getIdea(c.doc, second.idea.id)!
    expect([a!.x, a!.y]).not.toEqual([b.x, b.y])
    const list = (await (
      await fetch(`${url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })
    ).json()) as { ideas: { text: string }[] }
    expect(list.ideas.map((i) => i.text)).toEqual(['Step-free entrance', 'Hearing loop'])
  })

  const badIdeaBodies: [string, RequestInit, number, RegExp][] = [
    [
      'bad JSON',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": ' },
      400,
      /not valid JSON/,
    ],
    ['missing text', json({}), 400, /text/],
    ['text of the wrong type', json({ text: 42 }), 400, /text/],
    ['empty text', json({ text: '   ' }), 400, /must not be empty/],
    ['oversize text', json({ text: 'x'.repeat(5001) }), 400, /longer than 5000/],
    ['unknown colour', json({ text: 'ok', colour: 'mauve' }), 400, /colour/],
    ['not JSON at all', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415, /JSON/],
    ['a body over the size limit', json({ text: 'x'.repeat(300_000) }), 413, /larger than/],
  ]
  for (const [what, init, status, message] of badIdeaBodies) {
    it(`refuses an idea with ${what} (${status}, JSON error)`, async () => {
      const { url } = await setup()
      const board = await createBoard(url)
      const res = await fetch(`${url}/api/boards/${board.id}/ideas`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), ...board.auth('participant') },
      })
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe(
        status === 415 ? 'request.not_json' : status === 413 ? 'request.too_large' : 'request.invalid',
      )
      expect(body.error.message).toMatch(message)
    })
  }

  // Regression: an unknown board answered 404 before any key check, so board ids could be probed.
  it('answers a board that does not exist like a real one without a key (401), and never creates it', async () => {
    const { url } = await setup()
    const real = await createBoard(url)
    for (const init of [undefined, json({ text: 'hi' })]) {
      const res = await fetch(`${url}/api/boards/nosuchboard1234567890/ideas`, init)
      const known = await fetch(`${url}/api/boards/${real.id}/ideas`, init)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(await known.json())
    }
    expect((await fetch(`${url}/api/boards/nosuchboard1234567890`)).status).toBe(401)
    const wrongKey = { headers: { authorization: 'Bearer notthekey0000000000000000000000000' } }
    const unknown = await fetch(`${url}/api/boards/nosuchboard1234567890`, wrongKey)
    const known = await fetch(`${url}/api/boards/${real.id}`, wrongKey)
    expect(unknown.status).toBe(403)
    expect(await unknown.json()).toEqual(await known.json())
    const exchange = (id: string) => fetch(`${url}/api/boards/${id}/session`, { method: 'POST', ...wrongKey })
    const [a, b] = await Promise.all([exchange('nosuchboard1234567890'), exchange(real.id)])
    expect(a.status).toBe(403)
    expect(await a.json()).toEqual(await b.json())
  })

  it('answers 400 for a malformed board id', async () => {
    const { url } = await setup()
    for (const path of ['/api/boards/bad!id', '/api/boards/x/ideas']) {
      const res = await fetch(url + path)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: { code: 'board.bad_id', message: 'This is not a board address.' } })
    }
  })

  it('refuses a board title that is not text, or too long', async () => {
    const { url } = await setup()
    for (const body of [{ title: 5 }, { title: 'x'.repeat(201) }, { title: '' }]) {
      const res = await fetch(`${url}/api/boards`, json(body))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request.invalid')
    }
  })

  it('answers JSON 404 for unknown API routes', async () => {
    const { url } = await setup()
    const res = await fetch(`${url}/api/nothing-here`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'route.not_found', message: 'There is no such API route.' } })
  })

  it('hands the browser the tldraw licence key from the environment', async () => {
    const t = await startTestServer({ TLDRAW_LICENSE_KEY: 'tldraw-test-key' })
    cleanups.push(() => t.server.close())
    expect(await (await fetch(`${t.url}/api/config`)).json()).toEqual({ tldrawLicenseKey: 'tldraw-test-key' })
  })
})
