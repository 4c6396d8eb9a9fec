import { CloseCodes } from '@roundtable/board'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createBoard, startTestServer, waitFor } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start() {
  const started = await startTestServer({ WS_PING_MS: '150', WS_IDLE_MS: '400', HTTP_IDLE_MS: '400' })
  cleanups.push(() => started.server.close())
  return started
}

describe('idle connections (real sockets, short timeouts)', () => {
  it('closes a WebSocket that answers no ping and sends nothing, with Idle; keeps one that answers', async () => {
    const { url, wsUrl } = await start()
    const board = await createBoard(url)
    const open = (autoPong: boolean) => {
      const socket = new WebSocket(`${wsUrl}/${board.id}?key=${board.keys.view}`, { autoPong })
      cleanups.push(() => socket.terminate())
      const closed: { code: number }[] = []
      socket.on('close', (code) => closed.push({ code }))
      return { socket, closed }
    }
    const silent = open(false)
    const alive = open(true)
    // Before: nothing closed a silent socket (it sat until the 30 s ping dropped it without a code).
    await waitFor(() => silent.closed.length > 0, 5000, 'the silent socket closed')
    expect(silent.closed[0]!.code).toBe(CloseCodes.Idle)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(alive.closed).toEqual([])
    expect(alive.socket.readyState).toBe(WebSocket.OPEN)
  })

  it('pings the connections of a board a group at a time across the ping interval, not all at once', async () => {
    const started = await startTestServer({ WS_PING_MS: '900', WS_IDLE_MS: '5000' })
    cleanups.push(() => started.server.close())
    const board = await createBoard(started.url)
    const firstPing: number[] = []
    const sockets = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const socket = new WebSocket(`${started.wsUrl}/${board.id}?key=${board.keys.view}`)
        cleanups.push(() => socket.terminate())
        socket.once('ping', () => firstPing.push(performance.now()))
        await new Promise((resolve) => socket.once('open', resolve))
        return socket
      }),
    )
    await waitFor(() => firstPing.length === sockets.length, 5000, 'every socket pinged')
    firstPing.sort((a, b) => a - b)
    // Before: all 60 in one sweep, within a few milliseconds. Now 30 groups, one every 30 ms.
    expect(firstPing.at(-1)! - firstPing[0]!).toBeGreaterThan(450)
    const sameMoment = Math.max(...firstPing.map((t) => firstPing.filter((u) => Math.abs(u - t) < 5).length))
    expect(sameMoment).toBeLessThanOrEqual(10)
  })

  it('closes a TCP connection that never sends a request, or never finishes one', async () => {
    const { server } = await start()
    const closedAfter = (send: string) =>
      new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.write(send))
        cleanups.push(() => socket.destroy())
        socket.on('close', () => resolve())
        socket.on('error', () => {})
        socket.resume()
      })
    // Before: both stayed open for as long as the peer liked.
    await Promise.all([closedAfter(''), closedAfter('GET /api/config HTTP/1.1\r\nHost: x\r\n')])
  })
})
