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
 * Pings every WebSocket every `pingMs`; one that has sent nothing, not even a pong, for `idleMs` is closed with
 * Idle (transient: a stock client reconnects when it is alive again) and dropped shortly after. A socket whose
 * peer stopped reading is caught too: the ping waits behind what it never read, so no pong comes back.
 * Returns a function that stops the pings.
 */
export function keepAlive(wss: WebSocketServer, options: LivenessOptions, metrics: Metrics): () => void {
  const lastHeard = new WeakMap<WebSocket, number>()
  const heard = (socket: WebSocket) => () => lastHeard.set(socket, performance.now())
  wss.on('connection', (socket) => {
    lastHeard.set(socket, performance.now())
    socket.on('pong', heard(socket))
    socket.on('message', heard(socket))
  })
  const timer = setInterval(() => {
    const now = performance.now()
    for (const socket of wss.clients) {
      if (socket.readyState !== socket.OPEN) continue
      if (now - (lastHeard.get(socket) ?? now) >= options.idleMs) {
        metrics.closedByServer(CloseCodes.Idle)
        socket.close(CloseCodes.Idle, CloseReasons.Idle)
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref()
        continue
      }
      socket.ping()
    }
  }, options.pingMs)
  timer.unref()
  return () => clearInterval(timer)
}
