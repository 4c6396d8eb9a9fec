import { closeCodeName, isFatalCloseCode } from '@roundtable/board'
import { ApiError } from '../lib/api'

/**
 * What a page does when the server will not have it: every page (board, phone, shared screen) shows one of these,
 * chosen from the close event's code name or the HTTP status, never from the words that came with it.
 */
export type Stop = 'not-found' | 'no-access' | 'refused'

/**
 * The stop a WebSocket close calls for, or null when the provider should simply reconnect (a restart, an overload,
 * a rate limit: everything outside the permanent band).
 */
export function stopForClose(code: number): Stop | null {
  if (!isFatalCloseCode(code)) return null
  const name = closeCodeName(code)
  if (name === 'ChangeRefused') return 'refused'
  if (name === 'Forbidden' || name === 'Unauthorized') return 'no-access'
  return 'not-found'
}

/** The stop a failed HTTP call calls for, or null when it is worth trying again (offline, a restart, busy). */
export function stopForApiError(error: unknown): Exclude<Stop, 'refused'> | null {
  if (!(error instanceof ApiError)) return null
  if (error.status === 404) return 'not-found'
  if (error.status === 401 || error.status === 403) return 'no-access'
  return null
}
