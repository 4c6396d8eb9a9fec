import { Hono } from 'hono'
import { z } from 'zod'
import { requireAccess, requirePerson } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import type { VoteService } from '../services/votes'
import { readJson } from '../validate'

const id = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .min(1, `${what} must not be empty`)
    .max(100, `${what} is too long`)

const newRound = z.object({
  pageId: id('pageId').optional(),
  dotsPerPerson: z.number().int('dotsPerPerson must be a whole number').min(1).max(50).default(3),
  maxPerIdea: z.number().int('maxPerIdea must be a whole number').min(1).max(50).nullable().default(null),
  hidden: z.boolean().default(true),
  durationSeconds: z
    .number()
    .int()
    .min(10)
    .max(24 * 3600)
    .nullable()
    .default(null),
})
const dot = z.object({ ideaId: id('ideaId') })
const move = z.object({ from: id('from'), to: id('to') })
const abstain = z.object({ abstain: z.boolean().default(true) })

/** Vote rounds: facilitators run them; everyone who may vote has the same number of dots. */
export function roundRoutes(deps: AppDeps, votes: VoteService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  const roundId = (c: { req: { param(name: 'roundId'): string } }) => c.req.param('roundId')

  app.get('/:id/rounds', requireAccess(deps, 'view'), async (c) => c.json({ rounds: await votes.list(c.var.boardId) }))

  app.post('/:id/rounds', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, newRound)
    return c.json({ round: await votes.start(c.var.boardId, body) }, 201)
  })
  app.post('/:id/rounds/:roundId/close', requireAccess(deps, 'facilitate'), async (c) =>
    c.json({ round: await votes.close(c.var.boardId, roundId(c)) }),
  )
  app.post('/:id/rounds/:roundId/reveal', requireAccess(deps, 'facilitate'), async (c) =>
    c.json({ round: await votes.reveal(c.var.boardId, roundId(c)) }),
  )

  app.get('/:id/rounds/:roundId/mine', requireAccess(deps, 'vote'), async (c) =>
    c.json(await votes.mine(c.var.boardId, roundId(c), requirePerson(c.var.access))),
  )
  app.post('/:id/rounds/:roundId/dots', requireAccess(deps, 'vote'), async (c) => {
    const person = requirePerson(c.var.access)
    const body = await readJson(c, dot)
    return c.json(await votes.place(c.var.boardId, roundId(c), person, body.ideaId))
  })
  app.delete('/:id/rounds/:roundId/dots', requireAccess(deps, 'vote'), async (c) => {
    const person = requirePerson(c.var.access)
    const body = await readJson(c, dot)
    return c.json(await votes.remove(c.var.boardId, roundId(c), person, body.ideaId))
  })
  app.post('/:id/rounds/:roundId/dots/move', requireAccess(deps, 'vote'), async (c) => {
    const person = requirePerson(c.var.access)
    const body = await readJson(c, move)
    return c.json(await votes.move(c.var.boardId, roundId(c), person, body.from, body.to))
  })
  app.post('/:id/rounds/:roundId/abstain', requireAccess(deps, 'vote'), async (c) => {
    const person = requirePerson(c.var.access)
    const body = await readJson(c, abstain)
    return c.json(await votes.abstain(c.var.boardId, roundId(c), person, body.abstain))
  })
  return app
}
