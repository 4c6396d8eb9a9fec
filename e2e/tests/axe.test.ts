import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, drawTransportBoard, freePort, launchBrowser, ServerProcess, type E2eBoard } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
    axe: any
  }
}

/**
 * Automated accessibility checks (axe-core, injected from the installed package: no CDN) on every page Roundtable
 * has: the start page, a board on the canvas and as a list, the shared screen (projector view), the phone page and
 * the read-only summary. Serious and critical problems fail the test; everything found is written to
 * /tmp/rt-inclusion/axe-results.json for people to read.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const OUT = '/tmp/rt-inclusion'
mkdirSync(OUT, { recursive: true })

/**
 * tldraw's own canvas: the drawing surface and the shapes on it are tldraw's markup, which Roundtable cannot change
 * from outside (e.g. shapes are `div`s without roles, and its hidden text-measuring elements). Everything of ours
 * drawn over it (dots, plain-words hints, the top strip, the panel) lives outside `.tl-canvas` and is still checked,
 * as are tldraw's menus and toolbar.
 */
const TLDRAW_CANVAS = '.tl-canvas'

interface Finding {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

const results: Record<string, Finding[]> = {}

let server: ServerProcess
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = new ServerProcess(await freePort())
  await server.start()
  browser = await launchBrowser()
})

afterAll(async () => {
  writeFileSync(`${OUT}/axe-results.json`, JSON.stringify(results, null, 2))
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await server?.stop()
})

async function newPage(
  options: { view?: 'list' | 'canvas'; easyRead?: boolean; name?: string; width?: number; height?: number } = {},
): Promise<Page> {
  // The pages send a strict Content-Security-Policy; axe is injected as an inline script, so the test lets it in.
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    bypassCSP: true,
  })
  contexts.push(context)
  await context.addInitScript(
    ({ view, easyRead, name }) => {
      if (view) localStorage.setItem('roundtable:view', view)
      if (easyRead) localStorage.setItem('roundtable:easy-read', '1')
      if (name) localStorage.setItem('roundtable:identity', JSON.stringify({ name }))
    },
    { view: options.view, easyRead: options.easyRead, name: options.name },
  )
  return context.newPage()
}

/** Run axe on the page (leaving out `exclude`), record what it found under `label`, and return it. */
async function check(page: Page, label: string, exclude: string[] = []): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const findings: Finding[] = await page.evaluate(async (excluded) => {
    const context = excluded.length > 0 ? { include: [['html']], exclude: excluded.map((s) => [s]) } : document
    const result = await window.axe.run(context, { resultTypes: ['violations'] })
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n: any) => `${n.target.join(' ')} :: ${String(n.failureSummary).replace(/\s+/g, ' ')}`),
    }))
  }, exclude)
  results[label] = findings
  await page.screenshot({ path: `${OUT}/axe-${label}.png` })
  return findings
}

function expectNoSerious(findings: Finding[]): void {
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([])
}

