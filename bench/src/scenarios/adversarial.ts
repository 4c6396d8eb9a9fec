import { execFileSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
  deepNestingFrame,
  deleteRecordsFrame,
  deleteSetFrame,
  fullStateRequest,
  ownPresenceFrame,
  presenceFrame,
  tinyStructsFrame,
} from '../adversarial/frames'
import { BenchClient } from '../load/client'
import { drain, receiver, Writer, type Target } from '../load/common'
import { addNotes, BENCH_PAGE_ID, firstPageId, lastIndexOn } from '../load/notes'
import { PROTOCOLS } from '../load/protocol'
import { DeliveryTracker } from '../load/tracker'
import { targetOf } from '../loadProcess'
import { cpuSeconds, memory } from '../procstat'
import { startServer } from '../servers'
import type { Summary } from '../stats'
import { failure, waitForQuiet, type Failure, type RunContext } from './context'

/** Sizes of the adversarial scenario. */
export interface AdversarialParams {
  /** Size of each hostile frame (the server's MAX_MESSAGE_BYTES in a full run). */
  frameBytes: number
  /** Hostile frames per class (where a class sends several of the same). */
  frames: number
  /** Notes on the board the slow readers ask for (about 400 bytes each). */
  slowReaderNotes: number
  slowReaders: number
  /** Sockets on the board the presence attack targets, and attacking sockets. */
  presenceSockets: number
  presenceAttackers: number
  presenceFrames: number
  /** Notes on the board whose records are deleted five at a time, and frames doing it. */
  versionNotes: number
  versionFrames: number
  /** Shapes on the first page before ideas are placed over HTTP, and POST /ideas requests. */
  placementShapes: number
  placementRequests: number
  /** An attack that has not finished in this long is recorded as a stall. */
  timeoutMs: number
  /** The honest pair's edit rate during each attack (edits/s). */
  honestRate: number
}

/** What one class of hostile frame cost the server, and what the honest pair saw meanwhile. */
export interface AttackResult {
  attack: string
  /** The frame, in words. */
  frame: string
  frameBytes: number
  frames: number
  serverCpuMs: number
  cpuMsPerFrame: number
  rssBefore: number
  rssAfter: number
  /** Bytes the attack asked the server to store (memory classes), when known. */
  storedBytes: number | null
  /** The data folder's growth (versions class). */
  diskGrowthBytes: number | null
  /** How the server closed the attacking socket, if it did. */
  attackerClose: number | null
  serverAlive: boolean
  /** The attack had not finished within timeoutMs. */
  stalled: boolean
  honest: { edits: number; missing: number; delay: Summary }
  note: string | null
}

export interface AdversarialSection {
  params: AdversarialParams
  attacks: (AttackResult | (Failure & { attack: string }))[]
}

/** What an attack does once its server, boards and honest pair are ready. */
interface Attack {
  name: string
  /** Boards, seeding and frames (not measured). Returns the measured part. */
  prepare(target: Target): Promise<Run>
}

interface Run {
  frame: string
  frameBytes: number
  frames: number
  /** Send the frames; resolves once the server has handled them (or closed the attacker). */
  run(): Promise<{ attackerClose: number | null; storedBytes?: number; note?: string }>
  cleanup(): Promise<void>
}

/** Scenario 6: the worst frame of each class of issue #12, one fresh Roundtable per class. */
export async function runAdversarialScenario(ctx: RunContext): Promise<AdversarialSection> {
  const params = ctx.options.adversarial
  const attacks: AdversarialSection['attacks'] = []
  for (const attack of ATTACKS(params)) {
    ctx.log(`adversarial: ${attack.name}`)
    try {
      const result = await measure(ctx, params, attack)
      attacks.push(result)
      ctx.log(
        `  ${result.frames} × ${(result.frameBytes / 1024).toFixed(0)} KiB: server CPU ${result.cpuMsPerFrame.toFixed(0)} ms/frame, ` +
          `RSS ${mibText(result.rssBefore)} → ${mibText(result.rssAfter)} MiB; honest p50/p99 ${result.honest.delay.p50 ?? '-'}/${result.honest.delay.p99 ?? '-'} ms` +
          `${result.stalled ? '; STALLED' : ''}${result.serverAlive ? '' : '; SERVER DIED'}${result.attackerClose ? `; attacker closed ${result.attackerClose}` : ''}`,
      )
    } catch (error) {
      attacks.push({ attack: attack.name, ...failure(error) })
      ctx.log(`  failed: ${failure(error).error}`)
    }
  }
  return { params, attacks }
}

