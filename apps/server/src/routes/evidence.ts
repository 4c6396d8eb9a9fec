import { Errors, MAX_GROUP_LABEL } from '@roundtable/board'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from '../services/evidence'
import { readJson } from '../validate'

const answerBody = z.object({
  group: z
    .string({ error: 'group must be one of the answers offered, "" for "I\'d rather not say", or null' })
    .max(MAX_GROUP_LABEL)
    .nullable(),
})

/**
 * Evidence of co-production, for each person: whether the session asks how they come to it, and their answer,
 * which they may give, change or take back. Answers are never shown one by one: only the summary's figures by
 * group. (Facilitators set the question up with `PUT /:id/evidence`, in facilitation.ts.)
 */
export function evidenceRoutes(deps: AppDeps, evidence: EvidenceService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()

  const person = (c: { var: BoardEnv['Variables'] }): string => {
    const personId = c.var.access.personId
    if (!personId)
      throw httpError(
        Errors.SessionNeeded,
        'answer from the board page: this needs the session a browser gets when it opens a link',
      )
    return personId
  }

  app.get('/:id/me/answer', requireAccess(deps, 'edit'), async (c) => {
    return c.json(await evidence.answerOf(c.var.boardId, person(c)))
  })

  app.put('/:id/me/answer', requireAccess(deps, 'edit'), async (c) => {
    const body = await readJson(c, answerBody)
    return c.json(await evidence.setAnswer(c.var.boardId, person(c), body.group))
  })

  return app
}
