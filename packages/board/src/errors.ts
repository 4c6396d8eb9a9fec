/**
 * Every machine code the server answers an HTTP request with, in one table read by server and clients. A code is
 * the contract (clients branch on it, never on words); `words` are plain default words a client may show, and the
 * server may send more precise words for one answer. Every HTTP error body is `{ error: { code, message } }`.
 *
 * Codes are `area.what`. Statuses follow HTTP: 4xx the request cannot succeed as sent, 429 and 5xx try again later.
 * The WebSocket close events (with their own codes) are in closeCodes.ts; the finer reasons a change is refused
 * (the detail of a `change.refused` close) are {@link ChangeRefusals} below.
 */
export const Errors = {
  // --- The request itself ---------------------------------------------------------------------------------------
  /** The body or a parameter is not what the route accepts; the message says which field. */
  RequestInvalid: { code: 'request.invalid', status: 400, words: 'The request is not valid.' },
  /** The body was not sent as JSON. */
  RequestNotJson: { code: 'request.not_json', status: 415, words: 'Send JSON with Content-Type: application/json.' },
  /** The body is larger than the server accepts. */
  RequestTooLarge: { code: 'request.too_large', status: 413, words: 'The request is too large.' },
  /** A browser page on another site tried to act on this server. */
  RequestOrigin: { code: 'request.origin', status: 403, words: 'Requests from that site are not allowed.' },
  /** No API route at this path. */
  RouteNotFound: { code: 'route.not_found', status: 404, words: 'There is no such API route.' },
  /** Too many requests of this kind from this address or for this link; try again later (see Retry-After). */
  RateLimited: { code: 'rate.limited', status: 429, words: 'Too many requests: try again in a little while.' },

  // --- Keys, sessions and roles ---------------------------------------------------------------------------------
  /** No key or session was offered. */
  KeyNeeded: { code: 'auth.key_needed', status: 401, words: 'A key is needed: open the link you were sent.' },
  /** The key or session does not open this board; an unknown board answers the same, so ids cannot be probed. */
  Forbidden: { code: 'auth.forbidden', status: 403, words: 'This link does not open this board.' },
  /** A summary link opens only the session summary, not the board. */
  SummaryOnly: { code: 'auth.summary_only', status: 403, words: 'This link opens only the session summary.' },
  /** A view link may look but not change anything. */
  ViewOnly: { code: 'auth.view_only', status: 403, words: 'This link can only view the board.' },
  /** Only facilitators may do this. */
  FacilitatorOnly: { code: 'auth.facilitator_only', status: 403, words: 'Only facilitators can do this.' },
  /** This needs a personal session (a browser that opened the link), not a bare key. */
  SessionNeeded: {
    code: 'auth.session_needed',
    status: 403,
    words: 'Open the link in a browser first: this needs a personal session.',
  },

  // --- Boards ---------------------------------------------------------------------------------------------------
  /** The board id in the address is not a valid id. */
  BoardBadId: { code: 'board.bad_id', status: 400, words: 'This is not a board address.' },
  /** No such board (only ever said to someone holding a valid key for it). */
  BoardNotFound: { code: 'board.not_found', status: 404, words: 'This board does not exist.' },
  /** A facilitator locked this board for a moment. */
  BoardLocked: { code: 'board.locked', status: 409, words: 'This board is locked.' },
  /** Anonymous mode can change only before any ideas are added. */
  AnonymousFixed: {
    code: 'board.anonymous_fixed',
    status: 409,
    words: 'Anonymous mode can only be changed before any ideas are added.',
  },

  // --- Votes ----------------------------------------------------------------------------------------------------
  /** No such vote round on this board. */
  VoteNotFound: { code: 'vote.not_found', status: 404, words: 'There is no such vote on this board.' },
  /** A round is open already: close it before starting another. */
  VoteAlreadyOpen: { code: 'vote.already_open', status: 409, words: 'A vote is already open; close it first.' },
  /** The round is closed. */
  VoteClosed: { code: 'vote.closed', status: 409, words: 'This vote is closed.' },
  /** The person has placed all their dots. */
  VoteBudgetUsed: {
    code: 'vote.budget_used',
    status: 409,
    words: 'You have used all your dots; take one back to move it.',
  },
  /** The person has the most dots one idea may carry. */
  VoteCap: { code: 'vote.cap', status: 409, words: 'You cannot put more dots on one idea.' },
  /** There is no dot of theirs on that idea to take back. */
  VoteNoDot: { code: 'vote.no_dot', status: 409, words: 'You have no dot on that idea.' },

  // --- Other things on a board ----------------------------------------------------------------------------------
  /** No such action on this board. */
  ActionNotFound: { code: 'action.not_found', status: 404, words: 'There is no such action on this board.' },
  /** People have agreed to this action: only a facilitator may change what, who or when, or remove it. */
  ActionAgreed: {
    code: 'action.agreed',
    status: 403,
    words: 'People have agreed to this action: only a facilitator can change what, who or when, or remove it.',
  },
  /** A later session shows an earlier session's action; it can only be removed in the session it came from. */
  ActionCarried: {
    code: 'action.carried',
    status: 409,
    words: 'This action comes from an earlier session: remove it there.',
  },

  // --- Series of sessions ---------------------------------------------------------------------------------------
  /** The series id in the address is not a valid id. */
  SeriesBadId: { code: 'series.bad_id', status: 400, words: 'This is not a series address.' },
  /** The session is in no series (said only to someone holding a valid key for the session). */
  SeriesNotFound: { code: 'series.not_found', status: 404, words: 'This session is not part of a series.' },
  /** The series holds as many sessions as it may (MAX_SERIES_SESSIONS). */
  SeriesFull: { code: 'series.full', status: 409, words: 'This series has as many sessions as it can hold.' },
  /** No such saved version on this board. */
  VersionNotFound: { code: 'version.not_found', status: 404, words: 'There is no such version of this board.' },
  /** No such file (a summary asset). */
  FileNotFound: { code: 'file.not_found', status: 404, words: 'There is no such file.' },
  /** The timer is not in a state that allows this (pausing a timer that does not run, …). */
  TimerState: { code: 'timer.state', status: 409, words: 'The timer cannot do that now.' },
  /** The session does not ask how people come to it (or is anonymous, and never asks). */
  EvidenceNotAsked: {
    code: 'evidence.not_asked',
    status: 409,
    words: 'This session does not ask how people come to it.',
  },

  /** An anonymous session never asks how people come to it. */
  EvidenceAnonymous: {
    code: 'evidence.anonymous',
    status: 409,
    words: 'This session is anonymous: nobody is asked how they come to it.',
  },

  // --- Photos ---------------------------------------------------------------------------------------------------
  /** The upload is not a JPEG, PNG or WebP picture (checked by its content, whatever its name or type says). */
  PhotoNotImage: {
    code: 'photo.not_an_image',
    status: 415,
    words: 'This file is not a photo. Send a JPEG, PNG or WebP picture.',
  },
  /** The upload has more bytes than one photo may. */
  PhotoTooLarge: { code: 'photo.too_large', status: 413, words: 'This photo is too large to send.' },
  /** The picture has more pixels than one photo may (read from its header, before it is decoded). */
  PhotoTooManyPixels: {
    code: 'photo.too_many_pixels',
    status: 413,
    words: 'This picture is too big (too many pixels) to put on the board.',
  },
  /** The picture looks like an image but cannot be read to the end (cut short or damaged). */
  PhotoUnreadable: {
    code: 'photo.unreadable',
    status: 400,
    words: 'This photo is damaged or cut short and cannot be read.',
  },
  /** The board holds as many photos, or as many bytes of photos, as it may. */
  PhotoBoardFull: { code: 'photo.board_full', status: 409, words: 'This board has no room for more photos.' },
  /** No such photo on this board. */
  PhotoNotFound: { code: 'photo.not_found', status: 404, words: 'There is no such photo on this board.' },
  /** The server is working on as many photos as it may at once; try again in a moment (see Retry-After). */
  PhotoBusy: { code: 'photo.busy', status: 503, words: 'Busy with other photos: try again in a moment.' },

  // --- The server -----------------------------------------------------------------------------------------------
  /** Something unexpected failed on the server; it was logged. */
  ServerError: { code: 'server.error', status: 500, words: 'Something went wrong on the server.' },
} as const satisfies Record<string, ApiErrorDef>

