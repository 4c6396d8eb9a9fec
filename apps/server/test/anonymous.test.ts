import { addIdea, CloseCodes, getRecordsMap, refusalCode } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  call,
  connectClient,
  createBoard,
  openStoredData,
  personSession,
  queryRows,
  startTestServer,
  storedDoc,
  waitFor,
} from './helpers'

/** Anonymous sessions, records side: nothing stored or exported links an idea to a person or a device. */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function anonymousBoard() {
  const t = await startTestServer()
  cleanups.push(() => t.server.close())
  const board = await createBoard(t.url, 'Anonymous review')
  // Asked first, then made anonymous: anonymity must win over the earlier setting.
  await call(`${t.url}/api/boards/${board.id}/evidence`, 'PUT', board.auth('facilitator'), {
    ask: true,
    groups: ['Carers'],
    threshold: 2,
  })
  expect(
    (await call(`${t.url}/api/boards/${board.id}/settings`, 'PUT', board.auth('facilitator'), { anonymous: true }))
      .status,
  ).toBe(200)
  return { t, board }
}

describe('anonymous sessions (records)', () => {
  it('keeps no author for ideas drawn or sent from a phone, and none reaches an export', async () => {
    const { t, board } = await anonymousBoard()
    const api = `${t.url}/api/boards/${board.id}`
    const amina = await personSession(t.url, board)
    const client = connectClient(t.wsUrl, board.id, {}, amina)
    cleanups.push(() => client.destroy())
    await client.synced()
    client.doc.transact(() => addIdea(client.doc, { text: 'A quiet room', x: 0, y: 0 }))
    expect((await call(`${api}/ideas`, 'POST', amina, { text: 'Later buses' })).status).toBe(201)
    await waitFor(
      async () => (await call(`${api}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 2,
      5000,
      'two ideas',
    )

    const stored = await openStoredData(t.dataDir)
    cleanups.push(() => stored.close())
    expect((await stored.contributions(board.id)).ideaAuthors).toEqual([])
    const persons = (
      await queryRows<{ person_id: string }>(t.dataDir, 'SELECT person_id FROM access_sessions WHERE board_id = ?', [
        board.id,
      ])
    ).map((r) => r.person_id)
    expect(persons).toHaveLength(1)
    for (const format of ['json', 'md', 'csv', 'ics']) {
      const text = (await call(`${api}/export?format=${format}`, 'GET', board.auth('facilitator'))).text
      expect(text, format).not.toContain(persons[0])
    }
    expect(JSON.stringify((await storedDoc(stored, board.id)).toJSON())).not.toContain(persons[0])
  })

  it("refuses an author hidden in a record's meta written as a nested map, with the code change.anonymous", async () => {
    const { t, board } = await anonymousBoard()
    const writer = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => writer.destroy())
    await writer.synced()
    let ideaId = ''
    writer.doc.transact(() => (ideaId = addIdea(writer.doc, { text: 'Ramps', x: 0, y: 0 })))
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 1,
    )
    writer.doc.transact(() => {
      const meta = new Y.Map<unknown>()
      getRecordsMap(writer.doc).get(ideaId)!.set('meta', meta)
      meta.set('authorId', 'device-6f1c2a')
    })
    await waitFor(() => writer.closes.length > 0)
    expect(writer.closes[0]!.code).toBe(CloseCodes.ChangeRefused)
    expect(refusalCode(writer.closes[0]!.reason)).toBe('change.anonymous')
    const stored = await openStoredData(t.dataDir)
    cleanups.push(() => stored.close())
    expect(JSON.stringify((await storedDoc(stored, board.id)).toJSON())).not.toContain('device-6f1c2a')
  })
})
