import { Errors } from '@roundtable/board'
import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Config } from '../env'
import { httpError } from '../errors'

/** The caller's address as the socket sees it (a reverse proxy's own address when behind one). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * True when a request's Origin may act on this server: no Origin at all (not a browser, e.g. a script or a stock
 * y-websocket client in Node), the server's own host (PUBLIC_URL's, or the Host the request came to), or one listed
 * in ALLOWED_ORIGINS. Browsers always send Origin on WebSocket upgrades and cross-site POSTs, so a page on another
 * site can never drive a board through a visitor's cookies.
 */
export function originAllowed(c: Context, config: Config): boolean {
  const origin = c.req.header('origin')
  if (!origin) return true
  if (origin === 'null') return false
  if (config.allowedOrigins.includes(origin)) return true
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return false
  }
  // Same site: the page's host is the host this request was sent to (or PUBLIC_URL's). Compared by host, so a TLS
  // proxy in front (https outside, http inside) does not matter.
  const ownHost = config.publicUrl ? new URL(config.publicUrl).host : c.req.header('host')
  return originHost === ownHost
}

/** Refuse state-changing requests (and WebSocket upgrades) from other origins with 403 JSON. */
export function checkOrigin(config: Config): MiddlewareHandler {
  return async (c, next) => {
    const changing = c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS'
    const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket'
    if ((changing || upgrade) && !originAllowed(c, config)) throw httpError(Errors.RequestOrigin)
    await next()
  }
}

/** At most `limit` calls per address per hour (a sliding window, kept in memory). */
export function perIpHourlyLimit(limit: number, what: string): MiddlewareHandler {
  const hits = new Map<string, number[]>()
  return async (c, next) => {
    const ip = clientIp(c)
    const now = Date.now()
    const recent = (hits.get(ip) ?? []).filter((t) => now - t < 3_600_000)
    if (recent.length >= limit) {
      c.header('Retry-After', String(Math.ceil((recent[0]! + 3_600_000 - now) / 1000)))
      throw httpError(Errors.RateLimited, `too many ${what} from your address; try again later`)
    }
    recent.push(now)
    hits.set(ip, recent)
    if (hits.size > 10_000) {
      for (const [key, times] of hits) if (times.every((t) => now - t >= 3_600_000)) hits.delete(key)
    }
    await next()
  }
}
