import { CloseCodes, CloseReasons } from '@roundtable/board'
import type { SyncSocket } from '@roundtable/sync'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import type { Metrics } from '../metrics'

/** After closing a slow reader, how long its close frame (queued behind what it never read) gets before the
 * socket is dropped and its backlog freed. */
const SLOW_READER_GRACE_MS = 5_000

/** Frames up to this size are framed once, header and payload in one buffer, however many sockets are sent them. */
const FRAME_ONCE_MAX_BYTES = 64 * 1024

/**
 * The WebSocket header of a server's binary message of `length` bytes in one frame (RFC 6455 §5.2: FIN, opcode 2,
 * not masked; the length in 7 bits, or 126 and 16 bits, or 127 and 64 bits).
 */
function frameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x82, length])
  if (length < 0x10000) return Buffer.from([0x82, 126, length >> 8, length & 0xff])
  const header = Buffer.alloc(10)
  header[0] = 0x82
  header[1] = 127
  header.writeUIntBE(length, 4, 6)
  return header
}

/** The last small message framed, and its frame: a room sends one message to every socket in a loop. */
let lastData: Uint8Array | null = null
let lastFrame: Buffer | null = null

/** `data` framed as one binary WebSocket message, header and payload in one buffer (small messages only). */
function frameOnce(data: Uint8Array): Buffer {
  if (data !== lastData) {
    const header = frameHeader(data.length)
    lastFrame = Buffer.allocUnsafe(header.length + data.length)
    header.copy(lastFrame)
    lastFrame.set(data, header.length)
    lastData = data
  }
  return lastFrame!
}

/**
 * The room's view of one WebSocket, with a ceiling on what the server holds for it.
 *
 * Every frame sent is counted until the stream reports it written to the network. Frames up to `ceiling` bytes
 * may wait up to `ceiling` bytes in all; one larger frame (a whole board for a client that has nothing, a large
 * batch) may wait besides. A reader that falls further behind is closed with SlowReader (transient: a stock client
 * reconnects and loads afresh) and dropped a few seconds later, so the server never holds more than one large
 * frame plus the ceiling for any connection. No message is copied per socket: a frame sent to many sockets, such
 * as the full state a room shares with every client that has nothing, is held once.
 *
 * Messages are framed here and written to the connection's stream (`stream`, the socket `ws` was upgraded on)
 * rather than through `ws.send`: a room sends the same message to every socket, and `ws` would frame it, wrap it
 * in a Buffer and write header and payload separately for each (bench, fan-out to 1,000 people at 20 edits/s: the
 * server used 30% of a core through `ws.send`, 26% this way). This writes the very bytes `ws` would. It is safe
 * because `ws` writes every frame of its own (ping, pong, close) synchronously to the same stream, in call order:
 * with no compression configured, its sender never holds frames back, so nothing is reordered; and no message is
 * written once `ws` has begun closing.
 */
export function outboxSocket(raw: WebSocket, stream: Duplex, ceiling: number, metrics: Metrics): SyncSocket {
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
      if (data.length <= FRAME_ONCE_MAX_BYTES) {
        stream.write(frameOnce(data), written)
      } else {
        // Not copied: the header and the payload go out together as they are.
        stream.cork()
        stream.write(frameHeader(data.length))
        stream.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), written)
        stream.uncork()
      }
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
