import { setTimeout as sleep } from 'node:timers/promises'
import { cpuPercent, markCpu } from '../procstat'
import type { BenchClient } from './client'
import { closeAll, createBoard, drain, receiver, runEdits, Writer, type Target } from './common'
import { DeliveryTracker, type DeliveryReport } from './tracker'

export interface ThroughputSetup {
  clients: number
  writers: number
}

export interface StepResult {
  /** Edits per second asked for (all writers together). */
  targetRate: number
  /** Edits per second actually sent. */
  sentRate: number
  deliveries: DeliveryReport
  /** Every delivery arrived within the grace period after the last send. */
  keptUp: boolean
  /** CPU in % of one core over the sending window. */
  cpu: { server: number; load: number; other: number; iowait: number }
  /**
   * Clients the server had closed by the end of the step, by close code (e.g. Roundtable's `4509` for a socket
   * whose unsent backlog passed SEND_BUFFER_BYTES because the load process fell behind reading). Empty if none.
   */
  closedByServer: Record<string, number>
}

let session: {
  target: Target
  writers: Writer[]
  all: BenchClient[]
  tracker: DeliveryTracker
  clients: number
} | null = null

/** Scenario 2, setup: one board with its writers and receivers connected. */
export async function throughputSetup(target: Target, params: ThroughputSetup): Promise<{ boardId: string }> {
  const boardId = await createBoard(target)
  const tracker = new DeliveryTracker()
  const writers = Array.from({ length: params.writers }, (_, i) => new Writer(target, boardId, i, tracker))
  await Promise.all(writers.map((w) => w.client.synced))
  const receivers = Array.from({ length: params.clients - params.writers }, () => receiver(target, boardId, tracker))
  await Promise.all(receivers.map((r) => r.synced))
  for (const writer of writers) writer.prepare()
  await sleep(500)
  session = { target, writers, all: [...writers.map((w) => w.client), ...receivers], tracker, clients: params.clients }
  return { boardId }
}

/** Scenario 2, one step: every writer edits at targetRate / writers for durationMs. */
export async function throughputStep(params: {
  targetRate: number
  durationMs: number
  graceMs: number
}): Promise<StepResult> {
  if (!session) throw new Error('throughput: no setup')
  const { target, writers, tracker, clients } = session
  tracker.reset()
  const from = markCpu({ server: target.pid, load: process.pid })
  const { sent, wallMs } = await runEdits({
    writers,
    ratePerWriter: params.targetRate / writers.length,
    durationMs: params.durationMs,
    tracker,
    expected: () => clients - 1,
  })
  const to = markCpu({ server: target.pid, load: process.pid })
  await drain(tracker, params.graceMs)
  const deliveries = tracker.report()
  // Let a backlog clear before the next step (bounded), so steps do not bleed into each other.
  await drain(tracker, 10_000)
  await sleep(300)
  const cpu = cpuPercent(from, to)
  const closedByServer: Record<string, number> = {}
  for (const client of session.all)
    if (client.closeCode !== null) closedByServer[client.closeCode] = (closedByServer[client.closeCode] ?? 0) + 1
  return {
    closedByServer,
    targetRate: params.targetRate,
    sentRate: Math.round((sent / wallMs) * 1000),
    deliveries,
    keptUp: deliveries.missing === 0,
    cpu: { server: cpu.server!, load: cpu.load!, other: cpu.other!, iowait: cpu.iowait! },
  }
}

/** Scenario 2, teardown. */
export async function throughputTeardown(): Promise<void> {
  if (!session) return
  await closeAll(session.all)
  session = null
}
