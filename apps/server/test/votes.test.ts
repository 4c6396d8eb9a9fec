import {
  addIdea,
  getLedgerMap,
  listIdeas,
  rankTallies,
  readOpenRound,
  readRounds,
  type PublishedRound,
} from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  call,
  connectClient,
  createBoard,
  personSession,
  queryRows,
  startTestServer,
  tempDataDir,
  waitFor,
  type TestBoard,
} from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

type Headers = Record<string, string>

/** A board with `n` ideas added over HTTP; returns their ids in order. */
async function boardWithIdeas(url: string, n: number): Promise<{ board: TestBoard; ideas: string[] }> {
  const board = await createBoard(url)
  const ideas: string[] = []
  for (let i = 0; i < n; i++) {
    const r = await call(`${url}/api/boards/${board.id}/ideas`, 'POST', board.auth('participant'), {
      text: `Idea ${i + 1}`,
    })
    ideas.push(r.body.idea.id)
  }
  return { board, ideas }
}

async function startRound(url: string, board: TestBoard, body: Record<string, unknown> = {}): Promise<PublishedRound> {
  const r = await call(`${url}/api/boards/${board.id}/rounds`, 'POST', board.auth('facilitator'), body)
  expect(r.status).toBe(201)
  return r.body.round as PublishedRound
}