const mibText = (bytes: number) => (bytes / 1048576).toFixed(0)

async function measure(ctx: RunContext, params: AdversarialParams, attack: Attack): Promise<AttackResult> {
  await waitForQuiet(ctx)
  const server = await startServer('roundtable', ctx.roundtableStart)
  const target = targetOf(server)
  const clients: BenchClient[] = []
  try {
    const honestBoard = await createBoardKeys(target)
    const tracker = new DeliveryTracker()
    const writer = new Writer(target, honestBoard.participant, 0, null)
    const rx = receiver(target, honestBoard.participant, tracker)
    clients.push(writer.client, rx)
    await Promise.all([writer.client.synced, rx.synced])
    writer.prepare()
    const run = await attack.prepare(target)
    await sleep(500)
    tracker.reset()
    const honest = setInterval(() => writer.edit(tracker, 1), 1000 / params.honestRate)
    const cpuBefore = cpuSeconds(server.pid)
    const rssBefore = memory(server.pid).rss
    const diskBefore = server.dataDir ? diskBytes(server.dataDir) : 0
    let stalled = false
    const outcome = await Promise.race([
      run.run(),
      sleep(params.timeoutMs).then(() => {
        stalled = true
        return { attackerClose: null }
      }),
    ])
    // Let fan-out, versions and garbage settle before reading the figures.
    await sleep(1000)
    const alive = isAlive(server.pid)
    const cpuAfter = alive ? cpuSeconds(server.pid) : cpuBefore
    const rssAfter = alive ? memory(server.pid).rss : 0
    const diskAfter = server.dataDir && alive ? diskBytes(server.dataDir) : diskBefore
    clearInterval(honest)
    await drain(tracker, 2000)
    const report = tracker.report()
    await run.cleanup()
    const serverCpuMs = (cpuAfter - cpuBefore) * 1000
    return {
      attack: attack.name,
      frame: run.frame,
      frameBytes: run.frameBytes,
      frames: run.frames,
      serverCpuMs: Math.round(serverCpuMs),
      cpuMsPerFrame: Math.round((serverCpuMs / Math.max(1, run.frames)) * 10) / 10,
      rssBefore,
      rssAfter,
      storedBytes: 'storedBytes' in outcome ? (outcome.storedBytes ?? null) : null,
      diskGrowthBytes: attack.name === 'cheap versions' ? diskAfter - diskBefore : null,
      attackerClose: outcome.attackerClose,
      serverAlive: alive,
      stalled,
      honest: { edits: report.edits, missing: report.missing, delay: report.allSeen },
      note: 'note' in outcome ? (outcome.note ?? null) : null,
    }
  } finally {
    for (const client of clients) void client.close()
    await server.stop()
  }
}

