import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { keepLoadedFiles } from './lib/offlineShell'
import { parseRoute } from './lib/routing'
// The font ideas are written in: tldraw waits for it before it draws the board, so it is fetched at once.
import noteFontUrl from '@tldraw/assets/fonts/Shantell_Sans-Informal_Regular.woff2?url'

// A board's address: start fetching the board page's code (tldraw) and the font of the ideas before React first
// renders, so the downloads overlap the app shell's start instead of following it. Opening the board itself (its
// local copy, getting in, the socket) needs no tldraw: it starts as soon as its small part of the code is here.
const route = parseRoute(window.location.pathname)
if (route.name === 'board') {
  const { boardId } = route
  void import('./sync/boardStart').then(({ startBoard }) => startBoard(boardId))
  void import('./pages/BoardPage')
  const font = document.createElement('link')
  Object.assign(font, { rel: 'preload', as: 'font', type: 'font/woff2', crossOrigin: 'anonymous', href: noteFontUrl })
  document.head.append(font)
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

// Keeps the app shell so a board page can reload with no connection (its board comes from IndexedDB).
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      // Files this page loaded before the worker existed: ask it to keep them for an offline reload.
      .then(keepLoadedFiles)
      .catch((error: unknown) => {
        console.warn('[roundtable] offline support is not available in this browser', error)
      })
  })
}
