import { Errors } from '@roundtable/board'
import { Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { nanoid } from 'nanoid'
import { resolveAccess, sessionCookieName } from '../auth/access'
import { sha256 } from '../auth/keys'
import { NamedBuckets } from '../auth/sessionLimits'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import { clientIp, takeToken } from '../http/guards'
import { boardIdParam } from '../validate'

/** A session cookie lasts about a year: a person keeps their place (and their dots) on that device. */
const SESSION_MAX_AGE_S = 400 * 24 * 3600

/**
 * `POST /api/boards/:id/session` with `Authorization: Bearer <key>`: exchange a link's key, once, for an HttpOnly,
 * SameSite=Strict cookie scoped to this board. The browser then drops the key from its address bar.
 *
 * Persons are minted here, and each one counts (dots, "I agree", evidence figures), so minting is bounded:
 * - a device that already has a session here keeps its person (and dots); only the role follows the newest link;
 * - every exchange takes a token from its address's bucket, and every new person one from its key's bucket
 *   (SESSIONS_PER_IP_PER_MINUTE, SESSIONS_PER_KEY_PER_MINUTE), so a script replaying one link gets a bounded
 *   number of persons, not one per request.
 */
export function sessionRoutes(deps: AppDeps): Hono {
  const app = new Hono()
  const byAddress = new NamedBuckets(deps.config.limits.sessionsPerIpPerMinute)
  const byKey = new NamedBuckets(deps.config.limits.sessionsPerKeyPerMinute)
  app.post('/:id/session', async (c) => {
    const boardId = boardIdParam(c)
    takeToken(c, byAddress, clientIp(c, deps.config.trustProxy), 'sessions from your address')
    const key = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
    if (!key) throw httpError(Errors.KeyNeeded, 'send the key from your link as Authorization: Bearer <key>')
    // The key first: without a valid key an unknown board answers like a known one.
    const keyAccess = await resolveAccess(deps, boardId, { key })
    if (!keyAccess.ok) throw httpError(keyAccess.error, keyAccess.message)
    if (!(await deps.store.getBoard(boardId))) throw httpError(Errors.BoardNotFound)
    const role = keyAccess.access.role
    const cookieName = sessionCookieName(boardId)
    const existingToken = getCookie(c, cookieName)
    const existing = existingToken ? await resolveAccess(deps, boardId, { sessionToken: existingToken }) : null
    if (existing?.ok && existing.access.role === role) return c.json({ role })
    const knownPerson = existing?.ok ? existing.access.personId : null
    // Keys are secrets and never kept in memory as such: the bucket is named by the board and the role it opens.
    if (!knownPerson) takeToken(c, byKey, `${boardId}:${role}`, 'new people on this link')
    const personId = knownPerson ?? nanoid(16)
    const token = nanoid(32)
    await deps.store.createSession(sha256(token), { boardId, role, personId, createdAt: Date.now() })
    setCookie(c, cookieName, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: (deps.config.publicUrl ?? c.req.url).startsWith('https:'),
      path: '/',
      maxAge: SESSION_MAX_AGE_S,
    })
    return c.json({ role })
  })
  return app
}
