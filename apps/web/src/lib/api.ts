/** The client side of the server's HTTP API (see apps/server). Every call throws `ApiError` on failure. */

import {
  readErrorBody,
  type ActionStatus,
  type EvidenceSettings,
  type ErrorCode,
  type ExportFormat,
  type PublishedActionState,
  type PublishedRound,
  type ScreenState,
  type CarriedAction,
  type SessionSettings,
  type SummonState,
  type TimerState,
} from '@roundtable/board'
import { serverClock } from './serverClock'

/** What a link lets a person do on a board. */
export type Role = 'facilitator' | 'participant' | 'view'

/** What the server says about a board, for the person asking. */
export interface BoardInfo {
  id: string
  title: string
  createdAt: number | string
  role: Role
  anonymous: boolean
  /** When the board will be deleted if nobody changes it (ms), or null when it is kept until deleted. */
  deletesAt?: number | null
}

/** The invitation links of a board, and its summary link; each carries its key in the fragment (#key=…). */
export interface BoardLinks {
  participant: string
  facilitator: string
  view: string
  /** The read-only summary page, for everyone who took part; missing on boards made before summary links. */
  summary?: string
}

/** Run-time settings the server hands to the client. */
export interface ClientConfig {
  tldrawLicenseKey: string | null
}

/**
 * A failed API call. `status` is 0 when the server could not be reached at all. `code` is the server's machine code
 * (packages/board/src/errors.ts), or null when the answer carried none: branch on it, never on the message.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: ErrorCode | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The ApiError for a failed answer: its status, and the code and message of its JSON body when it has one. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const error = readErrorBody(body)
  return new ApiError(
    error?.message || `HTTP ${response.status}`,
    response.status,
    (error?.code as ErrorCode | undefined) ?? null,
  )
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response
  const sentAt = Date.now()
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    })
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'network error', 0)
  }
  // Every answer says roughly what time it is at the server: shared countdowns use it to correct clock skew.
  serverClock.sawDateHeader(response.headers.get('date'), sentAt)
  if (!response.ok) throw await apiErrorOf(response)
  return (await response.json()) as T
}

/** Create a new, blank board. */
export function createBoard(title?: string): Promise<{ id: string; title: string; links: BoardLinks }> {
  return request('/api/boards', { method: 'POST', body: JSON.stringify(title ? { title } : {}) })
}

/**
 * Exchange a link's key for this board's session cookie (HttpOnly: scripts never see it again). The key goes in a
 * header, never in a URL the server or a proxy would log.
 */
export async function exchangeKey(boardId: string, key: string): Promise<{ role: Role }> {
  // A whole room opening one link at once can meet the server's limit on new people per link (rate.limited):
  // wait as the server asks and try again, a few times, rather than telling someone their link does not work.
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(`/api/boards/${encodeURIComponent(boardId)}/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
      })
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'rate.limited' || attempt >= EXCHANGE_ATTEMPTS) throw error
      await new Promise((resolve) => setTimeout(resolve, EXCHANGE_RETRY_MS * attempt))
    }
  }
}

/** How often, and how far apart, a key exchange refused for the rate limit is tried again. */
const EXCHANGE_ATTEMPTS = 5
const EXCHANGE_RETRY_MS = 2000

/** The board's invitation links (facilitators only). */
export function getLinks(boardId: string): Promise<{ links: BoardLinks }> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/links`)
}

/**
 * Look up a board, with this browser's session or (the shared screen) a key sent as a Bearer token. Throws an
 * `ApiError`: 401 / 403 without a valid key (also for a board that does not exist: the server does not say which),
 * 404 `board.not_found` only when a valid key's board has gone.
 */
export function getBoard(boardId: string, key?: string | null): Promise<BoardInfo> {
  return request(
    `/api/boards/${encodeURIComponent(boardId)}`,
    key ? { headers: { authorization: `Bearer ${key}` } } : undefined,
  )
}

const CONFIG_TIMEOUT_MS = 5000

let configPromise: Promise<ClientConfig> | undefined

