import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { Metrics } from '../metrics'
import { outboxSocket } from './outbox'

/** A server whose connections are wrapped in outbox sockets, as the sync route wraps them. */
async function outboxServer() {
  const wss = new WebSocketServer({ noServer: true })
  const server: Server = createServer()
  const accepted: { ws: WebSocket; stream: Duplex }[] = []
  const waiting: ((value: { ws: WebSocket; stream: Duplex }) => void)[] = []
  server.on('upgrade', (req, stream, head) => {
    wss.handleUpgrade(req, stream, head, (ws) => {
      const next = waiting.shift()
      if (next) next({ ws, stream })
      else accepted.push({ ws, stream })
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
  const connect = async () => {
    const client = new WebSocket(url)
    const received: { data: Buffer; binary: boolean }[] = []
    client.on('message', (data: Buffer, binary) => received.push({ data, binary }))
    const pings: Buffer[] = []
    client.on('ping', (data) => pings.push(data))
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      client.on('close', (code, reason) => done({ code, reason: reason.toString() })),
    )
    const serverSide = await new Promise<{ ws: WebSocket; stream: Duplex }>((done) => {
      const ready = accepted.shift()
      if (ready) done(ready)
      else waiting.push(done)
    })
    const metrics = new Metrics(() => 0)
    return {
      client,
      received,
      pings,
      closed,
      serverSide,
      socket: outboxSocket(serverSide.ws, serverSide.stream, 1 << 20, metrics),
    }
  }
  const close = () =>
    new Promise<void>((done) => {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.close(() => done())
    })
  return { connect, close }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('outbox socket', () => {
  let stop: (() => Promise<void>) | null = null
  afterEach(async () => {
    await stop?.()
    stop = null
  })

  it('sends every message as a stock client reads it, at each length encoding, one frame to many sockets', async () => {
    const s = await outboxServer()
    stop = s.close
    const a = await s.connect()
    const b = await s.connect()
    // 0–125 bytes: 7-bit length; 126–65,535: 16-bit; more: 64-bit (and past 64 KiB, header and payload apart).
    const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 65_537, 300_000]
    const messages = sizes.map((size, n) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + n) & 0xff))
    // A view into a larger buffer sends only its own bytes.
    const backing = Uint8Array.from({ length: 40 }, (_, i) => i)
    messages.push(backing.subarray(10, 20))
    for (const message of messages) {
      a.socket.send(message)
      b.socket.send(message)
    }
    await until(() => a.received.length === messages.length && b.received.length === messages.length)
    for (const peer of [a, b]) {
      expect(peer.received.map((m) => m.binary)).toEqual(messages.map(() => true))
      peer.received.forEach((m, i) => expect(Buffer.from(messages[i]!).equals(m.data)).toBe(true))
    }
  })

  it("keeps order with ws's own frames: pings between messages, the close frame last", async () => {
    const s = await outboxServer()
    stop = s.close
    const peer = await s.connect()
    const order: string[] = []
    peer.client.removeAllListeners('message')
    peer.client.removeAllListeners('ping')
    peer.client.on('message', (data: Buffer) => order.push(`message ${data[0]}`))
    peer.client.on('ping', (data: Buffer) => order.push(`ping ${data.toString()}`))
    peer.socket.send(Uint8Array.of(1))
    peer.serverSide.ws.ping('x')
    peer.socket.send(Uint8Array.of(2))
    peer.socket.close(4000, 'done')
    // Once ws has begun closing, nothing more is written.
    peer.socket.send(Uint8Array.of(3))
    expect(await peer.closed).toEqual({ code: 4000, reason: 'done' })
    expect(order).toEqual(['message 1', 'ping x', 'message 2'])
  })

  it('counts what waits unwritten and forgets it once written', async () => {
    const s = await outboxServer()
    stop = s.close
    const peer = await s.connect()
    peer.socket.send(new Uint8Array(1000))
    expect(peer.socket.bufferedAmount).toBe(1000)
    await until(() => peer.received.length === 1)
    await until(() => peer.socket.bufferedAmount === 0)
  })
})
