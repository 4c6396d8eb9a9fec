import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** A free TCP port, so a restarted server comes back at the same address and clients reconnect by themselves. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** How to run the server: by default the sources through tsx from the repository (what `npm start` runs). */
export interface ServerCommand {
  /** Arguments to `node`, e.g. `['apps/server/dist/main.js']` for the built artefact. */
  args: string[]
  cwd: string
}

/** The real server as its own process (what `npm start` runs), so it can be killed with SIGKILL mid-write. */
export class ServerProcess {
  private child: ChildProcess | null = null
  output = ''
  readonly url: string

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly command: ServerCommand = { args: ['--import', 'tsx', MAIN], cwd: ROOT },
  ) {
    this.url = `http://127.0.0.1:${port}`
  }

  async start(): Promise<void> {
    // Output accumulates over restarts; only what this start prints says it is running.
    const from = this.output.length
    const child = spawn(process.execPath, this.command.args, {
      cwd: this.command.cwd,
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString()
        if (this.output.includes('Roundtable is running', from)) {
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

  /** The server's process id (for reading its memory from /proc). */
  get pid(): number | undefined {
    return this.child?.pid
  }

  /** How the last stopped process ended: its exit code, or the signal that ended it. */
  lastExit: { code: number | null; signal: NodeJS.Signals | null } | null = null

  /** SIGKILL: no flush, no goodbye — the crash the durability promise is about. SIGTERM: a graceful stop. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    this.child = null
    await new Promise<void>((resolve) => {
      child.once('exit', (code, sig) => {
        this.lastExit = { code, signal: sig }
        resolve()
      })
      child.kill(signal)
    })
  }
}
