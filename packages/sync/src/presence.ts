import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { TokenBucket, type RoomLimits } from './limits'
import { encodeAwareness } from './protocol'
import type { Connection } from './socket'

/**
 * Presence fan-out is adaptive. A change that comes after a quiet spell goes out at once (at the end of the event
 * loop turn, with whatever else arrived in it); changes that come sooner wait for the next tick and go out together,
 * in one frame encoded once for everyone, holding only the latest state of each client id. The gap between ticks
 * is FAN_OUT_MIN_MS (at most 40 frames a second to each person: 150 people moving their pointers 10 times a second
 * see each other's within 50 ms, as the bench's cursors scenario measures) and grows with the number of people so
 * that a board sends at most FAN_OUT_FRAMES_PER_SECOND presence frames in all, up to FAN_OUT_MAX_MS. A stock client,
 * which echoes every presence frame it receives, echoes at most as many (see `presenceFramesPerSecond`).
 */
const FAN_OUT_MIN_MS = 25
const FAN_OUT_MAX_MS = 100
const FAN_OUT_FRAMES_PER_SECOND = 8_000

/** The gap between two presence frames to a board's people, given how many are connected (ms). */
export function fanOutInterval(people: number): number {
  return Math.min(FAN_OUT_MAX_MS, Math.max(FAN_OUT_MIN_MS, (people * 1000) / FAN_OUT_FRAMES_PER_SECOND))
}

/** Entries one frame may carry beyond the states the board holds (a client echoes the states it was sent). */
const ENTRY_SLACK = 64

/** Client ids of people who left, remembered per board so nobody else can take them over (oldest forgotten). */
const MAX_DEPARTED = 10_000

/** Origins of presence changes that came from another server (through the bus) or from the awareness timeout. */
export const PRESENCE_REMOTE = 'remote'
const TIMEOUT = 'timeout'
/** Origin of the removals when a connection leaves (sent to the other servers at once, see `leave`). */
const LEAVE = 'leave'

const utf8 = new TextDecoder()

/** What presence needs from its room. */
export interface PresenceHooks {
  readonly limits: RoomLimits
  /** Everyone connected to the board on this server. */
  connections(): Iterable<Connection>
  /** Send presence changes made on this server to the other servers. */
  publish(update: Uint8Array): void
  /** True when the board runs an anonymous session. */
  anonymous(): boolean
  /** True when the document holds items written with this Yjs client id. */
  wroteDocument(clientId: number): boolean
}

/** One connection's presence: the client ids it owns, its rate limits, and states held back by them. */
interface Holder {
  readonly ids: Set<number>
  readonly frames: TokenBucket
  readonly bytes: TokenBucket
  /** Own states over the byte budget, latest per client id, applied once the budget allows. */
  readonly held: Map<number, Entry>
  /** The user id that replaces this connection's own in an anonymous session. */
  readonly anonymousId: string
}

interface Entry {
  clientId: number
  clock: number
  state: string
}

