import { canEdit, canFacilitate, canVote, Errors, type ApiErrorDef, type Role } from '@roundtable/board'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import { boardIdParam } from '../validate'
import { timingSafeEqual } from 'node:crypto'
import { digest, sha256 } from './keys'

/** Who is asking: their role on this board, and (for a browser session) the person they are. */
export interface Access {
  role: Role
  /** Server-issued id of the person's session; null for key-only callers (scripts, stock providers). */
  personId: string | null
}

/** The per-board cookie holding a session token. HttpOnly: page scripts can never read it. */
export function sessionCookieName(boardId: string): string {
  return `rt_${boardId}`
}

/** Credentials a request may carry. Keys are never logged, whichever way they come. */
export interface Credentials {
  key?: string | undefined
  sessionToken?: string | undefined
}

/** A refusal carries its entry in the shared error table (auth.key_needed, auth.forbidden, auth.summary_only). */
export type AccessResult = { ok: true; access: Access } | { ok: false; error: ApiErrorDef; message: string }

/** Keys no real key can match (real keys are 32 letters and digits), compared when the board is unknown. */
const UNKNOWN_BOARD_KEYS = { facilitator: '-', participant: '-', view: '-', summary: '-' }

/** What a key can open: a role on the board, or (summary links) only the session summary. */
type KeyRole = Role | 'summary'
const KEY_ROLES = ['facilitator', 'participant', 'view', 'summary'] as const satisfies readonly KeyRole[]

/**
 * How long a board's keys (as digests) and existence are kept in memory after storage was read (ms). A crowd joining
 * one board at once costs one storage read and no key hashing beyond each caller's own key. Deleting or creating a
 * board on this server forgets its entry at once ({@link forgetBoardAccess}); another server's deletion is seen
 * within this time (and a board deleted elsewhere still fails to load here).
 */
export const ACCESS_CACHE_MS = 5_000
/** Boards whose access is kept at most; the oldest entry goes first (unknown ids are kept too, see `boardAccess`). */
const ACCESS_CACHE_MAX = 10_000

/** A board's keys as SHA-256 digests (null: no key for that role), in KEY_ROLES order, and whether the board exists. */
interface BoardAccess {
  digests: (Buffer | null)[]
  exists: boolean
}

interface AccessCache {
  entries: Map<string, { until: number; access: Promise<BoardAccess> }>
  /** Bumped by every `forgetBoardAccess`: a read that started before it is not kept. */
  epoch: number
}

/** One cache per store (each server, and each test's server, has its own). */
const caches = new WeakMap<object, AccessCache>()

function cacheFor(deps: AppDeps): AccessCache {
  let cache = caches.get(deps.store)
  if (!cache) caches.set(deps.store, (cache = { entries: new Map(), epoch: 0 }))
  return cache
}

/**
 * Forget what is kept about a board's access: call when a board is deleted or created, so the next connection or
 * request reads storage again.
 */
export function forgetBoardAccess(deps: AppDeps, boardId: string): void {
  const cache = cacheFor(deps)
  cache.epoch++
  cache.entries.delete(boardId)
}

/**
 * A board's key digests and existence, read from storage once per board per ACCESS_CACHE_MS (concurrent callers
 * share the read). Unknown ids are kept like known ones, with stand-in keys, so asking twice costs the same
 * whether the board exists or not.
 */
function boardAccess(deps: AppDeps, boardId: string): Promise<BoardAccess> {
  const cache = cacheFor(deps)
  const now = performance.now()
  const hit = cache.entries.get(boardId)
  if (hit && hit.until > now) return hit.access
  const epoch = cache.epoch
  const access = (async (): Promise<BoardAccess> => {
    // Both reads whether or not the board exists, so an unknown id costs what a known one does.
    const [keys, board] = await Promise.all([deps.store.getKeys(boardId), deps.store.getBoard(boardId)])
    const exists = keys !== null && board !== null
    const source: Partial<Record<KeyRole, string>> = keys ?? UNKNOWN_BOARD_KEYS
    return { digests: KEY_ROLES.map((role) => (source[role] ? digest(source[role]) : null)), exists }
  })()
  cache.entries.delete(boardId)
  if (cache.entries.size >= ACCESS_CACHE_MAX) cache.entries.delete(cache.entries.keys().next().value!)
  const entry = { until: now + ACCESS_CACHE_MS, access }
  cache.entries.set(boardId, entry)
  // A failed read, or one that a deletion or creation overtook, is not kept.
  access.then(
    () => {
      if (cache.epoch !== epoch && cache.entries.get(boardId) === entry) cache.entries.delete(boardId)
    },
    () => {
      if (cache.entries.get(boardId) === entry) cache.entries.delete(boardId)
    },
  )
  return access
}

/** True when the board exists (read through the same cache as its keys). */
export async function boardExists(deps: AppDeps, boardId: string): Promise<boolean> {
  return (await boardAccess(deps, boardId)).exists
}

