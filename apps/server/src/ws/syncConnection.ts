import { CloseCodes, CloseReasons, closeReason, Errors, isBoardId } from '@roundtable/board'
import { TokenBucket, type Connection, type Room } from '@roundtable/sync'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { boardExists, resolveAccess } from '../auth/access'
import type { AppDeps } from '../context'
import type { ConnectionLimits } from './connectionLimits'
import { outboxSocket } from './outbox'

/** Frames that arrive while the board is still loading are kept, up to this many, then the connection is refused. */
const MAX_QUEUED_WHILE_LOADING = 1000

/** What the upgrade request said: the board, who is asking and with which credentials (never logged). */
export interface SyncRequest {
  boardId: string
  reqId: string
  ip: string
  /** `?key=` (non-browser clients). */
  key: string | undefined
  /** The board's session cookie (browsers). */
  sessionToken: string | undefined
}

/**
 * One WebSocket on `/sync/:boardId`, speaking the y-websocket protocol. A thin adapter: it checks the connection's
 * place and access, wraps the socket for the room and hands every frame over; the room does the rest.
 */
export function openSyncConnection(
  deps: AppDeps,
  limits: ConnectionLimits,
  ws: WebSocket,
  stream: Duplex,
  request: SyncRequest,
) {
  const { boardId, reqId, ip } = request
  const { metrics } = deps
  const bucket = new TokenBucket(deps.config.limits.messagesPerSecond, deps.config.limits.messageBurst)
  const socket = outboxSocket(ws, stream, deps.config.limits.sendBufferBytes, metrics)
  let placeTaken = false
  let room: Room | null = null
  let connection: Connection | null = null
  let closed = false
  const queued: Uint8Array[] = []

  const refuse = (code: number, reason: string) => {
    closed = true
    metrics.closedByServer(code)
    ws.close(code, reason)
  }

  // A frame the protocol forbids (too large, bad framing) closes the socket by itself; 'error' only reports it.
  ws.on('error', () => {})
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (closed) return
    if (!bucket.take()) return refuse(CloseCodes.RateLimited, CloseReasons.RateLimited)
    if (!isBinary) {
      return refuse(CloseCodes.BadMessage, `${CloseReasons.BadMessage}: text frames are not part of the protocol`)
    }
    // A copy of its own: `data` may be a view into a larger read buffer, which a kept update would hold on to.
    const frame = new Uint8Array(data)
    metrics.frameIn(frame)
    if (room && connection) {
      room.receive(connection, frame)
    } else if (queued.push(frame) > MAX_QUEUED_WHILE_LOADING) {
      refuse(CloseCodes.BadMessage, `${CloseReasons.BadMessage}: too many messages before the board loaded`)
    }
  })
  ws.on('close', () => {
    metrics.connections.dec()
    closed = true
    if (placeTaken) limits.free(boardId, ip)
    placeTaken = false
    if (room && connection) {
      room.leave(connection)
      deps.rooms.release(boardId)
    }
    room = null
    connection = null
  })

  metrics.connections.inc()
  if (!isBoardId(boardId)) {
    socket.close(CloseCodes.BadBoardId, CloseReasons.BadBoardId)
    return
  }
  const full = limits.take(boardId, ip)
  if (full) {
    socket.close(CloseCodes.TooManyConnections, `${CloseReasons.TooManyConnections}: ${full}`)
    return
  }
  placeTaken = true
  const join = async () => {
    // Credentials before the board: without a valid key an unknown board closes exactly like a known one
    // (4401/4403), so board ids cannot be probed.
    const access = await resolveAccess(deps, boardId, { key: request.key, sessionToken: request.sessionToken })
    if (!access.ok) {
      socket.close(
        access.error === Errors.KeyNeeded ? CloseCodes.Unauthorized : CloseCodes.Forbidden,
        closeReason(access.error === Errors.KeyNeeded ? 'Unauthorized' : 'Forbidden', access.message),
      )
      return
    }
    if (!(await boardExists(deps, boardId))) {
      socket.close(CloseCodes.BoardNotFound, CloseReasons.BoardNotFound)
      return
    }
    const acquired = await deps.rooms.acquire(boardId)
    if (!acquired) {
      socket.close(CloseCodes.BoardNotFound, CloseReasons.BoardNotFound)
      return
    }
    if (closed) {
      deps.rooms.release(boardId)
      return
    }
    room = acquired
    connection = { socket, role: access.access.role, personId: access.access.personId }
    room.join(connection)
    for (const data of queued.splice(0)) room.receive(connection, data)
  }
  join().catch((error: unknown) => {
    deps.log.error({ reqId, boardId, err: String(error) }, 'could not load a board for a connection')
    socket.close(CloseCodes.StorageFailed, CloseReasons.StorageFailed)
  })
}
