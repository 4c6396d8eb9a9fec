import { addIdea, getIdea } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import {
  call,
  connectClient,
  createBoard,
  openStoredData,
  personSession,
  startTestServer,
  waitFor,
  type TestBoard,
} from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
const GROUPS = ['I draw on care and support', 'I am an unpaid carer', 'I work in services']

async function askingBoard(url: string): Promise<TestBoard> {
  const board = await createBoard(url, 'Day centre review')
  const on = await call(`${url}/api/boards/${board.id}/evidence`, 'PUT', board.auth('facilitator'), {
    ask: true,
    groups: GROUPS,
    threshold: 3,
  })
  expect(on.status).toBe(200)
  expect(on.body.settings.evidence).toEqual({ ask: true, groups: GROUPS, threshold: 3 })
  return board
}

describe('evidence of co-production', () => {
  it('counts ideas, dots and agreements by group, hides small groups, and never shows a person', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await askingBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const people = await Promise.all(Array.from({ length: 7 }, () => personSession(t.url, board)))
    const [ann, bo, cy, dee, eli, fay, gus] = people as [Record<string, string>, ...Record<string, string>[]]
    for (const person of [ann, bo, cy])
      expect((await call(`${api}/me/answer`, 'PUT', person!, { group: GROUPS[0] })).status).toBe(200)
    for (const person of [dee, eli]) await call(`${api}/me/answer`, 'PUT', person!, { group: GROUPS[1] })
    await call(`${api}/me/answer`, 'PUT', fay!, { group: '' })
    expect((await call(`${api}/me/answer`, 'GET', ann)).body).toEqual({ ask: true, answered: true, group: GROUPS[0] })
    expect((await call(`${api}/me/answer`, 'GET', gus!)).body).toEqual({ ask: true, answered: false, group: null })

    // Ann draws an idea on the board (a document change over the WebSocket, with her session cookie).
    const annClient = connectClient(t.wsUrl, board.id, {}, ann)
    cleanups.push(() => annClient.destroy())
    await annClient.synced()
    let annIdea = ''
    annClient.doc.transact(() => (annIdea = addIdea(annClient.doc, { text: 'A quiet room', x: 0, y: 0 })))
    // Dee sends one from her phone (HTTP); a script with only a key sends another, which has no known author.
    const deeIdea = (await call(`${api}/ideas`, 'POST', dee!, { text: 'Later buses' })).body.idea.id as string
    await call(`${api}/ideas`, 'POST', board.auth('participant'), { text: 'Ramps' })
    await waitFor(
      async () => (await call(`${api}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 3,
      5000,
      'three ideas',
    )

    const round = (await call(`${api}/rounds`, 'POST', board.auth('facilitator'), { hidden: false })).body.round
    for (const [person, idea] of [
      [ann, deeIdea],
      [bo, annIdea],
      [bo, annIdea],
      [fay, annIdea],
    ] as const) {
      expect((await call(`${api}/rounds/${round.id}/dots`, 'POST', person!, { ideaId: idea })).status).toBe(200)
    }
    await call(`${api}/rounds/${round.id}/close`, 'POST', board.auth('facilitator'))
    const action = (await call(`${api}/actions`, 'POST', ann, { what: 'Set up a quiet room', ideaId: annIdea })).body
      .action
    for (const person of [ann, bo, cy, dee, eli])
      await call(`${api}/actions/${action.id}/stance`, 'PUT', person!, { stance: 'agree', name: 'someone' })
    await call(`${api}/actions/${action.id}/status`, 'PUT', board.auth('facilitator'), { status: 'agreed' })

    const expected = {
      threshold: 3,
      groups: [{ label: GROUPS[0], people: 3, ideas: 1, dots: 3, agreements: 3, agreedActions: 1 }],
      // Carers (2 people) are too few to show on their own: they are counted with Fay, who would rather not say,
      // and with the idea nobody is known to have added. Gus never answered nor added anything: nobody counts him.
      others: { people: 3, ideas: 2, dots: 1, agreements: 2, agreedActions: 0 },
    }
    const json = await call(`${api}/export?format=json`, 'GET', board.auth('facilitator'))
    expect(json.body.evidence).toEqual(expected)
    const md = (await call(`${api}/export?format=md`, 'GET', board.auth('facilitator'))).text
    expect(md).toContain(`| ${GROUPS[0]} | 3 | 1 | 3 | 3 | 1 |`)
    expect(md).toContain('| Everyone else | 3 | 2 | 1 | 2 | 0 |')
    expect(md).not.toContain(GROUPS[1])
    // The summary link's JSON carries the same figures, and they survive a restart.
    const summaryKey = new URL(
      (await call(`${api}/links`, 'GET', board.auth('facilitator'))).body.links.summary,
    ).hash.replace('#key=', '')
    await t.server.close()
    const again = await startTestServer({}, t.dataDir)
    cleanups.push(() => again.server.close())
    const summary = await call(`${again.url}/api/boards/${board.id}/summary`, 'GET', {
      authorization: `Bearer ${summaryKey}`,
    })
    expect(summary.body.evidence).toEqual(expected)
    expect(getIdea(annClient.doc, annIdea)?.text).toBe('A quiet room')
  })

  it("counts each idea as its own author's when several people add ideas in the same moment", async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await askingBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const people = await Promise.all(GROUPS.map(() => personSession(t.url, board)))
    const clients = people.map((cookie) => connectClient(t.wsUrl, board.id, {}, cookie))
    for (const client of clients) cleanups.push(() => client.destroy())
    await Promise.all(clients.map((c) => c.synced()))
    await Promise.all(people.map((cookie, i) => call(`${api}/me/answer`, 'PUT', cookie, { group: GROUPS[i] })))
    // Each adds five ideas, all in the same turn, so the server takes them in shared batches.
    const ideas = clients.map((client, i) =>
      Array.from({ length: 5 }, (_, n) => addIdea(client.doc, { text: `${GROUPS[i]} ${n}`, x: n * 220, y: i * 220 })),
    )
    const stored = await openStoredData(t.dataDir)
    cleanups.push(() => stored.close())
    await waitFor(
      async () => (await stored.contributions(board.id)).ideaAuthors.length === 15,
      10_000,
      'all ideas attributed',
    )
    const facts = await stored.contributions(board.id)
    const groupOf = new Map(facts.answers.map((a) => [a.personId, a.group]))
    const authorGroup = new Map(facts.ideaAuthors.map((a) => [a.ideaId, groupOf.get(a.personId)]))
    ideas.forEach((ids, i) => expect(ids.map((id) => authorGroup.get(id))).toEqual(Array(5).fill(GROUPS[i])))
  })

  it('watching for new ideas does not build a board that people only read', async () => {
    const t = await startTestServer()
    const board = await askingBoard(t.url)
    await call(`${t.url}/api/boards/${board.id}/ideas`, 'POST', board.auth('participant'), {
      text: 'Stored before the restart',
    })
    await t.server.close()
    const again = await startTestServer({}, t.dataDir)
    cleanups.push(() => again.server.close())
    const reader = connectClient(again.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => reader.destroy())
    await reader.synced()
    const state = await again.server.rooms.withRoom(board.id, (room) => ({ built: room.docBuilt, shared: room.shared }))
    // A board shared with other servers (Redis) builds its doc to watch the results they publish; alone, it stays bytes.
    expect(state!.built).toBe(state!.shared)
  })

  it('checks what facilitators and people send', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const f = board.auth('facilitator')
    const person = await personSession(t.url, board)
    // Not asking yet: nobody can answer.
    expect((await call(`${api}/me/answer`, 'PUT', person, { group: GROUPS[0] })).status).toBe(409)
    const bad = async (body: unknown) => (await call(`${api}/evidence`, 'PUT', f, body)).body.error.message as string
    expect(await bad({ ask: 'yes', groups: GROUPS, threshold: 3 })).toMatch(/ask must be true or false/)
    expect(await bad({ ask: true, groups: [' ', ''], threshold: 3 })).toMatch(/at least one answer/)
    expect(await bad({ ask: true, groups: Array.from({ length: 13 }, (_, i) => `Group ${i}`), threshold: 3 })).toMatch(
      /at most 12/,
    )
    expect(await bad({ ask: true, groups: ['x'.repeat(81)], threshold: 3 })).toMatch(/at most 80 characters/)
    expect(await bad({ ask: true, groups: GROUPS, threshold: 1 })).toMatch(/at least 2/)
    expect(await bad({ ask: true, groups: GROUPS, threshold: 2.5 })).toMatch(/whole number/)
    expect(
      (await call(`${api}/evidence`, 'PUT', board.auth('participant'), { ask: true, groups: GROUPS, threshold: 3 }))
        .status,
    ).toBe(403)
    const tidy = await call(`${api}/evidence`, 'PUT', f, {
      ask: true,
      groups: ['  Carers ', 'carers', 'Staff'],
      threshold: 4,
    })
    expect(tidy.body.settings.evidence).toEqual({ ask: true, groups: ['Carers', 'Staff'], threshold: 4 })

    expect((await call(`${api}/me/answer`, 'PUT', person, { group: 'Not on the list' })).status).toBe(400)
    expect((await call(`${api}/me/answer`, 'PUT', person, { group: 7 })).status).toBe(400)
    expect((await call(`${api}/me/answer`, 'PUT', board.auth('participant'), { group: 'Staff' })).body.error.code).toBe(
      'auth.session_needed',
    )
    expect((await call(`${api}/me/answer`, 'PUT', board.auth('view'), { group: 'Staff' })).status).toBe(403)
    expect((await call(`${api}/me/answer`, 'PUT', person, { group: 'Staff' })).body).toEqual({
      answered: true,
      group: 'Staff',
    })
    expect((await call(`${api}/me/answer`, 'PUT', person, { group: null })).body).toEqual({
      answered: false,
      group: null,
    })
    expect((await call(`${api}/me/answer`, 'GET', person)).body).toEqual({ ask: true, answered: false, group: null })
  })

  it('collects and shows nothing in an anonymous session', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await askingBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const person = await personSession(t.url, board)
    await call(`${api}/me/answer`, 'PUT', person, { group: GROUPS[0] })
    const anonymous = await call(`${api}/settings`, 'PUT', board.auth('facilitator'), { anonymous: true })
    expect(anonymous.body.settings.evidence.ask).toBe(false)
    expect(
      (await call(`${api}/evidence`, 'PUT', board.auth('facilitator'), { ask: true, groups: GROUPS, threshold: 3 }))
        .status,
    ).toBe(409)
    expect((await call(`${api}/me/answer`, 'PUT', person, { group: GROUPS[0] })).status).toBe(409)
    expect((await call(`${api}/me/answer`, 'GET', person)).body).toEqual({ ask: false, answered: false, group: null })
    await call(`${api}/ideas`, 'POST', person, { text: 'Anything' })
    expect((await call(`${api}/export?format=json`, 'GET', board.auth('facilitator'))).body.evidence).toBeNull()
  })
})
