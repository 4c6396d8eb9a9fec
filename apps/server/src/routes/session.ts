import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { nanoid } from 'nanoid'
import { resolveAccess, sessionCookieName } from '../auth/access'
import { sha256 } from '../auth/keys'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import { boardIdParam } from '../validate'

/** A session cookie lasts about a year: a person keeps their place (and their dots) on that device. */
const SESSION_MAX_AGE_S = 400 * 24 * 3600

/**
 * `POST /api/boards/:id/session` with `Authorization: Bearer <key>`: exchange a link's key, once, for an HttpOnly,
 * SameSite=Strict cookie scoped to this board. The browser then drops the key from its address bar.
 * Someone who already has a session here keeps their person (and dots); only the role follows the newest link.
 */
export function sessionRoutes(deps: AppDeps): Hono {
  const app = new Hono()
  app.post('/:id/session', async (c) => {
    const boardId = boardIdParam(c)
    if (!(await deps.store.getBoard(boardId))) throw httpError(404, 'no board with that id')
    const key = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    if (!key) throw httpError(401, 'send the key from your link as Authorization: Bearer <key>')
    const byKey = await resolveAccess(deps, boardId, { key })
    if (!byKey.ok) throw httpError(byKey.status, byKey.message)
    const cookieName = sessionCookieName(boardId)
    const existingToken = getCookie(c, cookieName)
    const existing = existingToken ? await resolveAccess(deps, boardId, { sessionToken: existingToken }) : null
    if (existing?.ok && existing.access.role === byKey.access.role) {
      return c.json({ role: existing.access.role })
    }
    const personId = existing?.ok && existing.access.personId ? existing.access.personId : nanoid(16)
    const token = nanoid(32)
    await deps.store.createSession(sha256(token), { boardId, role: byKey.access.role, personId, createdAt: Date.now() })
    setCookie(c, cookieName, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: (deps.config.publicUrl ?? c.req.url).startsWith('https:'),
      path: '/',
      maxAge: SESSION_MAX_AGE_S,
    })
    return c.json({ role: byKey.access.role })
  })
  return app
}
