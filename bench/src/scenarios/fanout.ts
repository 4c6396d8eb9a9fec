import type { FanoutResult } from '../load/fanout'
import type { ServerKind } from '../load/protocol'
import { targetOf } from '../loadProcess'
import { failure, withServer, type Failure, type RunContext } from './context'

export interface FanoutSection {
  params: RunContext['options']['fanout']
  points: { server: ServerKind; clients: number; result: FanoutResult | Failure }[]
}

/** Scenario 1: fan-out at each size, every server, one server process per server kind. */
export async function runFanoutScenario(ctx: RunContext): Promise<FanoutSection> {
  const params = ctx.options.fanout
  const points: FanoutSection['points'] = []
  for (const kind of ctx.servers) {
    try {
      await withServer(ctx, kind, async (server, load) => {
        for (const clients of params.sizes) {
          ctx.log(`fan-out: ${kind}, ${clients} clients`)
          try {
            const result = await load.call<FanoutResult>('fanout', targetOf(server), { ...params, clients })
            points.push({ server: kind, clients, result })
            const d = result.deliveries
            ctx.log(
              `  joined in ${result.joinAllMs} ms; ${d.received}/${d.expected} deliveries; p99 ${d.allSeen.p99} ms`,
            )
          } catch (error) {
            points.push({ server: kind, clients, result: failure(error) })
            ctx.log(`  failed: ${failure(error).error}`)
          }
        }
      })
    } catch (error) {
      for (const clients of params.sizes) {
        if (!points.some((p) => p.server === kind && p.clients === clients))
          points.push({ server: kind, clients, result: failure(error) })
      }
    }
  }
  return { params, points }
}
