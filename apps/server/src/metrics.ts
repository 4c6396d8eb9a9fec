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
  readonly messagesIn = new Counter({
    name: 'roundtable_messages_in_total',
    help: 'WebSocket frames received, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  })
  readonly messagesOut = new Counter({
    name: 'roundtable_messages_out_total',
    help: 'WebSocket frames sent, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  })
  readonly updateBytes = new Counter({
    name: 'roundtable_update_bytes_total',
    help: 'Bytes of document-update frames (sync step 2 and updates), by direction',
    labelNames: ['direction'],
    registers: [this.registry],
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
    this.messagesIn.inc({ kind })
    if (CARRIES_UPDATE.has(kind)) this.updateBytes.inc({ direction: 'in' }, data.byteLength)
  }

  frameOut(data: Uint8Array): void {
    const kind = frameKind(data)
    this.messagesOut.inc({ kind })
    if (CARRIES_UPDATE.has(kind)) this.updateBytes.inc({ direction: 'out' }, data.byteLength)
  }

  /** A close the server chose; error codes (4000–4999, but not a restart) count as refusals, by their name. */
  closedByServer(code: number): void {
    if (code < 4000 || code > 4999 || code === CloseCodes.ServerRestarting) return
    this.refused.inc({ reason: closeCodeName(code) ?? String(code) })
  }
}
