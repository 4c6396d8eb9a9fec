import type { CursorsResult } from '../load/cursors'
import type { ServerKind } from '../load/protocol'
import { targetOf } from '../loadProcess'
import { failure, withServer, type Failure, type RunContext } from './context'

export interface CursorsSection {
  params: RunContext['options']['cursors']
  points: { server: ServerKind; result: CursorsResult | Failure }[]
  /** Roundtable again, every client echoing what it receives as a stock y-websocket provider does. */
  echo?: CursorsResult | Failure
}

/** Scenario "cursors": 150 people moving their cursors in one board while some edit, every server. */
export async function runCursorsScenario(ctx: RunContext): Promise<CursorsSection> {
  const params = ctx.options.cursors
  const points: CursorsSection['points'] = []
  for (const kind of ctx.servers) {
    ctx.log(`cursors: ${kind}, ${params.clients} people, ${params.editors} editing`)
    try {
      const result = await withServer(ctx, kind, (server, load) =>
        load.call<CursorsResult>('cursors', targetOf(server), params),
      )
      points.push({ server: kind, result })
      const c = result.cursors
      const e = result.edits
      ctx.log(
        `  cursors ${c.received}/${c.expected} p50 ${c.perDelivery.p50} p99 ${c.perDelivery.p99} ms; edits ${e.received}/${e.expected} p99 ${e.allSeen.p99} ms; CPU server ${result.cpu.server}% load ${result.cpu.load}%`,
      )
    } catch (error) {
      points.push({ server: kind, result: failure(error) })
      ctx.log(`  failed: ${failure(error).error}`)
    }
  }
  let echo: CursorsSection['echo']
  if (ctx.servers.includes('roundtable')) {
    ctx.log('cursors: roundtable, every client echoing the presence it receives')
    try {
      echo = await withServer(ctx, 'roundtable', (server, load) =>
        load.call<CursorsResult>('cursors', targetOf(server), { ...params, echo: true }),
      )
      ctx.log(
        `  cursors p99 ${echo.cursors.perDelivery.p99} ms; edits p99 ${echo.edits.allSeen.p99} ms; CPU server ${echo.cpu.server}%`,
      )
    } catch (error) {
      echo = failure(error)
      ctx.log(`  failed: ${echo.error}`)
    }
  }
  return { params, points, echo }
}
