import { setTimeout as sleep } from 'node:timers/promises'
import type { ServerKind } from '../load/protocol'
import { startLoad, type LoadProcess } from '../loadProcess'
import type { BenchOptions } from '../options'
import { machineSeconds } from '../procstat'
import { startServer, type RunningServer, type StartOptions } from '../servers'

/** What every scenario gets from the runner. */
export interface RunContext {
  options: BenchOptions
  /** Servers to measure, in order. */
  servers: ServerKind[]
  log(message: string): void
  /** Extra start options for Roundtable (e.g. a CPU profile). */
  roundtableStart?: StartOptions
  /** The built web app the browser scenario serves (default apps/web/dist). */
  webDist?: string
  /** Before each server is measured, wait up to this long for other processes to leave the cores alone. */
  quietWaitMs: number
}

/** An error a scenario records instead of a figure, so one failing server does not end the run. */
export interface Failure {
  error: string
}

export function failure(error: unknown): Failure {
  return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
}

/** True for a recorded failure rather than a figure. */
export function isFailure(x: unknown): x is Failure {
  return typeof x === 'object' && x !== null && 'error' in x
}

/**
 * Start a server and a fresh load process, run `fn`, and stop both whatever happens. Each (scenario, server)
 * pair gets new processes, so memory and JIT state never carry over between measurements.
 */
export async function withServer<T>(
  ctx: RunContext,
  kind: ServerKind,
  fn: (server: RunningServer, load: LoadProcess) => Promise<T>,
  start: StartOptions = {},
): Promise<T> {
  await waitForQuiet(ctx)
  const server = await startServer(kind, kind === 'roundtable' ? { ...ctx.roundtableStart, ...start } : start)
  const load = startLoad()
  try {
    return await fn(server, load)
  } finally {
    await load.stop()
    await server.stop()
  }
}

/** Other processes may use at most this much CPU (% of one core) for the machine to count as quiet. */
const QUIET_PERCENT = 25

/**
 * On a shared machine, wait (bounded by ctx.quietWaitMs) until other processes use less than a quarter of a
 * core, sampling 2 s at a time. Measurements still record what else ran during them.
 */
export async function waitForQuiet(ctx: RunContext): Promise<void> {
  if (ctx.quietWaitMs <= 0) return
  const deadline = Date.now() + ctx.quietWaitMs
  let busy = Infinity
  while (Date.now() < deadline) {
    const from = machineSeconds().busy
    await sleep(2000)
    busy = Math.round((machineSeconds().busy - from) * 50)
    if (busy < QUIET_PERCENT) return
  }
  ctx.log(`  (the machine stayed busy: other processes at ${busy}% of a core)`)
}
