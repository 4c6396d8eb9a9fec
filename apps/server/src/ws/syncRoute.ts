import { CloseCodes, CloseReasons, closeReason, Errors, isBoardId } from '@roundtable/board'
import { TokenBucket, type Connection, type Room } from '@roundtable/sync'
import type { UpgradeWebSocket } from 'hono/ws'
import type { WebSocket } from 'ws'
import { boardExists, resolveAccess, sessionCookieName } from '../auth/access'
import type { AppDeps } from '../context'
import { getCookie } from 'hono/cookie'
import { clientIp } from '../http/guards'
import type { ConnectionLimits } from './connectionLimits'
import { outboxSocket } from './outbox'

/** Frames that arrive while the board is still loading are kept, up to this many, then the connection is refused. */
const MAX_QUEUED_WHILE_LOADING = 1000

/**
 * `GET /sync/:boardId` → WebSocket speaking the y-websocket protocol. A thin adapter: it wraps the socket for the
 * room and hands every frame over; the room does the rest.
 */
export function syncRoute(deps: AppDeps, upgradeWebSocket: UpgradeWebSocket<WebSocket>, limits: ConnectionLimits) {
  const { messagesPerSecond, messageBurst } = deps.config.limits
  return upgradeWebSocket((c) => {
    const boardId = c.req.param('boardId') ?? ''
    const reqId = c.get('requestId')
    const { metrics } = deps
    const ip = clientIp(c, deps.config.trustProxy)
    const bucket = new TokenBucket(messagesPerSecond, messageBurst)
    let placeTaken = false
    // Browsers send the board's session cookie; other clients may pass ?key=. Neither is ever logged.
    const creds = {
      key: c.req.query('key') || undefined,
      sessionToken: isBoardId(boardId) ? getCookie(c, sessionCookieName(boardId)) : undefined,
    }
    let room: Room | null = null
    let connection: Connection | null = null
    let closed = false
    let counted = false
    const queued: Uint8Array[] = []

    return {
      onOpen(_event, ws) {
        counted = true
        metrics.connections.inc()
        const socket = outboxSocket(ws.raw!, deps.config.limits.sendBufferBytes, metrics)
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
          const access = await resolveAccess(deps, boardId, creds)
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
      },
      onMessage(event, ws) {
        if (closed) return
        if (!bucket.take()) {
          closed = true
          metrics.closedByServer(CloseCodes.RateLimited)
          ws.close(CloseCodes.RateLimited, CloseReasons.RateLimited)
          return
        }
        if (typeof event.data === 'string') {
          metrics.closedByServer(CloseCodes.BadMessage)
          ws.close(CloseCodes.BadMessage, `${CloseReasons.BadMessage}: text frames are not part of the protocol`)
          return
        }
        const data = new Uint8Array(event.data as ArrayBuffer)
        metrics.frameIn(data)
        if (room && connection) {
          room.receive(connection, data)
        } else if (queued.push(data) > MAX_QUEUED_WHILE_LOADING) {
          metrics.closedByServer(CloseCodes.BadMessage)
          ws.close(CloseCodes.BadMessage, `${CloseReasons.BadMessage}: too many messages before the board loaded`)
        }
      },
      onClose() {
        if (counted) metrics.connections.dec()
        counted = false
        closed = true
        if (placeTaken) limits.free(boardId, ip)
        placeTaken = false
        if (room && connection) {
          room.leave(connection)
          deps.rooms.release(boardId)
        }
        room = null
        connection = null
      },
    }
  })
}
