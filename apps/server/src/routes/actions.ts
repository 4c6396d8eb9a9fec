import {
  Errors,
  ACTION_STATUSES,
  addAction,
  canFacilitate,
  deleteAction,
  deleteActionState,
  getAction,
  getIdea,
  isActionAgreed,
  isActionId,
  isIsoDate,
  listActions,
  MAX_ACTION_TEXT,
  MAX_OUTCOME_NOTE,
  MAX_OWNER_NAME,
  readActionState,
  readSettings,
  updateAction,
  writeActionState,
  type Role,
} from '@roundtable/board'
import type { Room } from '@roundtable/sync'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireAccess, requirePerson } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import type { ActionService } from '../services/actions'
import type { SeriesService } from '../services/series'
import { invalidValueLog } from '../services/invalidValues'
import { readFresh } from '../services/fresh'
import { readJson } from '../validate'

const what = z
  .string({ error: 'what must be text' })
  .trim()
  .min(1, 'what must not be empty')
  .max(MAX_ACTION_TEXT, `what is longer than ${MAX_ACTION_TEXT} characters`)
const who = z
  .string({ error: 'who must be text' })
  .trim()
  .max(MAX_OWNER_NAME, `who is longer than ${MAX_OWNER_NAME} characters`)
const due = z.string().refine(isIsoDate, 'due must be a date written YYYY-MM-DD').nullable()
const note = z
  .string({ error: 'note must be text' })
  .max(MAX_ACTION_TEXT, `note is longer than ${MAX_ACTION_TEXT} characters`)

const newAction = z.object({
  what,
  who: who.optional(),
  due: due.optional(),
  ideaId: z.string().max(100).nullable().optional(),
  note: note.optional(),
})
const changeAction = z
  .object({ what: what.optional(), who: who.optional(), due: due.optional(), note: note.optional() })
  .refine((v) => Object.keys(v).length > 0, 'send at least one of what, who, due, note')
const status = z.object({
  status: z.enum(ACTION_STATUSES, { error: `status must be one of ${ACTION_STATUSES.join(', ')}` }),
})
const done = z.object({
  note: z
    .string({ error: 'note must be text' })
    .trim()
    .min(1, 'note must say what happened')
    .max(MAX_OUTCOME_NOTE, `note is longer than ${MAX_OUTCOME_NOTE} characters`),
})
const stance = z.object({
  stance: z.enum(['agree', 'concern']).nullable(),
  note: note.default(''),
  name: z.string().trim().max(80, 'name is longer than 80 characters').nullable().default(null),
})

/**
 * Before changing an action people have agreed to: only a facilitator may, and a version of the board is kept first
 * (so the words people agreed to can be restored). Returns whether the action is agreed.
 */
function guardAgreed(room: Room, id: string, role: Role, change: string): boolean {
  if (!isActionAgreed(readActionState(room.doc, id))) return false
  if (!canFacilitate(role)) throw httpError(Errors.ActionAgreed)
  room.keepVersion(`before an agreed action was ${change}`)
  return true
}

