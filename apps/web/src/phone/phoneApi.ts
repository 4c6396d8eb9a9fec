import { ApiError, apiErrorOf } from '../lib/api'
import { getIdentity } from '../lib/identity'
import { photoRefusalWords } from '../lib/photos'
import { strings } from '../strings'
import type { SendFailure } from './outbox'

/** How long one send may take on a weak Wi-Fi before it counts as "could not reach the server". */
const SEND_TIMEOUT_MS = 15_000

/** An idea as the server answers it. */
export interface SentIdea {
  id: string
  text: string
}

/**
 * Add an idea from a phone. The server places it in the "Incoming ideas" frame on the first board, in the next
 * free cell, so ideas from phones are tidy and never cover anyone's work. Uses the board's session cookie. Sent with
 * this device's id and name, as the canvas stamps its notes, so the idea counts for this person in People and equal
 * voice (the server leaves them out in anonymous sessions).
 */
export async function postIncomingIdea(boardId: string, text: string): Promise<SentIdea> {
  const me = getIdentity()
  let response: Response
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/ideas`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, area: 'incoming', author: { id: me.id, name: me.name } }),
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined,
    })
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'network error', 0)
  }
  if (!response.ok) throw await apiErrorOf(response)
  return ((await response.json()) as { idea: SentIdea }).idea
}

/**
 * Whether a failed send should be tried again later (no connection, the server restarting or busy) or given up
 * with a message (the server said no for good).
 */
export function classifySendError(error: unknown): { kind: SendFailure; message: string } {
  const status = error instanceof ApiError ? error.status : 0
  const code = error instanceof ApiError ? error.code : null
  if (status === 0 || status === 408 || code === 'rate.limited' || status === 429 || status >= 500)
    return { kind: 'network', message: strings.room.saved }
  // A facilitator locked the board for a moment: keep the idea and send it once the board is open again.
  if (code === 'board.locked') return { kind: 'network', message: strings.room.lockedWait }
  if (code === 'auth.view_only') return { kind: 'refused', message: strings.room.viewOnly }
  if (code?.startsWith('photo.')) return { kind: 'refused', message: photoRefusalWords(error) }
  return { kind: 'refused', message: strings.room.refused }
}
