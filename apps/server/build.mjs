// Production build of the server: one ES module, dist/main.js (and dist/photoWorker.js, the process it starts for
// image work), with every dependency bundled in except native addons (better-sqlite3, sharp) and optional native
// helpers, which Node loads from node_modules at run time. Start it with
// `npm run serve` (node --enable-source-maps apps/server/dist/main.js).
//
// Files the server reads at run time go next to the bundle, where the bundled code looks for them: the summary
// page's script and styles are read from `./assets/` beside the module (src/summary/page.ts), so they are copied to
// dist/assets/. apps/server/dist is then complete: the Dockerfile copies it as it is (test/artefact.test.ts runs it).
import { cpSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
await build({
  // The server, and the process it starts for image work (src/services/photoWorker.ts, at the lowest priority).
  entryPoints: { main: 'src/main.ts', photoWorker: 'src/services/photoWorker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  // The oldest Node the project supports (package.json engines: >=22.12).
  target: 'node22',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  // Native code cannot be bundled (better-sqlite3, and sharp with its prebuilt libvips in @img/sharp-*); pg-native, bufferutil and utf-8-validate are optional and loaded only if present.
  external: ['better-sqlite3', 'sharp', 'pg-native', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS packages (pg, ioredis, pino…) call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
})
cpSync('src/summary/assets', 'dist/assets', { recursive: true })
