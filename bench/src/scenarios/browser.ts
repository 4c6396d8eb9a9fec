import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Page } from 'playwright-core'
import { createBoard } from '../load/common'
import { targetOf } from '../loadProcess'
import { REPO_ROOT } from '../servers'
import { summarize, type Summary } from '../stats'
import { withServer, type RunContext } from './context'
import { buildTldrawBaseline, serveFolder } from './tldrawBaseline'

/** The Chromium the machine has (Debian's package); the bench never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium'
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
export const WEB_DIST = join(REPO_ROOT, 'apps/web/dist')

export interface BrowserResult {
  ideas: number
  /** Navigation start → `window.editor` set (the tldraw editor mounted), ms. */
  editorMountedMs: number
  /** Navigation start → every idea on the page in the editor (the board usable), ms. */
  interactiveMs: number
  /** Frame-to-frame times with nobody else editing, ms. */
  idleFrames: Summary
  /** Frame-to-frame times while the remote clients move and edit notes, ms. */
  busyFrames: Summary
  /** Long tasks (> 50 ms) on the page's main thread while the remote clients edit. */
  longTasks: { count: number; totalMs: number }
  remoteClients: number
  remoteEdits: number
  /** JavaScript the board page asked for before it was interactive: what a first visit needs to use the board. */
  firstLoadJs: JsSize
  /**
   * All JavaScript the board page fetched during the measurement (about 3 s idle plus the remote editing), which
   * includes the parts it fetches on its own once idle (panel sections, the list view). Absent in older results.
   */
  allJs?: JsSize
  /** The same board in the list view (for screen readers and keyboards): navigation → every idea listed, ms. */
  listViewMs: number | null
  /** JavaScript fetched for the first load of the phone page (people who scan the QR code). */
  phonePageJs: JsSize | null
  /** JavaScript of tldraw on its own (bench/tldraw-baseline), measured the same way: the yardstick for firstLoadJs. */
  tldrawOwnJs: JsSize | null
}

/** Scripts a page fetched from its own server on its first load. */
export interface JsSize {
  files: number
  bytes: number
  gzipBytes: number
}

export type BrowserSection = { params: RunContext['options']['browser'] } & (
  | { skipped: string }
  | { result: BrowserResult }
  | { error: string }
)

/**
 * Scenario 5 (Roundtable only: the peers serve no web app). Written against the web client's contract: the
 * server serves apps/web/dist, the board page is `/b/<id>`, and the page sets `window.editor` once the tldraw
 * editor is mounted. Reports "skipped" when the web app is not built.
 */
export async function runBrowserScenario(ctx: RunContext): Promise<BrowserSection> {
  const params = ctx.options.browser
  const webDist = ctx.webDist ?? WEB_DIST
  if (!existsSync(join(webDist, 'index.html'))) return { params, skipped: 'web app not built' }
  if (!existsSync(CHROMIUM)) return { params, skipped: `no browser at ${CHROMIUM} (apt-get install chromium)` }
  ctx.log(`browser: a board with ${params.ideas} ideas, ${params.remoteClients} remote clients`)
  try {
    const measured = await withServer(
      ctx,
      'roundtable',
      async (server, load) => {
        const target = targetOf(server)
        const boardId = await createBoard(target)
        await load.call('seedIdeas', target, { boardId, count: params.ideas })
        // The harness carries Roundtable's key as "?key=" on the id; a browser takes it from the link's fragment.
        const [id, key] = boardId.split('?key=')
        const boardUrl = `${server.http}/b/${id}#key=${key ?? ''}`
        const measured = await measurePage(boardUrl, params, {
          start: () =>
            load.call('remoteEditorsStart', target, {
              boardId,
              clients: params.remoteClients,
              ratePerClient: params.ratePerClient,
              maxDurationMs: params.durationMs * 3,
            }),
          stop: () => load.call<{ edits: number }>('remoteEditorsStop', target),
        })
        const listViewMs = await measureListView(boardUrl, params.ideas).catch(noFigure(ctx, 'list view'))
        const phonePageJs = await measureFirstLoadJs(`${server.http}/p/${id}#key=${key ?? ''}`, '.ph-main').catch(
          noFigure(ctx, 'phone page'),
        )
        return { ...measured, listViewMs, phonePageJs }
      },
      { webDist },
    )
    const result: BrowserResult = {
      ...measured,
      tldrawOwnJs: await measureTldrawOwn(ctx).catch(noFigure(ctx, 'tldraw on its own')),
    }
    ctx.log(
      `  interactive in ${result.interactiveMs} ms; busy frames p95 ${result.busyFrames.p95} ms; list view in ${result.listViewMs ?? '?'} ms`,
    )
    return { params, result }
  } catch (error) {
    return { params, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
  }
}

async function measurePage(
  url: string,
  params: RunContext['options']['browser'],
  remote: { start(): Promise<unknown>; stop(): Promise<{ edits: number }> },
): Promise<Omit<BrowserResult, 'listViewMs' | 'phonePageJs' | 'tldrawOwnJs'>> {
  const { context, page, done } = await freshPage()
  try {
    const scripts = recordScripts(page, new URL(url).origin)
    // In-page code is passed as strings: functions compiled by tsx carry helper calls the page does not have.
    await page.addInitScript(`
      window.__benchLongTasks = []
      try {
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) window.__benchLongTasks.push(entry.duration)
        }).observe({ type: 'longtask', buffered: true })
      } catch {}
    `)
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
    const waitFor = async (expression: string, timeout: number) =>
      (await (await page.waitForFunction(expression, undefined, { timeout, polling: 20 })).jsonValue()) as number
    const editorMountedMs = await waitFor('window.editor ? performance.now() : false', 60_000)
    const interactiveMs = await waitFor(
      `window.editor && window.editor.getCurrentPageShapeIds().size >= ${params.ideas} ? performance.now() : false`,
      120_000,
    )
    const interactiveAt = Date.now()

    const recordFrames = async (ms: number): Promise<number[]> => {
      await page.evaluate(`(() => {
        window.__benchFrames = []
        window.__benchFramesOn = true
        let last = performance.now()
        const frame = (t) => {
          window.__benchFrames.push(t - last)
          last = t
          if (window.__benchFramesOn) requestAnimationFrame(frame)
        }
        requestAnimationFrame(frame)
      })()`)
      await page.waitForTimeout(ms)
      return (await page.evaluate('(window.__benchFramesOn = false, window.__benchFrames.slice(1))')) as number[]
    }
    const idle = await recordFrames(3_000)
    const longTasksBefore = (await page.evaluate('window.__benchLongTasks.length')) as number
    await remote.start()
    const busy = await recordFrames(params.durationMs)
    const { edits } = await remote.stop()
    const longTasks = (await page.evaluate(`window.__benchLongTasks.slice(${longTasksBefore})`)) as number[]
    return {
      ideas: params.ideas,
      editorMountedMs: Math.round(editorMountedMs),
      interactiveMs: Math.round(interactiveMs),
      idleFrames: summarize(idle),
      busyFrames: summarize(busy),
      longTasks: { count: longTasks.length, totalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)) },
      remoteClients: params.remoteClients,
      remoteEdits: edits,
      firstLoadJs: await scripts(interactiveAt),
      allJs: await scripts(),
    }
  } finally {
    await done()
  }
}

