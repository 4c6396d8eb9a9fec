/**
 * What one server and two servers (PostgreSQL + Redis) sustain on this machine: live update latency between
 * clients, update throughput, and memory per loaded board and per connection. Figures for docs/SCALING.md.
 *
 *   npm run bench:instances -w @roundtable/server
 *
 * Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), TEST_REDIS_URL (default
 * redis://127.0.0.1:6379), BENCH_SECONDS per case (default 5), BENCH_PARTS (default latency,fanout,memory),
 * BENCH_SETUP (only the latency cases of one setup, e.g. "postgres, 1 server"). Everything runs on 127.0.0.1; the throw-away schemas
 * are dropped at the end. Servers, clients and the database share the machine, so these are lower bounds.
 */
import { addIdea } from '@roundtable/board'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { pino } from 'pino'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { parseConfig } from '../src/env'
import { startServer, type RunningServer } from '../src/server'

const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,fanout,memory').split(','))
const schemas: string[] = []

type Setup = 'sqlite, 1 server' | 'postgres, 1 server' | 'postgres + redis, 2 servers'

/** A server in a process of its own (as deployed), so the load generator does not share its event loop. */
interface ServerHandle {
  url: string
  close(): Promise<void>
}

async function spawnServers(setup: Setup): Promise<ServerHandle[]> {
  const schema = `rt_bench_${randomBytes(4).toString('hex')}`
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rt-bench-')),
  }
  if (setup !== 'sqlite, 1 server') {
    schemas.push(schema)
    Object.assign(env, { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema })
  }
  if (setup === 'postgres + redis, 2 servers') Object.assign(env, { REDIS_URL: redisUrl, REDIS_PREFIX: `${schema}:` })
  const count = setup === 'postgres + redis, 2 servers' ? 2 : 1
  const handles: ServerHandle[] = []
  for (let i = 0; i < count; i++) {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = out.match(/Open (http:\/\/\S+) in your browser/)
        if (found) resolve(found[1]!)
      })
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
    })
    handles.push({
      url,
      close: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
        }),
    })
  }
  return handles
}

async function servers(setup: Setup): Promise<RunningServer[]> {
  const schema = `rt_bench_${randomBytes(4).toString('hex')}`
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rt-bench-')),
  }
  if (setup !== 'sqlite, 1 server') {
    schemas.push(schema)
    Object.assign(env, { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema })
  }
  if (setup === 'postgres + redis, 2 servers') Object.assign(env, { REDIS_URL: redisUrl, REDIS_PREFIX: `${schema}:` })
  const count = setup === 'postgres + redis, 2 servers' ? 2 : 1
  const started: RunningServer[] = []
  for (let i = 0; i < count; i++) started.push(await startServer(parseConfig(env), pino({ level: 'silent' })))
  return started
}

async function newBoard(url: string): Promise<{ id: string; key: string }> {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  const body = (await res.json()) as { id: string; links: { participant: string } }
  return { id: body.id, key: new URL(body.links.participant).hash.replace('#key=', '') }
}

function connect(url: string, board: { id: string; key: string }) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/sync', board.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { key: board.key },
  })
  return { doc, provider }
}

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** The frames a writer will send: `count` ideas, each as one y-websocket update frame, made ahead of time. */
async function prepareIdeas(url: string, board: { id: string; key: string }, count: number): Promise<Buffer[]> {
  const client = connect(url, board)
  await until(() => client.provider.synced)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(client.doc))
  client.provider.destroy()
  const frames: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc)
    addIdea(doc, { text: `idea ${i}` })
    const update = Y.encodeStateAsUpdate(doc, before)
    // y-websocket framing: message type 0 (sync), step 2 (update), then the length-prefixed update.
    const length: number[] = []
    for (let n = update.length; ; n >>>= 7) {
      if (n < 128) {
        length.push(n)
        break
      }
      length.push((n & 127) | 128)
    }
    frames.push(Buffer.concat([Buffer.from([0, 2, ...length]), update]))
  }
  return frames
}

