import { addIdea, CloseCodes, listIdeas } from '@roundtable/board'
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '@roundtable/sync'
import * as encoding from 'lib0/encoding'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { connectClient, createBoard, tempDataDir, waitFor } from './helpers'
import { rng } from './hostileUpdates'
import { freePort, ServerProcess } from './serverProcess'

/**
 * Hostile frames from several connections at once while honest people edit another board. Seeded and bounded:
 * FUZZ_FRAMES (default 5,000 here; the long run, 100,000, is `npm run fuzz -w @roundtable/server`),
 * FUZZ_SEED to repeat a run.
 */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 5000)
const SEED = Number(process.env.FUZZ_SEED ?? 1234)
const PARALLEL = 8
const NAMED_CLOSES = new Set<number>([
  CloseCodes.BadMessage,
  CloseCodes.RateLimited,
  CloseCodes.ChangeRefused,
  CloseCodes.BoardFull,
  1009, // Message Too Big, from the WebSocket layer
])

/** One hostile frame of a random kind. */
function hostileFrame(random: () => number, sample: Uint8Array): Uint8Array | string {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256))
  const kind = Math.floor(random() * 10)
  switch (kind) {
    case 0: // random bytes
      return bytes(Math.floor(random() * 64))
    case 1: // truncated varints
      return new Uint8Array([0, 0x80, 0x80, 0x80])
    case 2: {
      // a huge length prefix on an update
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 2)
      encoding.writeVarUint(e, 2 ** 31 + Math.floor(random() * 1000))
      encoding.writeUint8Array(e, bytes(8))
      return encoding.toUint8Array(e)
    }
    case 3: // valid framing, random update bytes
      return encodeUpdate(bytes(1 + Math.floor(random() * 200)))
    case 4: {
      // valid framing, a real update with a few bytes flipped
      const copy = sample.slice()
      for (let i = 0; i < 3; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256)
      return encodeUpdate(copy)
    }
    case 5: {
      // an awareness flood: many client ids at once
      const e = encoding.createEncoder()
      const count = 50 + Math.floor(random() * 200)
      encoding.writeVarUint(e, count)
      for (let i = 0; i < count; i++) {
        encoding.writeVarUint(e, Math.floor(random() * 2 ** 30))
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, JSON.stringify({ user: { name: 'x'.repeat(20) } }))
      }
      return encodeAwareness(encoding.toUint8Array(e))
    }
    case 6: // unknown message type
      return new Uint8Array([7 + Math.floor(random() * 100), 1, 2, 3])
    case 7: // a text frame
      return 'hello ' + 'x'.repeat(Math.floor(random() * 100))
    case 8: // sync step 1 with a garbage state vector
      return encodeSyncStep1(bytes(1 + Math.floor(random() * 30)))
    default: {
      // a huge presence state
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint(e, Math.floor(random() * 2 ** 30))
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, 'y'.repeat(40_000))
      return encodeAwareness(encoding.toUint8Array(e))
    }
  }
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
}

describe('hostile frames', () => {
  let server: ServerProcess
  afterAll(async () => {
    await server?.stop('SIGKILL')
  })

  it(`survives ${FRAMES} hostile frames while honest people keep editing another board`, async () => {
    const random = rng(SEED)
    server = new ServerProcess(await freePort(), {
      DATA_DIR: tempDataDir(),
      MESSAGES_PER_SECOND: '2000',
      MESSAGE_BURST: '200',
    })
    await server.start()
    const wsUrl = server.url.replace(/^http/, 'ws') + '/sync'
    const honestBoard = await createBoard(server.url)
    const hostileBoard = await createBoard(server.url)
    const honest = [0, 1, 2].map(() => connectClient(wsUrl, honestBoard.id, { key: honestBoard.keys.participant }))
    await Promise.all(honest.map((c) => c.synced()))
    const rssBefore = rssKb(server.pid!)

    const sampleDoc = new Y.Doc()
    sampleDoc.getMap('records').set('shape:sample', new Y.Map([['x', 1]]))
    const sample = Y.encodeStateAsUpdate(sampleDoc)

    let honestRunning = true
    const honestIds: string[] = []
    const honestWork = (async () => {
      while (honestRunning) {
        for (const c of honest) honestIds.push(addIdea(c.doc, { text: `honest ${honestIds.length}` }))
        await new Promise((r) => setTimeout(r, 50))
      }
    })()

    let sent = 0
    const closes: { code: number; reason: string }[] = []
    let closedByUs = 0
    const worker = async () => {
      while (sent < FRAMES) {
        const ws = new WebSocket(`${wsUrl}/${hostileBoard.id}?key=${hostileBoard.keys.participant}`)
        ws.on('error', () => {})
        const outcome = await new Promise<{ code: number; reason: string } | null>((resolve) => {
          let settled = false
          const done = (value: { code: number; reason: string } | null) => {
            if (!settled) {
              settled = true
              resolve(value)
            }
          }
          ws.on('close', (code, reason) => done({ code, reason: reason.toString() }))
          ws.on('open', () => {
            const burst = 1 + Math.floor(random() * 40)
            for (let i = 0; i < burst && sent < FRAMES; i++) {
              ws.send(hostileFrame(random, sample))
              sent++
            }
            setTimeout(() => done(null), 500)
          })
        })
        if (outcome && outcome.code !== 1005 && outcome.code !== 1006) closes.push(outcome)
        else closedByUs++
        ws.terminate()
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    honestRunning = false
    await honestWork

    // The server is up and answering.
    expect((await fetch(`${server.url}/api/config`)).status).toBe(200)
    // Every connection the server closed was closed with a named code and a reason.
    expect(closes.length).toBeGreaterThan(0)
    const unnamed = closes.filter((c) => !NAMED_CLOSES.has(c.code) || c.reason.length === 0)
    expect(unnamed).toEqual([])
    // Memory stayed bounded.
    const rssAfter = rssKb(server.pid!)
    expect(rssAfter - rssBefore).toBeLessThan(300 * 1024)
    // The honest board is untouched by any of it and converges.
    const reader = connectClient(wsUrl, honestBoard.id, { key: honestBoard.keys.view })
    await reader.synced()
    await waitFor(
      () =>
        honest.every((c) => listIdeas(c.doc).length === honestIds.length) &&
        listIdeas(reader.doc).length === honestIds.length,
      20_000,
      'honest convergence',
    )
    expect(listIdeas(reader.doc).every((idea) => idea.text.startsWith('honest '))).toBe(true)
    console.log(
      `fuzz: ${sent} frames, ${closes.length + closedByUs} connections (${closes.length} closed by the server: ` +
        `${[...new Set(closes.map((c) => c.code))].join(', ')}), server RSS ${Math.round(rssBefore / 1024)} → ${Math.round(rssAfter / 1024)} MB`,
    )
    for (const c of [...honest, reader]) c.destroy()
  }, 300_000)
})