/** The server's client settings, fetched once per page load. Falls back to "no licence key" when unreachable. */
export function getClientConfig(): Promise<ClientConfig> {
  // Bounded wait: a board with a local copy must still open when the server hangs instead of failing fast.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(CONFIG_TIMEOUT_MS) : undefined
  configPromise ??= request<Partial<ClientConfig>>('/api/config', { signal }).then(
    (config) => ({
      tldrawLicenseKey:
        typeof config.tldrawLicenseKey === 'string' && config.tldrawLicenseKey ? config.tldrawLicenseKey : null,
    }),
    () => {
      configPromise = undefined // try again next time
      return { tldrawLicenseKey: null }
    },
  )
  return configPromise
}

// --- Votes ------------------------------------------------------------------------------------------------------

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`
const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })

/** A facilitator's settings for a new vote round. */
export interface NewRound {
  pageId?: string
  dotsPerPerson: number
  maxPerIdea: number | null
  hidden: boolean
  durationSeconds: number | null
}

/** One person's own dots in a round (nobody else's). */
export interface MyDots {
  roundId: string
  dots: Record<string, number>
  used: number
  remaining: number
  abstained: boolean
}

/** Every round of the board, as everyone may see it. */
export function listRounds(boardId: string): Promise<{ rounds: PublishedRound[] }> {
  return request(`${board(boardId)}/rounds`)
}

/** Start a vote round (facilitators). */
export function startRound(boardId: string, round: NewRound): Promise<{ round: PublishedRound }> {
  return request(`${board(boardId)}/rounds`, json('POST', round))
}

/** End a round: no more dots (facilitators). */
export function closeRound(boardId: string, roundId: string): Promise<{ round: PublishedRound }> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/close`, { method: 'POST' })
}

/** Show a hidden round's results to everyone (facilitators). */
export function revealRound(boardId: string, roundId: string): Promise<{ round: PublishedRound }> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/reveal`, { method: 'POST' })
}

/** This person's own dots in a round. */
export function getMyDots(boardId: string, roundId: string): Promise<MyDots> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/mine`)
}

/** Put one dot on an idea. */
export function placeDot(boardId: string, roundId: string, ideaId: string): Promise<MyDots> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/dots`, json('POST', { ideaId }))
}

/** Take one dot back from an idea. */
export function removeDot(boardId: string, roundId: string, ideaId: string): Promise<MyDots> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/dots`, json('DELETE', { ideaId }))
}

/** "I won't vote this round" (true) or "I want to vote after all" (false). */
export function setAbstain(boardId: string, roundId: string, abstain: boolean): Promise<MyDots> {
  return request(`${board(boardId)}/rounds/${encodeURIComponent(roundId)}/abstain`, json('POST', { abstain }))
}

// --- Actions ----------------------------------------------------------------------------------------------------

/** One person's stance on an action, as the server keeps it. */
export interface MyStance {
  stance: 'agree' | 'concern'
  note: string
  name: string | null
  updatedAt: number
}

/** Change an action's status (facilitators). */
export function setActionStatus(
  boardId: string,
  actionId: string,
  status: ActionStatus,
): Promise<{ state: PublishedActionState }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}/status`, json('PUT', { status }))
}

/**
 * Change what, who or when of an action through the server: needed once people have agreed to it (only a
 * facilitator may then, and the server keeps a version first and tells the people who agreed).
 */
export function changeAction(
  boardId: string,
  actionId: string,
  change: { what?: string; who?: string; due?: string | null },
): Promise<{ action: unknown }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}`, json('PATCH', change))
}

/** Remove an action through the server (a facilitator's, once people have agreed to it; a version is kept first). */
export function removeAction(boardId: string, actionId: string): Promise<{ deleted: true }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}`, { method: 'DELETE' })
}

/** This person's own stance on an action, or null. */
export function getMyStance(boardId: string, actionId: string): Promise<{ stance: MyStance | null }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}/stance`)
}

/** Say "I agree", "I have a concern" (with an optional note), or take it back (null). */
export function setMyStance(
  boardId: string,
  actionId: string,
  body: { stance: 'agree' | 'concern' | null; note?: string; name?: string | null },
): Promise<{ state: PublishedActionState }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}/stance`, json('PUT', body))
}

// --- A series of sessions ------------------------------------------------------------------------------------

/** The series' own links (facilitators): its page (key in the fragment) and its calendar feed. */
export interface SeriesLinks {
  page: string
  feed: string
  /** The feed with `webcal://`, which phones open in their calendar app. */
  webcal: string
}

