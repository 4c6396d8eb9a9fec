import { createElement, useEffect, useState, useSyncExternalStore, type ComponentType } from 'react'
import { loadOnce } from '../lib/loadOnce'
import { strings } from '../strings'

/** A part of the page whose code is fetched when it is first shown, or earlier with `preload`. */
export interface LazyPart<P extends object> {
  /** Draws the part: a short "Loading…" line until its code is here, a plain message and "Try again" if it failed. */
  Part: ComponentType<P>
  /** Fetch the code now (e.g. when the browser is idle), so the part opens at once later, even offline. */
  preload: () => Promise<unknown>
}

/**
 * Split a rarely opened part (a panel section, the list view) out of the board page's first download. `load`
 * returns the component from a dynamic `import()`. A failed fetch is tried again when asked, never cached.
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  const code = loadOnce(load)

  function Part(props: P) {
    const loaded = useSyncExternalStore(code.subscribe, code.get)
    const [failed, setFailed] = useState(false)
    const fetchCode = (): void => {
      setFailed(false)
      code.load().catch(() => setFailed(true))
    }
    useEffect(() => {
      // Once, on first show.
      if (!code.get()) fetchCode()
    }, [])
    if (loaded) return createElement(loaded, props)
    if (failed) {
      return (
        <p className="rt-lazy" role="alert">
          {strings.lazy.failed}{' '}
          <button type="button" className="rt-button rt-button--secondary" onClick={fetchCode}>
            {strings.lazy.retry}
          </button>
        </p>
      )
    }
    return (
      <p className="rt-lazy rt-muted" role="status">
        {strings.lazy.loading}
      </p>
    )
  }
  return { Part, preload: code.load }
}

/**
 * Fetch these parts' code once the browser has had a quiet moment after the board opened, so that opening them
 * later is instant and still works if the connection drops. `onFetched` runs once every fetch has ended (to ask the
 * service worker to keep the files). Returns a cancel function.
 */
export function preloadWhenIdle(
  parts: readonly Pick<LazyPart<never>, 'preload'>[],
  afterMs = 2000,
  onFetched?: () => void,
): () => void {
  let idle: number | null = null
  const timer = setTimeout(() => {
    const run = (): void => {
      void Promise.allSettled(parts.map((part) => part.preload())).then(() => onFetched?.())
    }
    // No deadline: on a slow device the board may still be busy drawing after `afterMs`, and this code is never
    // more urgent than that.
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run)
    else run()
  }, afterMs)
  return () => {
    clearTimeout(timer)
    if (idle !== null) cancelIdleCallback(idle)
  }
}
