/**
 * WebSocket close events the server uses, shared by server and clients so both branch on names, never numbers or
 * words. Each event keeps its number, its machine code (sent as the close reason, optionally followed by ": " and a
 * detail) and plain words a client can show, in one constant.
 *
 * The numbers follow the y-websocket client's bands: 4400–4499 means "give up" (a stock `WebsocketProvider` stops
 * reconnecting), every other code is transient and a stock client reconnects with backoff. So permanent refusals
 * live in 44xx; rate limits, overload, restarts and storage trouble live in 45xx.
 */
export const CloseEvents = {
  /** The board id in the URL is not a valid id. */
  BadBoardId: { code: 4400, reason: 'board.bad_id', words: 'This is not a board address.' },
  /** No key or session was offered. The client should ask for an invitation link. */
  Unauthorized: { code: 4401, reason: 'auth.key_needed', words: 'You need an invitation link to join this board.' },
  /** The key or session does not open this board (or the board does not exist: the two are not told apart). */
  Forbidden: { code: 4403, reason: 'auth.forbidden', words: 'This link does not open this board.' },
  /** The board id is well-formed, the key is valid, but no such board exists. */
  BoardNotFound: { code: 4404, reason: 'board.not_found', words: 'This board does not exist.' },
  /** A frame could not be understood (bad framing, a corrupt update, a protocol limit broken). */
  BadMessage: { code: 4406, reason: 'message.bad', words: 'The app sent something the server could not understand.' },
  /** The board was deleted by a facilitator. */
  BoardDeleted: { code: 4410, reason: 'board.deleted', words: 'This board was deleted.' },
  /** The board has reached its size limit; nothing more can be added. */
  BoardFull: { code: 4413, reason: 'board.full', words: 'This board is full: nothing more can be added.' },
  /** A change was refused (a locked board, server-owned data, an author in an anonymous session, an invalid
   * value). The client should drop its local copy and start again from the server's. */
  ChangeRefused: { code: 4422, reason: 'change.refused', words: 'A change could not be saved.' },
  /** The server could not load or store the board; try again shortly. */
  StorageFailed: { code: 4500, reason: 'server.storage_failed', words: 'The board could not be loaded or saved.' },
  /** The server is restarting; reconnect shortly. */
  ServerRestarting: { code: 4503, reason: 'server.restarting', words: 'The server is restarting.' },
  /** The connection sent nothing (not even a pong) for too long. */
  Idle: { code: 4508, reason: 'connection.idle', words: 'The connection was quiet for too long.' },
  /** The connection did not read what the server sent it, and its unsent backlog passed the ceiling. */
  SlowReader: { code: 4509, reason: 'connection.too_slow', words: 'The connection fell too far behind.' },
  /** This connection sent messages faster than allowed. */
  RateLimited: { code: 4520, reason: 'rate.messages', words: 'Too many messages: slow down.' },
  /** Too many connections to this board, or from this address. */
  TooManyConnections: { code: 4529, reason: 'rate.connections', words: 'Too many connections.' },
} as const satisfies Record<string, CloseEvent>

/** One close event: its number, its machine code and its plain words. */
export interface CloseEvent {
  code: number
  reason: string
  words: string
}

export type CloseCodeName = keyof typeof CloseEvents

/** Close code numbers by name (`CloseCodes.BoardFull === 4413`). */
export const CloseCodes = Object.fromEntries(
  Object.entries(CloseEvents).map(([name, event]) => [name, event.code]),
) as {
  readonly [K in CloseCodeName]: (typeof CloseEvents)[K]['code']
}

/** Machine codes sent as close reasons, by name (`CloseReasons.BoardFull === 'board.full'`). */
export const CloseReasons = Object.fromEntries(
  Object.entries(CloseEvents).map(([name, event]) => [name, event.reason]),
) as {
  readonly [K in CloseCodeName]: (typeof CloseEvents)[K]['reason']
}

/** The close reason to send: the machine code, and a detail after ": ", within the 123 bytes a close frame allows. */
export function closeReason(name: CloseCodeName, detail?: string): string {
  const reason = CloseEvents[name].reason
  if (!detail) return reason
  const full = `${reason}: ${detail}`
  const bytes = new TextEncoder().encode(full)
  if (bytes.length <= 123) return full
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD+$/, '')
}

/** The machine code in a close reason (the part before ": "). */
export function reasonCode(reason: string): string {
  const colon = reason.indexOf(': ')
  return colon === -1 ? reason : reason.slice(0, colon)
}

/** The name of a close code, or undefined for codes the server does not use. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseEvents) as CloseCodeName[]).find((name) => CloseEvents[name].code === code)
}

/** Codes after which reconnecting cannot help: the y-websocket band 4400–4499. */
export function isFatalCloseCode(code: number): boolean {
  return code >= 4400 && code <= 4499
}
