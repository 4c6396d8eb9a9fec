import { CloseCodes, CloseReasons } from '@roundtable/board'
import type { WebSocket, WebSocketServer } from 'ws'
import type { Metrics } from '../metrics'

/** After closing a quiet connection, how long its close handshake gets before the socket is dropped. */
const CLOSE_GRACE_MS = 5_000

/** How often to ping, and how long a connection may stay silent (no frame, no pong) before it is closed. */
export interface LivenessOptions {
  pingMs: number
  idleMs: number
}

/**
 * The connections are pinged in this many groups, one group every `pingMs / PING_GROUPS`: pinging thousands of
 * sockets at once (and taking their pongs) would hold everyone's changes back for tens of milliseconds every
 * `pingMs`.
 */
const PING_GROUPS = 30

/**
 * Pings every WebSocket every `pingMs`; one that has sent nothing, not even a pong, for `idleMs` is closed with
 * Idle (transient: a stock client reconnects when it is alive again) and dropped shortly after. A socket whose
 * peer stopped reading is caught too: the ping waits behind what it never read, so no pong comes back.
 * Returns a function that stops the pings.
 */
export function keepAlive(wss: WebSocketServer, options: LivenessOptions, metrics: Metrics): () => void {
  const lastHeard = new WeakMap<WebSocket, number>()
  const heard = (socket: WebSocket) => () => lastHeard.set(socket, performance.now())
  const groups = Array.from({ length: PING_GROUPS }, () => new Set<WebSocket>())
  let joined = 0
  wss.on('connection', (socket) => {
    lastHeard.set(socket, performance.now())
    const group = groups[joined++ % PING_GROUPS]!
    group.add(socket)
    socket.once('close', () => group.delete(socket))
    socket.on('pong', heard(socket))
    socket.on('message', heard(socket))
  })
  let turn = 0
  const timer = setInterval(() => {
    const now = performance.now()
    for (const socket of groups[turn++ % PING_GROUPS]!) {
      if (socket.readyState !== socket.OPEN) continue
      if (now - (lastHeard.get(socket) ?? now) >= options.idleMs) {
        metrics.closedByServer(CloseCodes.Idle)
        socket.close(CloseCodes.Idle, CloseReasons.Idle)
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref()
        continue
      }
      socket.ping()
    }
  }, options.pingMs / PING_GROUPS)
  timer.unref()
  return () => clearInterval(timer)
}
