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
  /** First open (cold: new browser profile, nothing cached, no local copy, no service worker): navigation → `window.editor` set (the tldraw editor mounted), ms. */
  editorMountedMs: number
  /**
   * First open (cold): navigation → interactive (`OpenMilestones.interactiveMs`: every idea on the canvas and a
   * click on a note answered), ms. In results before the first open was measured this way (no `allIdeasMs`), it
   * was the time until every idea was on the canvas.
   */
  interactiveMs: number
  /** First open (cold): navigation → every idea on the page in the editor, ms. Absent in older results. */
  allIdeasMs?: number
  /** First open (cold): long tasks on the main thread from navigation to interactive. Absent in older results. */
  openLongTasks?: OpenMilestones['longTasks']
  /**
   * Second open of the same link in the same browser (warm: HTTP cache, service worker and the board's local copy
   * in IndexedDB present); `serviceWorker` says whether the worker controlled that page. Absent in older results.
   */
  warmOpen?: (OpenMilestones & { serviceWorker: boolean }) | null
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
  const { page, done } = await freshPage()
  try {
    const scripts = recordScripts(page, new URL(url).origin)
    // In-page code is passed as strings: functions compiled by tsx carry helper calls the page does not have.
    await page.addInitScript(PAGE_PROBES)
    const cold = await openBoard(page, url, params.ideas)
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
    const longTasks = (await page.evaluate(
      `window.__benchLongTasks.slice(${longTasksBefore}).map((t) => t.duration)`,
    )) as number[]
    const firstLoadJs = await scripts(interactiveAt)
    const allJs = await scripts()
    // The same link again in the same browser: what a second visit costs.
    await page.goto('about:blank')
    const warm = await openBoard(page, url, params.ideas)
    const serviceWorker = (await page.evaluate('navigator.serviceWorker?.controller != null')) as boolean
    return {
      ideas: params.ideas,
      editorMountedMs: cold.editorMountedMs,
      interactiveMs: cold.interactiveMs,
      allIdeasMs: cold.allIdeasMs,
      openLongTasks: cold.longTasks,
      warmOpen: { ...warm, serviceWorker },
      idleFrames: summarize(idle),
      busyFrames: summarize(busy),
      longTasks: { count: longTasks.length, totalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)) },
      remoteClients: params.remoteClients,
      remoteEdits: edits,
      firstLoadJs,
      allJs,
    }
  } finally {
    await done()
  }
}

/** Milestones of one opening of the board page, ms from navigation start. */
export interface OpenMilestones {
  /** `window.editor` set: the tldraw editor mounted. */
  editorMountedMs: number
  /** Every idea of the board in the editor's current page. */
  allIdeasMs: number
  /**
   * Interactive: editor mounted, every idea on the canvas, and a real click on a note (the mouse, through
   * Chromium's input pipeline) has selected it and the frame showing the selection has started. A page whose main
   * thread is busy answers the click late, so the figure includes that wait. On a first visit the name dialog is
   * skipped (Escape) before the click, as a person would.
   */
  interactiveMs: number
  /** Long tasks (> 50 ms) on the main thread from navigation to interactive: count, sum, longest (ms). */
  longTasks: { count: number; totalMs: number; longestMs: number }
}

/**
 * In-page probes, installed before the page's own scripts on every navigation: long tasks, and once per frame
 * when the editor appeared, how many shapes its page holds, and when the shape in `__benchWatch` got selected.
 * Watching from inside the page costs a check per frame; polling from outside (Playwright's waitForFunction every
 * 20 ms) cost the page itself more than 100 ms of serialising during a load.
 */
export const PAGE_PROBES = `
  window.__benchLongTasks = []
  window.__bench = { editorAt: null, counts: [], selectedAt: null }
  window.__benchWatch = null
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__benchLongTasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  ;(() => {
    let last = -1
    const frame = (t) => {
      const editor = window.editor
      if (editor) {
        if (window.__bench.editorAt === null) window.__bench.editorAt = t
        const n = editor.getCurrentPageShapeIds().size
        if (n !== last) window.__bench.counts.push([t, n])
        last = n
        const watched = window.__benchWatch
        if (watched && window.__bench.selectedAt === null && editor.getSelectedShapeIds().includes(watched))
          window.__bench.selectedAt = t
      }
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })()
`

/** Open the board at `url` in `page` (which has `PAGE_PROBES`) and wait until it is interactive. Leaves nothing selected. */
export async function openBoard(page: Page, url: string, ideas: number): Promise<OpenMilestones> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
  const waitFor = async (expression: string, timeout: number) =>
    (await (await page.waitForFunction(expression, undefined, { timeout, polling: 100 })).jsonValue()) as number
  const allIdeasMs = await waitFor(`(window.__bench.counts.find(([, n]) => n >= ${ideas}) ?? [false])[0]`, 120_000)
  const editorMountedMs = (await page.evaluate('window.__bench.editorAt')) as number
  // A note well inside the viewport, in screen coordinates.
  const target = (await page.evaluate(`(() => {
    const editor = window.editor
    const view = editor.getViewportPageBounds()
    const note = editor.getCurrentPageShapesSorted().find((shape) => {
      if (shape.type !== 'note') return false
      const b = editor.getShapePageBounds(shape)
      return b && b.minX > view.minX + view.w * 0.2 && b.maxX < view.maxX - view.w * 0.2 &&
        b.minY > view.minY + view.h * 0.2 && b.maxY < view.maxY - view.h * 0.2
    })
    if (!note) return null
    const b = editor.getShapePageBounds(note)
    const p = editor.pageToViewport({ x: b.midX, y: b.minY + Math.min(20, b.h / 4) })
    const r = editor.getContainer().getBoundingClientRect()
    window.__benchWatch = note.id
    return { x: r.left + p.x, y: r.top + p.y }
  })()`)) as { x: number; y: number } | null
  if (!target) throw new Error('no note in view to click')
  // A first visit asks for a name in a modal dialog; a person who answers it later skips it first (Escape).
  if (await page.evaluate(`document.querySelector('dialog[open]') !== null`)) {
    await page.keyboard.press('Escape')
    await page.waitForFunction(`document.querySelector('dialog[open]') === null`, undefined, { timeout: 30_000 })
  }
  await page.mouse.click(target.x, target.y)
  const interactiveMs = await waitFor('window.__bench.selectedAt', 30_000)
  const longTasks = (await page.evaluate(
    `window.__benchLongTasks.filter((t) => t.start < ${interactiveMs}).map((t) => t.duration)`,
  )) as number[]
  await page.evaluate('void window.editor.selectNone()')
  return {
    editorMountedMs: Math.round(editorMountedMs),
    allIdeasMs: Math.round(allIdeasMs),
    interactiveMs: Math.round(interactiveMs),
    longTasks: {
      count: longTasks.length,
      totalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
      longestMs: Math.round(Math.max(0, ...longTasks)),
    },
  }
}

/** A page in a browser with a new, empty profile: nothing cached, nothing stored, as on a first visit. */
export async function freshPage() {
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
