import {
  Errors,
  cleanEvidenceGroups,
  IDLE_TIMER,
  MAX_EVIDENCE_GROUPS,
  MAX_EVIDENCE_THRESHOLD,
  MAX_GROUP_LABEL,
  MIN_EVIDENCE_THRESHOLD,
  listIdeas,
  listPages,
  readSettings,
  readTimer,
  writeSession,
  type ScreenState,
  type SessionSettings,
  type TimerState,
} from '@roundtable/board'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import { readFresh } from '../services/fresh'
import { readJson } from '../validate'

const timerBody = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('start'),
      seconds: z
        .number()
        .int()
        .min(1)
        .max(24 * 3600),
    }),
    z.object({ action: z.literal('pause') }),
    z.object({ action: z.literal('resume') }),
    z.object({ action: z.literal('reset') }),
  ],
  { error: 'action must be one of start, pause, resume, reset' },
)
const lockBody = z.object({ pageId: z.string().min(1).max(100), locked: z.boolean() })
const settingsBody = z.object({ anonymous: z.boolean() })
const evidenceBody = z.object({
  ask: z.boolean({ error: 'ask must be true or false' }),
  groups: z
    .array(z.string().max(MAX_GROUP_LABEL, `each answer must be at most ${MAX_GROUP_LABEL} characters`), {
      error: 'groups must be a list of answers',
    })
    .max(MAX_EVIDENCE_GROUPS * 2, `offer at most ${MAX_EVIDENCE_GROUPS} answers`)
    .transform(cleanEvidenceGroups)
    .refine((groups) => groups.length >= 1, 'offer at least one answer')
    .refine((groups) => groups.length <= MAX_EVIDENCE_GROUPS, `offer at most ${MAX_EVIDENCE_GROUPS} answers`),
  threshold: z
    .number({ error: 'threshold must be a number' })
    .int('threshold must be a whole number')
    .min(MIN_EVIDENCE_THRESHOLD, `threshold must be at least ${MIN_EVIDENCE_THRESHOLD}`)
    .max(MAX_EVIDENCE_THRESHOLD, `threshold must be at most ${MAX_EVIDENCE_THRESHOLD}`),
})
const screenBody = z.object({ summary: z.boolean({ error: 'summary must be true or false' }) })
const summonBody = z.object({ userId: z.string().min(1).max(200), name: z.string().trim().max(80).default('') })

/** Next timer state for a facilitator's request; pure, so it is easy to follow. */
export function nextTimer(current: TimerState, body: z.infer<typeof timerBody>, now: number): TimerState {
  switch (body.action) {
    case 'start':
      return {
        status: 'running',
        durationMs: body.seconds * 1000,
        endsAt: now + body.seconds * 1000,
        remainingMs: body.seconds * 1000,
        serverNow: now,
      }
    case 'pause': {
      if (current.status !== 'running' || current.endsAt === null)
        throw httpError(Errors.TimerState, 'the timer is not running')
      return {
        ...current,
        status: 'paused',
        endsAt: null,
        remainingMs: Math.max(0, current.endsAt - now),
        serverNow: now,
      }
    }
    case 'resume': {
      if (current.status !== 'paused') throw httpError(Errors.TimerState, 'the timer is not paused')
      return { ...current, status: 'running', endsAt: now + current.remainingMs, serverNow: now }
    }
    case 'reset':
      return { ...IDLE_TIMER, serverNow: now }
  }
}

/**
 * The tools any facilitator has, equally: the shared timer, locking a board, session settings (anonymous mode, the
 * evidence question), what the shared screen shows (the summary link), and "bring everyone to me". Each writes a server-owned part of the board, which every client
 * reads; no participant can forge them.
 */
export function facilitationRoutes(deps: AppDeps): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()

  const change = async <T>(boardId: string, fn: (doc: import('yjs').Doc) => T): Promise<T> => {
    let result: T | undefined
    const done = await deps.rooms.withRoom(boardId, (room) => room.change((doc) => void (result = fn(doc))))
    if (done === null) throw httpError(Errors.BoardNotFound)
    return result as T
  }

  app.post('/:id/timer', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, timerBody)
    const timer = await change(c.var.boardId, (doc) => {
      const next = nextTimer(readTimer(doc), body, Date.now())
      writeSession(doc, 'timer', next)
      return next
    })
    return c.json({ timer })
  })

  app.put('/:id/locks', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, lockBody)
    await readFresh(deps.rooms, c.var.boardId, (room) => listPages(room.doc).some((p) => p.id === body.pageId), Boolean)
    const settings = await change(c.var.boardId, (doc) => {
      if (!listPages(doc).some((p) => p.id === body.pageId))
        throw httpError(Errors.RequestInvalid, 'pageId: no such board in this session')
      const current = readSettings(doc)
      const locked = new Set(current.lockedPages)
      if (body.locked) locked.add(body.pageId)
      else locked.delete(body.pageId)
      const next: SessionSettings = { ...current, lockedPages: Array.from(locked) }
      writeSession(doc, 'settings', next)
      return next
    })
    return c.json({ settings })
  })

  app.put('/:id/settings', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, settingsBody)
    const settings = await change(c.var.boardId, (doc) => {
      const current = readSettings(doc)
      if (current.anonymous !== body.anonymous && listIdeas(doc).length > 0) {
        throw httpError(Errors.AnonymousFixed)
      }
      // An anonymous session collects nothing about who people are, so it stops asking how they come to it.
      const evidence = body.anonymous ? { ...current.evidence, ask: false } : current.evidence
      const next: SessionSettings = { ...current, anonymous: body.anonymous, evidence }
      writeSession(doc, 'settings', next)
      return next
    })
    return c.json({ settings })
  })

  app.put('/:id/evidence', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, evidenceBody)
    const settings = await change(c.var.boardId, (doc) => {
      const current = readSettings(doc)
      if (body.ask && current.anonymous)
        throw httpError(Errors.EvidenceAnonymous, 'this session is anonymous: it cannot ask people how they come to it')
      const next: SessionSettings = { ...current, evidence: body }
      writeSession(doc, 'settings', next)
      return next
    })
    return c.json({ settings })
  })

  // What the shared screen shows besides the board: the summary link, for the end of a session.
  app.put('/:id/screen', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, screenBody)
    const screen: ScreenState = { summary: body.summary }
    await change(c.var.boardId, (doc) => writeSession(doc, 'screen', screen))
    return c.json({ screen })
  })

  app.post('/:id/summon', requireAccess(deps, 'facilitate'), async (c) => {
    const body = await readJson(c, summonBody)
    const summon = { userId: body.userId, name: body.name, at: Date.now() }
    await change(c.var.boardId, (doc) => writeSession(doc, 'summon', summon))
    return c.json({ summon })
  })
  app.delete('/:id/summon', requireAccess(deps, 'facilitate'), async (c) => {
    await change(c.var.boardId, (doc) => writeSession(doc, 'summon', null))
    return c.json({ summon: null })
  })

  return app
}
