import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import * as encoding from 'lib0/encoding'
import { cpuPercent, markCpu, memory } from '../procstat'
import { summarize, type Summary } from '../stats'
import type { BenchClient } from './client'
import { closeAll, createBoard, drain, receiver, runPaced, Writer, type Target } from './common'
import { PROTOCOLS } from './protocol'
import { DeliveryTracker, type DeliveryReport } from './tracker'

export interface CursorsParams {
  /** People on the board; every one moves a cursor. */
  clients: number
  /** Of those, how many also edit (move their notes, as the fan-out writers do). */
  editors: number
  /** Cursor moves per person per second. */
  cursorRate: number
  /** Edits per editor per second. */
  editRate: number
  durationMs: number
  /** Unmeasured moves and edits first (JIT warm-up), ms. */
  warmupMs: number
  joinConcurrency: number
  /**
   * Every person sends each presence frame it receives straight back, as a stock y-websocket provider does (it
   * re-broadcasts every awareness change it applies, its own or not). Servers that keep presence only: through a
   * relay the echoes would circulate for ever.
   */
  echo?: boolean
}

export interface CursorsResult {
  clients: number
  joinAllMs: number
  joinFailures: number
  /**
   * Cursor moves. A delivery is one other person seeing that position or a later one of the same cursor (servers
   * that coalesce send only the latest state, which supersedes the skipped ones): its delay is the time from the
   * move being sent until that person first received a state of that cursor at least as new. Expected: every
   * move × every other person.
   */
  cursors: {
    moves: number
    /** Moves per second actually sent over the measured window (all people). */
    sentPerSecond: number
    expected: number
    received: number
    /** Per delivery (move → one other person), ms. */
    perDelivery: Summary
    /** Per move: until every other person had it (moves every other person saw), ms. */
    allSeen: Summary
    /** Presence frames received, all people, and their mean size in bytes. */
    framesIn: number
    meanFrameBytes: number
  }
  edits: DeliveryReport
  cpu: { server: number; load: number; other: number; iowait: number }
  serverRssBytes: number
}

/** Positions remembered per cursor (a ring): far more than a measured window sends. */
const RING = 4096
const MARK = Buffer.from('~cm:', 'latin1')
const TILDE = 0x7e
const COLON = 0x3a

/**
 * What a browser on the board page sends as its presence: y-protocols awareness state `{ user, presence }`, the
 * presence being a tldraw `instance_presence` record (apps/web/src/sync/presence.ts). The cursor stamp rides in
 * the record's `meta`, a free-form object tldraw leaves to applications.
 */
function cursorState(person: number, seq: number, x: number, y: number): string {
  const id = `user:bench${person}`
  return JSON.stringify({
    user: { id, name: `Person ${person}`, color: '#4263eb' },
    presence: {
      id: `instance_presence:${person}`,
      typeName: 'instance_presence',
      userId: id,
      userName: `Person ${person}`,
      lastActivityTimestamp: 1_765_000_000_000 + seq * 100,
      color: '#4263eb',
      camera: { x: 0, y: 0, z: 1 },
      selectedShapeIds: [],
      currentPageId: 'page:page',
      brush: null,
      scribbles: [],
      screenBounds: { x: 0, y: 0, w: 1440, h: 900 },
      followingUserId: null,
      cursor: { x, y, type: 'default', rotation: 0 },
      chatMessage: '',
      meta: { stamp: `~cm:${person}:${seq}~` },
    },
  })
}

/** One awareness update with one entry, as y-protocols' encodeAwarenessUpdate writes it for a browser's own state. */
function awarenessUpdate(clientId: number, clock: number, state: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, state)
  return encoding.toUint8Array(encoder)
}

/** A decimal number written in `frame` from `at` up to the byte `end` (exclusive); -1 when it is not one. */
function digits(frame: Buffer, at: number, end: number): number {
  let n = 0
  if (at >= end) return -1
  for (let i = at; i < end; i++) {
    const c = frame[i]! - 48
    if (c < 0 || c > 9) return -1
    n = n * 10 + c
  }
  return n
}

