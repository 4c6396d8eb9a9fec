import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { keepLoadedFiles } from './lib/offlineShell'

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
