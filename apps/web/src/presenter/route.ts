/**
 * The shared screen (projector view): `/b/:id/present#key=<view key>&join=<participant key>`. The view key lets
 * the screen watch; the participant key is only shown, as the QR code people scan to join from their phones.
 */

/** The keys the shared screen was opened with. */
export interface PresenterKeys {
  /** Watches the board (view-only). */
  view: string | null
  /** Shown as the join code (the participant link's key); null when the screen was opened without one. */
  join: string | null
}

const KEY = /^[A-Za-z0-9_-]{10,128}$/

/** The board id of a shared-screen address, or null. */
export function presenterBoardId(pathname: string): string | null {
  return /^\/b\/([A-Za-z0-9_-]{1,64})\/present\/?$/.exec(pathname)?.[1] ?? null
}

/** The shared screen's address on a server. */
export function presenterUrl(origin: string, boardId: string, viewKey: string, joinKey: string): string {
  return `${origin}/b/${encodeURIComponent(boardId)}/present#key=${encodeURIComponent(viewKey)}&join=${encodeURIComponent(joinKey)}`
}

/** The key in a link's fragment (`#key=…`), or null. */
export function keyOfLink(link: string): string | null {
  try {
    const key = new URLSearchParams(new URL(link).hash.replace(/^#/, '')).get('key')
    return key && KEY.test(key) ? key : null
  } catch {
    return null
  }
}

/** Keys from a fragment such as `#key=…&join=…`; anything malformed is left out. */
export function parsePresenterFragment(hash: string): PresenterKeys {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const pick = (name: string): string | null => {
    const value = params.get(name)
    return value && KEY.test(value) ? value : null
  }
  return { view: pick('key'), join: pick('join') }
}

const storageKey = (boardId: string) => `roundtable:present:${boardId}`

/**
 * The shared screen's keys: from the address the first time (then taken out of the address bar, so they are not
 * left on screen), and from this window's session storage after a reload (a projector tab gets reloaded often).
 */
export function readPresenterKeys(boardId: string): PresenterKeys {
  const fromFragment = parsePresenterFragment(window.location.hash)
  if (fromFragment.view || fromFragment.join) {
    try {
      window.sessionStorage.setItem(storageKey(boardId), JSON.stringify(fromFragment))
    } catch {
      // Storage off: the keys last while the page is open.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    return fromFragment
  }
  try {
    const stored = JSON.parse(
      window.sessionStorage.getItem(storageKey(boardId)) ?? 'null',
    ) as Partial<PresenterKeys> | null
    if (stored) {
      return {
        view: typeof stored.view === 'string' && KEY.test(stored.view) ? stored.view : null,
        join: typeof stored.join === 'string' && KEY.test(stored.join) ? stored.join : null,
      }
    }
  } catch {
    // Nothing usable stored.
  }
  return { view: null, join: null }
}
