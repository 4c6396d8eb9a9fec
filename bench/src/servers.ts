import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerKind } from './load/protocol'

/** The repository root (bench/src/ → ../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SERVERS_DIR = fileURLToPath(new URL('./servers/', import.meta.url))

/**
 * Node flags every server gets, the same for all: a heap large enough for the cold-load scenario (100 boards of
 * 5,000 notes is several GiB of Yjs structures in any server), so that no server is measured against the default
 * heap limit.
 */
const SERVER_NODE_FLAGS = ['--max-old-space-size=16384']

/**
 * Roundtable's abuse limits, raised for the bench: every simulated person comes from 127.0.0.1 and writers send
 * far more frames per second than a person does, so the defaults (30 new boards per address per hour, 300
 * connections per address, 200 frames/s per connection) would refuse the load itself. The peers have no such
 * limits. Frame size and board size limits stay at their defaults.
 */
const ROUNDTABLE_BENCH_ENV: Record<string, string> = {
  BOARDS_PER_IP_PER_HOUR: '1000000',
  MAX_CONNECTIONS_PER_IP: '1000000',
  MAX_CONNECTIONS_PER_BOARD: '1000000',
  MESSAGES_PER_SECOND: '1000000',
  MESSAGE_BURST: '1000000',
}

/** A server process started for a run. */
export interface RunningServer {
  kind: ServerKind
  pid: number
  port: number
  /** `http://127.0.0.1:<port>` */
  http: string
  /** `ws://127.0.0.1:<port>` */
  ws: string
  /** Roundtable's data folder (kept across a restart). */
  dataDir: string | null
  /**
   * Stop with SIGTERM (Roundtable then stores and compacts every board) and wait for the exit. A data folder
   * the server was started with is kept; one created for it is removed unless `keepData` was set.
   */
  stop(): Promise<void>
}

export interface StartOptions {
  /** Roundtable only: reuse this data folder (to restart on the same storage). */
  dataDir?: string
  /** Extra environment. */
  env?: Record<string, string>
  /**
   * Extra Node flags, e.g. `--cpu-prof`. (Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so flags go on the
   * command line; `npx tsx --cpu-prof …` would pass them the same way.)
   */
  nodeFlags?: string[]
  /** Roundtable only: serve this web build. */
  webDist?: string
  /** Roundtable only: keep a data folder this call created when the server stops (to restart on it). */
  keepData?: boolean
  /** Roundtable only: run this build of the server instead of apps/server/dist/main.js. */
  bundle?: string
}

/** Roundtable's built server, started the way the Dockerfile starts it (`node --enable-source-maps <bundle>`). */
export const ROUNDTABLE_BUNDLE = join(REPO_ROOT, 'apps/server/dist/main.js')
/** Sources the bundle is built from: when any is newer than the bundle, the bench builds it again. */
const ROUNDTABLE_SOURCES = ['apps/server/src', 'packages/board/src', 'packages/sync/src', 'packages/storage/src']

