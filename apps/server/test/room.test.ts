import { readScreen } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import { call, connectClient, createBoard, startTestServer, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup() {
  const t = await startTestServer()
  cleanups.push(() => t.server.close())
  return t
}

describe('naming a session', () => {
  it('a facilitator renames it: every connected client gets the new title, export file names follow, history says so', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url, 'Untitled session')
    const base = `${url}/api/boards/${board.id}`
    const client = connectClient(wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => client.destroy())
    await client.synced()

    const renamed = await call(`${base}/title`, 'PUT', board.auth('facilitator'), {
      title: '  Day centre:\nwhat next?  ',
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body!.title).toBe('Day centre: what next?')
    await waitFor(
      () => client.doc.getMap('meta').get('title') === 'Day centre: what next?',
      5000,
      'title reaches the client',
    )

    expect((await call(base, 'GET', board.auth('participant'))).body!.title).toBe('Day centre: what next?')
    const exported = await fetch(`${base}/export?format=md`, { headers: board.auth('facilitator') })
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toMatch(/Day.centre/i)

    const versions = (await call(`${base}/versions`, 'GET', board.auth('facilitator'))).body!.versions as {
      reason: string
    }[]
    expect(versions.map((v) => v.reason)).toContain('Session renamed to “Day centre: what next?”')
    // The same name again leaves no second entry.
    await call(`${base}/title`, 'PUT', board.auth('facilitator'), { title: 'Day centre: what next?' })
    const again = (await call(`${base}/versions`, 'GET', board.auth('facilitator'))).body!.versions as {
      reason: string
    }[]
    expect(again.filter((v) => v.reason.startsWith('Session renamed')).length).toBe(1)
  })

  it('only facilitators, and only a sensible name', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const base = `${url}/api/boards/${board.id}`
    expect((await call(`${base}/title`, 'PUT', board.auth('participant'), { title: 'Mine now' })).status).toBe(403)
    for (const title of ['', '   ', '\n\t', 'x'.repeat(201), 42, null]) {
      const refused = await call(`${base}/title`, 'PUT', board.auth('facilitator'), { title })
      expect([JSON.stringify(title).slice(0, 20), refused.status]).toEqual([JSON.stringify(title).slice(0, 20), 400])
    }
    // Huge input is refused without being cleaned first.
    const huge = await call(`${base}/title`, 'PUT', board.auth('facilitator'), { title: ' '.repeat(100_000) })
    expect(huge.status).toBe(400)
  })
})

describe('the shared screen and the summary link', () => {
  it('a facilitator puts the summary link on the shared screen; participants cannot', async () => {
    const { url, wsUrl } = await setup()
    const board = await createBoard(url)
    const base = `${url}/api/boards/${board.id}`
    const client = connectClient(wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => client.destroy())
    await client.synced()
    expect(readScreen(client.doc)).toEqual({ summary: false })
    expect((await call(`${base}/screen`, 'PUT', board.auth('participant'), { summary: true })).status).toBe(403)
    expect((await call(`${base}/screen`, 'PUT', board.auth('facilitator'), { summary: 'yes' })).status).toBe(400)
    expect((await call(`${base}/screen`, 'PUT', board.auth('facilitator'), { summary: true })).status).toBe(200)
    await waitFor(() => readScreen(client.doc).summary, 5000, 'the screen setting reaches the client')
  })

  it('the link to pass on and its QR code, for whoever may read the summary; not for anyone else', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const summary = (board.links as Record<string, string>).summary!
    const key = new URL(summary).hash.replace('#key=', '')
    const share = await call(`${url}/api/boards/${board.id}/summary/share`, 'GET', { authorization: `Bearer ${key}` })
    expect(share.status).toBe(200)
    expect(share.body!.link).toBe(summary)
    expect(share.body!.qr).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s)
    const viewer = await call(`${url}/api/boards/${board.id}/summary/share`, 'GET', board.auth('view'))
    expect(viewer.body!.link).toBe(summary)
    expect(
      (
        await call(`${url}/api/boards/${board.id}/summary/share`, 'GET', {
          authorization: 'Bearer wrongwrongwrongwrong',
        })
      ).status,
    ).toBe(403)
  })

  it('the summary page names its icon, so the browser does not ask for a missing one', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const page = await (await fetch(`${url}/s/${board.id}`)).text()
    expect(page).toContain('<link rel="icon" href="/favicon.svg"')
  })
})
