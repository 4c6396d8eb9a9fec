import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { cpuPercent, markCpu, memory } from '../procstat'
import { summarize, type Summary } from '../stats'
import type { BenchClient } from './client'
import { closeAll, createBoard, drain, receiver, runEdits, Writer, type Target } from './common'
import { DeliveryTracker, type DeliveryReport } from './tracker'

export interface FanoutParams {
  clients: number
  writers: number
  ratePerWriter: number
  durationMs: number
  /** Unmeasured edits first (JIT warm-up), ms. */
  warmupMs: number
  /** Connection handshakes in flight at once while joining. */
  joinConcurrency: number
}

export interface FanoutResult {
  clients: number
  /** From the first connection attempt until all clients were synced, ms. */
  joinAllMs: number
  /** Per client: connect → synced, ms. */
  join: Summary
  /** Clients that could not join. */
  joinFailures: number
  sent: number
  sendWallMs: number
  deliveries: DeliveryReport
  /** CPU in % of one core over the edit window (sending + draining). */
  cpu: { server: number; load: number; other: number; iowait: number }
  serverRssBytes: number
}

/**
 * Scenario 1. C clients in one board: the writers (full clients) join first, then the light receivers; then
 * every writer edits at a fixed rate and every other client must see every edit.
 */
export async function runFanout(target: Target, params: FanoutParams): Promise<FanoutResult> {
  const boardId = await createBoard(target)
  const tracker = new DeliveryTracker()
  const writers: Writer[] = []
  const all: BenchClient[] = []
  const joinMs: number[] = []
  let failures = 0
  const joinStart = performance.now()
  let next = 0
  const lane = async () => {
    while (next < params.clients) {
      const i = next++
      const started = performance.now()
      let client: BenchClient
      if (i < params.writers) {
        const writer = new Writer(target, boardId, i, tracker)
        writers.push(writer)
        client = writer.client
      } else {
        client = receiver(target, boardId, tracker)
      }
      all.push(client)
      try {
        await client.synced
        joinMs.push(performance.now() - started)
      } catch {
        failures++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(params.joinConcurrency, params.clients) }, lane))
  const joinAllMs = performance.now() - joinStart

  for (const writer of writers) writer.prepare()
  if (params.warmupMs > 0) {
    await runEdits({
      writers,
      ratePerWriter: params.ratePerWriter,
      durationMs: params.warmupMs,
      tracker: null,
      expected: () => 0,
    })
  }
  // Let the writers' own notes and the warm-up edits reach everyone before measuring.
  await sleep(500)
  tracker.reset()

  const from = markCpu({ server: target.pid, load: process.pid })
  const { sent, wallMs } = await runEdits({
    writers,
    ratePerWriter: params.ratePerWriter,
    durationMs: params.durationMs,
    tracker,
    expected: () => params.clients - 1 - failures,
  })
  await drain(tracker, 5_000)
  const to = markCpu({ server: target.pid, load: process.pid })
  const serverRssBytes = memory(target.pid).rss
  await closeAll(all)
  const cpu = cpuPercent(from, to)
  return {
    clients: params.clients,
    joinAllMs: Math.round(joinAllMs),
    join: summarize(joinMs),
    joinFailures: failures,
    sent,
    sendWallMs: Math.round(wallMs),
    deliveries: tracker.report(),
    cpu: { server: cpu.server!, load: cpu.load!, other: cpu.other!, iowait: cpu.iowait! },
    serverRssBytes,
  }
}
