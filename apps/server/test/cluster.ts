/** Helpers for tests with several servers on one PostgreSQL schema and one Redis (the cluster.*.test.ts files). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { storageEnv, waitFor } from './helpers'
import { freePort } from './serverProcess'

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url))

export { freePort }

/** A real server process (`src/main.ts`, as `npm start` runs it), which can be killed with SIGKILL. */
export class ServerProcess {
  private child: ChildProcess | null = null
  output = ''

  private constructor(
    readonly url: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Start a server on its own port, on the storage (schema, Redis prefix) of `dataDir`. */
  static async start(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const port = await freePort()
    const server = new ServerProcess(`http://127.0.0.1:${port}`, {
      ...storageEnv(dataDir),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    })
    await server.run()
    return server
  }

  get wsUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}/sync`
  }

  private async run(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString()
        if (this.output.includes('Roundtable is running')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${this.output}`))
      })
    })
  }

  /** Stop gracefully (SIGTERM) or crash it (SIGKILL); resolves once the process is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill(signal)
    })
  }
}

/** True when a `redis-server` binary can be started here. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * A Redis of the test's own on a free port, so stopping and restarting it disturbs no other test. Keeps nothing
 * on disk, like the shared one.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort())
    await redis.start()
    return redis
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Start (again) on the same port; resolves when it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    this.child = child
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited with ${code}:\n${output}`))
      })
    })
  }

  /** Kill it outright (everything it held is gone, as in a crash). */
  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}

/**
 * A stock y-websocket client that, when its connection drops, tries the next address in its list: the
 * client-side failover a browser behind a load balancer gets from the balancer.
 */
export function failoverClient(wsUrls: string[], boardId: string, params: Record<string, string>) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrls[0]!, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
    maxBackoffTime: 300,
  })
  let next = 0
  provider.on('connection-close', () => {
    next = (next + 1) % wsUrls.length
    provider.serverUrl = wsUrls[next]!
  })
  return {
    doc,
    provider,
    /** The address in use now. */
    get serverUrl() {
      return provider.serverUrl
    },
    synced: () => waitFor(() => provider.synced, 10_000, 'first sync'),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
