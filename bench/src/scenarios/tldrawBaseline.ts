import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { REPO_ROOT } from '../servers'

/** Where the baseline app's sources are, and where its build is kept between runs (one per tldraw version). */
const SOURCE = join(REPO_ROOT, 'bench/tldraw-baseline')
const CACHE = join(REPO_ROOT, 'bench/results/.cache')

function tldrawVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/tldraw/package.json'), 'utf8')) as { version: string })
    .version
}

/**
 * Build tldraw on its own (bench/tldraw-baseline: one `<Tldraw />`, nothing else) with Vite and React, as apps/web
 * is built, so the board page's JavaScript can be compared with tldraw's own. Built once per tldraw version.
 */
export async function buildTldrawBaseline(log: (message: string) => void): Promise<string> {
  const outDir = join(CACHE, `tldraw-${tldrawVersion()}`)
  if (existsSync(join(outDir, 'index.html'))) return outDir
  log('browser: building tldraw on its own (once per tldraw version)')
  const { build } = await import('vite')
  const { default: react } = await import('@vitejs/plugin-react')
  await build({
    root: SOURCE,
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  })
  return outDir
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
}

/** Serve a built folder on 127.0.0.1 (a free port) until closed. */
export async function serveFolder(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    )
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