const keyOf = (link: string) => new URL(link).hash.replace(/^#key=/, '')

describe('axe: no serious or critical accessibility problems on any page', () => {
  let board: E2eBoard

  beforeAll(async () => {
    board = await createBoard(server.url, 'Accessibility check')
  })

  it('home page', async () => {
    const page = await newPage()
    await page.goto(server.url)
    await page.getByRole('button', { name: 'Start a new session' }).waitFor()
    expectNoSerious(await check(page, 'home'))
  })

  it('board on the canvas: the name question, the board, and each panel section', async () => {
    const page = await newPage()
    await page.goto(board.links.facilitator)
    await page.getByRole('dialog', { name: 'What should we call you?' }).waitFor()
    expectNoSerious(await check(page, 'board-name-dialog', [TLDRAW_CANVAS]))
    await page.getByLabel('Your name').fill('Amina')
    await page.getByRole('button', { name: 'Join' }).click()
    await page.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
    // The first screen of a new session: an empty board inviting the first idea, "Invite people" first.
    await page.getByRole('region', { name: 'This board is empty' }).waitFor()
    expectNoSerious(await check(page, 'board-empty', [TLDRAW_CANVAS]))
    await drawTransportBoard(page, 'Ask every stakeholder')
    // One idea selected: its plain-words hint shows on the canvas.
    await page.evaluate(() => void window.editor.select('shape:n2'))
    await page.locator('.rt-note-hint').waitFor()
    expectNoSerious(await check(page, 'board-canvas', [TLDRAW_CANVAS]))
    for (const tab of ['People', 'Actions', 'Facilitate', 'Invite']) {
      await page.getByRole('tab', { name: tab }).click()
      await page.getByRole('tabpanel', { name: tab }).waitFor()
      expectNoSerious(await check(page, `board-canvas-${tab.toLowerCase()}`, [TLDRAW_CANVAS]))
    }
  })

  it('board as a list: plain, with an idea being changed, in easy read, and during a vote', async () => {
    const page = await newPage({ view: 'list', name: 'Ben' })
    await page.goto(board.links.participant)
    await page.getByRole('heading', { level: 1, name: 'Accessibility check' }).waitFor()
    await page.getByRole('listitem').filter({ hasText: 'Bus on time' }).waitFor()
    expectNoSerious(await check(page, 'board-list'))

    await page.getByLabel('Your idea').fill('Our stakeholder group')
    await page.getByRole('group', { name: 'Plain words' }).waitFor()
    await page.getByRole('button', { name: 'Change: Bus on time' }).click()
    expectNoSerious(await check(page, 'board-list-editing'))

    await page.getByRole('switch', { name: 'Easy read' }).click()
    await page.getByRole('tab', { name: 'People' }).click()
    expectNoSerious(await check(page, 'board-list-easy-read'))
    await page.getByRole('switch', { name: 'Easy read' }).click()

    // A vote, started by a facilitator: the dot buttons appear on every idea.
    const facilitator = await newPage({ name: 'Amina', view: 'list' })
    await facilitator.goto(board.links.facilitator)
    await facilitator.getByRole('heading', { level: 1 }).waitFor()
    await facilitator.evaluate(async (id) => {
      await fetch(`/api/boards/${id}/rounds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    }, board.id)
    await page.getByRole('button', { name: '+ dot: Add a dot to “Bus on time”' }).waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: '+ dot: Add a dot to “Bus on time”' }).click()
    await page.getByRole('tab', { name: 'Vote' }).click()
    expectNoSerious(await check(page, 'board-list-vote'))
  })

  it('an agreed action: what a participant sees, and a facilitator changing it', async () => {
    const facilitator = await newPage({ name: 'Amina', view: 'list' })
    await facilitator.goto(board.links.facilitator)
    await facilitator.getByRole('heading', { level: 1 }).waitFor()
    await facilitator.evaluate(async (id) => {
      const post = (path: string, method: string, body: unknown) =>
        fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) =>
          r.json(),
        )
      const { action } = await post(`/api/boards/${id}/actions`, 'POST', { what: 'Fit a ramp', who: 'Jo' })
      await post(`/api/boards/${id}/actions/${action.id}/stance`, 'PUT', { stance: 'agree', name: 'Amina' })
      await post(`/api/boards/${id}/actions/${action.id}`, 'PATCH', { what: 'Fit a ramp at the side door' })
    }, board.id)
    await facilitator.getByRole('tab', { name: 'Actions' }).click()
    const card = facilitator.getByRole('article', { name: 'Action: Fit a ramp at the side door' })
    await card.getByText('Changed since you agreed.').waitFor()
    await card.getByRole('button', { name: 'Change what was agreed' }).click()
    expectNoSerious(await check(facilitator, 'board-list-agreed-action'))
  })

  it('shared screen (projector view)', async () => {
    const page = await newPage()
    await page.goto(
      `${server.url}/b/${board.id}/present#key=${keyOf(board.links.view)}&join=${keyOf(board.links.participant)}`,
    )
    await page.waitForFunction(() => document.querySelector('h1, [role="heading"]') !== null)
    await page.waitForTimeout(1500)
    expectNoSerious(await check(page, 'presenter', [TLDRAW_CANVAS]))
  })

  it('phone page', async () => {
    const page = await newPage({ width: 390, height: 844 })
    await page.goto(`${server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.waitForTimeout(1000)
    expectNoSerious(await check(page, 'phone'))
  })

  it('summary page', async () => {
    const summary = (board.links as unknown as Record<string, string>).summary
    expect(summary, 'the board has a summary link').toBeTruthy()
    const page = await newPage()
    await page.goto(summary!)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.waitForTimeout(1000)
    expectNoSerious(await check(page, 'summary'))
  })
})
