import { Errors, attachmentDisposition, EXPORT_FORMATS, isExportFormat, renderExport } from '@roundtable/board'
import { Hono } from 'hono'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from '../services/evidence'
import { loadSummary } from '../summary/load'

/**
 * `GET /api/boards/:id/export?format=csv|ics|md|json`: the session's actions or summary as a file to download.
 * For people who took part (participant or facilitator links): a view-only link is often a projector or an
 * observer, and the export carries the names of who agreed.
 */
export function exportRoutes(deps: AppDeps, evidence: EvidenceService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  app.get('/:id/export', requireAccess(deps, 'edit'), async (c) => {
    const format = c.req.query('format')
    if (!isExportFormat(format))
      throw httpError(Errors.RequestInvalid, `format must be one of ${EXPORT_FORMATS.join(', ')}`)
    const summary = await loadSummary(deps, evidence, c.var.boardId)
    const file = renderExport(summary, format)
    c.header('Content-Type', file.contentType)
    c.header('Content-Disposition', attachmentDisposition(summary.board.title, file.fileSuffix))
    c.header('Cache-Control', 'private, no-store')
    return c.body(file.body)
  })
  return app
}