/** A series as a session sees it: its name, this session's place and every session in order. */
export interface Series {
  id: string
  name: string
  createdAt: number | string
  /** This session's number in the series, from 1. */
  number: number
  sessions: { id: string; title: string; number: number; createdAt: number | string }[]
  /** Only for facilitators. */
  links?: SeriesLinks
}

/** What "Start the next session" makes: a new session, last in the series, with its own links. */
export interface FollowOn {
  id: string
  title: string
  links: BoardLinks
  series: Series
}

/**
 * Start the next session after this one (facilitators). `seriesName` names the series when this makes a new one
 * (the server ignores it otherwise).
 */
export function followOn(boardId: string, body: { title?: string; seriesName?: string }): Promise<FollowOn> {
  return request(`${board(boardId)}/follow-on`, json('POST', body))
}

/** The series this session belongs to (null when none); with its links for facilitators. */
export function getSeries(boardId: string): Promise<{ series: Series | null }> {
  return request(`${board(boardId)}/series`)
}

/** Earlier sessions' actions still shown in this one (the same list as the board's `series.carried`). */
export function getCarried(boardId: string): Promise<{ carried: CarriedAction[] }> {
  return request(`${board(boardId)}/carried`)
}

/** Mark an action done with a short note of what happened (this session's own actions or carried ones). */
export function markActionDone(
  boardId: string,
  actionId: string,
  note: string,
): Promise<{ state: PublishedActionState }> {
  return request(`${board(boardId)}/actions/${encodeURIComponent(actionId)}/done`, json('POST', { note }))
}

// --- Facilitation -----------------------------------------------------------------------------------------------

/** What a facilitator can do with the shared timer. */
export type TimerCommand =
  | { action: 'start'; seconds: number }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'reset' }

/** Start, pause, resume or reset the shared timer (facilitators). */
export async function commandTimer(boardId: string, command: TimerCommand): Promise<{ timer: TimerState }> {
  const sentAt = Date.now()
  const answer = await request<{ timer: TimerState }>(`${board(boardId)}/timer`, json('POST', command))
  // `serverNow` was stamped while the request was in flight: a millisecond-precise reading of the server clock.
  serverClock.sawResponseTimestamp(answer.timer.serverNow, sentAt)
  return answer
}

/** Lock or unlock one board (tldraw page) for everyone (facilitators). */
export function setPageLock(boardId: string, pageId: string, locked: boolean): Promise<{ settings: SessionSettings }> {
  return request(`${board(boardId)}/locks`, json('PUT', { pageId, locked }))
}

/** Turn anonymous mode on or off; refused (409) once ideas exist (facilitators). */
export function setAnonymous(boardId: string, anonymous: boolean): Promise<{ settings: SessionSettings }> {
  return request(`${board(boardId)}/settings`, json('PUT', { anonymous }))
}

/** "Bring everyone to me": everyone's view follows this person (facilitators). */
export function summonEveryone(boardId: string, userId: string, name: string): Promise<{ summon: SummonState }> {
  return request(`${board(boardId)}/summon`, json('POST', { userId, name }))
}

/** Stop bringing everyone along (facilitators). */
export function endSummon(boardId: string): Promise<{ summon: null }> {
  return request(`${board(boardId)}/summon`, { method: 'DELETE' })
}

/** Name the session (facilitators): every screen, export and file name follows, and history keeps an entry. */
export function renameSession(boardId: string, title: string): Promise<{ title: string }> {
  return request(`${board(boardId)}/title`, json('PUT', { title }))
}

/** What the shared screen shows besides the board (facilitators): the summary link, for the end of a session. */
export function setScreen(boardId: string, screen: ScreenState): Promise<{ screen: ScreenState }> {
  return request(`${board(boardId)}/screen`, json('PUT', screen))
}

/** The summary link to pass on and its QR code (SVG), with this browser's session or a key (the shared screen). */
export function getSummaryShare(boardId: string, key?: string | null): Promise<{ link: string; qr: string }> {
  return request(`${board(boardId)}/summary/share`, key ? { headers: { authorization: `Bearer ${key}` } } : undefined)
}

