/** Code (or anything) fetched at most once at a time, kept once it has arrived. */
export interface LoadOnce<T> {
  /** Fetch it, or join the fetch under way; resolves with what arrived. */
  load: () => Promise<T>
  /** What arrived, or null until then. */
  get: () => T | null
  /** Called once it has arrived (for `useSyncExternalStore`). Returns the unsubscribe function. */
  subscribe: (listener: () => void) => () => void
}

/**
 * Wrap a fetch (usually a dynamic `import()`) so it runs once and its result is kept. A failed fetch is not kept:
 * the next `load` tries again (the connection may be back).
 */
export function loadOnce<T>(fetch: () => Promise<T>): LoadOnce<T> {
  let value: T | null = null
  let pending: Promise<T> | null = null
  const listeners = new Set<() => void>()
  return {
    load: () =>
      (pending ??= fetch().then(
        (arrived) => {
          value = arrived
          for (const listener of listeners) listener()
          return arrived
        },
        (error: unknown) => {
          pending = null
          throw error
        },
      )),
    get: () => value,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