/** A bare WebSocket to a board that records when each live update frame arrives. */
async function reader(url: string, board: { id: string; key: string }) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/${board.id}?key=${board.key}`)
  const arrivals: number[] = []
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0 && data[1] === 2) arrivals.push(performance.now())
  })
  await new Promise((resolve) => ws.once('message', resolve))
  return { ws, arrivals }
}

/**
 * `boards` boards, each with one writer and one reader (bare sockets, updates made ahead of time so the load
 * generator does almost no work), on different servers when there are two. Each writer sends an idea every
 * `intervalMs`; the reader's arrival time gives the end-to-end latency (check, store, fan-out, delivery).
 */
async function latency(setup: Setup, boards: number, intervalMs: number) {
  const running = await spawnServers(setup)
  const a = running[0]!
  const b = running.at(-1)!
  const count = Math.ceil((seconds * 1000) / intervalMs)
  const pairs = []
  for (let i = 0; i < boards; i++) {
    const board = await newBoard(a.url)
    const frames = await prepareIdeas(a.url, board, count)
    const writer = new WebSocket(`${a.url.replace(/^http/, 'ws')}/sync/${board.id}?key=${board.key}`)
    await new Promise((resolve) => writer.once('message', resolve))
    pairs.push({ frames, writer, reader: await reader(b.url, board), sentAt: [] as number[] })
  }
  await Promise.all(
    pairs.map(async (pair, i) => {
      await new Promise((r) => setTimeout(r, (i * intervalMs) / boards))
      for (const frame of pair.frames) {
        pair.sentAt.push(performance.now())
        pair.writer.send(frame)
        await new Promise((r) => setTimeout(r, intervalMs))
      }
    }),
  )
  await new Promise((r) => setTimeout(r, 1000))
  const samples: number[] = []
  let sent = 0
  for (const pair of pairs) {
    sent += pair.sentAt.length
    // One frame per idea at this pace: the k-th frame a reader gets is the k-th idea sent.
    pair.sentAt.forEach((t, k) => {
      const at = pair.reader.arrivals[k]
      if (at !== undefined) samples.push(at - t)
    })
    pair.writer.close()
    pair.reader.ws.close()
  }
  for (const s of running) await s.close()
  const sorted = samples.sort((x, y) => x - y)
  return {
    sent,
    delivered: sorted.length,
    perSecond: sorted.length / seconds,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
  }
}

/**
 * Memory of the server process for `boards` small boards loaded (through the HTTP API, no client), then for
 * `connections` WebSocket connections to one board (bare sockets, no client Y.Doc). Both in this process, so the
 * sockets' client ends are counted too: an upper bound.
 */
async function memory(boards: number, connections: number) {
  const [server] = await servers('postgres, 1 server')
  const created = []
  for (let i = 0; i < boards; i++) created.push(await newBoard(server!.url))
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      global.gc?.()
      await new Promise((r) => setTimeout(r, 50))
    }
    return process.memoryUsage()
  }
  const before = await settle()
  for (const board of created)
    await fetch(`${server!.url}/api/boards/${board.id}/ideas?key=${board.key}`, {
      headers: { authorization: `Bearer ${board.key}` },
    })
  const loaded = await settle()
  const board = created[0]!
  const sockets: WebSocket[] = []
  for (let i = 0; i < connections; i++) {
    const ws = new WebSocket(`${server!.url.replace(/^http/, 'ws')}/sync/${board.id}?key=${board.key}`)
    sockets.push(ws)
    await new Promise((r) => ws.once('message', r))
  }
  const connected = await settle()
  for (const ws of sockets) ws.close()
  await server!.close()
  return {
    loadedCount: boards,
    perBoardHeapKiB: (loaded.heapUsed - before.heapUsed) / boards / 1024,
    perBoardRssKiB: (loaded.rss - before.rss) / boards / 1024,
    perConnectionHeapKiB: (connected.heapUsed - loaded.heapUsed) / connections / 1024,
    perConnectionRssKiB: (connected.rss - loaded.rss) / connections / 1024,
  }
}

/**
 * One board, `readers` bare WebSocket connections split across the servers, one writer adding an idea every
 * `intervalMs`: how long until the update reaches every reader, and how many frames per second the servers send.
 */
async function fanout(setup: Setup, readers: number, intervalMs: number) {
  const running = await spawnServers(setup)
  const board = await newBoard(running[0]!.url)
  const arrivals: number[][] = []
  const sockets: WebSocket[] = []
  for (let r = 0; r < readers; r++) {
    const server = running[r % running.length]!
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${board.id}?key=${board.key}`)
    const mine: number[] = []
    arrivals.push(mine)
    ws.on('message', (data: Buffer) => {
      // A live update frame: message type 0 (sync), step 2 (update).
      if (data[0] === 0 && data[1] === 2) mine.push(performance.now())
    })
    sockets.push(ws)
    await new Promise((resolve) => ws.once('message', resolve))
  }
  const writer = connect(running[0]!.url, board)
  await until(() => writer.provider.synced)
  const sentAt: number[] = []
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    sentAt.push(performance.now())
    addIdea(writer.doc, { text: 'x' })
    await new Promise((r) => setTimeout(r, intervalMs))
  }
  await new Promise((r) => setTimeout(r, 2000))
  // The k-th update frame a reader gets is the writer's k-th idea (one writer, one frame per idea at this pace).
  const toLast: number[] = []
  const all: number[] = []
  sentAt.forEach((t, k) => {
    const times = arrivals.map((a) => a[k]).filter((x): x is number => x !== undefined)
    if (times.length === readers) toLast.push(Math.max(...times) - t)
    for (const x of times) all.push(x - t)
  })
  toLast.sort((x, y) => x - y)
  all.sort((x, y) => x - y)
  const frames = arrivals.reduce((n, a) => n + a.length, 0)
  writer.provider.destroy()
  for (const ws of sockets) ws.close()
  for (const s of running) await s.close()
  return {
    updates: sentAt.length,
    complete: toLast.length,
    framesPerSecond: frames / seconds,
    p50: pct(all, 50),
    p99: pct(all, 99),
    lastP50: pct(toLast, 50),
    lastP99: pct(toLast, 99),
  }
}

