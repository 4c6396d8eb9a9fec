import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/** Where `vite dev` forwards API and sync traffic: the Roundtable server started with `npm run dev -w @roundtable/server`. */
const SERVER = 'http://127.0.0.1:8787'

/** In `vite dev`, serve the phone page at `/p/:id` as the server does in production. */
const phoneRoute: Plugin = {
  name: 'roundtable-phone-route',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && /^\/p\/[A-Za-z0-9_-]+\/?(\?|#|$)/.test(req.url)) req.url = '/phone.html'
      next()
    })
  },
}

export default defineConfig({
  plugins: [react(), phoneRoute],
  // @tldraw/assets imports hundreds of translation JSON files; pre-bundling them crashes the Vite 8 dev server.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': { target: SERVER },
      '/sync': { target: SERVER, ws: true },
    },
  },
  build: {
    // tldraw alone is about 2 MB minified; the default 500 kB warning would fire on every build.
    chunkSizeWarningLimit: 3000,
    // tldraw's icons and embed pictures stay files of their own, fetched when shown, instead of base64 inside the
    // board page's JavaScript (about 25 KiB gzip that every visitor would download and parse up front).
    assetsInlineLimit: (file) => (file.includes('@tldraw/assets') ? false : undefined),
    // Two pages: the app (home, board, projector view) and the small phone page people open from the QR code,
    // which must never load tldraw.
    rolldownOptions: {
      // tldraw's packages do not say they are free of side effects, so every one of their modules would be kept,
      // used or not. Their only top-level effects are version checks (a console warning when two tldraw copies load)
      // and their style sheets, so let unused modules go; the style sheets stay.
      treeshake: {
        moduleSideEffects: (id) => !/[\\/]node_modules[\\/](tldraw|@tldraw)[\\/]/.test(id) || id.endsWith('.css'),
      },
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        phone: fileURLToPath(new URL('./phone.html', import.meta.url)),
      },
    },
  },
})
