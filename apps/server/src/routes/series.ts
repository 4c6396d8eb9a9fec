import {
  attachmentDisposition,
  Errors,
  isBoardId,
  MAX_SERIES_NAME,
  MAX_TITLE,
  readCarriedActions,
  seriesToCsv,
  seriesToIcs,
  seriesToMarkdown,
  type SeriesSummary,
} from '@roundtable/board'
import type { SeriesRow } from '@roundtable/storage'
import { createHash } from 'node:crypto'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import { secretsEqual } from '../auth/keys'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { SeriesService } from '../services/series'
import { SUMMARY_PAGE_HTML } from '../summary/page'
import { readJson } from '../validate'
import { boardLinks } from './links'
import { publicBase } from './publicBase'
import { qrFor } from './summary'

const CONTROL = /[\u0000-\u001f\u007f]/g
/** A name as people type it: line breaks and runs of spaces tidied, then 1–`max` characters. */
const tidyName = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .max(max * 4, `${field} is longer than ${max} characters`)
    .transform((v) => v.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim())
    .refine((v) => v.length > 0, `${field} must not be empty`)
    .refine((v) => v.length <= max, `${field} is longer than ${max} characters`)

const followOnBody = z.object({
  title: tidyName('title', MAX_TITLE).optional(),
  seriesName: tidyName('seriesName', MAX_SERIES_NAME).optional(),
})
const renameBody = z.object({ name: tidyName('name', MAX_SERIES_NAME) })
const keyBody = z.object({ link: z.enum(['page', 'feed'], { error: 'link must be "page" or "feed"' }) })

const SERIES_FORMATS = ['csv', 'md'] as const

/** The series' own links: its page (key in the fragment) and its calendar feed (key in the query string). */
export function seriesLinks(base: string, row: SeriesRow) {
  const feed = `${base}/api/series/${row.id}/calendar.ics?key=${row.feedKey}`
  return {
    page: `${base}/s/series/${row.id}#key=${row.pageKey}`,
    feed,
    webcal: feed.replace(/^https?:\/\//, 'webcal://'),
  }
}

/** An export file of the series, as an attachment named after it. */
function seriesFile(c: Context, summary: SeriesSummary, format: string | undefined) {
  if (format !== 'csv' && format !== 'md')
    throw httpError(Errors.RequestInvalid, `format must be one of ${SERIES_FORMATS.join(', ')}`)
  const body = format === 'csv' ? seriesToCsv(summary) : seriesToMarkdown(summary)
  c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8')
  c.header(
    'Content-Disposition',
    attachmentDisposition(summary.series.name, format === 'csv' ? 'actions.csv' : 'series.md'),
  )
  c.header('Cache-Control', 'private, no-store')
  return c.body(body)
}

/** Answer with `body`, or 304 when the caller already has it (ETag). */
function withEtag(c: Context, body: string, contentType: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'private, no-cache')
  if (c.req.header('if-none-match') === etag) return c.body(null, 304)
  c.header('Content-Type', contentType)
  return c.body(body)
}

/** Routes of a series on one of its sessions (`/api/boards/:id/…`), with the session's keys or cookie. */
export function seriesBoardRoutes(
  deps: AppDeps,
  series: SeriesService,
  newSessionLimit: MiddlewareHandler,
): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  const describe = async (c: Context<BoardEnv>) => {
    const found = await series.view(c.var.boardId)
    if (!found) return null
    const facilitator = c.var.access.role === 'facilitator'
    return facilitator ? { ...found.view, links: seriesLinks(publicBase(c, deps.config), found.row) } : found.view
  }

  app.post('/:id/follow-on', requireAccess(deps, 'facilitate'), newSessionLimit, async (c) => {
    const body = await readJson(c, followOnBody)
    const made = await series.followOn(c.var.boardId, body)
    const view = (await series.view(made.id))!.view
    return c.json(
      {
        id: made.id,
        title: made.title,
        links: boardLinks(publicBase(c, deps.config), made.id, made.keys),
        series: { ...view, links: seriesLinks(publicBase(c, deps.config), made.series) },
      },
      201,
    )
  })

  app.get('/:id/series', requireAccess(deps, 'view'), async (c) => c.json({ series: await describe(c) }))

  app.put('/:id/series', requireAccess(deps, 'facilitate'), async (c) => {
    const { name } = await readJson(c, renameBody)
    await series.rename(c.var.boardId, name)
    return c.json({ series: await describe(c) })
  })

  app.delete('/:id/series', requireAccess(deps, 'facilitate'), async (c) =>
    c.json({ deleted: await series.deleteSeriesOf(c.var.boardId) }),
  )

  app.post('/:id/series/keys', requireAccess(deps, 'facilitate'), async (c) => {
    const { link } = await readJson(c, keyBody)
    await series.replaceKey(c.var.boardId, link)
    return c.json({ series: await describe(c) })
  })

  app.get('/:id/series/export', requireAccess(deps, 'edit'), async (c) => {
    const row = await series.seriesOf(c.var.boardId)
    return seriesFile(c, await series.summary(row), c.req.query('format'))
  })

  app.get('/:id/carried', requireAccess(deps, 'view'), async (c) => {
    const carried = await deps.rooms.withRoom(c.var.boardId, (room) => readCarriedActions(room.doc))
    return c.json({ carried: carried ?? [] })
  })
  return app
}

