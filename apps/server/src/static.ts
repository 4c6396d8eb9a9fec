import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Context, Hono } from 'hono'
import { compress } from 'hono/compress'
import type { AppDeps } from './context'

/**
 * Serve the built web app from WEB_DIST, with index.html for the app's own paths (`/`, `/b/:id`, `/b/:id/present`)
 * and phone.html for the phone page (`/p/:id`). Built assets
 * have content hashes in their names, so they are cached for a year; index.html is never cached.
 */
export function mountWebApp(app: Hono, deps: AppDeps): void {
  const indexPath = join(deps.config.webDist, 'index.html')
  if (!existsSync(indexPath)) {
    deps.log.warn({ webDist: deps.config.webDist }, 'the web app is not built; run `npm run build` (npm start does it)')
    app.get('*', (c) => c.text('The web app is not built yet. Run `npm run build`.', 503))
    return
  }
  const root = relative(process.cwd(), deps.config.webDist) || '.'
  // Scripts and styles go compressed: on a hall's weak Wi-Fi a phone then fetches about a third of the bytes. The
  // build writes brotli and gzip copies of each (apps/web/vite.config.ts), sent as they are; anything without one
  // (a build made otherwise) is gzipped on the way out.
  app.use('/assets/*', compress())
  app.use(
    '/assets/*',
    serveStatic({
      root,
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable')
      },
    }),
  )
  const sendIndex = (c: Context) => {
    c.header('Cache-Control', 'no-cache')
    return c.html(readFileSync(indexPath, 'utf8'))
  }
  app.get('/', sendIndex)
  app.get('/b/:id', sendIndex)
  // The shared screen (projector view) is part of the board app.
  app.get('/b/:id/present', sendIndex)
  // Phones that join by QR code get their own small page, without the board canvas (see apps/web/phone.html).
  const phonePath = join(deps.config.webDist, 'phone.html')
  app.get('/p/:id', (c) => {
    if (!existsSync(phonePath)) return sendIndex(c)
    c.header('Cache-Control', 'no-cache')
    return c.html(readFileSync(phonePath, 'utf8'))
  })
  app.use('/*', serveStatic({ root }))
}
