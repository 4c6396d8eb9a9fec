import { useEffect, useSyncExternalStore } from 'react'
import { loadOnce } from './loadOnce'

/** The word list and its matcher: `@roundtable/board/plain-words`. */
export type PlainWordTools = typeof import('@roundtable/board/plain-words')

/**
 * The plain-words list and matcher (about 10 KiB gzip), fetched when there is first text to check or once the board
 * page is idle, not with the page itself. A failed fetch (offline) is tried again the next time it is asked for.
 */
const tools = loadOnce<PlainWordTools>(() => import('@roundtable/board/plain-words'))

/** Fetch the plain-words tools (or join the fetch under way). */
export const loadPlainWordTools = tools.load

/** The plain-words tools once fetched, null until then; asks for them as soon as `wanted` (there is text). */
export function usePlainWordTools(wanted: boolean): PlainWordTools | null {
  const loaded = useSyncExternalStore(tools.subscribe, tools.get)
  useEffect(() => {
    if (wanted && !tools.get()) tools.load().catch(() => undefined)
  }, [wanted])
  return loaded
}
