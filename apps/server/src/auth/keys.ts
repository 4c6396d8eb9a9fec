import { createHash, timingSafeEqual } from 'node:crypto'
import { customAlphabet } from 'nanoid'
import type { BoardKeys } from '@roundtable/storage'

const keyAlphabet = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 32)

/** A secret key for a link: 32 characters from 62 (about 190 bits), unguessable. */
export function newKey(): string {
  return keyAlphabet()
}

/** Fresh keys for a new board: one per role, and one that opens only the session summary. */
export function newBoardKeys(): Required<BoardKeys> {
  return { participant: newKey(), facilitator: newKey(), view: newKey(), summary: newKey() }
}

/** SHA-256 hex digest; session tokens are stored only in this form. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/** SHA-256 digest as bytes: secrets are compared as digests, so their lengths never leak. */
export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/** Compare two secrets in constant time (digests first, so lengths never leak). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length
}
