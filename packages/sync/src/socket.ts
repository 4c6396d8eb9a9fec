import type { Role } from '@roundtable/board'

/**
 * The smallest socket a room needs. The server wraps its WebSocket library in this, so rooms never know about
 * Hono, `ws` or HTTP.
 */
export interface SyncSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes queued but not yet sent, when the transport can tell. */
  readonly bufferedAmount?: number
}

/** A person's connection to one room. */
export interface Connection {
  readonly socket: SyncSocket
  /** What the connection may do: view-only connections may send presence but never document changes. */
  readonly role: Role
  /** The server-issued person behind a browser session; absent for key-only clients. Never sent to anyone. */
  readonly personId?: string | null
}