/**
 * Cursor deliveries, one clock for all. Senders record when each move left; receivers scan each presence frame for
 * stamps (no JSON, no awareness decoding) and count every move of that cursor up to the stamp they see.
 */
class CursorTracker {
  private readonly sentAt: Float64Array
  /** Per (receiver, sender): newest move seen. */
  private readonly seen: Int32Array
  /** Per move (sender × ring): deliveries, and the delay until the latest so far. */
  private readonly moveCount: Int32Array
  private readonly moveMax: Float64Array
  /** Per sender: first and next seq of the measured window. */
  private readonly from: Int32Array
  private readonly next: Int32Array
  private delays = new Float64Array(1 << 20)
  private delayCount = 0
  private measuring = false
  framesIn = 0
  bytesIn = 0

  constructor(private readonly people: number) {
    this.sentAt = new Float64Array(people * RING)
    this.seen = new Int32Array(people * people)
    this.moveCount = new Int32Array(people * RING)
    this.moveMax = new Float64Array(people * RING)
    this.from = new Int32Array(people).fill(1)
    this.next = new Int32Array(people).fill(1)
  }

  /** The next move of `sender`: its seq, recorded as sent now. */
  send(sender: number): { seq: number; at: number } {
    const seq = this.next[sender]!++
    const at = performance.now()
    const slot = sender * RING + (seq % RING)
    this.sentAt[slot] = at
    this.moveCount[slot] = 0
    this.moveMax[slot] = 0
    return { seq, at }
  }

  /** Start measuring: moves sent from now on count. */
  start(): void {
    this.from.set(this.next)
    this.delayCount = 0
    this.framesIn = 0
    this.bytesIn = 0
    this.measuring = true
  }

  scan(receiver: number, frame: Buffer, offset: number, receivedAt: number): void {
    if (!this.measuring) return
    this.framesIn++
    this.bytesIn += frame.length
    let at = frame.indexOf(MARK, offset)
    while (at !== -1) {
      const start = at + MARK.length
      const colon = frame.indexOf(COLON, start)
      const end = colon === -1 ? -1 : frame.indexOf(TILDE, colon)
      if (end === -1) return
      const sender = digits(frame, start, colon)
      const seq = digits(frame, colon + 1, end)
      if (sender >= 0 && sender < this.people && sender !== receiver && seq > 0)
        this.saw(receiver, sender, seq, receivedAt)
      at = frame.indexOf(MARK, end + 1)
    }
  }

  private saw(receiver: number, sender: number, seq: number, receivedAt: number): void {
    const key = receiver * this.people + sender
    const last = Math.max(this.seen[key]!, this.from[sender]! - 1)
    if (seq <= last) return
    this.seen[key] = seq
    const upTo = Math.min(seq, this.next[sender]! - 1)
    for (let s = last + 1; s <= upTo; s++) {
      const slot = sender * RING + (s % RING)
      const delay = receivedAt - this.sentAt[slot]!
      this.record(delay)
      this.moveCount[slot]!++
      if (delay > this.moveMax[slot]!) this.moveMax[slot] = delay
    }
  }

  private record(delay: number): void {
    if (this.delayCount === this.delays.length) {
      const grown = new Float64Array(this.delays.length * 2)
      grown.set(this.delays)
      this.delays = grown
    }
    this.delays[this.delayCount++] = delay
  }

  get moves(): number {
    let moves = 0
    for (let p = 0; p < this.people; p++) moves += this.next[p]! - this.from[p]!
    return moves
  }

  outstanding(others: number): number {
    return this.moves * others - this.delayCount
  }

  report(others: number, windowMs: number): CursorsResult['cursors'] {
    this.measuring = false
    const allSeen: number[] = []
    for (let p = 0; p < this.people; p++) {
      for (let s = this.from[p]!; s < this.next[p]!; s++) {
        const slot = p * RING + (s % RING)
        if (this.moveCount[slot] === others) allSeen.push(this.moveMax[slot]!)
      }
    }
    const moves = this.moves
    return {
      moves,
      sentPerSecond: Math.round((moves / windowMs) * 1000),
      expected: moves * others,
      received: this.delayCount,
      perDelivery: summarize(this.delays.subarray(0, this.delayCount)),
      allSeen: summarize(allSeen),
      framesIn: this.framesIn,
      meanFrameBytes: this.framesIn ? Math.round(this.bytesIn / this.framesIn) : 0,
    }
  }
}

