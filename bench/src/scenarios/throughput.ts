import { cpus } from 'node:os'
import type { ServerKind } from '../load/protocol'
import type { StepResult } from '../load/throughput'
import { targetOf } from '../loadProcess'
import { failure, withServer, type Failure, type RunContext } from './context'

/**
 * Which process ran out first when a step failed: the server or the load process at ≥ 85% of a core, or the
 * machine (both cores busy, counting other processes), or neither (the step failed on latency alone).
 */
export type Saturated = 'server' | 'load' | 'both' | 'machine' | 'neither' | null

export interface ThroughputServerResult {
  /** Every step run, in order; `retry` marks a further try of a step whose first try failed. */
  steps: (StepResult & { retry: boolean })[]
  /** Highest total edits/s that passed, or null when even the first step failed. */
  bestRate: number | null
  /** The first failing step's rate (null when every step up to maxRate passed). */
  failedRate: number | null
  failedBecause: string | null
  saturated: Saturated
}

export interface ThroughputSection {
  params: RunContext['options']['throughput']
  servers: { server: ServerKind; result: ThroughputServerResult | Failure }[]
}

/** Percent of one core at which a process counts as saturated. */
const SATURATED_CPU = 85

function verdict(step: StepResult, p99LimitMs: number): string | null {
  const closed = Object.entries(step.closedByServer ?? {})
  if (closed.length > 0)
    return `${closed.reduce((n, [, count]) => n + count, 0)} clients closed by the server (${closed.map(([code]) => code).join(', ')})`
  if (step.sentRate < step.targetRate * 0.9) return `sent only ${step.sentRate}/s`
  if (!step.keptUp) return `${step.deliveries.missing} deliveries late`
  const p99 = step.deliveries.allSeen.p99
  if (p99 === null || p99 >= p99LimitMs) return `p99 ${p99} ms`
  return null
}

function saturatedBy(step: StepResult): Saturated {
  const server = step.cpu.server >= SATURATED_CPU
  const load = step.cpu.load >= SATURATED_CPU
  if (server && load) return 'both'
  if (server) return 'server'
  if (load) return 'load'
  if (step.cpu.server + step.cpu.load + step.cpu.other >= cpus().length * 100 * 0.9) return 'machine'
  return 'neither'
}

/**
 * Scenario 2: a new board for each step, fixed clients and writers; the total edit rate doubles each step until a
 * step fails (p99 at or over the limit, deliveries late, or the load process unable to send at the rate), then
 * optionally bisects between the last pass and the failure.
 */
export async function runThroughputScenario(ctx: RunContext): Promise<ThroughputSection> {
  const params = ctx.options.throughput
  const servers: ThroughputSection['servers'] = []
  for (const kind of ctx.servers) {
    try {
      const result = await withServer(ctx, kind, async (server, load) => {
        const target = targetOf(server)
        const steps: ThroughputServerResult['steps'] = []
        const attempt = async (rate: number, retry: boolean) => {
          // Every step (and every retry) gets a new board and new clients: a board keeps the structs of every edit
          // made to it, so one board for the whole ramp would make each step measure the history of the earlier
          // ones (and run into Roundtable's limit on a board's size, 4413, instead of into a rate limit).
          await load.call('throughputSetup', target, { clients: params.clients, writers: params.writers })
          const result = await load
            .call<StepResult>('throughputStep', target, {
              targetRate: rate,
              durationMs: params.stepMs,
              graceMs: params.graceMs,
            })
            .finally(() => load.call('throughputTeardown', target))
          const step = { ...result, retry }
          steps.push(step)
          const why = verdict(step, params.p99LimitMs)
          ctx.log(
            `throughput: ${kind} ${rate}/s${retry ? ' (again)' : ''} → sent ${step.sentRate}/s, p99 ${step.deliveries.allSeen.p99} ms, ` +
              `cpu server ${step.cpu.server}% load ${step.cpu.load}% other ${step.cpu.other}% ${why ? `FAIL (${why})` : 'pass'}`,
          )
          return { result: step, why }
        }
        // A failing step is tried once more: a single stall (another process, a GC) should not end the ramp.
        const step = async (rate: number) => {
          let outcome = await attempt(rate, false)
          for (let i = 0; i < params.retries && outcome.why; i++) outcome = await attempt(rate, true)
          return outcome
        }
        let best: number | null = null
        let failed: { rate: number; result: StepResult; why: string } | null = null
        for (let rate = params.startRate; rate <= params.maxRate; rate *= 2) {
          const { result, why } = await step(rate)
          if (why) {
            failed = { rate, result, why }
            break
          }
          best = rate
        }
        if (failed && best !== null) {
          let low = best
          let high = failed.rate
          for (let i = 0; i < params.refineSteps; i++) {
            const mid = Math.round(Math.sqrt(low * high) / 10) * 10
            if (mid <= low || mid >= high) break
            const { result, why } = await step(mid)
            if (why) {
              high = mid
              failed = { rate: mid, result, why }
            } else {
              low = mid
              best = mid
            }
          }
        }
        return {
          steps,
          bestRate: best,
          failedRate: failed?.rate ?? null,
          failedBecause: failed?.why ?? null,
          saturated: failed ? saturatedBy(failed.result) : null,
        } satisfies ThroughputServerResult
      })
      servers.push({ server: kind, result })
    } catch (error) {
      servers.push({ server: kind, result: failure(error) })
      ctx.log(`throughput: ${kind} failed: ${failure(error).error}`)
    }
  }
  return { params, servers }
}
