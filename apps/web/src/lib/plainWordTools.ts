import { useEffect, useSyncExternalStore } from 'react'

/** The word list and its matcher: `@roundtable/board/plain-words`. */
export type PlainWordTools = typeof import('@roundtable/board/plain-words')

let tools: PlainWordTools | null = null
let loading: Promise<PlainWordTools> | null = null
const listeners = new Set<() => void>()

/**
 * Fetch the plain-words list and matcher (about 10 KiB gzip) when there is first text to check or once the board
 * page is idle, not with the page itself. A failed fetch (offline) is tried again the next time it is asked for.
 */
export function loadPlainWordTools(): Promise<PlainWordTools> {
  loading ??= import('@roundtable/board/plain-words').then(
    (loaded) => {
      tools = loaded
      for (const listener of listeners) listener()
      return loaded
    },
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The plain-words tools once fetched, null until then; asks for them as soon as `wanted` (there is text). */
export function usePlainWordTools(wanted: boolean): PlainWordTools | null {
  const loaded = useSyncExternalStore(subscribe, () => tools)
  useEffect(() => {
    if (wanted && !tools) loadPlainWordTools().catch(() => undefined)
  }, [wanted])
  return loaded
}