// --- Whose voices (evidence of co-production) -------------------------------------------------------------------

/** This person's own answer to "How do you come to this session?" (nobody else's is ever sent). */
export interface MyAnswer {
  /** Whether the session asks the question now. */
  ask: boolean
  answered: boolean
  /** The group chosen; `RATHER_NOT_SAY` ('') for "I'd rather not say"; null when not answered. */
  group: string | null
}

/**
 * Ask or stop asking how people come to the session, and set the answers offered and the smallest group shown
 * (facilitators). 400 when the list or number is not allowed; 409 in an anonymous session.
 */
export function setEvidence(boardId: string, body: EvidenceSettings): Promise<{ settings: SessionSettings }> {
  return request(`${board(boardId)}/evidence`, json('PUT', body))
}

/** This person's own answer, and whether the session is asking. */
export function getMyAnswer(boardId: string): Promise<MyAnswer> {
  return request(`${board(boardId)}/me/answer`)
}

/** Give an answer (a group offered, or `RATHER_NOT_SAY`), or take it back (null). */
export function setMyAnswer(boardId: string, group: string | null): Promise<Pick<MyAnswer, 'answered' | 'group'>> {
  return request(`${board(boardId)}/me/answer`, json('PUT', { group }))
}

// --- History and data care (facilitators) ---------------------------------------------------------------------

/** A kept version of a board. */
export interface VersionInfo {
  id: string
  createdAt: number
  reason: string
  ideas: number
  actions: number
}

export function listVersions(boardId: string): Promise<{ versions: VersionInfo[] }> {
  return request(`${board(boardId)}/versions`)
}

export function previewVersion(
  boardId: string,
  versionId: string,
): Promise<{ version: VersionInfo; ideas: { id: string; text: string }[]; actions: { id: string; what: string }[] }> {
  return request(`${board(boardId)}/versions/${encodeURIComponent(versionId)}`)
}

export function restoreVersion(
  boardId: string,
  versionId: string,
): Promise<{ restored: VersionInfo; undo: VersionInfo }> {
  return request(`${board(boardId)}/versions/${encodeURIComponent(versionId)}/restore`, { method: 'POST' })
}

/** Delete the whole session and everything stored for it. */
export function deleteSession(boardId: string): Promise<{ deleted: true }> {
  return request(board(boardId), { method: 'DELETE' })
}

/** Delete every session of this session's series (each as deleteSession would), then the series itself. */
export function deleteSeries(boardId: string): Promise<{ deleted: string[] }> {
  return request(`${board(boardId)}/series`, { method: 'DELETE' })
}

// ---- Exports (see docs/EXPORTS.md) ----

/** One export as a file: its bytes, and the name the server gave it (null if it gave none). */
export function getExport(boardId: string, format: ExportFormat): Promise<{ blob: Blob; fileName: string | null }> {
  return getFile(`${board(boardId)}/export?format=${format}`)
}

/** Every action of every session of this session's series, as a file (people who took part). */
export function getSeriesExport(
  boardId: string,
  format: 'csv' | 'md',
): Promise<{ blob: Blob; fileName: string | null }> {
  return getFile(`${board(boardId)}/series/export?format=${format}`)
}

async function getFile(path: string): Promise<{ blob: Blob; fileName: string | null }> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin' })
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'network error', 0)
  }
  if (!response.ok) throw await apiErrorOf(response)
  return { blob: await response.blob(), fileName: fileNameFromDisposition(response.headers.get('content-disposition')) }
}

/** The file name in a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 6266) first, else `filename="…"`. */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = header.match(/filename\*\s*=\s*UTF-8''([^;]+)/i)?.[1]
  if (extended) {
    try {
      return decodeURIComponent(extended.trim())
    } catch {
      // Badly encoded: fall back to the plain name.
    }
  }
  const plain =
    header.match(/filename\s*=\s*"((?:[^"\\]|\\.)*)"/i)?.[1] ?? header.match(/filename\s*=\s*([^;\s]+)/i)?.[1]
  return plain ? plain.replace(/\\(.)/g, '$1') : null
}