/** A page in a browser with a new, empty profile: nothing cached, nothing stored, as on a first visit. */
async function freshPage() {
  const profile = mkdtempSync(join(tmpdir(), 'roundtable-bench-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
    // The measuring code runs in the page as strings, which the app's Content-Security-Policy (no eval) forbids.
    bypassCSP: true,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    done: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Start counting the scripts a page fetches from `origin`. The returned function adds up those requested before
 * `before` (a `Date.now()` time) or, without it, all of them.
 */
function recordScripts(page: Page, origin: string): (before?: number) => Promise<JsSize> {
  const scripts: Promise<{ requestedAt: number; bytes: number; gzipBytes: number } | null>[] = []
  const requested = new WeakMap<object, number>()
  page.on('request', (request) => requested.set(request, Date.now()))
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script' || !response.url().startsWith(origin)) return
    const requestedAt = requested.get(response.request()) ?? Date.now()
    scripts.push(
      response.body().then(
        (body) => ({ requestedAt, bytes: body.byteLength, gzipBytes: gzipSync(body, { level: 9 }).byteLength }),
        () => null,
      ),
    )
  })
  return async (before = Infinity) => {
    const js = (await Promise.all(scripts)).filter((s) => s !== null && s.requestedAt < before) as {
      bytes: number
      gzipBytes: number
    }[]
    return {
      files: js.length,
      bytes: js.reduce((n, s) => n + s.bytes, 0),
      gzipBytes: js.reduce((n, s) => n + s.gzipBytes, 0),
    }
  }
}

/** First visit to a page: the JavaScript it loads before `ready` (a CSS selector) shows and the network settles. */
async function measureFirstLoadJs(url: string, ready: string): Promise<JsSize> {
  const { page, done } = await freshPage()
  try {
    const scripts = recordScripts(page, new URL(url).origin)
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 })
    await page.waitForSelector(ready, { timeout: 60_000 })
    await page.waitForTimeout(1_000)
    return await scripts()
  } finally {
    await done()
  }
}

/** The board in the list view (chosen on the device, as a screen-reader user would): navigation → all ideas listed. */
async function measureListView(url: string, ideas: number): Promise<number> {
  const { page, done } = await freshPage()
  try {
    await page.addInitScript(`try { localStorage.setItem('roundtable:view', 'list') } catch {}`)
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
    const handle = await page.waitForFunction(
      `document.querySelectorAll('li.rt-idea').length >= ${ideas} ? performance.now() : false`,
      undefined,
      { timeout: 120_000, polling: 20 },
    )
    return Math.round((await handle.jsonValue()) as number)
  } finally {
    await done()
  }
}

/** tldraw on its own, built and served from a folder, loaded the same way as the board page. */
async function measureTldrawOwn(ctx: RunContext): Promise<JsSize> {
  const dir = await buildTldrawBaseline(ctx.log)
  const served = await serveFolder(dir)
  try {
    return await measureFirstLoadJs(served.url, '.tl-container')
  } finally {
    await served.close()
  }
}

/** Log a figure that could not be measured and carry on without it. */
function noFigure(ctx: RunContext, what: string) {
  return (error: unknown): null => {
    ctx.log(`  ${what}: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
    return null
  }
}
