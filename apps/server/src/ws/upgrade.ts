import { Errors, isBoardId, type ApiErrorDef } from '@roundtable/board'
import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { parse as parseCookies } from 'hono/utils/cookie'
import type { WebSocket, WebSocketServer } from 'ws'
import { sessionCookieName } from '../auth/access'
import type { AppDeps } from '../context'
import { errorBody } from '../errors'
import { callerAddress, originAllowedFor } from '../http/guards'
import { logRequest } from '../http/requestLog'
import type { SyncRequest } from './syncConnection'

const SYNC_PATH = /^\/sync\/([^/]+)$/
/** A caller's X-Request-Id is kept when it looks like one (the rule of Hono's requestId middleware). */
const REQUEST_ID = /^[\w\-=]+$/

/**
 * WebSocket upgrades, taken on the Node server's `upgrade` event beside the Hono app. Only `GET /sync/:boardId`
 * upgrades, after the origin check every state-changing HTTP request gets; anything else is refused with the
 * usual JSON error. They are answered here rather than routed through Hono because an upgrade there builds a
 * fetch Request, runs every HTTP middleware and makes a Response that is thrown away, and the adapter wraps each
 * frame in a MessageEvent: together about as much as the rest of a join (bench: 1,000 clients joining).
 * The line logged and the request counted are the HTTP middleware's (http/requestLog.ts).
 */
export function acceptUpgrades(
  server: Server,
  wss: WebSocketServer,
  deps: AppDeps,
  onSync: (ws: WebSocket, stream: Duplex, request: SyncRequest) => void,
): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const start = performance.now()
    const given = req.headers['x-request-id']
    const reqId = typeof given === 'string' && given.length <= 255 && REQUEST_ID.test(given) ? given : randomUUID()
    const url = req.url ?? '/'
    const queryAt = url.indexOf('?')
    const path = queryAt < 0 ? url : url.slice(0, queryAt)
    const logged = (status: number) =>
      logRequest(deps, { reqId, method: req.method ?? 'GET', path, status, ms: Math.round(performance.now() - start) })
    const refuse = (def: ApiErrorDef) => {
      logged(def.status)
      const body = JSON.stringify(errorBody(def))
      socket.end(
        `HTTP/1.1 ${def.status} ${STATUS_CODES[def.status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${reqId}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    const match = req.method === 'GET' ? SYNC_PATH.exec(path) : null
    if (!match) return refuse(Errors.RouteNotFound)
    if (!originAllowedFor(req.headers.origin, req.headers.host, deps.config)) return refuse(Errors.RequestOrigin)
    let boardId: string
    try {
      boardId = decodeURIComponent(match[1]!)
    } catch {
      return refuse(Errors.RouteNotFound)
    }
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1))
    const cookie = req.headers.cookie
    const cookieName = sessionCookieName(boardId)
    const request: SyncRequest = {
      boardId,
      reqId,
      ip: callerAddress(req.socket.remoteAddress, headerValue(req.headers['x-forwarded-for']), deps.config.trustProxy),
      key: query.get('key') || undefined,
      sessionToken: cookie && isBoardId(boardId) ? parseCookies(cookie, cookieName)[cookieName] : undefined,
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      logged(101)
      wss.emit('connection', ws, req)
      onSync(ws, socket, request)
    })
  })
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value
}
