import { Hono } from 'hono'
import type { AppDeps } from '../context'

/** Settings the browser needs at run time. The tldraw licence key is public by design (checked in the browser). */
export function configRoutes(deps: AppDeps): Hono {
  const app = new Hono()
  app.get('/', (c) => c.json({ tldrawLicenseKey: deps.config.tldrawLicenseKey ?? null }))
  return app
}
