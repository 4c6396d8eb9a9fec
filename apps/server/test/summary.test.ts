import { CloseCodes, SUMMARY_SCHEMA, type SessionSummary } from '@roundtable/board'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { call, connectClient, createBoard, personSession, startTestServer, waitFor, type TestBoard } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup(dataDir?: string) {
  const t = await startTestServer({}, dataDir)
  cleanups.push(() => t.server.close())
  return t
}

/** The summary link's key (the board helper knows the three board roles; the summary link is the fourth). */
function summaryKeyOf(board: TestBoard): string {
  const link = (board.links as Record<string, string>).summary
  if (!link) throw new Error('the board has no summary link')
  return new URL(link).hash.replace('#key=', '')
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

/** A small, realistic session: ideas, a vote with a tie, and actions at different stages. */
async function workshop(url: string) {
  const board = await createBoard(url, 'Day centre review: "access" & ramps')
  const base = `${url}/api/boards/${board.id}`
  const idea = async (text: string) =>
    (await call(`${base}/ideas`, 'POST', board.auth('participant'), { text })).body!.idea.id as string
  const ramp = await idea('A ramp at the front door, not round the back by the bins')
  const loop = await idea('A hearing loop in the main hall')
  const signs = await idea('Bigger signs with pictures')
  await idea('Somewhere quiet to sit')
  const round = (await call(`${base}/rounds`, 'POST', board.auth('facilitator'), { dotsPerPerson: 3, hidden: false }))
    .body!.round
  // Three people: the ramp gets 3 dots; the loop and the signs tie on 2.
  for (const picks of [[ramp, ramp, loop], [ramp, loop, signs], [signs]]) {
    const cookie = await personSession(url, board, 'participant')
    for (const ideaId of picks)
      expect((await call(`${base}/rounds/${round.id}/dots`, 'POST', cookie, { ideaId })).status).toBe(200)
  }
  await call(`${base}/rounds/${round.id}/close`, 'POST', board.auth('facilitator'))
  const action = async (body: Record<string, unknown>) =>
    (await call(`${base}/actions`, 'POST', board.auth('participant'), body)).body!.action.id as string
  const fitRamp = await action({
    what: 'Fit a ramp at the front door',
    who: 'Sam (estates)',
    due: '2025-04-01',
    ideaId: ramp,
  })
  const hearing = await action({
    what: 'Get a quote for a hearing loop',
    who: 'Ayesha',
    due: '2025-05-15',
    ideaId: loop,
    note: 'Two suppliers asked so far.',
  })
  await action({ what: 'Ask the group about quiet spaces at the next meeting', who: '' })
  await call(`${base}/actions/${fitRamp}/status`, 'PUT', board.auth('facilitator'), { status: 'agreed' })
  await call(`${base}/actions/${hearing}/status`, 'PUT', board.auth('facilitator'), { status: 'in-progress' })
  return { board, base, fitRamp, hearing, summaryKey: summaryKeyOf(board) }
}

describe('the summary link', () => {
  it('comes with every new board, and facilitators can see it again', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const links = board.links as Record<string, string>
    expect(Object.keys(links).sort()).toEqual(['facilitator', 'participant', 'summary', 'view'])
    expect(links.summary).toMatch(new RegExp(`^${url}/s/${board.id}#key=[A-Za-z0-9]{32}$`))
    const again = await call(`${url}/api/boards/${board.id}/links`, 'GET', board.auth('facilitator'))
    expect(again.body!.links).toEqual(links)
  })

  it('reads the summary and nothing else: not the board, its ideas, its actions, exports, sessions or the sync socket', async () => {
    const { url, wsUrl } = await setup()
    const { board, base, summaryKey } = await workshop(url)
    const summary = await call(`${base}/summary`, 'GET', bearer(summaryKey))
    expect(summary.status).toBe(200)
    expect(summary.headers.get('content-type')).toBe('application/json')
    const validate = new Ajv2020({ strict: true }).compile(SUMMARY_SCHEMA)
    expect(validate(summary.body)).toBe(true)
    expect(summary.body!.board.title).toBe('Day centre review: "access" & ramps')

    for (const path of ['', '/ideas', '/actions', '/rounds', '/links', '/export?format=json']) {
      const refused = await call(`${base}${path}`, 'GET', bearer(summaryKey))
      expect([path, refused.status]).toEqual([path, 403])
    }
    expect((await call(`${base}`, 'GET', bearer(summaryKey))).body.error.code).toBe('auth.summary_only')
    expect((await call(`${base}/ideas`, 'POST', bearer(summaryKey), { text: 'sneaky' })).status).toBe(403)
    expect((await call(`${base}/session`, 'POST', bearer(summaryKey))).status).toBe(403)

    const socket = connectClient(wsUrl, board.id, { key: summaryKey })
    cleanups.push(() => socket.destroy())
    await waitFor(() => socket.closes.length > 0)
    expect(socket.closes[0]!.code).toBe(CloseCodes.Forbidden)
    expect(socket.doc.getMap('actions').size).toBe(0)
  })

  it('is open to the board’s own links too, and refused without a key or with a wrong one', async () => {
    const { url } = await setup()
    const { board, base } = await workshop(url)
    for (const role of ['view', 'participant', 'facilitator'] as const)
      expect((await call(`${base}/summary`, 'GET', board.auth(role))).status).toBe(200)
    expect((await call(`${base}/summary`, 'GET', {})).status).toBe(401)
    expect((await call(`${base}/summary`, 'GET', bearer('notthekey00000000000000000000000'))).status).toBe(403)
    const other = await createBoard(url)
    expect((await call(`${base}/summary`, 'GET', bearer(summaryKeyOf(other)))).status).toBe(403)
    expect(
      (await call(`${url}/api/boards/nosuchboard0000000/summary`, 'GET', bearer(summaryKeyOf(other)))).status,
    ).toBe(403)
  })

  it('shows a facilitator’s change of status and note, and answers 304 while nothing changed', async () => {
    const { url } = await setup()
    const { board, base, fitRamp, summaryKey } = await workshop(url)
    const before = await call(`${base}/summary`, 'GET', bearer(summaryKey))
    const etag = before.headers.get('etag')!
    expect((await fetch(`${base}/summary`, { headers: { ...bearer(summaryKey), 'if-none-match': etag } })).status).toBe(
      304,
    )

    await call(`${base}/actions/${fitRamp}/status`, 'PUT', board.auth('facilitator'), { status: 'done' })
    await call(`${base}/actions/${fitRamp}`, 'PATCH', board.auth('facilitator'), {
      note: 'done: the ramp was fitted in March',
    })
    const after = await fetch(`${base}/summary`, { headers: { ...bearer(summaryKey), 'if-none-match': etag } })
    expect(after.status).toBe(200)
    const action = ((await after.json()) as SessionSummary).actions.find((a) => a.id === fitRamp)!
    expect(action).toMatchObject({
      status: 'done',
      note: 'done: the ramp was fitted in March',
      who: 'Sam (estates)',
      due: '2025-04-01',
    })
    expect(action.idea).toMatchObject({ text: 'A ramp at the front door, not round the back by the bins', dots: 3 })
    expect(action.statusChangedAt).not.toBeNull()
  })

  it('survives a restart: the same link gives the same summary from stored data', async () => {
    const first = await setup()
    const { board, fitRamp, summaryKey } = await workshop(first.url)
    await call(`${first.url}/api/boards/${board.id}/actions/${fitRamp}/status`, 'PUT', board.auth('facilitator'), {
      status: 'done',
    })
    const before = await (
      await fetch(`${first.url}/api/boards/${board.id}/summary`, { headers: bearer(summaryKey) })
    ).text()
    await first.server.close()
    const second = await setup(first.dataDir)
    const after = await fetch(`${second.url}/api/boards/${board.id}/summary`, { headers: bearer(summaryKey) })
    expect(after.status).toBe(200)
    expect(await after.text()).toBe(before)
    expect((JSON.parse(before) as SessionSummary).actions.find((a) => a.id === fitRamp)!.status).toBe('done')
  })
})

