import { addIdea, listIdeas } from '@roundtable/board'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, createBoard, waitFor } from './helpers'
import { freePort, ServerProcess } from './serverProcess'

/**
 * The thing we ship, tested as shipped: `npm run build`, then exactly the paths the Dockerfile copies into its
 * image (package.json, node_modules, apps/server/dist, apps/web/dist) in a folder of their own, started with the
 * Dockerfile's command. Regression: the built server crashed at start (ENOENT dist/assets/summary.js) because the
 * summary page's files were read next to the bundle and the build never put them there; every other test runs the
 * sources through tsx, so nothing noticed.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
/** The Dockerfile's `COPY --from=build` lines, in order (node_modules is linked rather than copied: it is large). */
const SHIPPED = ['package.json', 'node_modules', 'apps/server/dist', 'apps/web/dist']
/** The Dockerfile's CMD, run from the image's working folder. */
const COMMAND = ['--enable-source-maps', 'apps/server/dist/main.js']

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

describe('the Dockerfile', () => {
  it('ships the paths this test copies, built by the same commands, started by the same command', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    const copied = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map(([, from, to]) => {
      expect(to).toBe(from)
      return from
    })
    expect(copied).toEqual(SHIPPED)
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1]
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...COMMAND])
    expect(dockerfile).toMatch(/RUN npm ci --no-audit --no-fund \\\n && npm run build \\\n/)
  })
})

describe('the built artefact (what the Dockerfile ships)', () => {
  let app: string
  let dataDir: string
  let server: ServerProcess

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      timeout: 570_000,
    })
    app = mkdtempSync(join(tmpdir(), 'roundtable-artefact-'))
    for (const path of SHIPPED) {
      mkdirSync(join(app, path, '..'), { recursive: true })
      if (path === 'node_modules') symlinkSync(join(ROOT, path), join(app, path), 'dir')
      else cpSync(join(ROOT, path), join(app, path), { recursive: true })
    }
    dataDir = join(app, 'data')
    // The image's environment (Dockerfile ENV), on a local port.
    server = new ServerProcess(
      await freePort(),
      { NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      { args: COMMAND, cwd: app },
    )
    await server.start()
  }, 600_000)

  afterAll(async () => {
    await server?.stop('SIGKILL')
    if (app) rmSync(app, { recursive: true, force: true })
  })

  it('serves every page and every asset of the web app and the summary page', async () => {
    const board = await createBoard(server.url, 'Artefact check')
    const pages = ['/', `/b/${board.id}`, `/b/${board.id}/present`, `/p/${board.id}`, `/s/${board.id}`]
    const webFiles = filesUnder(join(app, 'apps/web/dist'))
    const summaryFiles = filesUnder(join(app, 'apps/server/dist/assets'))
    expect(webFiles).toEqual(expect.arrayContaining(['index.html', 'phone.html', 'sw.js']))
    expect(summaryFiles).toEqual(expect.arrayContaining(['summary.js', 'summary.css']))
    const paths = [
      ...pages,
      '/healthz',
      '/readyz',
      ...webFiles.map((f) => `/${f}`),
      ...summaryFiles.map((f) => `/s/assets/${f}`),
    ]
    const failed: string[] = []
    for (const path of paths) {
      const res = await fetch(server.url + path)
      await res.arrayBuffer()
      if (res.status !== 200) failed.push(`${path} → ${res.status}`)
    }
    expect(failed).toEqual([])
    // Scripts go as the build compressed them (brotli when the browser takes it), not gzipped again per request.
    const script = webFiles.find((f) => /^assets\/.*\.js$/.test(f) && webFiles.includes(`${f}.br`))
    expect(script).toBeDefined()
    const compressed = await fetch(`${server.url}/${script}`, { headers: { 'accept-encoding': 'br' } })
    expect(compressed.headers.get('content-encoding')).toBe('br')
    expect(await compressed.text()).toBe(readFileSync(join(app, 'apps/web/dist', script ?? ''), 'utf8'))
    // Every script and stylesheet the pages name is among the files checked above.
    for (const page of pages) {
      const html = await (await fetch(server.url + page)).text()
      for (const [, ref] of html.matchAll(/(?:src|href)="(\/[^"]+)"/g))
        expect(paths, `${page} names ${ref}`).toContain(ref)
    }
    const summaryJs = await (await fetch(`${server.url}/s/assets/summary.js`)).text()
    expect(summaryJs).toBe(
      readFileSync(fileURLToPath(new URL('../src/summary/assets/summary.js', import.meta.url)), 'utf8'),
    )
  })

  it('takes a photo and serves it back without its metadata (sharp and its libvips load from node_modules)', async () => {
    const board = await createBoard(server.url, 'Photo check')
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#f5e663' } })
      .jpeg()
      .withExif({ IFD0: { Model: 'Secret Phone 9' } })
      .toBuffer()
    const res = await fetch(`${server.url}/api/boards/${board.id}/photos`, {
      method: 'POST',
      headers: { ...board.auth('participant'), 'content-type': 'image/jpeg' },
      body: new Uint8Array(jpeg),
    })
    expect(res.status).toBe(201)
    const { photo } = (await res.json()) as { photo: { url: string } }
    const served = await fetch(server.url + photo.url, { headers: board.auth('view') })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    const stored = await sharp(Buffer.from(await served.arrayBuffer())).metadata()
    expect({ format: stored.format, width: stored.width, exif: stored.exif }).toEqual({
      format: 'jpeg',
      width: 640,
      exif: undefined,
    })
  })

  it('syncs a stock y-websocket client, keeps the board over a restart, and stops cleanly on SIGTERM', async () => {
    const board = await createBoard(server.url, 'Survives a restart')
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/sync`
    const a = connectClient(wsUrl, board.id, { key: board.keys.participant })
    const b = connectClient(wsUrl, board.id, { key: board.keys.participant })
    await Promise.all([a.synced(), b.synced()])
    addIdea(a.doc, { text: 'Step-free entrance' })
    await waitFor(
      () => listIdeas(b.doc).some((i) => i.text === 'Step-free entrance'),
      5000,
      'the idea to reach the other client',
    )
    a.destroy()
    b.destroy()

    await server.stop('SIGTERM')
    expect(server.lastExit).toEqual({ code: 0, signal: null })
    expect(server.output).toContain('stopping: saving every board')

    await server.start()
    const later = connectClient(wsUrl, board.id, { key: board.keys.participant })
    try {
      await later.synced()
      expect(listIdeas(later.doc).map((i) => i.text)).toEqual(['Step-free entrance'])
    } finally {
      later.destroy()
    }
  })
})
