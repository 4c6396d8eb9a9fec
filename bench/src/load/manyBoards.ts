import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { cpuPercent, markCpu, memory } from '../procstat'
import type { BenchClient } from './client'
import { closeAll, createBoards, drain, receiver, runEdits, Writer, type Target } from './common'
import { DeliveryTracker, type DeliveryReport } from './tracker'

export interface ManyBoardsParams {
  boards: number
  clientsPerBoard: number
  /** Edits per second on each board (its one writer). */
  editsPerBoardPerSecond: number
  durationMs: number
  joinConcurrency: number
  settleMs: number
  idleMs: number
}

export interface ManyBoardsResult {
  boards: number
  connections: number
  joinAllMs: number
  joinFailures: number
  /** Server RSS before any board, after everyone joined, and at the end of the edit window, bytes. */
  rssBefore: number
  rssJoined: number
  rssEnd: number
  /** CPU in % of one core over the edit window. */
  cpu: { server: number; load: number; other: number; iowait: number }
  /** Server CPU while idle with everyone connected (no edits), % of one core. */
  idleCpu: { server: number; load: number }
  deliveries: DeliveryReport
}

/**
 * Scenario 4. Many small boards at once: each board has one writer (a full client with a few notes) and
 * light receivers; each board gets a light, steady stream of edits.
 */
export async function runManyBoards(target: Target, params: ManyBoardsParams): Promise<ManyBoardsResult> {
  const rssBefore = memory(target.pid).rss
  const boardIds = await createBoards(target, params.boards)
  const tracker = new DeliveryTracker()
  const writers: Writer[] = []
  const all: BenchClient[] = []
  let failures = 0
  const joinStart = performance.now()
  const plan: { boardId: string; writer: boolean; index: number }[] = []
  boardIds.forEach((boardId, b) => {
    for (let c = 0; c < params.clientsPerBoard; c++) plan.push({ boardId, writer: c === 0, index: b })
  })
  let next = 0
  await Promise.all(
    Array.from({ length: params.joinConcurrency }, async () => {
      while (next < plan.length) {
        const item = plan[next++]!
        let client: BenchClient
        if (item.writer) {
          const writer = new Writer(target, item.boardId, item.index, tracker)
          writers.push(writer)
          client = writer.client
        } else {
          client = receiver(target, item.boardId, tracker)
        }
        all.push(client)
        try {
          await client.synced
        } catch {
          failures++
        }
      }
    }),
  )
  const joinAllMs = performance.now() - joinStart
  for (const writer of writers) if (writer.client.doc) writer.prepare()
  await sleep(params.settleMs)
  const idleFrom = markCpu({ server: target.pid, load: process.pid })
  await sleep(params.idleMs)
  const idleTo = markCpu({ server: target.pid, load: process.pid })
  const rssJoined = memory(target.pid).rss
  tracker.reset()

  const from = markCpu({ server: target.pid, load: process.pid })
  await runEdits({
    writers,
    ratePerWriter: params.editsPerBoardPerSecond,
    durationMs: params.durationMs,
    tracker,
    expected: () => params.clientsPerBoard - 1,
  })
  await drain(tracker, 5_000)
  const to = markCpu({ server: target.pid, load: process.pid })
  const rssEnd = memory(target.pid).rss
  await closeAll(all)
  const cpu = cpuPercent(from, to)
  const idle = cpuPercent(idleFrom, idleTo)
  return {
    boards: params.boards,
    connections: plan.length,
    joinAllMs: Math.round(joinAllMs),
    joinFailures: failures,
    rssBefore,
    rssJoined,
    rssEnd,
    cpu: { server: cpu.server!, load: cpu.load!, other: cpu.other!, iowait: cpu.iowait! },
    idleCpu: { server: idle.server!, load: idle.load! },
    deliveries: tracker.report(),
  }
}
