import { customAlphabet, nanoid } from 'nanoid'

/** Board ids: 21 url-safe characters (126 bits), unguessable. */
export function newBoardId(): string {
  return nanoid()
}

/** True when a string has the shape of a board id. Checked before any storage lookup. */
export function isBoardId(value: string): boolean {
  return /^[A-Za-z0-9_-]{10,64}$/.test(value)
}

const recordSuffix = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 16)

/** A tldraw record id with the given prefix, e.g. `shape:` or `page:`. */
export function newRecordId<P extends string>(prefix: P): `${P}:${string}` {
  return `${prefix}:${recordSuffix()}`
}