/**
 * Presence (y-protocols awareness) for one board: who is here, their pointer and name. Never stored.
 *
 * Bounds, whatever a connection sends:
 * - ownership: a client id belongs to the first connection that writes it, for as long as the board is loaded,
 *   also after that connection leaves; only the same person (a later connection of the same browser session) may
 *   take it back. Entries for ids owned by someone else are skipped at the cost of a map lookup;
 * - role: the `role` field of a state is set to the connection's real role; in an anonymous session the user's
 *   id and name are replaced (a per-connection random id, no name), and ids that wrote document items are never
 *   relayed, so nothing in presence links an idea to a person;
 * - work: entries per frame (the board's states plus a little), state size (`maxPresenceBytes`), frames per
 *   second and state bytes per second per connection (frames over the rate are dropped; states over the byte
 *   budget are held back, latest per id, and sent once it allows); fan-out is at most one frame per
 *   tick for all changes, encoded once (see `fanOutInterval`).
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness
  private readonly holders = new Map<Connection, Holder>()
  /** Client id → the connection that owns it (connected now). */
  private readonly owners = new Map<number, Connection>()
  /** Client id → the person whose connection owned it and left (null: key-only, nobody may take it back). */
  private readonly departed = new Map<number, string | null>()
  /** Client ids other servers' people speak for. */
  private readonly remote = new Set<number>()
  /** Changed since the last fan-out: by this server's people (also sent to other servers), and otherwise. */
  private changedHere = new Set<number>()
  private changedElsewhere = new Set<number>()
  /** Connections with states held back by their byte budget. */
  private readonly waiting = new Set<Connection>()
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null
  private lastFanOut = -Infinity
  private destroyed = false

  constructor(
    doc: Y.Doc,
    private readonly hooks: PresenceHooks,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onUpdate)
    doc.on('afterTransaction', this.onDocumentChange)
  }

  /** A connection joined: send it everyone's presence. */
  join(connection: Connection): void {
    const { limits } = this.hooks
    this.holders.set(connection, {
      ids: new Set(),
      frames: new TokenBucket(limits.presenceFramesPerSecond, limits.presenceFrameBurst),
      // Room for the largest state as relayed (a little larger than sent: the role, an anonymous id).
      bytes: new TokenBucket(
        limits.presenceBytesPerSecond,
        Math.max(limits.presenceByteBurst, limits.maxPresenceBytes + 1024),
      ),
      held: new Map(),
      anonymousId: `user:${globalThis.crypto.randomUUID()}`,
    })
    this.sendAll(connection)
  }

  /** A connection left: remove its presence; its client ids stay its person's. */
  leave(connection: Connection): void {
    const holder = this.holders.get(connection)
    if (!holder) return
    this.holders.delete(connection)
    this.waiting.delete(connection)
    for (const id of holder.ids) {
      this.owners.delete(id)
      this.departed.delete(id)
      this.departed.set(id, connection.personId ?? null)
    }
    this.forgetOldest()
    const present = Array.from(holder.ids).filter((id) => this.awareness.getStates().has(id))
    if (present.length === 0) return
    awarenessProtocol.removeAwarenessStates(this.awareness, present, LEAVE)
    // The other servers hear at once, not at the next fan-out: a room closing (shutdown, a deleted board) stops
    // its fan-out right after its people leave.
    this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present))
  }

  /** Answer a query: everyone's presence. */
  sendAll(connection: Connection): void {
    const ids = Array.from(this.awareness.getStates().keys())
    if (ids.length > 0)
      connection.socket.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)))
  }

  /**
   * A presence frame from a connection. Returns why the connection must be closed, or null. Entries for client
   * ids the connection does not own are skipped without being read; only its own states are parsed and applied.
   */
  receive(connection: Connection, update: Uint8Array): string | null {
    const holder = this.holders.get(connection)
    if (!holder) return null
    // Over the rate the frame is dropped unread; the client's next frame carries its latest state.
    if (!holder.frames.take()) return null
    const { limits } = this.hooks
    const decoder = decoding.createDecoder(update)
    let own: Entry[] = []
    try {
      // Entries beyond what the board could have sent this client are not read.
      const count = Math.min(
        decoding.readVarUint(decoder),
        this.awareness.getStates().size + limits.maxPresencesPerConnection + ENTRY_SLACK,
      )
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder)
        const clock = decoding.readVarUint(decoder)
        const raw = decoding.readVarUint8Array(decoder)
        if (!this.mayWrite(connection, clientId)) continue
        if (raw.length > limits.maxPresenceBytes) return 'presence too large'
        if (this.holds(clientId, clock, raw)) continue
        own.push({ clientId, clock, state: utf8.decode(raw) })
      }
    } catch {
      return 'truncated or malformed frame'
    }
    if (own.length === 0) return null
    const anonymous = this.hooks.anonymous()
    const kept: Entry[] = []
    for (const entry of own) {
      const isNull = entry.state === 'null'
      // A removal for an id this connection never held changes nothing (and claims nothing).
      if (isNull && !holder.ids.has(entry.clientId)) continue
      if (anonymous && this.hooks.wroteDocument(entry.clientId)) continue
      if (!holder.ids.has(entry.clientId)) {
        if (holder.ids.size >= limits.maxPresencesPerConnection) return 'too many presences for one connection'
        holder.ids.add(entry.clientId)
        this.owners.set(entry.clientId, connection)
        this.departed.delete(entry.clientId)
      }
      const state = isNull ? entry.state : rewriteState(entry.state, connection, anonymous ? holder.anonymousId : null)
      if (state === undefined) return 'presence is not JSON'
      kept.push({ ...entry, state })
    }
    own = []
    for (const entry of kept) {
      if (holder.held.size === 0 && holder.bytes.take(entry.state.length)) own.push(entry)
      else {
        holder.held.set(entry.clientId, entry)
        this.waiting.add(connection)
        this.schedule()
      }
    }
    if (own.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(own), connection)
    return null
  }

  /** Presence from another server: applied, except entries for client ids this server's people own. */
  fromBus(update: Uint8Array): void {
    const entries: Entry[] = []
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      const entry = {
        clientId: decoding.readVarUint(decoder),
        clock: decoding.readVarUint(decoder),
        state: decoding.readVarString(decoder),
      }
      if (!this.owners.has(entry.clientId) && !this.departed.has(entry.clientId)) entries.push(entry)
    }
    if (entries.length > 0)
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(entries), PRESENCE_REMOTE)
  }

  /** The presence of this server's people, as one update (to tell the other servers again), or null. */
  ours(): Uint8Array | null {
    const states = this.awareness.getStates()
    const ids = Array.from(this.owners.keys()).filter((id) => states.has(id))
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null
  }

  /** Stop: no more fan-out. */
  destroy(): void {
    this.destroyed = true
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout)
      clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.awareness.doc.off('afterTransaction', this.onDocumentChange)
    this.awareness.destroy()
  }

  /** May this connection write this client id? Yes when it owns it, or nobody has (or it is its person's). */
  private mayWrite(connection: Connection, clientId: number): boolean {
    const owner = this.owners.get(clientId)
    if (owner) return owner === connection
    if (this.remote.has(clientId)) return false
    if (!this.departed.has(clientId)) return true
    const person = this.departed.get(clientId)
    return person != null && person === connection.personId
  }

  /**
   * Whether the board already holds this state or a newer one, so that applying it would change nothing (y-protocols'
   * rule: a higher clock, or the same clock removing a state): a client sending back what it was sent costs a map
   * lookup, not a parse and a share of its byte budget.
   */
  private holds(clientId: number, clock: number, raw: Uint8Array): boolean {
    const current = this.awareness.meta.get(clientId)?.clock
    if (current === undefined || clock > current) return false
    return clock < current || !(isNull(raw) && this.awareness.getStates().has(clientId))
  }

  private forgetOldest(): void {
    for (const id of this.departed.keys()) {
      if (this.departed.size <= MAX_DEPARTED) return
      this.departed.delete(id)
      // y-protocols keeps a clock per id for ever; an id nobody holds any more needs none.
      if (!this.awareness.getStates().has(id)) this.awareness.meta.delete(id)
    }
  }

  private readonly onUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const elsewhere = origin === PRESENCE_REMOTE || origin === TIMEOUT || origin === LEAVE
    const changed = elsewhere ? this.changedElsewhere : this.changedHere
    for (const id of change.added) changed.add(id)
    for (const id of change.updated) changed.add(id)
    for (const id of change.removed) changed.add(id)
    if (origin === PRESENCE_REMOTE) {
      for (const id of change.added) this.remote.add(id)
      for (const id of change.updated) this.remote.add(id)
    }
    for (const id of change.removed) this.remote.delete(id)
    this.schedule()
  }

  /** In an anonymous session, a client id that writes document items loses its presence at once. */
  private readonly onDocumentChange = (transaction: Y.Transaction): void => {
    const states = this.awareness.getStates()
    if (states.size === 0) return
    const writers: number[] = []
    for (const [client, clock] of transaction.afterState) {
      if (clock !== transaction.beforeState.get(client) && states.has(client)) writers.push(client)
    }
    if (writers.length > 0 && this.hooks.anonymous())
      awarenessProtocol.removeAwarenessStates(this.awareness, writers, null)
  }

  private schedule(): void {
    if (this.timer || this.destroyed) return
    const wait = this.lastFanOut + fanOutInterval(this.holders.size) - performance.now()
    const run = () => {
      this.timer = null
      this.fanOut()
    }
    this.timer = wait <= 0 ? setImmediate(run) : setTimeout(run, Math.ceil(wait))
  }

  /** Send everything that changed since the last fan-out in one frame; apply held states the budget now allows. */
  private fanOut(): void {
    if (this.destroyed) return
    this.lastFanOut = performance.now()
    for (const connection of this.waiting) {
      const holder = this.holders.get(connection)
      if (!holder) continue
      const ready: Entry[] = []
      for (const [id, entry] of holder.held) {
        if (!holder.bytes.take(entry.state.length)) break
        ready.push(entry)
        holder.held.delete(id)
      }
      if (holder.held.size === 0) this.waiting.delete(connection)
      if (ready.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(ready), connection)
    }
    const here = Array.from(this.changedHere)
    const all = Array.from(new Set([...here, ...this.changedElsewhere]))
    this.changedHere = new Set()
    this.changedElsewhere = new Set()
    if (here.length > 0) this.hooks.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, here))
    if (all.length > 0) {
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, all))
      for (const connection of this.hooks.connections()) connection.socket.send(frame)
    }
    if (this.waiting.size > 0) this.schedule()
  }
}

/** A state as the server relays it: `role` is the connection's real one; anonymized when `anonymousId` is set. */
function rewriteState(json: string, connection: Connection, anonymousId: string | null): string | undefined {
  let state: unknown
  try {
    state = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return json
  const s = state as Record<string, unknown>
  s.role = connection.role
  if (anonymousId !== null) {
    if (typeof s.user === 'object' && s.user !== null) s.user = { ...(s.user as object), id: anonymousId, name: '' }
    if (typeof s.presence === 'object' && s.presence !== null)
      s.presence = { ...(s.presence as object), userId: anonymousId, userName: '' }
  }
  return JSON.stringify(s)
}

/** The JSON `null` (a removed state), as bytes. */
function isNull(raw: Uint8Array): boolean {
  return raw.length === 4 && raw[0] === 0x6e && raw[1] === 0x75 && raw[2] === 0x6c && raw[3] === 0x6c
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
