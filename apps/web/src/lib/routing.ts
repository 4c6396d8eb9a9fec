import { useSyncExternalStore } from 'react'

/** The views the app can show, chosen from the URL path. */
export type Route = { name: 'home' } | { name: 'board'; boardId: string } | { name: 'not-found' }

/** Map a URL path to a view: `/` → home, `/b/:id` → board, anything else → not found. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' }
  const match = /^\/b\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname)
  if (match?.[1]) return { name: 'board', boardId: match[1] }
  return { name: 'not-found' }
}

/** The path of the board page for a board id. */
export function boardPath(boardId: string): string {
  return `/b/${encodeURIComponent(boardId)}`
}

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

/** Go to a path inside the app without reloading the page. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path)
  for (const listener of listeners) listener()
}

/** The current URL path; re-renders on `navigate` and on the browser's back and forward buttons. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

/** The key in the page's fragment (`#key=…`), if any. Fragments are never sent to a server. */
export function keyFromFragment(hash: string = window.location.hash): string | null {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get('key')
  return key && /^[A-Za-z0-9_-]{10,128}$/.test(key) ? key : null
}

/** Drop the fragment from the address bar (and history), so the key is not left on screen or in bookmarks. */
export function dropFragment(): void {
  if (window.location.hash)
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
}
