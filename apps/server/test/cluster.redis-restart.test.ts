import { addIdea, listIdeas } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { hasRedisServer, PrivateRedis } from './cluster'
import { connectClient, createBoard, startTestServer, tempDataDir, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const texts = (doc: Y.Doc) =>
  listIdeas(doc)
    .map((i) => i.text)
    .sort()
const ready = async (url: string) => (await fetch(`${url}/readyz`)).status

// The test runs its own redis-server on a free port, so killing it disturbs no other test running alongside.
const canRun = hasRedisServer()
if (!canRun) {
  if (process.env.CI)
    throw new Error('CI needs the redis-server binary for the Redis restart test (apt-get install redis-server)')
  console.warn('\n!!! Redis restart test SKIPPED: no redis-server binary here (apt-get install redis-server) !!!\n')
}

describe.runIf(canRun)('Redis killed and restarted mid-session', () => {
  it('both servers recover and converge with no manual step', { timeout: 60_000 }, async () => {
    const redis = await PrivateRedis.start()
    cleanups.push(() => redis.stop())
    const dataDir = tempDataDir()
    const env = { REDIS_URL: redis.url }
    const [s1, s2] = [await startTestServer(env, dataDir), await startTestServer(env, dataDir)]
    cleanups.push(
      () => s1.server.close(),
      () => s2.server.close(),
    )
    const board = await createBoard(s1.url)
    const a = connectClient(s1.wsUrl, board.id, { key: board.keys.participant })
    const b = connectClient(s2.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
    )
    await a.synced()
    await b.synced()
    addIdea(a.doc, { text: 'before' })
    await waitFor(() => texts(b.doc).includes('before'), 5000, 'live sync before the outage')
    a.provider.awareness.setLocalStateField('user', { name: 'Amina' })
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Amina'),
      5000,
      'presence',
    )

    await redis.stop()
    await waitFor(async () => (await ready(s1.url)) === 503 && (await ready(s2.url)) === 503, 10_000, '/readyz failing')
    expect(await (await fetch(`${s1.url}/readyz`)).json()).toMatchObject({ ok: false, checks: { storage: 'ok' } })
    // Both sides keep working on their own server meanwhile: stored, but not shared.
    for (let i = 0; i < 5; i++) {
      addIdea(a.doc, { text: `a during ${i}` })
      addIdea(b.doc, { text: `b during ${i}` })
    }
    await new Promise((r) => setTimeout(r, 300))
    expect(texts(b.doc)).not.toContain('a during 0')

    await redis.start()
    const all = ['before', ...[0, 1, 2, 3, 4].flatMap((i) => [`a during ${i}`, `b during ${i}`])].sort()
    await waitFor(
      () =>
        JSON.stringify(texts(a.doc)) === JSON.stringify(all) && JSON.stringify(texts(b.doc)) === JSON.stringify(all),
      15_000,
      'convergence after Redis is back',
    )
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc))
    await waitFor(
      async () => (await ready(s1.url)) === 200 && (await ready(s2.url)) === 200,
      10_000,
      '/readyz passing again',
    )

    // Live again, both ways, and presence is shared again.
    addIdea(b.doc, { text: 'after' })
    await waitFor(() => texts(a.doc).includes('after'), 5000, 'live sync after the outage')
    a.provider.awareness.setLocalStateField('user', { name: 'Amina again' })
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Amina again'),
      5000,
      'presence after',
    )
    const metrics = await (await fetch(`${s1.url}/metrics`)).text()
    expect(metrics).toMatch(/^roundtable_bus_recoveries_total [1-9]/m)
    expect(metrics).toMatch(/^roundtable_bus_up 1/m)
  })
})
