import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoard, startTestServer } from './helpers'

type Started = Awaited<ReturnType<typeof startTestServer>>

const post = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

describe('POST /api/boards/:id/ideas with area "incoming" (ideas sent from phones)', () => {
  let started: Started

  beforeAll(async () => {
    started = await startTestServer()
  })
  afterAll(async () => {
    await started.server.close()
  })

  it('puts each idea in the "Incoming ideas" frame on the first board, made on first use', async () => {
    const board = await createBoard(started.url)
    const plain = await fetch(
      `${started.url}/api/boards/${board.id}/ideas`,
      post({ text: 'On the board itself' }, board.auth('participant')),
    )
    expect(plain.status).toBe(201)
    for (const text of ['Ramp at the front door', 'Quiet room', 'Bus on time']) {
      const res = await fetch(
        `${started.url}/api/boards/${board.id}/ideas`,
        post({ text, area: 'incoming' }, board.auth('participant')),
      )
      expect(res.status).toBe(201)
      expect(((await res.json()) as { idea: { frameTitle: string } }).idea.frameTitle).toBe('Incoming ideas')
    }
    const list = (await (
      await fetch(`${started.url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })
    ).json()) as {
      ideas: { text: string; frameTitle: string | null }[]
    }
    expect(list.ideas.filter((i) => i.frameTitle === 'Incoming ideas').map((i) => i.text)).toEqual([
      'Ramp at the front door',
      'Quiet room',
      'Bus on time',
    ])
    expect(list.ideas.find((i) => i.text === 'On the board itself')?.frameTitle).toBeNull()
  })

  it('refuses ideas while a facilitator has locked the first board (409), and takes them again once unlocked', async () => {
    const board = await createBoard(started.url)
    const { ideas } = (await (
      await fetch(`${started.url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })
    ).json()) as { ideas: unknown[] }
    expect(ideas).toEqual([])
    const pageId = await started.server.rooms.withRoom(board.id, (room) => {
      let id = ''
      room.doc.getMap('records').forEach((record, key) => {
        if (key.startsWith('page:')) id = key
      })
      return id
    })
    const lock = (locked: boolean) =>
      fetch(`${started.url}/api/boards/${board.id}/locks`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...board.auth('facilitator') },
        body: JSON.stringify({ pageId, locked }),
      })
    expect((await lock(true)).status).toBe(200)
    const refused = await fetch(
      `${started.url}/api/boards/${board.id}/ideas`,
      post({ text: 'Waiting', area: 'incoming' }, board.auth('participant')),
    )
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('board.locked')
    expect((await lock(false)).status).toBe(200)
    const taken = await fetch(
      `${started.url}/api/boards/${board.id}/ideas`,
      post({ text: 'Waiting', area: 'incoming' }, board.auth('participant')),
    )
    expect(taken.status).toBe(201)
  })

  it('refuses an area it does not know, and view-only links', async () => {
    const board = await createBoard(started.url)
    const bad = await fetch(
      `${started.url}/api/boards/${board.id}/ideas`,
      post({ text: 'x', area: 'elsewhere' }, board.auth('participant')),
    )
    expect(bad.status).toBe(400)
    const view = await fetch(
      `${started.url}/api/boards/${board.id}/ideas`,
      post({ text: 'x', area: 'incoming' }, board.auth('view')),
    )
    expect(view.status).toBe(403)
  })

  it('stamps an idea sent with its author as the canvas does, so a phone idea counts for its person; never when anonymous', async () => {
    const board = await createBoard(started.url)
    const url = `${started.url}/api/boards/${board.id}/ideas`
    const author = { id: 'a1b2c3d4e5f60718', name: 'Priya' }
    expect(
      (await fetch(url, post({ text: 'From my phone', area: 'incoming', author }, board.auth('participant')))).status,
    ).toBe(201)
    const metaOf = (text: string) =>
      started.server.rooms.withRoom(board.id, (room) => {
        let meta: unknown = null
        room.doc.getMap('records').forEach((record) => {
          const r = record as { get(key: string): unknown }
          const props = r.get('props') as { get(key: string): unknown } | undefined
          if (r.get('type') === 'note' && String(props?.get('richText')).includes(text)) meta = r.get('meta')
        })
        return meta
      })
    expect(await metaOf('From my phone')).toMatchObject({ author: 'Priya', authorId: 'a1b2c3d4e5f60718' })
    const badId = await fetch(
      url,
      post({ text: 'x', author: { id: 'no spaces allowed', name: 'P' } }, board.auth('participant')),
    )
    expect(badId.status).toBe(400)
    const hidden = await fetch(`${started.url}/api/boards/${board.id}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...board.auth('facilitator') },
      body: JSON.stringify({ anonymous: true }),
    })
    // A session with ideas cannot turn anonymous; a fresh one can.
    expect(hidden.status).toBe(409)
    const quiet = await createBoard(started.url)
    const made = await fetch(`${started.url}/api/boards/${quiet.id}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...quiet.auth('facilitator') },
      body: JSON.stringify({ anonymous: true }),
    })
    expect(made.status).toBe(200)
    const sent = await fetch(
      `${started.url}/api/boards/${quiet.id}/ideas`,
      post({ text: 'Nameless', area: 'incoming', author }, quiet.auth('participant')),
    )
    expect(sent.status).toBe(201)
    const anonymousMeta = await started.server.rooms.withRoom(quiet.id, (room) => {
      const metas: unknown[] = []
      room.doc.getMap('records').forEach((record) => {
        const r = record as { get(key: string): unknown }
        if (r.get('type') === 'note') metas.push(r.get('meta'))
      })
      return metas
    })
    expect(JSON.stringify(anonymousMeta)).not.toMatch(/Priya|a1b2c3d4e5f60718/)
  })
})
