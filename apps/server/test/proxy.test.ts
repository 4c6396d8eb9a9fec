import { CloseCodes } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/env'
import { forwardedClient } from '../src/http/guards'
import { connectClient, createBoard, startTestServer, waitFor } from './helpers'

/**
 * Behind a reverse proxy every caller's socket comes from the proxy. Regression: with the shipped nginx example every
 * person appeared as 127.0.0.1, so the per-address limits (sockets, new sessions) became limits for everyone at once.
 * With TRUST_PROXY=N the address comes from X-Forwarded-For, only from the entries the N proxies wrote.
 */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup(env: Record<string, string>) {
  const t = await startTestServer(env)
  cleanups.push(() => t.server.close())
  return t
}

/** What nginx's `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for` sends: the caller's list, then its peer. */
const viaProxy = (peer: string, sentByCaller?: string) => ({
  'x-forwarded-for': sentByCaller ? `${sentByCaller}, ${peer}` : peer,
})

const newSession = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/api/boards`, { method: 'POST', headers }).then((res) => res.status)

describe('the caller address behind a reverse proxy (TRUST_PROXY)', () => {
  it('reads only the entries the trusted proxies added', () => {
    expect(forwardedClient('203.0.113.7', 1)).toBe('203.0.113.7')
    expect(forwardedClient('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7')
    expect(forwardedClient('6.6.6.6, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7')
    expect(forwardedClient(' 2001:db8::1 ', 1)).toBe('2001:db8::1')
    // Shorter than the number of proxies, empty, or not an address: the socket's address is used instead.
    expect(forwardedClient('203.0.113.7', 2)).toBeNull()
    expect(forwardedClient(undefined, 1)).toBeNull()
    expect(forwardedClient('6.6.6.6, not-an-address', 1)).toBeNull()
    expect(forwardedClient('6.6.6.6, ', 1)).toBeNull()
  })

  it('is off unless set, and must be a small whole number', () => {
    expect(parseConfig({}).trustProxy).toBe(0)
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be how many reverse proxies/)
  })

  it('gives two people behind one proxy their own new-session limit; a forged left-most entry changes nothing', async () => {
    const t = await setup({ TRUST_PROXY: '1', BOARDS_PER_IP_PER_HOUR: '2' })
    const alice = viaProxy('203.0.113.1')
    expect(await newSession(t.url, alice)).toBe(201)
    expect(await newSession(t.url, alice)).toBe(201)
    expect(await newSession(t.url, alice)).toBe(429)
    // Alice writes her own X-Forwarded-For; the proxy appends her real address after it.
    expect(await newSession(t.url, viaProxy('203.0.113.1', '198.51.100.99'))).toBe(429)
    expect(await newSession(t.url, viaProxy('203.0.113.1', '198.51.100.98, 198.51.100.97'))).toBe(429)
    // Bob, behind the same proxy, has his own limit.
    expect(await newSession(t.url, viaProxy('203.0.113.2'))).toBe(201)
  })

  it('ignores X-Forwarded-For when off: a direct caller cannot pick its address', async () => {
    const t = await setup({ BOARDS_PER_IP_PER_HOUR: '2' })
    expect(await newSession(t.url, viaProxy('203.0.113.1'))).toBe(201)
    expect(await newSession(t.url, viaProxy('203.0.113.2'))).toBe(201)
    expect(await newSession(t.url, viaProxy('203.0.113.3'))).toBe(429)
  })

  it('gives two people behind one proxy their own connection limit on the sync socket', async () => {
    const t = await setup({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_IP: '2' })
    const board = await createBoard(t.url)
    const connect = (headers: Record<string, string>) => {
      const c = connectClient(t.wsUrl, board.id, { key: board.keys.participant }, headers)
      cleanups.push(() => c.destroy())
      return c
    }
    const alice = [connect(viaProxy('203.0.113.1')), connect(viaProxy('203.0.113.1'))]
    await Promise.all(alice.map((c) => c.synced()))
    // A third socket from Alice, even with a forged entry in front, is refused with the (transient) limit code.
    const third = connect(viaProxy('203.0.113.1', '198.51.100.99'))
    await waitFor(() => third.closes.length > 0, 5000, 'the third connection to be refused')
    expect(third.closes[0]!.code).toBe(CloseCodes.TooManyConnections)
    third.provider.disconnect()
    // Bob, behind the same proxy, connects.
    const bob = connect(viaProxy('203.0.113.2'))
    await bob.synced()
    expect(alice.every((c) => c.provider.wsconnected)).toBe(true)
  })
})
