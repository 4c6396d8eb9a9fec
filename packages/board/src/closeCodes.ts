/**
 * WebSocket close codes the server uses, shared by server and client so both branch on names, never numbers.
 * 4000–4999 is the range RFC 6455 leaves to applications. Each code has a plain-words reason the client can show.
 */
export const CloseCodes = {
  /** No key or session was offered. The client should ask for an invitation link. */
  Unauthorized: 4401,
  /** The key or session does not open this board. The person needs an invitation link. */
  Forbidden: 4403,
  /** A change was refused (a locked board, server-owned data, an author in an anonymous session). The client
   * should drop its local copy and start again from the server's. */
  ChangeRefused: 4422,
  /** The board id is well-formed but no such board exists. The client should stop retrying. */
  BoardNotFound: 4404,
  /** The board id in the URL is not a valid id. */
  BadBoardId: 4400,
  /** A message could not be understood (bad framing or a corrupt update). Only this connection is closed. */
  BadMessage: 4002,
  /** The board was deleted by a facilitator. */
  BoardDeleted: 4410,
  /** The board has reached its size limit; nothing more can be added. */
  BoardFull: 4413,
  /** This connection sent messages faster than allowed. */
  RateLimited: 4420,
  /** Too many connections to this board, or from this address. */
  TooManyConnections: 4429,
  /** The server is restarting; reconnect shortly. */
  ServerRestarting: 4503,
  /** The server could not load or store the board. */
  StorageFailed: 4500,
} as const

export type CloseCodeName = keyof typeof CloseCodes

/** Plain-words reasons sent with each close code. */
export const CloseReasons: Record<CloseCodeName, string> = {
  Unauthorized: 'a key is needed to join this board',
  Forbidden: 'not allowed',
  ChangeRefused: 'change refused',
  BoardNotFound: 'board not found',
  BadBoardId: 'bad board id',
  BadMessage: 'message not understood',
  BoardDeleted: 'this board was deleted',
  BoardFull: 'this board is full',
  RateLimited: 'too many messages, slow down',
  TooManyConnections: 'too many connections',
  ServerRestarting: 'server restarting',
  StorageFailed: 'board could not be loaded or saved',
}

/** The name of a close code, or undefined for codes the server does not use. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return (Object.keys(CloseCodes) as CloseCodeName[]).find((name) => CloseCodes[name] === code)
}

/** Codes after which reconnecting cannot help. */
export function isFatalCloseCode(code: number): boolean {
  return (
    code === CloseCodes.BoardNotFound ||
    code === CloseCodes.BadBoardId ||
    code === CloseCodes.Unauthorized ||
    code === CloseCodes.BoardDeleted ||
    code === CloseCodes.Forbidden ||
    code === CloseCodes.ChangeRefused
  )
}
