/**
 * Ask the service worker (when there is one) to keep every file this page has loaded so far, so the page can
 * reload with no connection. Files fetched before the worker took control of the page did not pass through it;
 * the worker skips what it already has, so asking again is cheap.
 */
export function keepLoadedFiles(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !window.isSecureContext) return
  navigator.serviceWorker.ready
    .then((registration) => {
      const urls = performance.getEntriesByType('resource').map((entry) => entry.name)
      registration.active?.postMessage({ type: 'keep', urls })
    })
    .catch(() => undefined)
}
