import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { BenchClient, type ClientOptions } from './client'
import { marker } from './markers'
import { addNotes, BENCH_PAGE_ID, firstPageId, lastIndexOn, moveNote } from './notes'
import { PROTOCOLS, type ServerKind } from './protocol'
import type { DeliveryTracker } from './tracker'

/** Where the server under test listens. */
export interface Target {
  kind: ServerKind
  /** `http://127.0.0.1:<port>` */
  http: string
  /** `ws://127.0.0.1:<port>` */
  ws: string
  pid: number
}

/**
 * A board to load. Roundtable refuses unknown ids, so its boards are created over HTTP first, as the web client
 * does; the peers create a document on first connection, so any fresh id will do.
 */
export async function createBoard(target: Target): Promise<string> {
  if (target.kind !== 'roundtable') return randomBytes(15).toString('base64url')
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${target.http}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Benchmark board' }),
    })
    if (res.status === 201) {
      // Roundtable boards need a key: the participant link's, passed to the socket as ?key= (as any non-browser
      // client does). It rides along in the board id this harness hands around.
      const body = (await res.json()) as { id: string; links: { participant: string } }
      const key = new URL(body.links.participant).hash.replace('#key=', '')
      return `${body.id}?key=${key}`
    }
    if (attempt >= 3) throw new Error(`creating a board failed: HTTP ${res.status}`)
    await sleep(100)
  }
}

/** Create `count` boards, a few requests at a time. */
export async function createBoards(target: Target, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = new Array(count)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++
        ids[i] = await createBoard(target)
      }
    }),
  )
  return ids
}

/** A light client that only counts marked edits (and hands presence frames to `onAwareness`, when given). */
export function receiver(
  target: Target,
  boardId: string,
  tracker: DeliveryTracker | null,
  onAwareness?: ClientOptions['onAwareness'],
): BenchClient {
  return new BenchClient({
    protocol: PROTOCOLS[target.kind],
    base: target.ws,
    boardId,
    full: false,
    onMarker: tracker ? (w, s, sentAt, at) => tracker.seen(w, s, sentAt, at) : undefined,
    onAwareness,
  })
}

/** Notes each writer adds to move around. */
const OWN_NOTES = 5

/**
 * A full client that edits: after joining it adds a few notes of its own (on the board's first page, or on its
 * own page on the relay, which has no document), then moves them, one stamped transaction per edit. It has the
 * board's state from the handshake but does not apply later updates from others (its edits never depend on
 * them), so the load process stays cheap at high rates.
 */
export class Writer {
  readonly client: BenchClient
  private notes: string[] = []
  private seq = 0

  constructor(
    readonly target: Target,
    readonly boardId: string,
    readonly index: number,
    tracker: DeliveryTracker | null,
    onAwareness?: ClientOptions['onAwareness'],
  ) {
    this.client = new BenchClient({
      protocol: PROTOCOLS[target.kind],
      base: target.ws,
      boardId,
      full: true,
      applyRemote: false,
      writer: index,
      onMarker: tracker ? (w, s, sentAt, at) => tracker.seen(w, s, sentAt, at) : undefined,
      onAwareness,
    })
  }

  /** Add this writer's notes (call once synced). */
  prepare(): void {
    const doc = this.client.doc!
    const page = firstPageId(doc) ?? BENCH_PAGE_ID
    this.notes = addNotes(doc, page, this.index * OWN_NOTES, OWN_NOTES, lastIndexOn(doc, page))
  }

  /** One measured edit: tell the tracker first, then send. */
  edit(tracker: DeliveryTracker | null, expected: number): void {
    const seq = ++this.seq
    // Rounded as the marker writes it, so the receiver's parsed value matches exactly.
    const sentAt = Number(performance.now().toFixed(3))
    tracker?.sent(this.index, seq, sentAt, expected)
    const id = this.notes[seq % this.notes.length]!
    moveNote(this.client.doc!, id, (seq * 37) % 2000, (seq * 53) % 1500, marker(this.index, seq, sentAt))
  }
}

/** Something done at a fixed rate by each of `count` actors (writers editing, people moving a cursor). */
export interface Paced {
  count: number
  /** Times per second, per actor. */
  rate: number
  fire(actor: number): void
}

/**
 * Run each paced task at its rate per actor for `durationMs`, spread evenly (actor a of N is offset by a/N of a
 * period). A 1 ms ticker does whatever is due, so a load process that falls behind sends in bursts and the achieved
 * rate shows it. Returns how many were done and the wall time it took.
 */
export async function runPaced(tasks: Paced[], durationMs: number): Promise<{ done: number; wallMs: number }> {
  const state = tasks.map((t) => ({
    period: 1000 / t.rate,
    each: Math.floor((durationMs / 1000) * t.rate),
    done: new Int32Array(t.count),
  }))
  const start = performance.now()
  let total = 0
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start
      let finished = true
      tasks.forEach((task, k) => {
        const { period, each, done } = state[k]!
        for (let a = 0; a < task.count; a++) {
          const offset = (a / task.count) * period
          const due = Math.min(each, Math.max(0, Math.floor((elapsed - offset) / period) + 1))
          while (done[a]! < due) {
            task.fire(a)
            done[a]!++
            total++
          }
          if (done[a]! < each) finished = false
        }
      })
      if (finished || elapsed > durationMs * 3 + 10_000) {
        clearInterval(timer)
        resolve()
      }
    }
    const timer = setInterval(tick, 1)
    tick()
  })
  return { done: total, wallMs: performance.now() - start }
}

/** Send edits at a fixed rate per writer for `durationMs` (see `runPaced`). Returns the edits sent and the wall time. */
export async function runEdits(options: {
  writers: Writer[]
  ratePerWriter: number
  durationMs: number
  tracker: DeliveryTracker | null
  expected: (writer: Writer) => number
}): Promise<{ sent: number; wallMs: number }> {
  const { writers, ratePerWriter, durationMs, tracker, expected } = options
  const { done, wallMs } = await runPaced(
    [
      {
        count: writers.length,
        rate: ratePerWriter,
        fire: (w) => writers[w]!.edit(tracker, expected(writers[w]!)),
      },
    ],
    durationMs,
  )
  return { sent: done, wallMs }
}

/** Wait until every expected delivery arrived, or `timeoutMs` passed. Returns the time it took. */
export async function drain(tracker: DeliveryTracker, timeoutMs: number): Promise<number> {
  const start = performance.now()
  while (tracker.outstanding > 0 && performance.now() - start < timeoutMs) await sleep(10)
  return performance.now() - start
}

/** Close clients, a batch at a time, and wait for the sockets to close (bounded). */
export async function closeAll(clients: BenchClient[]): Promise<void> {
  await Promise.race([Promise.all(clients.map((c) => c.close())), sleep(10_000)])
}
