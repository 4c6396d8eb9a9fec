import { rmSync } from 'node:fs'
import type { ColdMeasure, ColdSeedResult } from '../load/coldLoad'
import type { ServerKind } from '../load/protocol'
import { startLoad, targetOf } from '../loadProcess'
import { startServer } from '../servers'
import { failure, withServer, type Failure, type RunContext } from './context'

export interface ColdServerResult {
  contentBytes: number
  seedMs: number
  /** Board in memory (seeded through the server; its holder client still connected). */
  warm: ColdMeasure
  /** Roundtable only: after a restart, each board loaded from SQLite by the fresh client. */
  fromStorage?: ColdMeasure | Failure
}

export interface ColdLoadSection {
  params: RunContext['options']['coldLoad']
  servers: { server: ServerKind; result: ColdServerResult | Failure }[]
}

/**
 * Scenario 3. Every server with document state gets the same boards (the relay keeps no document, so it has no
 * cold load). Roundtable is then stopped (SIGTERM: it stores and compacts every board) and started again on the
 * same data folder, and every board is synced again, now loaded from storage.
 */
export async function runColdLoadScenario(ctx: RunContext): Promise<ColdLoadSection> {
  const params = ctx.options.coldLoad
  const servers: ColdLoadSection['servers'] = []
  for (const kind of ctx.servers.filter((k) => k !== 'relay')) {
    ctx.log(`cold load: ${kind}, ${params.boards} boards of ${params.notes} notes`)
    try {
      let dataDir: string | null = null
      let boardIds: string[] = []
      const seeded = await withServer(
        ctx,
        kind,
        async (server, load) => {
          dataDir = server.dataDir
          const result = await load.call<ColdSeedResult>('coldSeed', targetOf(server), params, 60 * 60_000)
          boardIds = result.boardIds
          await load.call('coldRelease', targetOf(server))
          return result
        },
        { keepData: true },
      )
      const result: ColdServerResult = { contentBytes: seeded.contentBytes, seedMs: seeded.seedMs, warm: seeded.warm }
      ctx.log(
        `  seeded in ${seeded.seedMs} ms; warm sync p50 ${seeded.warm.sync.p50} ms; RSS/board ${mb(seeded.warm.rssPerBoard)} MiB`,
      )
      if (kind === 'roundtable' && dataDir) {
        try {
          const server = await startServer('roundtable', { ...ctx.roundtableStart, dataDir })
          const load = startLoad()
          try {
            result.fromStorage = await load.call<ColdMeasure>(
              'coldFromStorage',
              targetOf(server),
              { boardIds },
              60 * 60_000,
            )
            ctx.log(
              `  from storage: sync p50 ${result.fromStorage.sync.p50} ms; RSS/board ${mb(result.fromStorage.rssPerBoard)} MiB`,
            )
          } finally {
            await load.stop()
            await server.stop()
          }
        } catch (error) {
          result.fromStorage = failure(error)
        }
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
      servers.push({ server: kind, result })
    } catch (error) {
      servers.push({ server: kind, result: failure(error) })
      ctx.log(`  failed: ${failure(error).error}`)
    }
  }
  return { params, servers }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}
