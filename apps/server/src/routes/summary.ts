import { Errors } from '@roundtable/board'
import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import QRCode from 'qrcode'
import { requireSummaryAccess } from '../auth/access'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from '../services/evidence'
import { loadSummary } from '../summary/load'
import { SUMMARY_ASSETS, SUMMARY_PAGE_HTML } from '../summary/page'
import { boardIdParam } from '../validate'
import { summaryLink } from './links'
import { publicBase } from './publicBase'

/** How many summary links' QR codes are kept ready (each about 3 KB). */
const QR_CACHE_SIZE = 256

/**
 * The QR code (SVG text) for a link. Drawing one takes about 4 ms of CPU, and every summary page asks once when
 * opened, so codes are kept, newest last, and the oldest dropped past `QR_CACHE_SIZE`: a link opened by a whole
 * room, or asked for over and over, costs one drawing.
 */
export function qrFor(cache: Map<string, Promise<string>>, link: string): Promise<string> {
  let svg = cache.get(link)
  if (svg) {
    cache.delete(link)
  } else {
    svg = QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
    svg.catch(() => cache.delete(link))
  }
  cache.set(link, svg)
  if (cache.size > QR_CACHE_SIZE) cache.delete(cache.keys().next().value!)
  return svg
}

/**
 * `GET /api/boards/:id/summary`: the session summary as JSON, for the summary key (and anyone who may view the
 * board). It answers with an ETag, so the summary page's check every 20 seconds costs a 304 when nothing changed.
 */
export function summaryRoutes(deps: AppDeps, evidence: EvidenceService): Hono<{ Variables: { boardId: string } }> {
  const app = new Hono<{ Variables: { boardId: string } }>()
  const qrCodes = new Map<string, Promise<string>>()
  app.get('/:id/summary', requireSummaryAccess(deps), async (c) => {
    const body = JSON.stringify(await loadSummary(deps, evidence, c.var.boardId))
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'private, no-cache')
    if (c.req.header('if-none-match') === etag) return c.body(null, 304)
    c.header('Content-Type', 'application/json')
    return c.body(body)
  })

  /**
   * `GET /api/boards/:id/summary/share`: the summary link to pass on and its QR code (SVG), for the printable page
   * and the shared screen. Whoever may read the summary may pass it on; the link opens the summary and nothing else.
   */
  app.get('/:id/summary/share', requireSummaryAccess(deps), async (c) => {
    const keys = await deps.store.getKeys(c.var.boardId)
    if (!keys) throw httpError(Errors.BoardNotFound)
    if (!keys.summary) throw httpError(Errors.BoardNotFound, 'this session was made before summary links and has none')
    const link = summaryLink(publicBase(c, deps.config), c.var.boardId, keys.summary)
    c.header('Cache-Control', 'private, no-cache')
    return c.json({ link, qr: await qrFor(qrCodes, link) })
  })
  return app
}

/**
 * `GET /s/:id`: the printable, phone-friendly summary page (a file with no data in it), and its script and styles
 * under `/s/assets/`. The key stays in the link's fragment, so the server never sees it on these requests.
 */
export function summaryPageRoutes(): Hono {
  const app = new Hono()
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name')
    const file = Object.hasOwn(SUMMARY_ASSETS, name) ? SUMMARY_ASSETS[name] : undefined
    if (!file) throw httpError(Errors.FileNotFound)
    c.header('ETag', file.etag)
    c.header('Cache-Control', 'no-cache')
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304)
    c.header('Content-Type', file.contentType)
    return c.body(file.body)
  })
  app.get('/:id', (c) => {
    boardIdParam(c)
    c.header('Cache-Control', 'no-cache')
    return c.html(SUMMARY_PAGE_HTML)
  })
  return app
}
