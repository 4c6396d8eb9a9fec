import { CloseCodes, CloseReasons } from '@roundtable/board'
import type { SyncSocket } from '@roundtable/sync'
import type { WebSocket } from 'ws'
import type { Metrics } from '../metrics'

/** After closing a slow reader, how long its close frame (queued behind what it never read) gets before the
 * socket is dropped and its backlog freed. */
const SLOW_READER_GRACE_MS = 5_000

/**
 * The room's view of one WebSocket, with a ceiling on what the server holds for it.
 *
 * Every frame sent is counted until `ws` reports it written to the network. Frames up to `ceiling` bytes may wait
 * up to `ceiling` bytes in all; one larger frame (a whole board for a client that has nothing, a large batch) may
 * wait besides. A reader that falls further behind is closed with SlowReader (transient: a stock client
 * reconnects and loads afresh) and dropped a few seconds later, so the server never holds more than one large
 * frame plus the ceiling for any connection. `ws` does not copy what it sends (no compression is configured): a
 * frame sent to many sockets, such as the full state a room shares with every client that has nothing, is held
 * once.
 */
export function outboxSocket(raw: WebSocket, ceiling: number, metrics: Metrics): SyncSocket {
  /** Sizes of the frames not yet written, oldest first (from `head`); bytes of the small ones; large ones waiting. */
  const pending: number[] = []
  let head = 0
  let smallQueued = 0
  let largeQueued = 0
  let total = 0
  const written = () => {
    const size = pending[head++]!
    total -= size
    if (size > ceiling) largeQueued--
    else smallQueued -= size
    if (head > 1024 && head * 2 > pending.length) {
      pending.splice(0, head)
      head = 0
    }
  }
  const socket: SyncSocket = {
    send(data) {
      if (raw.readyState !== raw.OPEN) return
      const large = data.length > ceiling
      if (large ? largeQueued > 0 : smallQueued + data.length > ceiling) {
        socket.close(CloseCodes.SlowReader, CloseReasons.SlowReader)
        setTimeout(() => raw.terminate(), SLOW_READER_GRACE_MS).unref()
        return
      }
      metrics.frameOut(data)
      pending.push(data.length)
      total += data.length
      if (large) largeQueued++
      else smallQueued += data.length
      raw.send(data, written)
    },
    close(code, reason) {
      if (raw.readyState === raw.OPEN || raw.readyState === raw.CONNECTING) metrics.closedByServer(code)
      raw.close(code, reason)
    },
    get bufferedAmount() {
      return total
    },
  }
  return socket
}
