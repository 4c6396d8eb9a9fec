import { Errors, MAX_TITLE, getBoardTitle, setBoardTitle } from '@roundtable/board'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { VersionService } from '../services/versions'
import { readJson } from '../validate'

// Control characters (line breaks included) have no place in a name that ends up in headers and file names.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

const titleBody = z.object({
  title: z
    .string({ error: 'title must be text' })
    .max(MAX_TITLE * 4, `title is longer than ${MAX_TITLE} characters`)
    .transform((title) => title.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim())
    .refine((title) => title.length > 0, 'title must not be empty')
    .refine((title) => title.length <= MAX_TITLE, `title is longer than ${MAX_TITLE} characters`),
})

/** The history entry a rename leaves, so everyone can see when the session got its name. */
export function renamedReason(title: string): string {
  return `Session renamed to “${title}”`
}

/**
 * `PUT /api/boards/:id/title`: a facilitator names the session. The server writes the title (every screen, export
 * and file name reads it from the board) and keeps a version with the new name as its history entry.
 */
export function titleRoutes(deps: AppDeps, versions: VersionService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  app.put('/:id/title', requireAccess(deps, 'facilitate'), async (c) => {
    const { title } = await readJson(c, titleBody)
    const boardId = c.var.boardId
    const done = await deps.rooms.withRoom(boardId, async (room) => {
      // The same name again changes nothing and leaves no history entry.
      if (getBoardTitle(room.doc) === title) return { state: null }
      await room.change((doc) => setBoardTitle(doc, title))
      return { state: Y.encodeStateAsUpdate(room.doc) }
    })
    if (!done) throw httpError(Errors.BoardNotFound)
    if (done.state) await versions.save(boardId, done.state, renamedReason(title))
    return c.json({ title })
  })
  return app
}