/** Agreed actions: what, who, by when; status by facilitators; "I agree" / "I have a concern" by anyone who votes. */
export function actionRoutes(deps: AppDeps, actions: ActionService, series: SeriesService): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  // A well-formed action id is `action:` + up to 32 characters of the nanoid alphabet; anything else names no action.
  const actionId = (c: { req: { param(name: 'actionId'): string } }) => {
    const id = c.req.param('actionId')
    if (!isActionId(id)) throw httpError(Errors.ActionNotFound)
    return id
  }

  app.get('/:id/actions', requireAccess(deps, 'view'), async (c) => {
    const onInvalid = invalidValueLog(deps.log).forBoard(c.var.boardId)
    const list = await deps.rooms.withRoom(c.var.boardId, (room) => listActions(room.doc, onInvalid))
    return c.json({ actions: list ?? [] })
  })

  app.post('/:id/actions', requireAccess(deps, 'edit'), async (c) => {
    const body = await readJson(c, newAction)
    const ideaId = body.ideaId
    if (ideaId) await readFresh(deps.rooms, c.var.boardId, (room) => getIdea(room.doc, ideaId) !== undefined, Boolean)
    const created = await deps.rooms.withRoom(c.var.boardId, async (room) => {
      if (body.ideaId && !getIdea(room.doc, body.ideaId))
        throw httpError(Errors.RequestInvalid, 'ideaId: no such idea on this session')
      let newId = ''
      await room.change((doc) => {
        newId = addAction(doc, { ...body, createdAt: Date.now() })
      })
      return getAction(room.doc, newId)
    })
    return c.json({ action: created }, 201)
  })

  app.patch('/:id/actions/:actionId', requireAccess(deps, 'edit'), async (c) => {
    const body = await readJson(c, changeAction)
    // A carried action (from an earlier session of the series) is changed where it lives.
    const home = (await series.actionHome(c.var.boardId, actionId(c))).boardId
    const changed = await deps.rooms.withRoom(home, async (room) => {
      const id = actionId(c)
      // The note (how it is going) stays open to everyone; what, who and when are what people agreed to.
      const agreedTerms = body.what !== undefined || body.who !== undefined || body.due !== undefined
      const agreed = agreedTerms && guardAgreed(room, id, c.var.access.role, 'changed')
      let found = false
      await room.change((doc) => {
        const before = getAction(doc, id)
        found = updateAction(doc, id, body)
        const after = found ? getAction(doc, id) : undefined
        const state = readActionState(doc, id)
        // Those who agreed are told their "I agree" was for other words (see PublishedActionState.changedAt).
        if (
          agreed &&
          state &&
          before &&
          after &&
          (before.what !== after.what || before.who !== after.who || before.due !== after.due)
        ) {
          writeActionState(doc, id, { ...state, changedAt: Date.now() })
        }
      })
      return found ? getAction(room.doc, actionId(c)) : null
    })
    if (!changed) throw httpError(Errors.ActionNotFound)
    return c.json({ action: changed })
  })

  app.delete('/:id/actions/:actionId', requireAccess(deps, 'edit'), async (c) => {
    if ((await series.actionHome(c.var.boardId, actionId(c))).carried) throw httpError(Errors.ActionCarried)
    const removed = await deps.rooms.withRoom(c.var.boardId, async (room) => {
      guardAgreed(room, actionId(c), c.var.access.role, 'removed')
      let found = false
      await room.change((doc) => {
        found = deleteAction(doc, actionId(c))
        if (found) deleteActionState(doc, actionId(c))
      })
      return found
    })
    if (!removed) throw httpError(Errors.ActionNotFound)
    return c.json({ deleted: true })
  })

  app.put('/:id/actions/:actionId/status', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, status)
    const home = (await series.actionHome(c.var.boardId, actionId(c))).boardId
    return c.json({ state: await actions.setStatus(home, actionId(c), body.status) })
  })

  /** "Done", with a few words on what happened: anyone taking part, in its own session or a later one. */
  app.post('/:id/actions/:actionId/done', requireAccess(deps, 'edit'), async (c) => {
    const body = await readJson(c, done)
    const home = (await series.actionHome(c.var.boardId, actionId(c))).boardId
    const now = Date.now()
    const outcome = { note: body.note, at: now, boardId: c.var.boardId }
    return c.json({ state: await actions.setStatus(home, actionId(c), 'done', now, outcome) })
  })

  app.get('/:id/actions/:actionId/stance', requireAccess(deps, 'vote'), async (c) => {
    const home = (await series.actionHome(c.var.boardId, actionId(c))).boardId
    return c.json({ stance: await actions.myStance(home, actionId(c), requirePerson(c.var.access)) })
  })
  app.put('/:id/actions/:actionId/stance', requireAccess(deps, 'vote'), async (c) => {
    const person = requirePerson(c.var.access)
    const body = await readJson(c, stance)
    const home = await series.actionHome(c.var.boardId, actionId(c))
    // Someone in an anonymous later session gives no name, whatever the action's own session keeps.
    const anonymousHere =
      home.carried && ((await deps.rooms.withRoom(c.var.boardId, (room) => readSettings(room.doc).anonymous)) ?? true)
    const name = anonymousHere ? null : body.name
    const value = body.stance ? { stance: body.stance, note: body.note, name } : null
    return c.json({ state: await actions.setStance(home.boardId, actionId(c), person, value) })
  })
  return app
}
