import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Target } from './load/common'
import type { RunningServer } from './servers'

const WORKER = fileURLToPath(new URL('./load/worker.ts', import.meta.url))

/** The load process, seen from the runner. */
export interface LoadProcess {
  pid: number
  call<T>(method: string, target: Target, params?: unknown, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

/** The part of a running server the load process needs. */
export function targetOf(server: RunningServer): Target {
  return { kind: server.kind, http: server.http, ws: server.ws, pid: server.pid }
}

/** Fork the load process (its own Node process, with the tsx loader). */
export function startLoad(): LoadProcess {
  const child: ChildProcess = fork(WORKER, [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.error !== undefined) waiter.reject(new Error(`load process: ${message.error}`))
    else waiter.resolve(message.result)
  })
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('load process exited'))
    pending.clear()
  })
  return {
    pid: child.pid!,
    call<T>(method: string, target: Target, params: unknown = {}, timeoutMs = 15 * 60_000) {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`load process: ${method} took longer than ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer)
            resolve(v as T)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        })
        child.send({ id, method, target, params })
      })
    },
    async stop() {
      if (child.exitCode !== null) return
      child.disconnect()
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
