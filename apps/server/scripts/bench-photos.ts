/**
 * Can photo uploads stall other people? An honest pair of clients on one board measures its live round trip (one
 * client writes, the other sees it) while hostile uploaders on another board send large real photos, decompression
 * bombs and junk as fast as the server answers. Each case runs the server in a process of its own (as deployed).
 *
 *   node --import tsx apps/server/scripts/bench-photos.ts
 *
 * Environment: BENCH_SECONDS per phase (default 8), BENCH_UPLOADERS hostile loops (default 8), BENCH_CONCURRENCY
 * comma-separated PHOTO_CONCURRENCY values to compare (default "1,2"), BENCH_TREES comma-separated checkouts to
 * compare, run alternately (default: this one), BENCH_ROUNDS how many times each (default 1).
 */
import { addIdea, getRecordsMap } from '@roundtable/board'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createBoard } from '../test/helpers'
import { freePort, ServerProcess } from '../test/serverProcess'

const seconds = Number(process.env.BENCH_SECONDS ?? 8)
const uploaders = Number(process.env.BENCH_UPLOADERS ?? 8)
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,2').split(',').map(Number)
const trees = (process.env.BENCH_TREES ?? fileURLToPath(new URL('../../..', import.meta.url))).split(',')
const rounds = Number(process.env.BENCH_ROUNDS ?? 1)

/**
 * A large camera-sized photo (12 megapixels, as a phone camera takes, sent unshrunk): noise over a gradient, just
 * under the 8 MB upload limit, the most work for the decoder and encoder an upload can ask for.
 */
async function heavyPhoto(): Promise<Buffer> {
  const [w, h] = [4000, 3000]
  const pixels = Buffer.alloc(w * h * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % (w * 3)) >> 4) + (((i * 2654435761) >>> 27) & 0x3f)
  return sharp(pixels, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

function connect(wsUrl: string, boardId: string, key: string) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { key },
  })
  return { doc, provider }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** Round trips (ms) of the honest pair for `ms`: an idea added every 50 ms, timed until the other client has it. */
async function roundTrips(a: Y.Doc, b: Y.Doc, ms: number): Promise<number[]> {
  const samples: number[] = []
  const end = Date.now() + ms
  let n = 0
  while (Date.now() < end) {
    const start = performance.now()
    const id = addIdea(a, { text: `Idea ${n++}`, x: (n % 40) * 220, y: Math.floor(n / 40) * 220 })
    const seen = new Promise<void>((resolve) => {
      const records = getRecordsMap(b)
      const check = () => {
        if (records.has(id)) {
          records.unobserve(check)
          resolve()
        }
      }
      records.observe(check)
      check()
    })
    await Promise.race([seen, new Promise((r) => setTimeout(r, 10_000))])
    samples.push(performance.now() - start)
    await new Promise((r) => setTimeout(r, 50))
  }
  return samples.sort((x, y) => x - y)
}

async function runCase(tree: string, concurrency: number, heavy: Buffer, bomb: Buffer) {
  const command = { args: ['--import', 'tsx', join(tree, 'apps/server/src/main.ts')], cwd: tree }
  const server = new ServerProcess(
    await freePort(),
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'roundtable-bench-photos-')),
      PHOTO_CONCURRENCY: String(concurrency),
      // The hostile board never fills up, so every upload is worked on (the worst case for the server).
      PHOTOS_PER_BOARD: '100000',
      PHOTO_BYTES_PER_BOARD: String(1024 ** 4),
      SESSIONS_PER_IP_PER_MINUTE: '100000',
      // Every loop comes from 127.0.0.1: without this, all but 60 uploads a minute would be turned away by address.
      // Raised, the loops stand for an attacker with many addresses (the worst case).
      PHOTOS_PER_IP_PER_MINUTE: '100000',
    },
    command,
  )
  await server.start()
  try {
    const honest = await createBoard(server.url, 'Honest')
    const hostile = await createBoard(server.url, 'Hostile')
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/sync`
    const a = connect(wsUrl, honest.id, honest.keys.participant)
    const b = connect(wsUrl, honest.id, honest.keys.participant)
    await new Promise<void>((resolve) => {
      const check = () => (a.provider.synced && b.provider.synced ? resolve() : setTimeout(check, 20))
      check()
    })
    await roundTrips(a.doc, b.doc, 1000) // warm up
    const quiet = await roundTrips(a.doc, b.doc, seconds * 1000)

    const statuses = new Map<string, number>()
    let stop = false
    const bodies = [heavy, bomb, Buffer.from('<svg onload=alert(1)>'), heavy.subarray(0, heavy.length >> 1)]
    const loops = Array.from({ length: uploaders }, async (_, i) => {
      for (let k = i; !stop; k++) {
        const body = bodies[k % bodies.length]!
        try {
          const res = await fetch(`${server.url}/api/boards/${hostile.id}/photos`, {
            method: 'POST',
            headers: { ...hostile.auth('participant'), 'content-type': 'image/jpeg' },
            body: new Uint8Array(body),
          })
          await res.arrayBuffer()
          statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1)
        } catch {
          statuses.set('error', (statuses.get('error') ?? 0) + 1)
        }
      }
    })
    await new Promise((r) => setTimeout(r, 500))
    const loaded = await roundTrips(a.doc, b.doc, seconds * 1000)
    stop = true
    await Promise.all(loops)
    a.provider.destroy()
    b.provider.destroy()
    const row = (name: string, s: number[]) =>
      `${name.padEnd(22)} n=${String(s.length).padStart(4)}  p50 ${quantile(s, 0.5).toFixed(1).padStart(6)} ms  p95 ${quantile(s, 0.95).toFixed(1).padStart(6)} ms  max ${(s.at(-1) ?? Number.NaN).toFixed(1).padStart(7)} ms`
    console.log(
      `${tree}: PHOTO_CONCURRENCY=${concurrency}, ${uploaders} hostile upload loops (photo ${heavy.length} bytes, bomb, SVG, cut-short)`,
    )
    console.log(`  ${row('quiet', quiet)}`)
    console.log(`  ${row('hostile uploads', loaded)}`)
    console.log(
      `  ratio p50 ${(quantile(loaded, 0.5) / quantile(quiet, 0.5)).toFixed(2)}, p95 ${(quantile(loaded, 0.95) / quantile(quiet, 0.95)).toFixed(2)}; uploads answered: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    )
  } finally {
    await server.stop('SIGTERM')
  }
}

const heavy = await heavyPhoto()
const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
  .png()
  .toBuffer()
// Rewrite the PNG header to claim 100,000 × 100,000 pixels (the CRC is wrong; the header check comes first).
bomb.writeUInt32BE(100_000, 16)
bomb.writeUInt32BE(100_000, 20)
for (let round = 0; round < rounds; round++)
  for (const concurrency of concurrencies) for (const tree of trees) await runCase(tree, concurrency, heavy, bomb)
process.exit(0)
