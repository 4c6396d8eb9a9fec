import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import jsQR from 'jsqr'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Chromium from Debian, as installed by .ci/run. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A free TCP port on 127.0.0.1, so a restarted server can come back on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** A real server process (the same entry point `npm start` uses), which can be stopped, killed and restarted. */
export class ServerProcess {
  private child: ChildProcess | null = null
  readonly url: string
  output = ''

  constructor(
    readonly port: number,
    readonly dataDir: string = mkdtempSync(join(tmpdir(), 'roundtable-e2e-')),
    private readonly env: Record<string, string> = {},
  ) {
    this.url = `http://127.0.0.1:${port}`
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/server/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 20_000)
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString()
        if (this.output.includes('Roundtable is running')) {
          clearTimeout(timer)
          resolve()
        }
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${this.output}`))
      })
    })
  }

  /** Stop like a person pressing Ctrl+C (SIGTERM), or crash it (SIGKILL). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null) return
    this.child = null
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill(signal)
    })
  }
}

/** A board created over HTTP: its id and its three invitation links (keys in the fragment). */
export interface E2eBoard {
  id: string
  links: { participant: string; facilitator: string; view: string }
}

/** Create a board over HTTP. */
export async function createBoard(baseUrl: string, title = 'E2E session'): Promise<E2eBoard> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`could not create a board: ${res.status}`)
  return (await res.json()) as E2eBoard
}

/** Collect every URL a page asks for (HTTP and WebSocket) into `urls`, to prove nothing leaves the origin. */
export function recordRequests(page: Page, urls: string[] = []): string[] {
  page.on('request', (req) => urls.push(req.url()))
  page.on('websocket', (ws) => urls.push(ws.url()))
  return urls
}

/** Retry until true, instead of fixed sleeps. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      if (await check()) return
    } catch (error) {
      lastError = error
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
}

/**
 * One person on their own device: a fresh browser context (own cookies and storage, kept in `contexts` for closing),
 * through the name question with `name`, until the board is open and synced.
 */
export async function joinBoard(
  browser: Browser,
  contexts: BrowserContext[],
  link: string,
  name: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options })
  contexts.push(context)
  return joinOn(await context.newPage(), link, name)
}

/** Open a board link on `page` and answer the name question; resolves once the editor is ready and in sync. */
export async function joinOn(page: Page, link: string, name: string): Promise<Page> {
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await page.waitForFunction(() => {
    const w = window as unknown as { editor?: unknown; roundtable?: { provider: { synced: boolean } } }
    return !!w.editor && w.roundtable?.provider.synced === true
  })
  return page
}

/** Decode the QR code drawn in an element, from a real screenshot of it, as a phone camera would. */
export async function decodeQrIn(page: Page, selector: string): Promise<string | null> {
  const png = await page.locator(selector).first().screenshot()
  const scratch = await page.context().newPage()
  try {
    const image = await scratch.evaluate(async (b64: string) => {
      const img = new Image()
      img.src = `data:image/png;base64,${b64}`
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(img, 0, 0)
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
      return { width: data.width, height: data.height, pixels: Array.from(data.data) }
    }, png.toString('base64'))
    return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data ?? null
  } finally {
    await scratch.close()
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * axe on the page as it is now: serious and critical findings only, leaving out `exclude` (selectors). The page's
 * context needs `bypassCSP: true`, as the board's content security policy refuses the injected script.
 */
export async function seriousFindings(page: Page, exclude: string[] = []): Promise<unknown[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async (excluded) => {
    const context = excluded.length > 0 ? { include: [['html']], exclude: excluded.map((s) => [s]) } : document
    const result = await (window as any).axe.run(context, { resultTypes: ['violations'] })
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }))
  }, exclude)
}

/** The key in a link's fragment (`…#key=<key>`). */
export const linkKey = (link: string): string => new URL(link).hash.replace(/^#key=/, '')

/** One test file's server process and browser, and the browser contexts its tests open (closed after it). */
export interface ServerAndBrowser {
  readonly server: ServerProcess
  readonly browser: Browser
  /** A new browser context (a person's own device), 1280 × 800 unless `options` say otherwise. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** A page in a new context of its own. */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/** Start a server and a browser before the file's tests, and stop them, with every context opened, after them. */
export function useServerAndBrowser(env: Record<string, string> = {}): ServerAndBrowser {
  let server: ServerProcess | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    server = new ServerProcess(await freePort(), undefined, env)
    await server.start()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })
  const setup: ServerAndBrowser = {
    get server() {
      if (!server) throw new Error('the server starts before the tests')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser starts before the tests')
      return browser
    },
    async newContext(options = {}) {
      const context = await setup.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options })
      contexts.push(context)
      return context
    },
    async newPage(options = {}) {
      return (await setup.newContext(options)).newPage()
    },
  }
  return setup
}

/**
 * Draw a small board through the editor, as a person would: a "Transport" frame holding the idea "Bus on time",
 * and a second idea outside it with the given words (shape ids shape:frame1, shape:n1, shape:n2).
 */
export async function drawTransportBoard(page: Page, secondIdea: string): Promise<void> {
  await page.evaluate((second) => {
    const rt = (text: string) => ({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
    })
    const editor = (window as unknown as { editor: { createShape(shape: unknown): void } }).editor
    editor.createShape({ id: 'shape:frame1', type: 'frame', x: 0, y: 0, props: { w: 480, h: 480, name: 'Transport' } })
    editor.createShape({
      id: 'shape:n1',
      type: 'note',
      x: 20,
      y: 20,
      parentId: 'shape:frame1',
      props: { richText: rt('Bus on time') },
    })
    editor.createShape({ id: 'shape:n2', type: 'note', x: 600, y: 40, props: { richText: rt(second) } })
  }, secondIdea)
}
