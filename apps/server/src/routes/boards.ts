import { Errors, getBoardTitle, initBoardDoc, newBoardId, readSettings } from '@roundtable/board'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { forgetBoardAccess, requireAccess } from '../auth/access'
import { newBoardKeys } from '../auth/keys'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import { readJson } from '../validate'
import { boardLinks } from './links'
import { publicBase } from './publicBase'
import type { RetentionService } from '../services/retention'

const createBoardBody = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title is longer than 200 characters').optional(),
})

/** Creating and reading sessions ("boards" in the API). */
export function boardRoutes(deps: AppDeps, retention: RetentionService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()

  app.post('/', async (c) => {
    const body = await readJson(c, createBoardBody)
    const id = newBoardId()
    const title = body.title ?? 'Untitled session'
    const createdAt = Date.now()
    const keys = newBoardKeys()
    const doc = new Y.Doc()
    initBoardDoc(doc, { title, createdAt })
    await deps.store.createBoard({ id, title, createdAt, keys }, Y.encodeStateAsUpdate(doc))
    forgetBoardAccess(deps, id)
    doc.destroy()
    deps.log.info({ boardId: id }, 'board created')
    return c.json({ id, title, links: boardLinks(publicBase(c, deps.config), id, keys) }, 201)
  })

  app.get('/:id', requireAccess(deps, 'view'), async (c) => {
    const id = c.var.boardId
    const facts = await deps.rooms.withRoom(id, (room) => ({
      title: getBoardTitle(room.doc),
      settings: readSettings(room.doc),
    }))
    const board = await deps.store.getBoard(id)
    if (!facts || !board) throw httpError(Errors.BoardNotFound)
    // Retention counts a series as one: a session is kept while any session of its series is used.
    const series = await deps.store.seriesOfBoard(id)
    const lastUsed = series
      ? Math.max(board.updatedAt, ...(await deps.store.listSeriesSessions(series.id)).map((s) => s.updatedAt))
      : board.updatedAt
    return c.json({
      id,
      title: facts.title,
      createdAt: board.createdAt,
      role: c.var.access.role,
      anonymous: facts.settings.anonymous,
      // When the board will be deleted if nobody changes it (null: kept until a facilitator deletes it).
      deletesAt: retention.deletesAt(lastUsed),
    })
  })

  app.get('/:id/links', requireAccess(deps, 'facilitate'), async (c) => {
    const keys = await deps.store.getKeys(c.var.boardId)
    if (!keys) throw httpError(Errors.BoardNotFound)
    return c.json({ links: boardLinks(publicBase(c, deps.config), c.var.boardId, keys) })
  })

  return app
}
