import { customAlphabet } from 'nanoid'

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
const boardIdAlphabet = customAlphabet(ALPHANUMERIC, 22)

/**
 * Board ids: 22 letters and digits (about 131 bits), unguessable. No "-" or "_": an id that starts with "-" reads
 * as an option on a command line (`roundtable export -abc…`), and one with "-" in it is not selected whole by a
 * double click.
 */
export function newBoardId(): string {
  return boardIdAlphabet()
}

/**
 * True when a string has the shape of a board id. Checked before any storage lookup. Older boards' ids may hold
 * "-" and "_" (21 characters from nanoid's url-safe alphabet), so both are still accepted.
 */
export function isBoardId(value: string): boolean {
  return /^[A-Za-z0-9_-]{10,64}$/.test(value)
}

const recordSuffix = customAlphabet(ALPHANUMERIC, 16)

/** A tldraw record id with the given prefix, e.g. `shape:` or `page:`. */
export function newRecordId<P extends string>(prefix: P): `${P}:${string}` {
  return `${prefix}:${recordSuffix()}`
}
