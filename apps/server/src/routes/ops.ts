import { Hono } from 'hono'
import type { AppDeps } from '../context'

/** How long a readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2000

/**
 * For orchestrators and monitoring, outside /api: `/healthz` (the process answers), `/readyz` (storage and Redis
 * answer: send traffic here), `/metrics` (Prometheus text format). Keep them off the public proxy.
 */
export function opsRoutes(deps: AppDeps): Hono {
  const app = new Hono()
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
    c.header('Content-Type', deps.metrics.registry.contentType)
    return c.body(await deps.metrics.registry.metrics())
  })
  return app
}
