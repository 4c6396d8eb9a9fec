import { getConnInfo } from '@hono/node-server/conninfo'
import { Errors } from '@roundtable/board'
import { Hono, type Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { secretsEqual } from '../auth/keys'
import type { AppDeps } from '../context'
import { httpError } from '../errors'

/** How long a readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2000

const OPS_PATHS = ['/healthz', '/readyz', '/metrics']

/** Addresses of this machine, as a socket reports them. */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/**
 * May this request read `/metrics`? With METRICS_TOKEN set: only with `Authorization: Bearer <METRICS_TOKEN>`.
 * Without it: only a direct connection from this machine. A reverse proxy on the same machine also connects from
 * 127.0.0.1, so a request carrying forwarding headers (which proxies add) is never taken as local.
 */
export function metricsAllowed(c: Context, token: string | undefined): boolean {
  if (token) {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    return bearer !== undefined && secretsEqual(bearer, token)
  }
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded') || c.req.header('x-real-ip')) return false
  let address: string | undefined
  try {
    address = getConnInfo(c).remote.address
  } catch {
    return false
  }
  return address !== undefined && LOOPBACK.has(address)
}

/**
 * For orchestrators and monitoring, outside /api: `/healthz` (the process answers), `/readyz` (storage and Redis
 * answer: send traffic here), `/metrics` (Prometheus text format; METRICS_TOKEN or this machine only, else 404 as if
 * there were no such route). Keep them off the public proxy all the same.
 */
export function opsRoutes(deps: AppDeps): Hono {
  const app = new Hono()
  // Machine answers: nothing to frame, sniff, cache or run. (Mounted at '/', so scoped to these paths only.)
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  })
  for (const path of OPS_PATHS) {
    app.use(path, headers)
    app.use(path, async (c, next) => {
      await next()
      c.header('Cache-Control', 'no-store')
    })
  }
  app.get('/healthz', (c) => c.json({ ok: true }))
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        let timer: NodeJS.Timeout | undefined
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('no answer in time')), CHECK_TIMEOUT_MS)
            }),
          ])
          return [name, 'ok'] as const
        } catch (error) {
          return [name, (error as Error).message || 'failed'] as const
        } finally {
          clearTimeout(timer)
        }
      }),
    )
    const checks = Object.fromEntries(results)
    const ok = results.every(([, result]) => result === 'ok')
    return c.json({ ok, checks }, ok ? 200 : 503)
  })
  app.get('/metrics', async (c) => {
    if (!metricsAllowed(c, deps.config.metricsToken)) throw httpError(Errors.RouteNotFound)
    c.header('Content-Type', deps.metrics.registry.contentType)
    return c.body(await deps.metrics.registry.metrics())
  })
  return app
}