/** One entry of {@link Errors}: its machine code, its HTTP status and plain default words. */
export interface ApiErrorDef {
  code: string
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503
  words: string
}

export type ErrorName = keyof typeof Errors

/** Every machine code the HTTP API answers. */
export type ErrorCode = (typeof Errors)[ErrorName]['code']

/** The body of every HTTP error. */
export interface ErrorBody {
  error: { code: string; message: string }
}

/** The code and message of an HTTP error body, or null when the body is not one (a proxy's HTML page, …). */
export function readErrorBody(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null) return null
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code !== 'string') return null
  return { code, message: typeof message === 'string' ? message : '' }
}

/**
 * Why a change sent over the WebSocket was refused: the detail of a `change.refused` close (code 4422), sent as
 * `change.refused: <code>: <words>`, so a client can tell a locked board from an anonymous session without reading
 * words. The sync guard's refusals start with one of these codes.
 */
export const ChangeRefusals = {
  /** A facilitator locked the board (tldraw page) the change lands on. */
  Locked: { code: 'change.locked', words: 'This board is locked.' },
  /** An anonymous session: a record may not carry its author. */
  Anonymous: { code: 'change.anonymous', words: 'This session is anonymous: ideas cannot carry an author.' },
  /** The change touches data only the server may write (votes, actions, settings). */
  ServerOwned: { code: 'change.server_owned', words: 'Only the server can change this.' },
  /** The change builds on changes the server does not have. */
  Unknown: { code: 'change.unknown', words: 'The change refers to changes the server does not have.' },
  /** A value is not valid (a record that fails its schema, a number out of range, …). */
  Invalid: { code: 'change.invalid', words: 'A value in the change is not valid.' },
  /** The change would cost the server more work than one update may (too many changes, deletions or levels at
   * once); an honest client splits such work into several updates. */
  TooCostly: { code: 'change.too_costly', words: 'The change does too much at once.' },
  /** People agreed to the action: only a facilitator may change what, who or when, or remove it. */
  Agreed: { code: 'change.agreed', words: 'People have agreed to this action: only a facilitator can change it.' },
} as const satisfies Record<string, { code: string; words: string }>

/** A change refusal's machine code. */
export type ChangeRefusalCode = (typeof ChangeRefusals)[keyof typeof ChangeRefusals]['code']

/** A refusal detail for the sync guard: the refusal's code, then ": " and words (its own, or the default ones). */
export function changeRefusal(name: keyof typeof ChangeRefusals, words?: string): string {
  const refusal = ChangeRefusals[name]
  return `${refusal.code}: ${words ?? refusal.words}`
}

/**
 * The refusal code inside a close reason such as `change.refused: change.locked: this board is locked`, or
 * undefined when the detail carries none (an older server's words).
 */
export function refusalCode(closeReason: string): ChangeRefusalCode | undefined {
  const parts = closeReason.split(': ')
  const code = parts[1]
  return (Object.values(ChangeRefusals) as { code: string }[]).some((r) => r.code === code)
    ? (code as ChangeRefusalCode)
    : undefined
}