/** The hostile classes, in the order of issue #12. */
function ATTACKS(p: AdversarialParams): Attack[] {
  return [
    {
      name: 'delete-set amplification',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const attacker = await fullClient(target, board.participant)
        await seedNotes(attacker, 200)
        const doc = attacker.doc!
        const span = Y.getState(doc.store, doc.clientID)
        const frame = deleteSetFrame(p.frameBytes, doc.clientID, span)
        return {
          frame: `delete set: ${(frame.length / 5).toFixed(0)}+ ranges, each over all ${span} clocks of one client`,
          frameBytes: frame.length,
          frames: p.frames,
          run: () => sendAll(attacker, Array(p.frames).fill(frame)),
          cleanup: () => attacker.close(),
        }
      },
    },
    {
      name: 'deep nesting',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const attacker = await fullClient(target, board.participant)
        const { frame, depth } = deepNestingFrame(p.frameBytes)
        return {
          frame: `one record whose meta is a Y.Map chain ${depth.toLocaleString('en-US')} deep`,
          frameBytes: frame.length,
          frames: 1,
          run: () => sendAll(attacker, [frame]),
          cleanup: () => attacker.close(),
        }
      },
    },
    {
      name: 'memory per stored byte',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const attacker = await fullClient(target, board.participant)
        const built = Array.from({ length: p.frames }, () => tinyStructsFrame(attacker.doc!, p.frameBytes))
        const frames = built.map((b) => b.frame)
        return {
          frame: `a new idea whose text gets ${built[0]!.items.toLocaleString('en-US')} one-character inserts that cannot merge`,
          frameBytes: frames[0]!.length,
          frames: frames.length,
          run: async () => {
            const outcome = await sendAll(attacker, frames)
            return { ...outcome, storedBytes: frames.reduce((sum, f) => sum + f.length, 0) }
          },
          cleanup: () => attacker.close(),
        }
      },
    },
    {
      name: 'slow reader',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const seeder = await fullClient(target, board.participant)
        await seedNotes(seeder, p.slowReaderNotes)
        const boardBytes = Y.encodeStateAsUpdate(seeder.doc!).length
        await seeder.close()
        const request = fullStateRequest()
        const sockets: WebSocket[] = []
        return {
          frame: `sync step 1 with an empty state vector, twice, on a ${(boardBytes / 1048576).toFixed(1)} MiB board; ${p.slowReaders} view-key sockets that never read`,
          frameBytes: request.length,
          frames: 2 * p.slowReaders,
          run: async () => {
            await Promise.all(
              Array.from({ length: p.slowReaders }, () => {
                const socket = new WebSocket(PROTOCOLS.roundtable.url(target.ws, board.view), {
                  perMessageDeflate: false,
                })
                sockets.push(socket)
                return new Promise<void>((resolve) => {
                  socket.once('open', () => {
                    ;(socket as unknown as { _socket: { pause(): void } })._socket.pause()
                    socket.send(request)
                    socket.send(request)
                    resolve()
                  })
                  socket.once('error', () => resolve())
                })
              }),
            )
            await sleep(3000)
            return { attackerClose: null, storedBytes: boardBytes }
          },
          cleanup: async () => {
            for (const socket of sockets) socket.terminate()
          },
        }
      },
    },
    {
      name: 'presence amplification',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const crowd = await Promise.all(
          Array.from({ length: p.presenceSockets }, () => lightClient(target, board.view)),
        )
        const honestIds = crowd.map((client, i) => {
          const id = 1_000_000 + i
          client.send(ownPresenceFrame(id, `person ${i}`))
          return id
        })
        const attackers = await Promise.all(
          Array.from({ length: p.presenceAttackers }, () => lightClient(target, board.view)),
        )
        const perAttacker = Math.ceil(p.presenceFrames / attackers.length)
        const frames = attackers.map((_, a) =>
          Array.from({ length: perAttacker }, (_, i) =>
            presenceFrame({
              maxBytes: p.frameBytes,
              own: [1, 2, 3, 4].map((k) => 2_000_000 + a * 10 + k),
              stateBytes: Math.min(16_000, Math.floor(p.frameBytes / 8)),
              foreign: honestIds,
              clock: i + 1,
            }),
          ),
        )
        return {
          frame: `4 own states of ${Math.min(16, Math.floor(p.frameBytes / 8192))} KB, then entries for ${p.presenceSockets} other people's ids; fanned out to ${p.presenceSockets} sockets`,
          frameBytes: frames[0]![0]!.length,
          frames: perAttacker * attackers.length,
          run: async () => {
            const outcomes = await Promise.all(attackers.map((attacker, a) => sendAll(attacker, frames[a]!)))
            return { attackerClose: outcomes.find((o) => o.attackerClose !== null)?.attackerClose ?? null }
          },
          cleanup: async () => {
            await Promise.all([...crowd, ...attackers].map((c) => c.close()))
          },
        }
      },
    },
    {
      name: 'cheap versions',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const attacker = await fullClient(target, board.participant)
        await seedNotes(attacker, p.versionNotes)
        const copy = new Y.Doc()
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(attacker.doc!))
        const frames: Uint8Array[] = []
        for (let i = 0; i < p.versionFrames; i++) {
          const frame = deleteRecordsFrame(copy, 5)
          if (frame) frames.push(frame)
        }
        copy.destroy()
        return {
          frame: `an update deleting 5 records of a ${p.versionNotes.toLocaleString('en-US')}-note board`,
          frameBytes: Math.max(...frames.map((f) => f.length)),
          frames: frames.length,
          run: () => sendAll(attacker, frames),
          cleanup: () => attacker.close(),
        }
      },
    },
    {
      name: 'placement CPU',
      async prepare(target) {
        const board = await createBoardKeys(target)
        const attacker = await fullClient(target, board.participant)
        await seedNotes(attacker, p.placementShapes)
        return {
          frame: `POST /ideas on a page with ${p.placementShapes.toLocaleString('en-US')} shapes`,
          frameBytes: 0,
          frames: p.placementRequests,
          run: async () => {
            const statuses: number[] = []
            for (let i = 0; i < p.placementRequests; i++) {
              const res = await fetch(`${target.http}/api/boards/${board.id}/ideas`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${board.participantKey}` },
                body: JSON.stringify({ text: `placed ${i}` }),
              })
              statuses.push(res.status)
              await res.arrayBuffer()
            }
            return { attackerClose: null, note: `HTTP ${Array.from(new Set(statuses)).join(', ')}` }
          },
          cleanup: () => attacker.close(),
        }
      },
    },
  ]
}

/** A board and the `boardId?key=` strings of its participant and view links. */
async function createBoardKeys(target: Target) {
  const res = await fetch(`${target.http}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Adversarial bench' }),
  })
  if (res.status !== 201) throw new Error(`creating a board failed: HTTP ${res.status}`)
  const body = (await res.json()) as { id: string; links: { participant: string; view: string } }
  const key = (link: string) => new URL(link).hash.replace('#key=', '')
  return {
    id: body.id,
    participantKey: key(body.links.participant),
    participant: `${body.id}?key=${key(body.links.participant)}`,
    view: `${body.id}?key=${key(body.links.view)}`,
  }
}

/** A synced client: full (a Y.Doc, for writing) or light (handshake only, for sending raw frames). */
async function joined(target: Target, boardId: string, full: boolean): Promise<BenchClient> {
  const client = new BenchClient({ protocol: PROTOCOLS.roundtable, base: target.ws, boardId, full, applyRemote: false })
  await client.synced
  return client
}

const fullClient = (target: Target, boardId: string) => joined(target, boardId, true)
const lightClient = (target: Target, boardId: string) => joined(target, boardId, false)

/** Add notes through a client (250 per update, each frame well under the size limit) and wait until handled. */
async function seedNotes(client: BenchClient, count: number): Promise<void> {
  const doc = client.doc!
  const page = firstPageId(doc) ?? BENCH_PAGE_ID
  // A board past the server's limits closes the socket: stop waiting then, and say so.
  const synced = async () => {
    await Promise.race([client.requestSync(Y.encodeStateVector(doc)), client.closed])
    if (client.closeCode !== null) throw new Error(`the server closed the seeding client (${client.closeCode})`)
  }
  for (let first = 0; first < count; first += 250) {
    addNotes(doc, page, first, Math.min(250, count - first), lastIndexOn(doc, page))
    if (first % 2500 === 0) await synced()
  }
  await synced()
}

/** Send frames, then wait until the server answered a sync request sent after them, or closed the socket. */
async function sendAll(client: BenchClient, frames: Uint8Array[]): Promise<{ attackerClose: number | null }> {
  for (const frame of frames) client.send(frame)
  await Promise.race([client.requestSync(new Uint8Array([0])), client.closed])
  return { attackerClose: client.closeCode }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function diskBytes(dir: string): number {
  try {
    return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]) || 0
  } catch {
    return 0
  }
}
