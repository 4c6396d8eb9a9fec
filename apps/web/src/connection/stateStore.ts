/**
 * A tiny external store for a page's connection state, read by React through `useSyncExternalStore`. The state is
 * replaced, never mutated, and listeners run only when a field really changed.
 */
export interface StateStore<S extends object> {
  get(): S
  /** Merge `patch` into the state; listeners run only when some field changed. */
  set(patch: Partial<S>): void
  subscribe(listener: () => void): () => void
  /** Drop every listener (the page is closing). */
  clear(): void
}

/** Make a state store starting at `initial`. */
export function createStateStore<S extends object>(initial: S): StateStore<S> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(patch) {
      const next = { ...state, ...patch }
      if ((Object.keys(patch) as Array<keyof S>).every((key) => next[key] === state[key])) return
      state = next
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear: () => listeners.clear(),
  }
}