/**
 * Which role a key belongs to, if any. The key is hashed once and its digest compared (constant time) with every
 * stored key's, always all of them, so timing says nothing about which matched.
 */
async function roleOfKey(deps: AppDeps, boardId: string, key: string): Promise<KeyRole | null> {
  // An unknown board is compared against stand-in keys, so it costs the same as a wrong key on a real board.
  const { digests } = await boardAccess(deps, boardId)
  const given = digest(key)
  let role: KeyRole | null = null
  KEY_ROLES.forEach((r, i) => {
    const stored = digests[i]
    if (stored && timingSafeEqual(stored, given) && role === null) role = r
  })
  return role
}

/**
 * Check credentials against a board's keys (constant time) or sessions. A summary key is refused here: it opens
 * only the summary routes, which use {@link resolveSummaryAccess}.
 */
export async function resolveAccess(deps: AppDeps, boardId: string, creds: Credentials): Promise<AccessResult> {
  if (creds.key) {
    const role = await roleOfKey(deps, boardId, creds.key)
    if (role === 'summary')
      return {
        ok: false,
        error: Errors.SummaryOnly,
        message: 'this link opens only the session summary, not the board',
      }
    if (role) return { ok: true, access: { role, personId: null } }
    return { ok: false, error: Errors.Forbidden, message: 'that key does not open this board' }
  }
  if (creds.sessionToken) {
    const session = await deps.store.getSession(sha256(creds.sessionToken))
    if (session && session.boardId === boardId) {
      return { ok: true, access: { role: session.role, personId: session.personId } }
    }
    return {
      ok: false,
      error: Errors.Forbidden,
      message: 'your session for this board is not valid; open the link you were sent again',
    }
  }
  return { ok: false, error: Errors.KeyNeeded, message: 'a key is needed: open the link you were sent' }
}

/** Credentials from an HTTP request: `Authorization: Bearer <key>`, or the board's session cookie. */
export function httpCredentials(c: Context, boardId: string): Credentials {
  const auth = c.req.header('authorization')
  const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1]
  return { key: bearer, sessionToken: bearer ? undefined : getCookie(c, sessionCookieName(boardId)) }
}

type Need = 'view' | 'edit' | 'vote' | 'facilitate'
const allowed: Record<Need, (role: Role) => boolean> = {
  view: () => true,
  edit: canEdit,
  vote: canVote,
  facilitate: canFacilitate,
}
const refusal: Record<Need, ApiErrorDef> = {
  view: Errors.Forbidden,
  edit: Errors.ViewOnly,
  vote: Errors.ViewOnly,
  facilitate: Errors.FacilitatorOnly,
}

/**
 * Route guard: the caller must hold a role that allows `need`, and the board must exist. Sets `c.var.access`.
 * Keys are checked before the board is looked up: without a valid key an unknown board answers exactly like a
 * known one (401/403), so board ids cannot be probed.
 */
export function requireAccess(deps: AppDeps, need: Need): MiddlewareHandler<BoardEnv> {
  return async (c, next) => {
    const boardId = boardIdParam(c)
    const result = await resolveAccess(deps, boardId, httpCredentials(c, boardId))
    if (!result.ok) throw httpError(result.error, result.message)
    if (!allowed[need](result.access.role)) throw httpError(refusal[need])
    if (!(await boardExists(deps, boardId))) throw httpError(Errors.BoardNotFound)
    c.set('access', result.access)
    c.set('boardId', boardId)
    await next()
  }
}

/**
 * Access to the read-only session summary: its own summary key, or anyone who may view the board (any key or
 * session of this board).
 */
export async function resolveSummaryAccess(
  deps: AppDeps,
  boardId: string,
  creds: Credentials,
): Promise<{ ok: true } | Extract<AccessResult, { ok: false }>> {
  if (creds.key && (await roleOfKey(deps, boardId, creds.key)) === 'summary') return { ok: true }
  const result = await resolveAccess(deps, boardId, creds)
  return result.ok ? { ok: true } : result
}

/** Route guard for the summary routes: the caller must hold a summary or board key (checked first), and the board must exist. */
export function requireSummaryAccess(deps: AppDeps): MiddlewareHandler<{ Variables: { boardId: string } }> {
  return async (c, next) => {
    const boardId = boardIdParam(c)
    const result = await resolveSummaryAccess(deps, boardId, httpCredentials(c, boardId))
    if (!result.ok) throw httpError(result.error, result.message)
    if (!(await boardExists(deps, boardId))) throw httpError(Errors.BoardNotFound)
    c.set('boardId', boardId)
    await next()
  }
}

/** The caller's person id, or 403 for key-only callers: one vote per person needs a personal session. */
export function requirePerson(access: Access): string {
  if (!access.personId) {
    throw httpError(
      Errors.SessionNeeded,
      'voting needs a personal session: exchange your key at POST /api/boards/:id/session first',
    )
  }
  return access.personId
}
