import type { ManyBoardsResult } from '../load/manyBoards'
import type { ServerKind } from '../load/protocol'
import { targetOf } from '../loadProcess'
import { failure, withServer, type Failure, type RunContext } from './context'

export interface ManyBoardsSection {
  params: RunContext['options']['manyBoards']
  servers: { server: ServerKind; result: ManyBoardsResult | Failure }[]
}

/** Scenario 4: many small boards at once, light edits; server memory and CPU. */
export async function runManyBoardsScenario(ctx: RunContext): Promise<ManyBoardsSection> {
  const params = ctx.options.manyBoards
  const servers: ManyBoardsSection['servers'] = []
  for (const kind of ctx.servers) {
    ctx.log(`many boards: ${kind}, ${params.boards} boards × ${params.clientsPerBoard} clients`)
    try {
      const result = await withServer(ctx, kind, (server, load) =>
        load.call<ManyBoardsResult>('manyBoards', targetOf(server), params, 30 * 60_000),
      )
      servers.push({ server: kind, result })
      ctx.log(
        `  joined in ${result.joinAllMs} ms; RSS ${(result.rssEnd / 1048576).toFixed(0)} MiB; server CPU ${result.cpu.server}%; ` +
          `${result.deliveries.received}/${result.deliveries.expected} deliveries`,
      )
    } catch (error) {
      servers.push({ server: kind, result: failure(error) })
      ctx.log(`  failed: ${failure(error).error}`)
    }
  }
  return { params, servers }
}
