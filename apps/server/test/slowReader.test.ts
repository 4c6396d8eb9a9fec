import { addIdea, CloseCodes, listIdeas } from '@roundtable/board'
import { encodeSyncStep1 } from '@roundtable/sync'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server'
import { connectClient, createBoard, startTestServer, waitFor } from './helpers'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Write about `bytes` of ideas into a board through a participant's socket, and wait until they are stored. */
async function fillBoard(
  server: RunningServer,
  wsUrl: string,
  boardId: string,
  key: string,
  bytes: number,
): Promise<void> {
  const writer = connectClient(wsUrl, boardId, { key })
  await writer.synced()
  const text = 'x'.repeat(9_000)
  for (let i = 0; i < bytes / 9_000; i++) addIdea(writer.doc, { text: `${i} ${text}` })
  await waitFor(() => (writer.provider.ws?.bufferedAmount ?? 1) === 0, 20_000, 'the writer’s ideas sent')
  const count = listIdeas(writer.doc).length
  await waitFor(
    async () =>
      (await server.rooms.withRoom(boardId, async (room) => (await room.whenFlushed(), listIdeas(room.doc).length))) ===
      count,
    20_000,
    'the ideas stored',
  )
  writer.destroy()
}

describe('slow readers (real sockets)', () => {
  it('closes sockets that ask for a large board and never read, shares the answer, and honest people keep syncing', async () => {
    const { server, url, wsUrl } = await startTestServer({
      SEND_BUFFER_BYTES: String(256 * 1024),
      MAX_CONNECTIONS_PER_IP: '400',
    })
    cleanups.push(() => server.close())
    const attacked = await createBoard(url)
    const quiet = await createBoard(url)
    await fillBoard(server, wsUrl, attacked.id, attacked.keys.participant, 3 * 1024 * 1024)
    const a = connectClient(wsUrl, quiet.id, { key: quiet.keys.participant })
    const b = connectClient(wsUrl, quiet.id, { key: quiet.keys.participant })
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
    )
    await Promise.all([a.synced(), b.synced()])

    global.gc?.()
    const rssBefore = process.memoryUsage().rss
    // 200 view-key sockets each ask for the whole board twice, and never read a byte of the answers.
    const sockets = await Promise.all(
      Array.from({ length: 200 }, () => {
        const socket = new WebSocket(`${wsUrl}/${attacked.id}?key=${attacked.keys.view}`)
        cleanups.push(() => socket.terminate())
        return new Promise<WebSocket>((resolve, reject) => {
          socket.once('open', () => {
            ;(socket as unknown as { _socket: { pause(): void } })._socket.pause()
            const askAll = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
            socket.send(askAll)
            socket.send(askAll)
            resolve(socket)
          })
          socket.once('error', reject)
        })
      }),
    )
    expect(sockets).toHaveLength(200)
    const slowClosed = async () =>
      (await server.metrics.refused.get()).values.find((v) => v.labels.reason === 'SlowReader')?.value ?? 0
    await waitFor(async () => (await slowClosed()) === 200, 20_000, 'every slow reader closed')
    const rssAfter = process.memoryUsage().rss
    // Before: no ceiling, and each answer a fresh copy of the board (~3 MB × 400 here).
    const growthMb = (rssAfter - rssBefore) / 2 ** 20
    console.info(
      `slow readers: RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB -> ${(rssAfter / 2 ** 20).toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`,
    )
    expect(growthMb).toBeLessThan(600)

    // The honest pair on another board keeps syncing throughout.
    addIdea(a.doc, { text: 'still here' })
    await waitFor(() => listIdeas(b.doc).some((idea) => idea.text === 'still here'), 5000, 'the honest pair’s idea')
    // And the attacked board still serves a reader who reads.
    const reader = connectClient(wsUrl, attacked.id, { key: attacked.keys.view })
    cleanups.push(() => reader.destroy())
    await reader.synced()
    expect(listIdeas(reader.doc).length).toBeGreaterThan(300)
  }, 60_000)

  it('lets a reader that keeps up receive a board larger than the ceiling', async () => {
    const { server, url, wsUrl } = await startTestServer({ SEND_BUFFER_BYTES: String(256 * 1024) })
    cleanups.push(() => server.close())
    const board = await createBoard(url)
    await fillBoard(server, wsUrl, board.id, board.keys.participant, 1024 * 1024)
    const reader = connectClient(wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => reader.destroy())
    await reader.synced()
    expect(listIdeas(reader.doc).length).toBeGreaterThan(100)
    expect(reader.closes.filter((c) => c.code === CloseCodes.SlowReader)).toEqual([])
  })
})
