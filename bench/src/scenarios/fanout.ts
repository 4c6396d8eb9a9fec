import type { FanoutResult } from '../load/fanout'
import type { ServerKind } from '../load/protocol'
import { targetOf } from '../loadProcess'
import { medianOf } from '../stats'
import { failure, isFailure, withServer, type Failure, type RunContext } from './context'

export interface FanoutSection {
  params: RunContext['options']['fanout']
  /** Per server and size: the median of each figure over the rounds that succeeded (see `medianOf`). */
  points: { server: ServerKind; clients: number; result: FanoutResult | Failure; rounds?: number }[]
  /** Every round's own result, in the order measured (absent in runs made before rounds). */
  byRound?: { round: number; server: ServerKind; clients: number; result: FanoutResult | Failure }[]
}

/**
 * Scenario 1: fan-out at each size, every server, one server process per server kind and round. Servers take
 * turns, in reverse order every other round, so a slow spell of the machine falls on more than one of them.
 */
export async function runFanoutScenario(ctx: RunContext): Promise<FanoutSection> {
  const params = ctx.options.fanout
  const rounds = Math.max(1, params.rounds)
  const byRound: NonNullable<FanoutSection['byRound']> = []
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? ctx.servers : [...ctx.servers].reverse()
    for (const kind of order) {
      const measured: typeof byRound = []
      try {
        await withServer(ctx, kind, async (server, load) => {
          for (const clients of params.sizes) {
            ctx.log(`fan-out: ${kind}, ${clients} clients${rounds > 1 ? ` (round ${round} of ${rounds})` : ''}`)
            try {
              const result = await load.call<FanoutResult>('fanout', targetOf(server), { ...params, clients })
              measured.push({ round, server: kind, clients, result })
              const d = result.deliveries
              ctx.log(
                `  joined in ${result.joinAllMs} ms; ${d.received}/${d.expected} deliveries; p50 ${d.allSeen.p50} ms; p99 ${d.allSeen.p99} ms`,
              )
            } catch (error) {
              measured.push({ round, server: kind, clients, result: failure(error) })
              ctx.log(`  failed: ${failure(error).error}`)
            }
          }
        })
      } catch (error) {
        for (const clients of params.sizes) {
          if (!measured.some((p) => p.clients === clients))
            measured.push({ round, server: kind, clients, result: failure(error) })
        }
      }
      byRound.push(...measured)
    }
  }
  const points: FanoutSection['points'] = []
  for (const kind of ctx.servers) {
    for (const clients of params.sizes) {
      const mine = byRound.filter((p) => p.server === kind && p.clients === clients)
      const good = mine.map((p) => p.result).filter((r): r is FanoutResult => !isFailure(r))
      // Every round recorded a figure or a failure for every size, so with no figure there is a failure to show.
      points.push({
        server: kind,
        clients,
        result: good.length ? medianOf(good) : mine[0]!.result,
        rounds: good.length,
      })
    }
  }
  return { params, points, byRound }
}
