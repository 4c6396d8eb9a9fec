import { CloseCodes, closeCodeName } from '@roundtable/board'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** The kind of a y-websocket frame, from its first bytes (message types and sync steps are one-byte varints). */
export function frameKind(data: Uint8Array): string {
  switch (data[0]) {
    case 0:
      return data[1] === 0 ? 'sync-step1' : data[1] === 1 ? 'sync-step2' : data[1] === 2 ? 'update' : 'other'
    case 1:
      return 'awareness'
    case 3:
      return 'query-awareness'
    default:
      return 'other'
  }
}

/** Frames that carry document content (their bytes are counted as update bytes). */
const CARRIES_UPDATE = new Set(['sync-step2', 'update'])

/**
 * Prometheus metrics of one server, in a registry of its own (so several servers can run in one process, as in
 * tests). Served at `/metrics`. Labels never hold board ids, keys or anything a person typed.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly connections = new Gauge({
    name: 'roundtable_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  })
  /**
   * Frames and update bytes counted since the last scrape, by direction and kind. A broadcast to a thousand sockets
   * counts a thousand frames: each costs one addition here, and the counters below take the totals when read.
   */
  private readonly pending = { in: new Map<string, number>(), out: new Map<string, number>(), bytesIn: 0, bytesOut: 0 }
  readonly messagesIn = new Counter({
    name: 'roundtable_messages_in_total',
    help: 'WebSocket frames received, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
    collect: () => this.drainFrames(),
  })
  readonly messagesOut = new Counter({
    name: 'roundtable_messages_out_total',
    help: 'WebSocket frames sent, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
    collect: () => this.drainFrames(),
  })
  readonly updateBytes = new Counter({
    name: 'roundtable_update_bytes_total',
    help: 'Bytes of document-update frames (sync step 2 and updates), by direction',
    labelNames: ['direction'],
    registers: [this.registry],
    collect: () => this.drainFrames(),
  })
  readonly refused = new Counter({
    name: 'roundtable_connections_refused_total',
    help: 'WebSocket connections the server closed with an error code, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  })
  readonly storageWrite = new Histogram({
    name: 'roundtable_storage_write_seconds',
    help: 'Time to store one batch of updates (appendUpdates), until durable',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  })
  readonly busMessages = new Counter({
    name: 'roundtable_bus_messages_total',
    help: 'Messages exchanged with other servers through Redis, by direction and kind',
    labelNames: ['direction', 'kind'],
    registers: [this.registry],
  })
  readonly busUp = new Gauge({
    name: 'roundtable_bus_up',
    help: '1 while both Redis connections are ready (0 when down; absent without REDIS_URL)',
    registers: [this.registry],
  })
  readonly busRecoveries = new Counter({
    name: 'roundtable_bus_recoveries_total',
    help: 'Times the Redis connection came back and every loaded board was reloaded from storage',
    registers: [this.registry],
  })
  readonly httpRequests = new Counter({
    name: 'roundtable_http_requests_total',
    help: 'HTTP requests answered, by method and status',
    labelNames: ['method', 'status'],
    registers: [this.registry],
  })

  constructor(boardsLoaded: () => number) {
    new Gauge({
      name: 'roundtable_boards_loaded',
      help: 'Boards held in memory',
      registers: [this.registry],
      collect() {
        this.set(boardsLoaded())
      },
    })
    collectDefaultMetrics({ register: this.registry, prefix: 'roundtable_' })
  }

  frameIn(data: Uint8Array): void {
    const kind = frameKind(data)
    this.pending.in.set(kind, (this.pending.in.get(kind) ?? 0) + 1)
    if (CARRIES_UPDATE.has(kind)) this.pending.bytesIn += data.byteLength
  }

  frameOut(data: Uint8Array): void {
    const kind = frameKind(data)
    this.pending.out.set(kind, (this.pending.out.get(kind) ?? 0) + 1)
    if (CARRIES_UPDATE.has(kind)) this.pending.bytesOut += data.byteLength
  }

  /** Add the frames counted since the last scrape to the counters (called when any of them is read). */
  private drainFrames(): void {
    const p = this.pending
    for (const [kind, n] of p.in) this.messagesIn.inc({ kind }, n)
    for (const [kind, n] of p.out) this.messagesOut.inc({ kind }, n)
    if (p.bytesIn > 0) this.updateBytes.inc({ direction: 'in' }, p.bytesIn)
    if (p.bytesOut > 0) this.updateBytes.inc({ direction: 'out' }, p.bytesOut)
    p.in.clear()
    p.out.clear()
    p.bytesIn = 0
    p.bytesOut = 0
  }

  /** A close the server chose; error codes (4000–4999, but not a restart) count as refusals, by their name. */
  closedByServer(code: number): void {
    if (code < 4000 || code > 4999 || code === CloseCodes.ServerRestarting) return
    this.refused.inc({ reason: closeCodeName(code) ?? String(code) })
  }
}
