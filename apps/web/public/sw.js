// Roundtable's service worker: lets a board page reload with no connection to the server (flaky Wi-Fi, a hall
// with no internet). The board itself comes from the browser's IndexedDB copy; this only keeps the app shell.
//  - pages (navigations): network first, falling back to the last copy of the app shell;
//  - built assets (/assets/*, content-hashed): cache first;
//  - the few GET API answers a board page needs to open (/api/config, /api/boards/:id): network first.
// Nothing else is cached, and nothing from other origins is ever requested.
const CACHE = 'roundtable-shell-v1'
const SHELL_KEY = '/__app-shell'

self.addEventListener('install', () => self.skipWaiting())

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key)
      await self.clients.claim()
    })(),
  )
})

// The page that registered this worker loaded before the worker existed, so its files did not pass through here.
// It sends their addresses once the worker is ready; keep them (and the app shell) for the next offline reload.
self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      const shell = await fetch('/', { credentials: 'same-origin' }).catch(() => null)
      if (shell && shell.ok) await cache.put(SHELL_KEY, shell)
      for (const url of data.urls) {
        if (typeof url !== 'string') continue
        const target = new URL(url, self.location.origin)
        if (target.origin !== self.location.origin) continue
        // The board's GET answers (what it is, this person's role) too: the page may have asked for them before this
        // worker controlled it (it starts opening the board before anything else), and an offline reload needs them.
        if (isKeptAnswer(target.pathname)) {
          const response = await fetch(target.pathname, { credentials: 'same-origin' }).catch(() => null)
          if (response && response.ok) await cache.put(target.pathname, response)
          continue
        }
        if (!target.pathname.startsWith('/assets/')) continue
        if (await cache.match(target.href)) continue
        const response = await fetch(target.href).catch(() => null)
        if (response && response.ok) await cache.put(target.href, response)
      }
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL_KEY))
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request))
  } else if (isKeptAnswer(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname))
  }
})

/** The GET API answers a board page needs to open offline, kept under their path. */
function isKeptAnswer(pathname) {
  return pathname === '/api/config' || /^\/api\/boards\/[A-Za-z0-9_-]+$/.test(pathname)
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(key, response.clone())
    return response
  } catch (error) {
    const cached = await cache.match(key)
    if (cached) return cached
    throw error
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}
