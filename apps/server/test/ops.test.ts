import { addIdea } from '@roundtable/board'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, createBoard, personSession, startTestServer, storageMode, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** A server whose JSON log lines are kept for the test to read. */
async function loggedServer() {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean))
      done()
    },
  })
  const t = await startTestServer({}, undefined, pino({ level: 'debug' }, sink))
  cleanups.push(() => t.server.close())
  return { ...t, lines }
}

describe('operations endpoints and logs', () => {
  it('answers /healthz, and /readyz with every dependency checked', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true })
    const ready = await fetch(`${t.url}/readyz`)
    expect(ready.status).toBe(200)
    const checks = storageMode === 'postgres' ? { storage: 'ok', redis: 'ok' } : { storage: 'ok' }
    expect(await ready.json()).toEqual({ ok: true, checks })
  })

  // Regression: /metrics was public (anyone could read board and connection counts) and had no security headers.
  it('keeps /metrics to METRICS_TOKEN holders, or to this machine when no token is set', async () => {
    const token = 'metrics-token-0123456789abcdef'
    const t = await startTestServer({ METRICS_TOKEN: token })
    cleanups.push(() => t.server.close())
    const none = await fetch(`${t.url}/metrics`)
    expect(none.status).toBe(404)
    expect(await none.json()).toEqual({ error: { code: 'route.not_found', message: expect.any(String) } })
    expect(
      (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-000000000' } })).status,
    ).toBe(404)
    const opened = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(opened.status).toBe(200)
    expect(await opened.text()).toMatch(/^roundtable_connections /m)
    for (const res of [opened, none]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('cache-control')).toBe('no-store')
    }

    const local = await startTestServer()
    cleanups.push(() => local.server.close())
    expect((await fetch(`${local.url}/metrics`)).status).toBe(200)
    // Relayed by a proxy on this machine: not local, whatever the socket says.
    expect((await fetch(`${local.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404)
    expect((await fetch(`${local.url}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(404)
  })

  it('serves Prometheus metrics that follow what happens', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const c = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    addIdea(c.doc, { text: 'counted' })
    const refused = connectClient(t.wsUrl, board.id, { key: 'not-the-key-000000000000000000000' })
    cleanups.push(() => refused.destroy())
    await waitFor(() => refused.closes.length > 0)
    const res = await fetch(`${t.url}/metrics`)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await res.text()
    await waitFor(async () =>
      /^roundtable_storage_write_seconds_count [1-9]/m.test(await (await fetch(`${t.url}/metrics`)).text()),
    )
    expect(text).toMatch(/^roundtable_boards_loaded 1$/m)
    expect(text).toMatch(/^roundtable_connections 1$/m)
    expect(text).toMatch(/^roundtable_messages_in_total\{kind="update"\} [1-9]/m)
    expect(text).toMatch(/^roundtable_messages_out_total\{kind="sync-step2"\} [1-9]/m)
    expect(text).toMatch(/^roundtable_update_bytes_total\{direction="in"\} [1-9]/m)
    expect(text).toMatch(/^roundtable_connections_refused_total\{reason="Forbidden"\} 1$/m)
    expect(text).toMatch(/^roundtable_http_requests_total\{method="POST",status="201"\} 1$/m)
    expect(text).toMatch(/^roundtable_process_resident_memory_bytes /m)
  })

  it('logs every API request as JSON with a request id, and never a key, cookie or query string', async () => {
    const t = await loggedServer()
    const board = await createBoard(t.url)
    const cookie = await personSession(t.url, board)
    const secretQuery = 'query-secret-4242'
    await fetch(`${t.url}/api/boards/${board.id}/ideas?key=${secretQuery}`, {
      headers: { ...board.auth('participant'), ...cookie },
    })
    await fetch(`${t.url}/api/boards/${board.id}?token=${secretQuery}`, {
      headers: { 'x-request-id': 'trace-abc-123' },
    })
    const bad = await fetch(`${t.url}/api/boards/${board.id}/ideas?key=${secretQuery}`, {
      method: 'POST',
      headers: board.auth('view'),
    })
    expect(bad.headers.get('x-request-id')).toMatch(/^[\w-]+$/)
    const ws = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => ws.destroy())
    await ws.synced()

    const entries = t.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const requests = entries.filter((e) => e.msg === 'request')
    expect(requests.length).toBeGreaterThanOrEqual(5)
    for (const r of requests)
      expect(r).toMatchObject({ reqId: expect.any(String), method: expect.any(String), status: expect.any(Number) })
    expect(requests.find((r) => r.reqId === 'trace-abc-123')).toMatchObject({
      path: `/api/boards/${board.id}`,
      status: 401,
    })
    expect(requests.some((r) => r.path === `/sync/${board.id}`)).toBe(true)
    const all = t.lines.join('\n')
    for (const secret of [secretQuery, ...Object.values(board.keys), cookie.cookie!.split('=')[1]!])
      expect(all).not.toContain(secret)
  })
})