async function main() {
  console.log(
    `Live updates, one writer and one reader per board (on different servers when there are two); ${seconds}s per case\n`,
  )
  const cases: [Setup, number, number][] = [
    ['sqlite, 1 server', 100, 100],
    ['postgres, 1 server', 100, 100],
    ['postgres + redis, 2 servers', 100, 100],
    ['sqlite, 1 server', 500, 100],
    ['postgres, 1 server', 500, 100],
    ['postgres + redis, 2 servers', 500, 100],
  ]
  const only = process.env.BENCH_SETUP
  for (const [setup, boards, interval] of parts.has('latency') ? cases : []) {
    if (only && setup !== only) continue
    const r = await latency(setup, boards, interval)
    console.log(
      `  ${setup.padEnd(28)} ${String(boards).padStart(4)} boards × 1 update/${interval} ms: ${r.perSecond.toFixed(0).padStart(5)} updates/s delivered, ` +
        `latency p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.delivered}/${r.sent} delivered)`,
    )
  }
  console.log('\nOne board, many readers (bare sockets), one writer adding an idea every 50 ms')
  for (const [setup, readers] of [
    ['postgres, 1 server', 500],
    ['postgres, 1 server', 2000],
    ['postgres + redis, 2 servers', 2000],
  ] as [Setup, number][]) {
    if (!parts.has('fanout')) break
    const f = await fanout(setup, readers, 50)
    console.log(
      `  ${setup.padEnd(28)} ${String(readers).padStart(5)} readers: ${f.framesPerSecond.toFixed(0).padStart(6)} frames/s sent, ` +
        `per reader p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; to the last reader p50 ${f.lastP50.toFixed(1)} ms, ` +
        `p99 ${f.lastP99.toFixed(1)} ms (${f.complete}/${f.updates} updates reached everyone)`,
    )
  }
  if (!parts.has('memory')) return
  const m = await memory(1000, 1000)
  console.log(
    `\nMemory (server in this process): 1000 new boards loaded: heap +${m.perBoardHeapKiB.toFixed(1)} KiB per board; ` +
      `1000 connections to one board: heap +${m.perConnectionHeapKiB.toFixed(1)} KiB per connection (client ends included)`,
  )
}

try {
  await main()
} finally {
  // Clients' reconnect timers and pools of the in-process servers are not all closed: end the process when done.
  setTimeout(() => process.exit(0), 1000).unref()
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await db.end()
}
