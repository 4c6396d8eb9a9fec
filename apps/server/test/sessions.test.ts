import { afterEach, describe, expect, it } from 'vitest'
import { createBoard, queryRows, startTestServer } from './helpers'

/** Persons are minted at `POST /:id/session`; each counts (dots, agreements, evidence), so minting is bounded. */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function setup(env: Record<string, string> = {}) {
  const t = await startTestServer(env)
  cleanups.push(() => t.server.close())
  return t
}

async function persons(dataDir: string, boardId: string): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    dataDir,
    'SELECT count(DISTINCT person_id) AS n FROM access_sessions WHERE board_id = ?',
    [boardId],
  )
  return Number(rows[0]!.n)
}

describe('POST /api/boards/:id/session', () => {
  // Regression: one participant key exchanged 1,000 times gave 1,000 persons (who could then put 30 dots on one idea).
  it('mints a bounded number of persons from 1,000 exchanges of one key', async () => {
    const t = await setup({ SESSIONS_PER_IP_PER_MINUTE: '100000' })
    const board = await createBoard(t.url)
    const statuses: number[] = []
    const started = Date.now()
    const refusals: unknown[] = []
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const res = await fetch(`${t.url}/api/boards/${board.id}/session`, {
            method: 'POST',
            headers: board.auth('participant'),
          })
          statuses.push(res.status)
          if (res.status === 429) {
            expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
            refusals.push(await res.json())
          } else await res.arrayBuffer()
        }),
      )
    }
    const limit = t.config.limits.sessionsPerKeyPerMinute
    const minted = await persons(t.dataDir, board.id)
    // The burst, plus what refilled while the requests ran (two a second at the default of 120 a minute).
    const refilled = Math.ceil(((Date.now() - started) / 60_000) * limit)
    expect(minted).toBeGreaterThanOrEqual(limit)
    expect(minted).toBeLessThanOrEqual(limit + refilled)
    expect(minted).toBeLessThan(500)
    expect(statuses.filter((s) => s === 200)).toHaveLength(minted)
    expect(statuses.filter((s) => s === 429).length).toBe(1000 - minted)
    expect(refusals[0]).toEqual({ error: { code: 'rate.limited', message: expect.any(String) } })
  }, 120_000)

  it('limits exchanges per address, whatever the key', async () => {
    const t = await setup({ SESSIONS_PER_IP_PER_MINUTE: '5' })
    const a = await createBoard(t.url)
    const b = await createBoard(t.url)
    const exchange = (board: typeof a, auth: Record<string, string>) =>
      fetch(`${t.url}/api/boards/${board.id}/session`, { method: 'POST', headers: auth })
    const statuses = []
    for (const [board, auth] of [
      [a, a.auth('participant')],
      [b, b.auth('view')],
      [a, { authorization: 'Bearer wrong' }],
      [b, b.auth('participant')],
      [a, a.auth('facilitator')],
      [b, b.auth('facilitator')],
    ] as const) {
      statuses.push((await exchange(board, auth)).status)
    }
    expect(statuses).toEqual([200, 200, 403, 200, 200, 429])
  })

  it('gives a device that already has a person here the same person back, without minting', async () => {
    const t = await setup({ SESSIONS_PER_KEY_PER_MINUTE: '1' })
    const board = await createBoard(t.url)
    const first = await fetch(`${t.url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: board.auth('participant'),
    })
    expect(first.status).toBe(200)
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!
    for (let i = 0; i < 5; i++) {
      const again = await fetch(`${t.url}/api/boards/${board.id}/session`, {
        method: 'POST',
        headers: { ...board.auth('participant'), cookie },
      })
      expect(again.status).toBe(200)
    }
    // A facilitator link on the same device: a new role, the same person.
    const promoted = await fetch(`${t.url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: { ...board.auth('facilitator'), cookie },
    })
    expect(await promoted.json()).toEqual({ role: 'facilitator' })
    expect(await persons(t.dataDir, board.id)).toBe(1)
    // A device without a session is a new person, and this link's one a minute is used up.
    const stranger = await fetch(`${t.url}/api/boards/${board.id}/session`, {
      method: 'POST',
      headers: board.auth('participant'),
    })
    expect(stranger.status).toBe(429)
  })
})
