import {
  Errors,
  addIdea,
  addIncomingIdea,
  getIdea,
  IDEA_COLOURS,
  listIdeas,
  isFirstPageLocked,
  MAX_IDEA_TEXT,
  readSettings,
  type Idea,
} from '@roundtable/board'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from '../services/evidence'
import { invalidValueLog } from '../services/invalidValues'
import { readJson } from '../validate'

const newIdeaBody = z.object({
  text: z
    .string({ error: 'text must be a string' })
    .trim()
    .min(1, 'text must not be empty')
    .max(MAX_IDEA_TEXT, `text is longer than ${MAX_IDEA_TEXT} characters`),
  colour: z.enum(IDEA_COLOURS).optional(),
  /** "incoming": into the "Incoming ideas" frame on the first board, in its next free cell (ideas sent from phones). */
  area: z.enum(['incoming']).optional(),
  /**
   * Who is adding it, as the canvas and the list view record it (`meta.author` / `meta.authorId`): the name shown
   * and the device's stable id, so ideas sent from a phone count for the same person in People and equal voice.
   * Dropped in anonymous sessions.
   */
  author: z
    .object({
      id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'author.id must be 1 to 64 letters, digits, - or _'),
      name: z.string().trim().max(80, 'author.name is longer than 80 characters'),
    })
    .optional(),
})

/** The shape of an idea in the HTTP API. */
function toJson(idea: Idea) {
  return {
    id: idea.id,
    text: idea.text,
    colour: idea.colour,
    boardPageId: idea.pageId,
    boardPage: idea.pageName,
    frameTitle: idea.frameTitle,
  }
}

/** Reading and adding ideas without a browser. */
export function ideaRoutes(deps: AppDeps, evidence: EvidenceService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()

  app.get('/:id/ideas', requireAccess(deps, 'view'), async (c) => {
    const id = c.var.boardId
    const onInvalid = invalidValueLog(deps.log).forBoard(id)
    const ideas = await deps.rooms.withRoom(id, (room) => listIdeas(room.doc, onInvalid).map(toJson))
    if (ideas === null) throw httpError(Errors.BoardNotFound)
    return c.json({ ideas })
  })

  app.post('/:id/ideas', requireAccess(deps, 'edit'), async (c) => {
    const id = c.var.boardId
    const body = await readJson(c, newIdeaBody)
    const idea = await deps.rooms.withRoom(id, async (room) => {
      // Both kinds of idea go on the first board; a locked board takes nobody's changes, this one's included.
      if (isFirstPageLocked(room.doc)) throw httpError(Errors.BoardLocked)
      // The same author fields the canvas writes; the write guard refuses them in anonymous sessions, so leave them out.
      const meta =
        body.author && !readSettings(room.doc).anonymous ? { author: body.author.name, authorId: body.author.id } : {}
      let ideaId = ''
      await room.change((doc) => {
        ideaId =
          body.area === 'incoming'
            ? addIncomingIdea(doc, { text: body.text, colour: body.colour, meta }).ideaId
            : addIdea(doc, { text: body.text, colour: body.colour, meta })
      })
      return getIdea(room.doc, ideaId)
    })
    if (idea === null) throw httpError(Errors.BoardNotFound)
    if (!idea) throw httpError(Errors.ServerError, 'the idea could not be added')
    await evidence.ideaAdded(id, idea.id, c.var.access.personId)
    return c.json({ idea: toJson(idea) }, 201)
  })

  return app
}
