import { Errors } from '@roundtable/board'
import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { isIP } from 'node:net'
import type { NamedBuckets } from '../auth/sessionLimits'
import type { Config } from '../env'
import { httpError } from '../errors'

/**
 * The caller's address, for every per-address limit. `trustProxy` is how many reverse proxies stand in front of
 * this server (TRUST_PROXY): 0 means the socket's peer is the caller; with N, the caller is the address the
 * outermost of those proxies saw, read from X-Forwarded-For (see forwardedClient). Only the entries the proxies
 * themselves added are read, so a caller cannot choose its own address by sending the header.
 */
export function clientIp(c: Context, trustProxy: number): string {
  let socketAddress: string | undefined
  try {
    socketAddress = getConnInfo(c).remote.address
  } catch {
    // Not a Node socket (e.g. app.request() in tests): no address to read.
  }
  return callerAddress(socketAddress, c.req.header('x-forwarded-for'), trustProxy)
}

/** clientIp from the socket's peer address and the X-Forwarded-For header (for requests Hono does not see). */
export function callerAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: number) {
  const own = socketAddress ?? 'unknown'
  if (trustProxy === 0) return own
  return forwardedClient(forwardedFor, trustProxy) ?? own
}

/**
 * The address `hops` entries from the right of an X-Forwarded-For list, or null when there is none. Each proxy
 * appends the address it received the request from, so with N trusted proxies the N-th entry from the right was
 * written by the outermost of them, and everything left of it came from the caller and may be forged. Null (use the
 * socket's address) when the list is shorter than N (the request did not pass through every proxy) or that entry is
 * not an IP address.
 */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (!header || hops < 1) return null
  const entries = header.split(',')
  if (entries.length < hops) return null
  const entry = entries[entries.length - hops]!.trim()
  return isIP(entry) ? entry : null
}

/**
 * True when a request's Origin may act on this server: no Origin at all (not a browser, e.g. a script or a stock
 * y-websocket client in Node), the server's own host (PUBLIC_URL's, or the Host the request came to), or one listed
 * in ALLOWED_ORIGINS. Browsers always send Origin on WebSocket upgrades and cross-site POSTs, so a page on another
 * site can never drive a board through a visitor's cookies.
 */
export function originAllowed(c: Context, config: Config): boolean {
  return originAllowedFor(c.req.header('origin'), c.req.header('host'), config)
}

/** originAllowed from a request's Origin and Host headers (for requests Hono does not see). */
export function originAllowedFor(origin: string | undefined, host: string | undefined, config: Config): boolean {
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
  const ownHost = config.publicUrl ? new URL(config.publicUrl).host : host
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

/** At most `limit` calls per address per hour (a sliding window, kept in memory); `trustProxy` as in clientIp. */
export function perIpHourlyLimit(limit: number, what: string, trustProxy: number): MiddlewareHandler {
  const hits = new Map<string, number[]>()
  return async (c, next) => {
    const ip = clientIp(c, trustProxy)
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

/**
 * Take a token from `name`'s bucket, or refuse with 429 `rate.limited` and `Retry-After` (transient: the client
 * tries again after it) when the bucket is empty.
 */
export function takeToken(c: Context, buckets: NamedBuckets, name: string, what: string): void {
  const waitMs = buckets.take(name)
  if (waitMs === 0) return
  c.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))))
  throw httpError(Errors.RateLimited, `too many ${what}; try again in a little while`)
}
