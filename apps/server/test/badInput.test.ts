import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoard, startTestServer, type TestBoard } from './helpers'

/**
 * Every HTTP route answers bad input with a 4xx JSON error and never a crash: bad JSON, wrong types, missing
 * fields, oversize strings, malformed ids and unknown ids.
 */
let t: Awaited<ReturnType<typeof startTestServer>>
let board: TestBoard
beforeAll(async () => {
  t = await startTestServer()
  board = await createBoard(t.url)
})
afterAll(async () => {
  await t.server.close()
})

type Case = {
  method: string
  path: (id: string) => string
  role: 'facilitator' | 'participant' | 'view'
  bodies: unknown[]
}
const long = 'x'.repeat(10_000)
const routes: Case[] = [
  {
    method: 'POST',
    path: () => '/api/boards',
    role: 'facilitator',
    bodies: [{ title: 1 }, { title: long }, { title: '' }, []],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/ideas`,
    role: 'participant',
    bodies: [{}, { text: 1 }, { text: long }, { text: 'ok', colour: 'mauve' }, 'text'],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/rounds`,
    role: 'facilitator',
    bodies: [
      { dotsPerPerson: 0 },
      { dotsPerPerson: 'three' },
      { maxPerIdea: 1.5 },
      { hidden: 'yes' },
      { durationSeconds: 1 },
      { pageId: 5 },
    ],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/rounds/round:none/dots`,
    role: 'participant',
    bodies: [{}, { ideaId: 5 }, { ideaId: long }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/rounds/round:none/dots/move`,
    role: 'participant',
    bodies: [{}, { from: 'a' }, { from: 1, to: 2 }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/rounds/round:none/abstain`,
    role: 'participant',
    bodies: [{ abstain: 'yes' }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/actions`,
    role: 'participant',
    bodies: [
      {},
      { what: '' },
      { what: long },
      { what: 'x', who: long },
      { what: 'x', due: 'tomorrow' },
      { what: 'x', due: '2027-13-01' },
      { what: 'x', note: 3 },
    ],
  },
  {
    method: 'PATCH',
    path: (id) => `/api/boards/${id}/actions/action:none`,
    role: 'participant',
    bodies: [{}, { what: 4 }, { due: '31/12/2027' }],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/actions/action:none/status`,
    role: 'facilitator',
    bodies: [{}, { status: 'finished' }],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/actions/action:none/stance`,
    role: 'participant',
    bodies: [{}, { stance: 'maybe' }, { stance: 'agree', note: long }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/timer`,
    role: 'facilitator',
    bodies: [{}, { action: 'start' }, { action: 'start', seconds: -1 }, { action: 'explode' }],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/locks`,
    role: 'facilitator',
    bodies: [{}, { pageId: 'page:x' }, { pageId: 1, locked: true }],
  },
  { method: 'PUT', path: (id) => `/api/boards/${id}/settings`, role: 'facilitator', bodies: [{}, { anonymous: 'on' }] },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/summon`,
    role: 'facilitator',
    bodies: [{}, { userId: '' }, { userId: long }],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/title`,
    role: 'facilitator',
    bodies: [{}, { title: '' }, { title: long }, { title: ['a'] }, { title: '\n\t ' }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/follow-on`,
    role: 'facilitator',
    bodies: [{ title: 1 }, { title: long }, { seriesName: '' }, { seriesName: long }, { seriesName: ['a'] }, []],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/series`,
    role: 'facilitator',
    bodies: [{}, { name: '' }, { name: long }, { name: '\n\t ' }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/series/keys`,
    role: 'facilitator',
    bodies: [{}, { link: 'summary' }, { link: 5 }],
  },
  {
    method: 'POST',
    path: (id) => `/api/boards/${id}/actions/action:none/done`,
    role: 'participant',
    bodies: [{}, { note: '' }, { note: long }, { note: 5 }],
  },
  {
    method: 'PUT',
    path: (id) => `/api/boards/${id}/screen`,
    role: 'facilitator',
    bodies: [{}, { summary: 'yes' }, { summary: null }],
  },
]

async function send(method: string, path: string, headers: Record<string, string>, body: string | undefined) {
  const res = await fetch(t.url + path, { method, headers, body })
  const text = await res.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // asserted below
  }
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    json: json as { error?: { code: string; message: string } } | null,
  }
}

describe('every route refuses bad input with a 4xx JSON error', () => {
  for (const route of routes) {
    const name = `${route.method} ${route.path(':id')}`
    it(`${name}: bad JSON, wrong shapes, oversize strings`, async () => {
      const headers = { ...board.auth(route.role), 'content-type': 'application/json' }
      const bodies: string[] = ['{"broken": ', ...route.bodies.map((b) => JSON.stringify(b))]
      for (const body of bodies) {
        const res = await send(route.method, route.path(board.id), headers, body)
        expect(res.status, `${name} with ${String(body).slice(0, 60)}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${name} with ${String(body).slice(0, 60)}`).toBeLessThan(500)
        expect(res.type).toMatch(/application\/json/)
        expect(res.json?.error).toEqual({
          code: expect.stringMatching(/^[a-z]+\.[a-z_]+$/),
          message: expect.any(String),
        })
      }
    })

    if (route.path('ID') !== '/api/boards') {
      it(`${name}: malformed and unknown board ids`, async () => {
        const headers = { ...board.auth(route.role), 'content-type': 'application/json' }
        const bad = await send(route.method, route.path('bad!id'), headers, '{}')
        expect(bad.status).toBe(400)
        expect(bad.json?.error?.code).toBe('board.bad_id')
        // Another board's key opens nothing here: refused like any wrong key, so ids cannot be probed.
        const unknown = await send(route.method, route.path('nosuchboard1234567890'), headers, '{}')
        expect(unknown.status).toBe(403)
        expect(unknown.json?.error?.code).toBe('auth.forbidden')
      })
    }
  }

  it('GET routes with unknown ids answer 404 JSON', async () => {
    const headers = board.auth('facilitator')
    for (const path of [
      `/api/boards/${board.id}/rounds/round:none/mine`,
      `/api/boards/${board.id}/actions/action:none/stance`,
      `/api/boards/${board.id}/versions/version:none`,
    ]) {
      const res = await send('GET', path, headers, undefined)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.status, path).toBeLessThan(500)
      expect(res.json?.error).toEqual({ code: expect.stringMatching(/^[a-z]+\.[a-z_]+$/), message: expect.any(String) })
    }
  })
})