/** Newest modification time of any file under `dir` (ms). */
function newestUnder(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/**
 * Operators run the built server (the Dockerfile's bundle), so that is what the bench measures. Builds it
 * (`npm run build -w @roundtable/server`, about a second) when it is missing or older than its sources, and says
 * so through `log`; returns what it did, for the results file.
 */
export function ensureRoundtableBuilt(log: (message: string) => void): string {
  const builtAt = existsSync(ROUNDTABLE_BUNDLE) ? statSync(ROUNDTABLE_BUNDLE).mtimeMs : null
  const sourcesAt = Math.max(...ROUNDTABLE_SOURCES.map((dir) => newestUnder(join(REPO_ROOT, dir))))
  if (builtAt !== null && builtAt >= sourcesAt) return 'apps/server/dist/main.js (built before the run)'
  const why = builtAt === null ? 'missing' : 'older than its sources'
  log(
    `Roundtable's built server (apps/server/dist/main.js) is ${why}: building it (npm run build -w @roundtable/server)`,
  )
  execFileSync('npm', ['run', 'build', '-w', '@roundtable/server'], { cwd: REPO_ROOT, stdio: 'pipe' })
  return `apps/server/dist/main.js (built by this run: it was ${why})`
}

/** Node arguments that start a server: Roundtable's bundle as the Dockerfile runs it, the peers through tsx. */
function entry(kind: ServerKind, bundle = ROUNDTABLE_BUNDLE): string[] {
  switch (kind) {
    case 'roundtable':
      return ['--enable-source-maps', bundle]
    case 'y-websocket-server':
      return ['--import', 'tsx', join(SERVERS_DIR, 'yWebsocketServer.ts')]
    case 'hocuspocus':
      return ['--import', 'tsx', join(SERVERS_DIR, 'hocuspocus.ts')]
    case 'relay':
      return ['--import', 'tsx', join(SERVERS_DIR, 'relay.ts')]
  }
}

/**
 * Start one server as its own process, so the pid we sample is the server itself: Roundtable's built bundle
 * (`ensureRoundtableBuilt` first), the peers as `node --import tsx <entry>` (what `npx tsx` ends up running, without
 * the wrapper processes). Resolves once it prints its port.
 */
export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  if (kind === 'roundtable' && !options.bundle) ensureRoundtableBuilt((message) => process.stderr.write(`${message}\n`))
  const dataDir = kind === 'roundtable' ? (options.dataDir ?? mkdtempSync(join(tmpdir(), 'roundtable-bench-'))) : null
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(dataDir ? { DATA_DIR: dataDir, ...ROUNDTABLE_BENCH_ENV } : {}),
    ...(options.webDist ? { WEB_DIST: options.webDist } : {}),
    ...options.env,
  }
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...(options.nodeFlags ?? []), ...entry(kind, options.bundle)],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 30 s:\n${stderr}`)), 30_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (\d+)/.exec(out) ?? /Open http:\/\/[^:]+:(\d+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${kind} exited (${code}) before it was ready:\n${stderr}`))
    })
  })
  child.stdout!.resume()
  let stopping = false
  // A server that dies mid-scenario shows up as a failed measurement; say why, with the end of its stderr.
  void exited.then((code) => {
    if (!stopping)
      process.stderr.write(`${kind} (pid ${child.pid}) exited unexpectedly (${code ?? child.signalCode}):\n${stderr}\n`)
  })
  return {
    kind,
    pid: child.pid!,
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      stopping = true
      await stopChild(child, exited)
      if (dataDir && !options.dataDir && !options.keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  await exited
  clearTimeout(timer)
}

/** The version of a package as Node would resolve it from `from` (walking up node_modules folders). */
function packageVersion(name: string, from = REPO_ROOT): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, 'package.json')
    if (existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version
    if (dirname(dir) === dir) return 'unknown'
  }
}

/** What each server is, with the versions actually installed. */
export function serverVersions(bundle?: string): Record<ServerKind, string> {
  const yws = join(REPO_ROOT, 'node_modules/@y/websocket-server')
  const hp = join(REPO_ROOT, 'node_modules/@hocuspocus/server')
  const rtPkg = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/server/package.json'), 'utf8')) as { version: string }
  return {
    roundtable: `@roundtable/server ${rtPkg.version} (yjs ${packageVersion('yjs')}, ws ${packageVersion('ws')}, better-sqlite3 ${packageVersion('better-sqlite3')}; built bundle ${bundle ?? 'apps/server/dist/main.js'} as the Dockerfile runs it; SQLite storage on, synchronous=NORMAL)`,
    'y-websocket-server': `@y/websocket-server ${packageVersion('@y/websocket-server')} on ws ${packageVersion('ws')} (yjs ${packageVersion('yjs', yws)}; in memory)`,
    hocuspocus: `@hocuspocus/server ${packageVersion('@hocuspocus/server')} (yjs ${packageVersion('yjs', hp)}, crossws ${packageVersion('crossws', hp)}; in memory, no extensions)`,
    relay: `ws ${packageVersion('ws')} frame relay (bench/src/servers/relay.ts)`,
  }
}