/** One person's cursor: a presence client id of its own (as the board page keeps), a clock, a path. */
interface Cursor {
  client: BenchClient
  clientId: number
  clock: number
}

/**
 * Scenario "cursors": `clients` people in one board, every one moving a cursor `cursorRate` times a second (a
 * presence update as a browser sends it) while `editors` of them also edit. Cursor and edit deliveries are
 * tracked separately; receivers scan frames for stamps and never decode presence or apply updates.
 */
export async function runCursors(target: Target, params: CursorsParams): Promise<CursorsResult> {
  const boardId = await createBoard(target)
  const protocol = PROTOCOLS[target.kind]
  const echo = params.echo === true && protocol.hasState
  const edits = new DeliveryTracker()
  const cursors = new CursorTracker(params.clients)
  const writers: Writer[] = []
  const people: Cursor[] = new Array(params.clients)
  let failures = 0
  const joinStart = performance.now()
  let next = 0
  const lane = async () => {
    while (next < params.clients) {
      const i = next++
      let client: BenchClient
      // The frame a server sends is, byte for byte, the frame a provider would send back for the same changes.
      const onAwareness = (frame: Buffer, offset: number, at: number) => {
        cursors.scan(i, frame, offset, at)
        if (echo) people[i]?.client.send(frame)
      }
      if (i < params.editors) {
        const writer = new Writer(target, boardId, i, edits, onAwareness)
        writers.push(writer)
        client = writer.client
      } else {
        client = receiver(target, boardId, edits, onAwareness)
      }
      // Random 32-bit ids, as Yjs picks them; the person's number is added so two never collide.
      people[i] = { client, clientId: ((Math.random() * 2 ** 31) >>> 0) + i, clock: 0 }
      try {
        await client.synced
      } catch {
        failures++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(params.joinConcurrency, params.clients) }, lane))
  const joinAllMs = performance.now() - joinStart
  for (const writer of writers) writer.prepare()

  const move = (person: number) => {
    const cursor = people[person]!
    const { seq } = cursors.send(person)
    const x = (person * 97 + seq * 13) % 1440
    const y = (person * 31 + seq * 7) % 900
    cursor.clock++
    const update = awarenessUpdate(cursor.clientId, cursor.clock, cursorState(person, seq, x, y))
    cursor.client.send(protocol.awareness(boardId, update))
  }

  const load = (durationMs: number, tracker: DeliveryTracker | null, expected: number) =>
    runPaced(
      [
        { count: params.clients, rate: params.cursorRate, fire: move },
        { count: writers.length, rate: params.editRate, fire: (w) => writers[w]!.edit(tracker, expected) },
      ],
      durationMs,
    )
  await load(params.warmupMs, null, 0)
  await sleep(500)
  edits.reset()
  cursors.start()
  const others = params.clients - 1 - failures
  const from = markCpu({ server: target.pid, load: process.pid })
  const { wallMs: windowMs } = await load(params.durationMs, edits, others)
  await Promise.all([drain(edits, 5_000), drainCursors(cursors, others, 5_000)])
  const to = markCpu({ server: target.pid, load: process.pid })
  const serverRssBytes = memory(target.pid).rss
  await closeAll(people.map((p) => p.client))
  const cpu = cpuPercent(from, to)
  return {
    clients: params.clients,
    joinAllMs: Math.round(joinAllMs),
    joinFailures: failures,
    cursors: cursors.report(others, windowMs),
    edits: edits.report(),
    cpu: { server: cpu.server!, load: cpu.load!, other: cpu.other!, iowait: cpu.iowait! },
    serverRssBytes,
  }
}

async function drainCursors(tracker: CursorTracker, others: number, timeoutMs: number): Promise<void> {
  const start = performance.now()
  while (tracker.outstanding(others) > 0 && performance.now() - start < timeoutMs) await sleep(10)
}
