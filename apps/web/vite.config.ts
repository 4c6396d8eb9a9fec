import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
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

/**
 * Next to each built script, style sheet and other text file in assets/, its brotli (`.br`) and gzip (`.gz`)
 * copies, compressed once at the highest levels: the server sends them as they are (`precompressed` in
 * apps/server/src/static.ts) instead of gzipping tldraw's 1.7 MB on every first visit, which cost the server about
 * 0.1 s of CPU per visitor before the board page could start compiling it.
 */
const precompress: Plugin = {
  name: 'roundtable-precompress',
  apply: 'build',
  writeBundle(options) {
    const dir = join(options.dir ?? 'dist', 'assets')
    for (const name of readdirSync(dir)) {
      if (!/\.(js|css|svg|json|html|txt)$/.test(name)) continue
      const bytes = readFileSync(join(dir, name))
      if (bytes.byteLength < 1024) continue
      writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }))
      writeFileSync(
        join(dir, `${name}.br`),
        brotliCompressSync(bytes, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
        }),
      )
    }
  },
}

export default defineConfig({
  plugins: [react(), phoneRoute, precompress],
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