describe('the summary page', () => {
  it('is a file with no data in it, whose script and styles are files too (no inline code)', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const page = await fetch(`${url}/s/${board.id}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('<script src="/s/assets/summary.js" defer></script>')
    expect(html).toContain('<link rel="stylesheet" href="/s/assets/summary.css">')
    expect(html.replace('<script src="/s/assets/summary.js" defer></script>', '')).not.toMatch(
      /<script|<style|\son[a-z]+=/i,
    )
    const js = await fetch(`${url}/s/assets/summary.js`)
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8'])
    expect(
      (await fetch(`${url}/s/assets/summary.js`, { headers: { 'if-none-match': js.headers.get('etag')! } })).status,
    ).toBe(304)
    const css = await fetch(`${url}/s/assets/summary.css`)
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8'])
    expect((await fetch(`${url}/s/assets/constructor`)).status).toBe(404)
    expect((await fetch(`${url}/s/bad!id`)).status).toBe(400)
  })
})

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
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
const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('the summary page in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows what was agreed, prints to a PDF, remembers Easy read, and follows a facilitator’s update', async () => {
    const { url } = await setup()
    const { board, base, fitRamp, summaryKey } = await workshop(url)
    const context = await browser.newContext({ viewport: { width: 800, height: 1000 } })
    cleanups.push(() => context.close())
    const page = await context.newPage()
    await page.clock.install()
    await page.goto(`${url}/s/${board.id}#key=${summaryKey}`)
    await page.waitForSelector('main[data-ready="true"]')

    // The key stays in the address bar (the link is made to be passed on), and the page says what was agreed first.
    expect(page.url()).toBe(`${url}/s/${board.id}#key=${summaryKey}`)
    expect(await page.title()).toBe('Day centre review: "access" & ramps – summary')
    const headings = await page.locator('h2').allTextContents()
    expect(headings).toEqual(['What we agreed', 'Ideas, with the most dots first', 'Pass this summary on'])
    const firstAction = (await page.locator('.action .what').first().textContent())!
    expect(firstAction).toBe('Fit a ramp at the front door')
    expect(await page.locator('.idea .rank [aria-hidden="true"]').allTextContents()).toEqual(['1', '=2', '=2', ''])
    // Screen readers hear the rank in words instead of "=2".
    expect(await page.locator('.idea .rank .visually-hidden').allTextContents()).toEqual([
      'Rank 1: ',
      'Rank joint 2: ',
      'Rank joint 2: ',
      'No dots: ',
    ])

    // The link to pass on, with its QR code, is part of the printed page.
    await page.locator('#share:not([hidden])').waitFor()
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('#share-qr svg').isVisible()).toBe(true)
    expect(await page.locator('#share-link').textContent()).toBe(`${url}/s/${board.id}#key=${summaryKey}`)
    await page.emulateMedia({ media: 'screen' })
    const pdfPath = join(tmpdir(), 'roundtable-summary-test.pdf')
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true })
    const pdf = readFileSync(pdfPath)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    if (has('pdftotext')) {
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString()
      expect(text).toContain(firstAction)
      expect(text).toContain('What we agreed')
      // On paper the link to pass on is still there: a printed summary leads back to the live one.
      expect(text.replace(/\s+/g, '')).toContain(summaryKey)
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())?.[1])
      expect(pages).toBeGreaterThanOrEqual(1)
    } else {
      expect(await page.content()).toContain(firstAction)
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(1)
    }

    // Easy read: bigger text and pictures, remembered on this device; the key was kept too, so a reload works.
    await page.click('#easy-read')
    expect(await page.getAttribute('#easy-read', 'aria-pressed')).toBe('true')
    await page.reload()
    await page.waitForSelector('main[data-ready="true"]')
    expect((await page.locator('html').getAttribute('class'))?.split(' ')).toContain('easy-read')
    expect(await page.locator('.action .icon').first().isVisible()).toBe(true)

    // A facilitator marks the ramp done with a note; within 20 seconds the open page shows it.
    await call(`${base}/actions/${fitRamp}/status`, 'PUT', board.auth('facilitator'), { status: 'done' })
    await call(`${base}/actions/${fitRamp}`, 'PATCH', board.auth('facilitator'), {
      note: 'done: the ramp was fitted in March',
    })
    await page.clock.runFor(20_000)
    await page.waitForSelector('.action.status-done >> text=done: the ramp was fitted in March')
    expect(await page.locator('#status').textContent()).toMatch(/^The summary was updated at /)
  })

  it('tells the person plainly when the link has no key or a wrong one', async () => {
    const { url } = await setup()
    const board = await createBoard(url)
    const context = await browser.newContext()
    cleanups.push(() => context.close())
    const page = await context.newPage()
    await page.goto(`${url}/s/${board.id}`)
    await page.waitForSelector('.notice >> text=needs the summary link you were sent')
    await page.goto(`${url}/s/${board.id}#key=wrongwrongwrongwrongwrongwrong12`)
    await page.waitForSelector('.notice >> text=does not open this summary')
  })
})
