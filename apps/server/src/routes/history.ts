import { Hono } from 'hono'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import type { SeriesService } from '../services/series'
import { deleteBoardNow } from '../services/deleteBoard'
import type { VersionService } from '../services/versions'

/** History and data care, for facilitators: versions (list, preview, restore) and deleting a whole session. */
export function historyRoutes(deps: AppDeps, versions: VersionService, series: SeriesService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  const versionId = (c: { req: { param(name: 'versionId'): string } }) => c.req.param('versionId')

  app.get('/:id/versions', requireAccess(deps, 'facilitate'), async (c) =>
    c.json({ versions: await versions.list(c.var.boardId) }),
  )
  app.get('/:id/versions/:versionId', requireAccess(deps, 'facilitate'), async (c) =>
    c.json(await versions.preview(c.var.boardId, versionId(c))),
  )
  app.post('/:id/versions/:versionId/restore', requireAccess(deps, 'facilitate'), async (c) =>
    c.json(await versions.restore(deps.rooms, c.var.boardId, versionId(c))),
  )

  /** Delete the session and everything stored for it; everyone connected is told, in plain words. */
  app.delete('/:id', requireAccess(deps, 'facilitate'), async (c) => {
    const boardId = c.var.boardId
    const seriesId = (await deps.store.seriesOfBoard(boardId))?.id ?? null
    await deleteBoardNow(deps, boardId)
    deps.log.info({ boardId }, 'board deleted by a facilitator')
    // Its actions leave the later sessions of its series, and the sessions' numbers close up.
    await series.afterDelete(seriesId)
    return c.json({ deleted: true })
  })
  return app
}
