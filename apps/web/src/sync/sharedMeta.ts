import type * as Y from 'yjs'
import { META_KEY, getMetaMap, type PlainWordEntry } from '@roundtable/board'
import { readTurns, type TurnsState } from '../lib/turns'
import { useDocValue } from './docHooks'

/**
 * Session facts kept in the board's `meta` (which every participant may write): the session's own plain-words
 * entries and the shared state of taking turns.
 */

/** `meta` key for the session's own plain-words entries: `{ term, plain: string[] }[]`. */
export const PLAIN_WORDS_META_KEY = 'plainWords'
/** `meta` key for taking turns (see lib/turns.ts). */
export const TURNS_META_KEY = 'turns'

const META_ROOTS = [META_KEY] as const

/** The session's own plain-words entries, cleaned (anything malformed is left out). */
export function readPlainWords(doc: Y.Doc): PlainWordEntry[] {
  const raw = getMetaMap(doc).get(PLAIN_WORDS_META_KEY)
  if (!Array.isArray(raw)) return []
  const out: PlainWordEntry[] = []
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue
    const { term, plain } = item as { term?: unknown; plain?: unknown }
    if (typeof term !== 'string' || !term.trim()) continue
    out.push({
      term: term.trim(),
      plain: Array.isArray(plain) ? plain.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [],
    })
  }
  return out
}

/** Replace the session's plain-words entries. */
export function writePlainWords(doc: Y.Doc, entries: readonly PlainWordEntry[]): void {
  doc.transact(() =>
    getMetaMap(doc).set(
      PLAIN_WORDS_META_KEY,
      entries.map((e) => ({ term: e.term, plain: [...e.plain] })),
    ),
  )
}

/** React hook: the session's plain-words entries, live. */
export function usePlainWords(doc: Y.Doc): PlainWordEntry[] {
  return useDocValue(doc, META_ROOTS, readPlainWords)
}

/** The shared state of taking turns, or null. */
export function readTurnsState(doc: Y.Doc): TurnsState | null {
  return readTurns(getMetaMap(doc).get(TURNS_META_KEY))
}

/** Write the shared state of taking turns. */
export function writeTurnsState(doc: Y.Doc, state: TurnsState): void {
  doc.transact(() => getMetaMap(doc).set(TURNS_META_KEY, state))
}

/** React hook: the shared state of taking turns, live. */
export function useTurnsState(doc: Y.Doc): TurnsState | null {
  return useDocValue(doc, META_ROOTS, readTurnsState)
}