/** Stand-in keys for an unknown series, so it costs the same as a wrong key on a real one. */
const UNKNOWN_SERIES: SeriesRow = { id: '', name: '', createdAt: 0, pageKey: '-', feedKey: '-' }

/**
 * Guard for `/api/series/:seriesId/…`: the page key (`Authorization: Bearer`) or, for the calendar feed, the feed
 * key (`?key=`, as calendar apps cannot send headers). Keys are checked before the series is told apart from an
 * unknown one.
 */
function requireSeriesKey(
  deps: AppDeps,
  which: 'page' | 'feed',
): MiddlewareHandler<{ Variables: { series: SeriesRow } }> {
  return async (c, next) => {
    const id = c.req.param('seriesId') ?? ''
    if (!isBoardId(id)) throw httpError(Errors.SeriesBadId)
    const key = which === 'page' ? c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] : c.req.query('key')
    if (!key) throw httpError(Errors.KeyNeeded, 'a key is needed: open the link you were sent')
    const row = (await deps.store.getSeries(id)) ?? UNKNOWN_SERIES
    if (!secretsEqual(which === 'page' ? row.pageKey : row.feedKey, key) || row === UNKNOWN_SERIES)
      throw httpError(Errors.Forbidden, 'that key does not open this series')
    c.set('series', row)
    await next()
  }
}

/** The series page's data, its link and QR code, its exports and its calendar feed (`/api/series/…`). */
export function seriesRoutes(deps: AppDeps, series: SeriesService): Hono<{ Variables: { series: SeriesRow } }> {
  const app = new Hono<{ Variables: { series: SeriesRow } }>()
  const qrCodes = new Map<string, Promise<string>>()

  app.get('/:seriesId', requireSeriesKey(deps, 'page'), async (c) =>
    withEtag(c, JSON.stringify(await series.summary(c.var.series)), 'application/json'),
  )

  app.get('/:seriesId/share', requireSeriesKey(deps, 'page'), async (c) => {
    const links = seriesLinks(publicBase(c, deps.config), c.var.series)
    c.header('Cache-Control', 'private, no-cache')
    return c.json({ link: links.page, qr: await qrFor(qrCodes, links.page), feed: links.feed, webcal: links.webcal })
  })

  app.get('/:seriesId/export', requireSeriesKey(deps, 'page'), async (c) =>
    seriesFile(c, await series.summary(c.var.series), c.req.query('format')),
  )

  app.get('/:seriesId/calendar.ics', requireSeriesKey(deps, 'feed'), async (c) =>
    withEtag(c, seriesToIcs(await series.summary(c.var.series)), 'text/calendar; charset=utf-8'),
  )
  return app
}

/** `GET /s/series/:seriesId`: the series page, the summary page's HTML and assets drawing a series. */
export function seriesPageRoutes(): Hono {
  const app = new Hono()
  app.get('/:seriesId', (c) => {
    if (!isBoardId(c.req.param('seriesId'))) throw httpError(Errors.SeriesBadId)
    c.header('Cache-Control', 'no-cache')
    return c.html(SUMMARY_PAGE_HTML)
  })
  return app
}
