import {
  addIdea,
  CloseCodes,
  listIdeas,
  listPages,
  readActionStates,
  readRounds,
  readSettings,
  updateIdea,
  writeActionState,
  writeRound,
} from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  createBoard,
  personSession,
  startTestServer,
  tempDataDir,
  waitFor,
  type TestBoard,
} from './helpers'

// Two servers in this process on one PostgreSQL schema and one Redis channel prefix, as two machines would be.
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function twoServers() {
  const dataDir = tempDataDir()
  const servers = [await startTestServer({}, dataDir), await startTestServer({}, dataDir)]
  for (const s of servers) cleanups.push(() => s.server.close())
  return servers
}

function client(wsUrl: string, board: TestBoard, role: 'participant' | 'facilitator' = 'participant') {
  const c = connectClient(wsUrl, board.id, { key: board.keys[role] })
  cleanups.push(() => c.destroy())
  return c
}

const post = (url: string, body: unknown, headers: Record<string, string>, method = 'POST') =>
  fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

describe('two servers sharing PostgreSQL and Redis', () => {
  it('clients split across the servers see each other’s edits and presence live, and converge', async () => {
    const [s1, s2] = await twoServers()
    const board = await createBoard(s1!.url)
    const clients = [
      client(s1!.wsUrl, board),
      client(s1!.wsUrl, board),
      client(s2!.wsUrl, board),
      client(s2!.wsUrl, board),
    ]
    for (const c of clients) await c.synced()

    // Everyone writes at once: 10 ideas each, then everyone recolours the first idea of the next person.
    const made = clients.map((c, n) =>
      Array.from({ length: 10 }, (_, i) => addIdea(c.doc, { text: `person ${n} idea ${i}` })),
    )
    await waitFor(() => clients.every((c) => listIdeas(c.doc).length === 40), 10_000, 'all 40 ideas everywhere')
    clients.forEach((c, n) => updateIdea(c.doc, made[(n + 1) % 4]![0]!, { colour: 'green', text: `edited by ${n}` }))
    const sameEverywhere = () => {
      const first = Y.encodeStateVector(clients[0]!.doc)
      return clients.every((c) => Buffer.from(Y.encodeStateVector(c.doc)).equals(first))
    }
    await waitFor(sameEverywhere, 10_000, 'identical documents')
    // Ideas with equal order keys list in either order, so compare them by id.
    const byId = (c: (typeof clients)[number]) => listIdeas(c.doc).sort((x, y) => (x.id < y.id ? -1 : 1))
    for (const c of clients) expect(byId(c)).toEqual(byId(clients[0]!))
    expect(listIdeas(clients[3]!.doc).filter((i) => i.colour === 'green')).toHaveLength(4)

    clients[0]!.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    const seesAmina = (c: (typeof clients)[number]) =>
      Array.from(c.provider.awareness.getStates().values()).some((s) => s.user?.name === 'Amina')
    await waitFor(() => seesAmina(clients[3]!), 5000, 'presence across servers')
    clients[0]!.destroy()
    await waitFor(() => !seesAmina(clients[3]!), 5000, 'presence gone across servers')
  })

  it('votes and agreements through either server are counted once, within budget, and published the same everywhere', async () => {
    const [s1, s2] = await twoServers()
    const servers = [s1!, s2!]
    const board = await createBoard(s1!.url)
    const watchers = [client(s1!.wsUrl, board), client(s2!.wsUrl, board)]
    for (const w of watchers) await w.synced()
    const ideas: string[] = []
    for (const s of servers) {
      const res = await post(
        `${s.url}/api/boards/${board.id}/ideas`,
        { text: `idea via ${s.url}` },
        board.auth('participant'),
      )
      ideas.push(((await res.json()) as { idea: { id: string } }).idea.id)
    }
    const started = await post(
      `${s2!.url}/api/boards/${board.id}/rounds`,
      { dotsPerPerson: 3, hidden: false },
      board.auth('facilitator'),
    )
    expect(started.status).toBe(201)
    const roundId = ((await started.json()) as { round: { id: string } }).round.id

    // 12 people, sessions made on either server; each fires 4 dots at once (one over budget), alternating servers.
    const people = await Promise.all(Array.from({ length: 12 }, (_, p) => personSession(servers[p % 2]!.url, board)))
    const responses = await Promise.all(
      people.flatMap((cookie, p) =>
        Array.from({ length: 4 }, (_, k) =>
          post(
            `${servers[(p + k) % 2]!.url}/api/boards/${board.id}/rounds/${roundId}/dots`,
            { ideaId: ideas[k % 2] },
            cookie,
          ),
        ),
      ),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(36)
    expect(statuses.filter((s) => s === 409)).toHaveLength(12)

    // The ledger answers the same through both servers, and every client's board shows exactly that.
    const rounds = await Promise.all(
      servers.map(
        async (s) =>
          (
            (await (await fetch(`${s.url}/api/boards/${board.id}/rounds`, { headers: board.auth('view') })).json()) as {
              rounds: { tallies: Record<string, number>; dotsCast: number; voters: number }[]
            }
          ).rounds[0]!,
      ),
    )
    expect(rounds[0]).toEqual(rounds[1])
    expect(rounds[0]).toMatchObject({ dotsCast: 36, voters: 12 })
    const truth = rounds[0]!.tallies
    expect(Object.values(truth).reduce((a, b) => a + b, 0)).toBe(36)
    const showsTruth = () => watchers.every((w) => sameTallies(readRounds(w.doc)[0]?.tallies, truth))
    await waitFor(showsTruth, 10_000, 'published tallies equal to the ledger on both servers')

    // Two servers publishing the same round at once are concurrent Yjs writes, and the older count can win. Act
    // that out: server 1 publishes a stale count; server 2 sees it differs from the ledger and puts the truth back.
    const stale = { ...readRounds(watchers[0]!.doc)[0]!, tallies: {}, dotsCast: 0 }
    let staleSeen = false
    watchers[0]!.doc.on('update', () => (staleSeen ||= readRounds(watchers[0]!.doc)[0]?.dotsCast === 0))
    await s1!.server.rooms.withRoom(board.id, (room) => room.change((doc) => writeRound(doc, stale)))
    await waitFor(() => staleSeen && showsTruth(), 10_000, 'the stale count seen, then corrected from the ledger')

    // Agreements on an action, half through each server.
    const action = await post(
      `${s1!.url}/api/boards/${board.id}/actions`,
      { what: 'Open on Saturdays' },
      board.auth('participant'),
    )
    const actionId = ((await action.json()) as { action: { id: string } }).action.id
    const stances = await Promise.all(
      people.map((cookie, p) =>
        post(
          `${servers[p % 2]!.url}/api/boards/${board.id}/actions/${actionId}/stance`,
          { stance: p < 8 ? 'agree' : 'concern', name: `P${p}` },
          cookie,
          'PUT',
        ),
      ),
    )
    expect(stances.map((r) => r.status)).toEqual(Array(12).fill(200))
    const countsRight = () =>
      watchers.every(
        (w) => readActionStates(w.doc)[actionId]?.agree === 8 && readActionStates(w.doc)[actionId]?.concern === 4,
      )
    await waitFor(countsRight, 10_000, 'agreement counts equal everywhere')
    const staleState = { ...readActionStates(watchers[0]!.doc)[actionId]!, agree: 0, agreedBy: [] }
    await s2!.server.rooms.withRoom(board.id, (room) =>
      room.change((doc) => writeActionState(doc, actionId, staleState)),
    )
    await waitFor(countsRight, 10_000, 'stale agreement counts corrected from the ledger')
  })

  it('a page locked through one server refuses edits through the other', async () => {
    const [s1, s2] = await twoServers()
    const board = await createBoard(s1!.url)
    const far = client(s2!.wsUrl, board)
    await far.synced()
    const pageId = listPages(far.doc)[0]!.id
    const res = await post(
      `${s1!.url}/api/boards/${board.id}/locks`,
      { pageId, locked: true },
      board.auth('facilitator'),
      'PUT',
    )
    expect(res.status).toBe(200)
    await waitFor(() => readSettings(far.doc).lockedPages.includes(pageId), 5000, 'the lock at the other server')
    addIdea(far.doc, { text: 'on a locked page' })
    await waitFor(() => far.closes.some((c) => c.code === CloseCodes.ChangeRefused), 5000, 'the edit refused')
  })
})

function sameTallies(a: Record<string, number> | null | undefined, b: Record<string, number>): boolean {
  if (!a) return false
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return Array.from(keys).every((k) => (a[k] ?? 0) === (b[k] ?? 0))
}
