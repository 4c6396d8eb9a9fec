// Production build of the server: one ES module, dist/main.js, with every dependency bundled in except native
// addons and optional native helpers, which Node loads from node_modules at run time. Start it with
// `npm run serve` (node --enable-source-maps apps/server/dist/main.js).
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  // Native code cannot be bundled; pg-native, bufferutil and utf-8-validate are optional and loaded only if present.
  external: ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS packages (pg, ioredis, pino…) call require(); give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
})