describe('dot voting', () => {
  it('50 people each put their whole budget on one idea at once: the tally is exactly 50 × budget', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const { board, ideas } = await boardWithIdeas(t.url, 2)
    const round = await startRound(t.url, board, { dotsPerPerson: 3, hidden: false })
    const people = await Promise.all(Array.from({ length: 50 }, () => personSession(t.url, board)))
    const attempts = people.flatMap((cookie) =>
      Array.from({ length: 4 }, () =>
        call(`${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`, 'POST', cookie, { ideaId: ideas[0] }),
      ),
    )
    const results = await Promise.all(attempts)
    expect(results.filter((r) => r.status === 200)).toHaveLength(150)
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => r.body.error.code === 'vote.budget_used' && /used all your 3 dots/.test(r.body.error.message)),
    ).toBe(true)
    const watcher = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    await waitFor(() => readOpenRound(watcher.doc)?.tallies?.[ideas[0]!] === 150)
    expect(readOpenRound(watcher.doc)).toMatchObject({ voters: 50, dotsCast: 150 })
  })

  it('refuses everything a modified participant client tries, and leaves the board unchanged', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const { board, ideas } = await boardWithIdeas(t.url, 1)
    const round = await startRound(t.url, board, { dotsPerPerson: 3, hidden: true })
    const cookie = await personSession(t.url, board)
    const dots = `${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`

    // 20 dots on a 3-dot budget, all at once.
    const tries = await Promise.all(Array.from({ length: 20 }, () => call(dots, 'POST', cookie, { ideaId: ideas[0] })))
    expect(tries.filter((r) => r.status === 200)).toHaveLength(3)
    expect(tries.filter((r) => r.status === 409)).toHaveLength(17)

    // Change facilitator settings over HTTP.
    for (const [path, body] of [
      ['rounds/' + round.id + '/reveal', undefined],
      ['rounds/' + round.id + '/close', undefined],
      ['settings', { anonymous: true }],
      ['locks', { pageId: 'page:x', locked: true }],
    ] as const) {
      const r = await call(
        `${t.url}/api/boards/${board.id}/${path}`,
        path.startsWith('rounds') ? 'POST' : 'PUT',
        cookie,
        body,
      )
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('auth.facilitator_only')
    }

    // Read hidden votes: neither the API nor the board carries tallies while hidden; /mine shows only one's own.
    const listed = await call(`${t.url}/api/boards/${board.id}/rounds`, 'GET', cookie)
    expect(listed.body.rounds[0].tallies).toBeNull()
    expect((await call(`${dots.replace('/dots', '/mine')}`, 'GET', cookie)).body).toMatchObject({
      dots: { [ideas[0]!]: 3 },
      remaining: 0,
    })
    const raw = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => raw.destroy())
    await raw.synced()
    expect(readRounds(raw.doc)[0]!.tallies).toBeNull()
    expect(JSON.stringify(raw.doc.toJSON())).not.toMatch(/"tallies":\{/)

    // Write tallies straight into the board: the connection is refused and nothing changes.
    const rounds = getLedgerMap(raw.doc).get('rounds') as Y.Map<PublishedRound>
    rounds.set(round.id, { ...rounds.get(round.id)!, tallies: { [ideas[0]!]: 99 }, revealed: true })
    await waitFor(() => raw.closes.length > 0)
    expect(raw.closes[0]).toMatchObject({
      code: 4422,
      reason: expect.stringMatching(/^change\.refused: change\.server_owned: .*can only be changed by the server/),
    })
    const fresh = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => fresh.destroy())
    await fresh.synced()
    expect(readRounds(fresh.doc)[0]).toMatchObject({ tallies: null, revealed: false, dotsCast: 3 })
  })

  it('hides results until reveal, then ranks ideas with ties shown as ties; rounds are kept', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const { board, ideas } = await boardWithIdeas(t.url, 3)
    const round = await startRound(t.url, board, { dotsPerPerson: 2, hidden: true })
    const [p1, p2, p3] = await Promise.all([1, 2, 3].map(() => personSession(t.url, board)))
    const dots = `${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`
    // Idea 1: 2 dots, idea 2: 2 dots (a tie), idea 3: 1 dot; p3 abstains after placing one dot.
    await call(dots, 'POST', p1!, { ideaId: ideas[0] })
    await call(dots, 'POST', p1!, { ideaId: ideas[1] })
    await call(dots, 'POST', p2!, { ideaId: ideas[0] })
    await call(dots, 'POST', p2!, { ideaId: ideas[2] })
    await call(dots, 'POST', p3!, { ideaId: ideas[2] })
    const moved = await call(`${dots}/move`, 'POST', p2!, { from: ideas[2], to: ideas[1] })
    expect(moved.body.dots).toEqual({ [ideas[0]!]: 1, [ideas[1]!]: 1 })
    const abstained = await call(dots.replace('/dots', '/abstain'), 'POST', p3!, { abstain: true })
    expect(abstained.body).toMatchObject({ abstained: true, used: 0 })
    const took = await call(dots, 'DELETE', p1!, { ideaId: ideas[1] })
    expect(took.body.dots).toEqual({ [ideas[0]!]: 1 })
    await call(dots, 'POST', p1!, { ideaId: ideas[1] })

    const closed = await call(
      `${t.url}/api/boards/${board.id}/rounds/${round.id}/close`,
      'POST',
      board.auth('facilitator'),
    )
    expect(closed.body.round).toMatchObject({ status: 'closed', tallies: null, voters: 2, abstained: 1, dotsCast: 4 })
    expect((await call(dots, 'POST', p1!, { ideaId: ideas[0] })).status).toBe(409)
    const revealed = await call(
      `${t.url}/api/boards/${board.id}/rounds/${round.id}/reveal`,
      'POST',
      board.auth('facilitator'),
    )
    const tallies = revealed.body.round.tallies as Record<string, number>
    expect(tallies).toEqual({ [ideas[0]!]: 2, [ideas[1]!]: 2 })
    const ranked = rankTallies(tallies)
    expect(ranked.map((r) => [r.rank, r.dots, r.tied])).toEqual([
      [1, 2, true],
      [1, 2, true],
    ])

    const second = await startRound(t.url, board, { dotsPerPerson: 1, hidden: false })
    const listed = await call(`${t.url}/api/boards/${board.id}/rounds`, 'GET', board.auth('view'))
    expect(listed.body.rounds.map((r: PublishedRound) => r.id)).toEqual([round.id, second.id])
  })

  it('enforces the per-idea cap and refuses a second open round', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const { board, ideas } = await boardWithIdeas(t.url, 2)
    const round = await startRound(t.url, board, { dotsPerPerson: 5, maxPerIdea: 2 })
    const p = await personSession(t.url, board)
    const dots = `${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`
    const results = []
    for (let i = 0; i < 3; i++) results.push(await call(dots, 'POST', p, { ideaId: ideas[0] }))
    expect(results.map((r) => r.status)).toEqual([200, 200, 409])
    expect(results[2]!.body.error).toEqual({ code: 'vote.cap', message: 'you can put at most 2 dots on one idea' })
    expect((await call(dots, 'POST', p, { ideaId: 'shape:nope' })).status).toBe(400)
    const again = await call(`${t.url}/api/boards/${board.id}/rounds`, 'POST', board.auth('facilitator'), {})
    expect(again.status).toBe(409)
    const keyOnly = await call(dots, 'POST', board.auth('participant'), { ideaId: ideas[0] })
    expect(keyOnly.status).toBe(403)
    expect(keyOnly.body.error.code).toBe('auth.session_needed')
  })

  it('closes a round with a time limit by itself', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const { board, ideas } = await boardWithIdeas(t.url, 1)
    const round = await startRound(t.url, board, { durationSeconds: 10 })
    expect(round.endsAt! - round.startedAt).toBe(10_000)
    const p = await personSession(t.url, board)
    expect(
      (await call(`${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`, 'POST', p, { ideaId: ideas[0] })).status,
    ).toBe(200)
    const watcher = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    expect(readOpenRound(watcher.doc)?.endsAt).toBe(round.endsAt)
    await waitFor(() => readRounds(watcher.doc)[0]?.status === 'closed', 15_000, 'the round to close at its time limit')
  }, 20_000)

  it('keeps votes and actions across a restart', async () => {
    const dataDir = tempDataDir()
    const first = await startTestServer({}, dataDir)
    const { board, ideas } = await boardWithIdeas(first.url, 1)
    const round = await startRound(first.url, board, { hidden: false })
    const p = await personSession(first.url, board)
    await call(`${first.url}/api/boards/${board.id}/rounds/${round.id}/dots`, 'POST', p, { ideaId: ideas[0] })
    const action = await call(`${first.url}/api/boards/${board.id}/actions`, 'POST', board.auth('participant'), {
      what: 'Fit a ramp',
      who: 'Sam',
      due: '2027-03-01',
      ideaId: ideas[0],
    })
    await call(`${first.url}/api/boards/${board.id}/actions/${action.body.action.id}/stance`, 'PUT', p, {
      stance: 'agree',
      name: 'Pat',
    })
    await first.server.close()

    const second = await startTestServer({}, dataDir)
    cleanups.push(() => second.server.close())
    const mine = await call(`${second.url}/api/boards/${board.id}/rounds/${round.id}/mine`, 'GET', p)
    expect(mine.body.dots).toEqual({ [ideas[0]!]: 1 })
    const rounds = await call(`${second.url}/api/boards/${board.id}/rounds`, 'GET', board.auth('view'))
    expect(rounds.body.rounds[0].tallies).toEqual({ [ideas[0]!]: 1 })
    const actions = await call(`${second.url}/api/boards/${board.id}/actions`, 'GET', board.auth('view'))
    expect(actions.body.actions[0]).toMatchObject({
      what: 'Fit a ramp',
      who: 'Sam',
      due: '2027-03-01',
      ideaText: 'Idea 1',
      agree: 1,
      agreedBy: ['Pat'],
    })
  })

  it('stores no author at all in anonymous mode (checked in the database)', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const set = await call(`${t.url}/api/boards/${board.id}/settings`, 'PUT', board.auth('facilitator'), {
      anonymous: true,
    })
    expect(set.body.settings.anonymous).toBe(true)
    const writer = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => writer.destroy())
    await writer.synced()
    const ideaId = addIdea(writer.doc, { text: 'Anonymous idea' })
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 1,
    )
    // Anonymous mode cannot be switched off again once ideas exist.
    expect(
      (await call(`${t.url}/api/boards/${board.id}/settings`, 'PUT', board.auth('facilitator'), { anonymous: false }))
        .status,
    ).toBe(409)

    const round = await startRound(t.url, board, { hidden: false })
    const p = await personSession(t.url, board)
    await call(`${t.url}/api/boards/${board.id}/rounds/${round.id}/dots`, 'POST', p, { ideaId })
    const action = await call(`${t.url}/api/boards/${board.id}/actions`, 'POST', board.auth('participant'), {
      what: 'Do it',
      ideaId,
    })
    const stance = await call(`${t.url}/api/boards/${board.id}/actions/${action.body.action.id}/stance`, 'PUT', p, {
      stance: 'agree',
      name: 'Pat',
    })
    expect(stance.body.state).toMatchObject({ agree: 1, agreedBy: [] })
    await call(`${t.url}/api/boards/${board.id}/rounds/${round.id}/close`, 'POST', board.auth('facilitator'))

    const personId = (
      await queryRows<{ person_id: string }>(
        t.dataDir,
        'SELECT person_id FROM access_sessions WHERE board_id = ? AND role = ?',
        [board.id, 'participant'],
      )
    ).map((r) => r.person_id)
    const voters = (await queryRows<{ voter: string }>(t.dataDir, 'SELECT voter FROM vote_dots')).map((r) => r.voter)
    const secrets = await queryRows<{ secret: string | null }>(t.dataDir, 'SELECT secret FROM vote_rounds')
    const names = await queryRows<{ name: string | null }>(t.dataDir, 'SELECT name FROM action_stances')
    expect(voters).toHaveLength(1)
    expect(personId).not.toContain(voters[0])
    expect(secrets).toEqual([{ secret: null }])
    expect(names).toEqual([{ name: null }])
    expect(listIdeas(writer.doc)[0]).toBeDefined()

    // And a client that tries to sign an idea is refused.
    const signer = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => signer.destroy())
    await signer.synced()
    addIdea(signer.doc, { text: 'Signed', meta: { author: 'Pat' } })
    await waitFor(() => signer.closes.length > 0)
    expect(signer.closes[0]!.reason).toMatch(/anonymous/)
  })
})
