import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { memory } from '../procstat'
import { summarize, type Summary } from '../stats'
import { BenchClient } from './client'
import { closeAll, createBoards, receiver, type Target } from './common'
import { buildSeed, type SeedContent } from './notes'
import { PROTOCOLS } from './protocol'

export interface ColdSeedParams {
  boards: number
  notes: number
}

export interface ColdMeasure {
  boards: number
  /** Fresh client: connect → full document received and applied, ms. */
  sync: Summary
  /** Server RSS before the boards were loaded and after all were, bytes. */
  rssBefore: number
  rssAfter: number
  /** (rssAfter − rssBefore) / boards. */
  rssPerBoard: number
  peakRss: number
  /** Bytes a fresh client received for one board (first board). */
  syncBytes: number
  failures: number
}

export interface ColdSeedResult {
  boardIds: string[]
  /** Encoded size of one board's content. */
  contentBytes: number
  seedMs: number
  /** Fresh sync of each board while it is loaded (seeded through the server, holder still connected). */
  warm: ColdMeasure
}

/** Boards seeded at once. */
export const SEED_CONCURRENCY = 4

let seed: SeedContent | null = null
let holders: BenchClient[] = []
let keep: BenchClient[] = []

/**
 * Scenario 3, seeding and the warm measurement. Each board gets one holder client that writes the content (as
 * ~20 update frames of 250 notes, then a sync request to know it was all applied) and stays connected, which is
 * what keeps a board in memory on every server (Hocuspocus would otherwise drop an in-memory document when its
 * last client leaves). Then a fresh client per board, one at a time, syncs the whole board.
 */
export async function coldSeed(target: Target, params: ColdSeedParams): Promise<ColdSeedResult> {
  seed ??= buildSeed(params.notes)
  const content = seed
  const rssBefore = memory(target.pid).rss
  const boardIds = await createBoards(target, params.boards)
  const seedStart = performance.now()
  holders = []
  const seedOne = async (boardId: string) => {
    const holder = receiver(target, boardId, null)
    holders.push(holder)
    await holder.synced
    const protocol = PROTOCOLS[target.kind]
    // Roundtable's board already has what POST /api/boards put in it; the peers get the same from the client.
    if (target.kind !== 'roundtable') holder.send(protocol.update(boardId, content.boardInit))
    for (const chunk of content.chunks) holder.send(protocol.update(boardId, chunk))
    await holder.requestSync(content.stateVector)
  }
  // A few boards in flight, so that the server is never idle waiting for the next board's round trips.
  const queue = [...boardIds]
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await seedOne(id)
  }
  await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, boardIds.length) }, worker))
  const seedMs = performance.now() - seedStart
  const warm = await measureFreshSyncs(target, boardIds, rssBefore, false)
  return { boardIds, contentBytes: content.bytes, seedMs: Math.round(seedMs), warm }
}

/** Scenario 3: close the holders (before a restart). */
export async function coldRelease(): Promise<void> {
  await closeAll([...holders, ...keep])
  holders = []
  keep = []
}

/**
 * Scenario 3, Roundtable from storage: after a restart no board is in memory; each fresh client makes the server
 * load the board from SQLite. Clients stay connected (as light clients) until the end so RSS counts every board.
 */
export async function coldFromStorage(target: Target, params: { boardIds: string[] }): Promise<ColdMeasure> {
  const rssBefore = memory(target.pid).rss
  const result = await measureFreshSyncs(target, params.boardIds, rssBefore, true)
  await coldRelease()
  return result
}

async function measureFreshSyncs(
  target: Target,
  boardIds: string[],
  rssBefore: number,
  stay: boolean,
): Promise<ColdMeasure> {
  const times: number[] = []
  let failures = 0
  let syncBytes = 0
  for (const boardId of boardIds) {
    const started = performance.now()
    const client = new BenchClient({ protocol: PROTOCOLS[target.kind], base: target.ws, boardId, full: true })
    try {
      await client.synced
      times.push(performance.now() - started)
      if (syncBytes === 0) syncBytes = client.bytesIn
    } catch {
      failures++
    }
    if (stay) {
      client.releaseDocument()
      keep.push(client)
    } else {
      await client.close()
    }
  }
  await sleep(1000)
  const after = memory(target.pid)
  return {
    boards: boardIds.length,
    sync: summarize(times),
    rssBefore,
    rssAfter: after.rss,
    rssPerBoard: Math.round((after.rss - rssBefore) / boardIds.length),
    peakRss: after.peakRss,
    syncBytes,
    failures,
  }
}
