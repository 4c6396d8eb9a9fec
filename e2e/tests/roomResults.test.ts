import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BrowserContextOptions, Page } from 'playwright-core'
import {
  createBoard,
  decodeQrIn,
  seriousFindings,
  waitFor,
  type E2eBoard,
  useServerAndBrowser,
  linkKey,
} from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
    axe: any
  }
}

/**
 * A whole session as the room sees it: a facilitator at a laptop, two participants, a phone (360 × 740) and the
 * projector. The session gets a name, a shared timer runs, a hidden vote runs with a countdown, the results are
 * shown to everyone (projector and phone), and the summary link is passed on: copied from Invite, opened in a
 * fresh browser, scanned from a QR code, put on the projector, printed.
 */

/** Screenshots for a person to look at. */
const SHOTS = '/tmp/rt-room-results'
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: joinPath(SHOTS, `${name}.png`) })

const NAME = 'Day centre: what next?'
const IDEAS = {
  ramp: 'Ramp at the front door',
  bus: 'Bus that comes on time',
  quiet: 'Quiet room',
  cafe: 'Cafe run by members',
}

const setup = useServerAndBrowser()

const newContext = setup.newContext

const keyOf = linkKey

/** A person at a laptop: through the name question, editor ready. */
async function atLaptop(link: string, name: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await newContext(options)).newPage()
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await page.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
  return page
}

/** The HTTP API with a key, as a script would call it. */
async function api(path: string, method: string, key: string, body?: unknown): Promise<Response> {
  return fetch(`${setup.server.url}/api/boards${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** The lines of a ranked list, whitespace flattened. */
async function lines(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim())
}

describe('the room sees what the group decided', () => {
  let board: E2eBoard
  let amina: Page // facilitator at the laptop that drives the projector
  let ben: Page // participant at a laptop
  let cara: Page // participant at a laptop
  let phone: Page // Dev's phone
  let screen: Page // the projector
  let summaryLink: string

  it('the facilitator names the session: the board page, the phone and the projector all show the name', async () => {
    board = await createBoard(setup.server.url, 'Untitled session')
    amina = await atLaptop(board.links.facilitator, 'Amina', { acceptDownloads: true })
    await amina.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: setup.server.url })
    ben = await atLaptop(board.links.participant, 'Ben')
    cara = await atLaptop(board.links.participant, 'Cara')

    const phoneContext = await newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    })
    // Headless Chromium has no voices: one stand-in voice that logs what it is asked to say.
    await phoneContext.addInitScript(() => {
      const said: string[] = []
      Object.assign(window, { __said: said })
      Object.defineProperty(window, 'speechSynthesis', {
        value: {
          getVoices: () => [{ name: 'Stand-in', lang: 'en-GB' }],
          speak: (u: any) => (said.push(u.text), setTimeout(() => u.onend?.(), 0)),
          cancel() {},
          addEventListener() {},
        },
      })
    })
    phone = await phoneContext.newPage()
    await phone.goto(`${setup.server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`)
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Dev')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await phone.getByText('You: Dev').waitFor()

    await amina.getByRole('tab', { name: 'Invite' }).click()
    const [popup] = await Promise.all([
      amina.context().waitForEvent('page'),
      amina.getByRole('button', { name: 'Open the projector view' }).click(),
    ])
    screen = popup
    await screen.setViewportSize({ width: 1920, height: 1080 })
    await screen.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)

    const invite = amina.getByRole('tabpanel', { name: 'Invite' })
    await invite.getByRole('textbox', { name: 'Name of this session' }).fill(NAME)
    await invite.getByRole('button', { name: 'Save the name' }).click()
    await invite.getByText('Saved. Everyone sees the new name.').waitFor()

    await screen.locator('.pr-title', { hasText: NAME }).waitFor({ timeout: 15_000 })
    await phone.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 15_000 })
    await waitFor(async () => (await ben.title()).includes(NAME), 15_000, 'the name in Ben’s window title')
    await ben.locator('.rt-panel__session', { hasText: NAME }).waitFor({ timeout: 15_000 })
    await waitFor(async () => (await phone.title()).includes(NAME), 15_000, 'the name in the phone’s window title')
    // History says when the session got its name.
    const versions = (await (await api(`/${board.id}/versions`, 'GET', keyOf(board.links.facilitator))).json()) as {
      versions: { reason: string }[]
    }
    expect(versions.versions.map((v) => v.reason)).toContain(`Session renamed to “${NAME}”`)
  })

  it('the shared timer reaches the phone', async () => {
    expect(
      (await api(`/${board.id}/timer`, 'POST', keyOf(board.links.facilitator), { action: 'start', seconds: 600 }))
        .status,
    ).toBe(200)
    const timer = phone.getByRole('timer', { name: 'Shared timer' })
    await timer.getByText(/^(10:00|9:[0-5]\d) left$/).waitFor({ timeout: 15_000 })
    await shot(phone, 'phone-timer-360x740')
    expect((await api(`/${board.id}/timer`, 'POST', keyOf(board.links.facilitator), { action: 'reset' })).status).toBe(
      200,
    )
    await timer.waitFor({ state: 'detached', timeout: 15_000 })
  })

  it('while a vote runs, the phone and the projector both show the countdown', async () => {
    await amina.evaluate((ideas) => {
      Object.values(ideas).forEach((text, i) =>
        window.editor.createShape({
          id: `shape:idea${i}`,
          type: 'note',
          x: 60 + (i % 2) * 240,
          y: 120 + Math.floor(i / 2) * 240,
          props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
        }),
      )
    }, IDEAS)
    const started = await api(`/${board.id}/rounds`, 'POST', keyOf(board.links.facilitator), {
      dotsPerPerson: 3,
      maxPerIdea: null,
      hidden: true,
      durationSeconds: 300,
    })
    expect(started.status).toBe(201)

    await screen
      .locator('.pr-vote__clock')
      .getByText(/^[45]:\d\d left$/)
      .waitFor({ timeout: 15_000 })
    await phone.getByRole('button', { name: 'Go to the vote' }).click()
    await phone.getByText(/^[45]:\d\d left to vote$/).waitFor({ timeout: 15_000 })

    // Ben: ramp, ramp, bus. Cara: ramp, quiet. Dev's phone: bus, quiet. So: ramp 3, bus 2, quiet 2 (joint 2nd).
    const plusDot = (page: Page, idea: string) => page.getByRole('button', { name: `+ dot: Add a dot to “${idea}”` })
    await plusDot(ben, IDEAS.ramp).click()
    await plusDot(ben, IDEAS.ramp).click()
    await plusDot(ben, IDEAS.bus).click()
    await ben.getByText('You have 0 of 3 dots left').waitFor()
    await plusDot(cara, IDEAS.ramp).click()
    await plusDot(cara, IDEAS.quiet).click()
    await cara.getByText('You have 1 of 3 dots left').waitFor()
    await phone.getByRole('button', { name: `Add a dot to “${IDEAS.bus}”` }).click()
    await phone.getByText('You have 2 of 3 dots left').waitFor()
    await phone.getByRole('button', { name: `Add a dot to “${IDEAS.quiet}”` }).click()
    await phone.getByText('You have 1 of 3 dots left').waitFor()
    await waitFor(
      async () => (await screen.locator('[data-count="dots"]').textContent()) === '7',
      15_000,
      'seven dots placed',
    )
    await shot(screen, 'projector-vote-countdown-1920x1080')
    await shot(phone, 'phone-vote-countdown-360x740')
  })

  it('after "Show the results to everyone" the projector shows the ranking large, ties as "Joint 2nd"', async () => {
    await amina.getByRole('tab', { name: 'Vote' }).click()
    await amina.getByRole('button', { name: 'End the vote' }).click()
    // Hidden until shown: nothing on the projector yet.
    await screen.locator('.pr-vote').waitFor({ state: 'detached', timeout: 15_000 })
    await expect(screen.locator('.pr-results').count()).resolves.toBe(0)
    await amina.getByRole('button', { name: 'Show the results to everyone' }).click()

    await screen.locator('.pr-results').waitFor({ timeout: 15_000 })
    await screen.getByRole('heading', { name: 'Results: Board 1' }).waitFor()
    const ranked = await lines(screen, '.pr-result')
    expect(ranked).toHaveLength(3)
    expect(ranked[0]).toBe(`1st ${IDEAS.ramp} 3 dots`)
    expect(ranked.slice(1).sort()).toEqual([`Joint 2nd ${IDEAS.bus} 2 dots`, `Joint 2nd ${IDEAS.quiet} 2 dots`].sort())
    // Large enough for the back of a hall: at 1920 px wide, each line is at least 40 px type (the side bar's is 26).
    const size = await screen
      .locator('.pr-result')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(40)
    await shot(screen, 'projector-results-1920x1080')

    // Whoever drives the screen can put the results away (R) and bring them back.
    await screen.keyboard.press('r')
    await screen.locator('.pr-results').waitFor({ state: 'detached' })
    await screen.getByRole('button', { name: 'Show the results' }).click()
    await screen.locator('.pr-results').waitFor()
  })

  it('the phone shows the same ranking and its own dots, read aloud and in easy read too', async () => {
    await phone.getByRole('heading', { name: 'Results: Board 1' }).waitFor({ timeout: 15_000 })
    await phone.getByText('Your dots here: 1').first().waitFor()
    const ranked = await lines(phone, '.ph-rank')
    expect(ranked).toHaveLength(3)
    expect(ranked[0]).toBe(`1st ${IDEAS.ramp} 3 dots You put no dots here`)
    expect(ranked.slice(1).sort()).toEqual(
      [`Joint 2nd ${IDEAS.bus} 2 dots Your dots here: 1`, `Joint 2nd ${IDEAS.quiet} 2 dots Your dots here: 1`].sort(),
    )
    await expect(phone.getByText('No vote is running').count()).resolves.toBe(0)
    await shot(phone, 'phone-results-360x740')

    // Read aloud, as in the list view: the places, the words and the dots.
    await phone.getByRole('button', { name: 'Read the results aloud' }).click()
    await waitFor(
      async () => (await phone.evaluate(() => (window as any).__said.length)) === 3,
      5000,
      'three results read aloud',
    )
    const said = (await phone.evaluate(() => (window as any).__said)) as string[]
    expect(said[0]).toBe(`1st: ${IDEAS.ramp}. 3 dots.`)
    expect(said.slice(1).sort()).toEqual(
      [`Joint 2nd: ${IDEAS.bus}. 2 dots.`, `Joint 2nd: ${IDEAS.quiet}. 2 dots.`].sort(),
    )

    await phone.getByRole('button', { name: 'Easy read' }).click()
    await expect(phone.getByRole('button', { name: 'Easy read' }).getAttribute('aria-pressed')).resolves.toBe('true')
    expect(await phone.evaluate(() => document.documentElement.hasAttribute('data-easy-read'))).toBe(true)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await shot(phone, 'phone-results-easy-read-360x740')
    await phone.getByRole('button', { name: 'Easy read' }).click()
  })

  it('the phone shows dates in plain words', async () => {
    const made = await api(`/${board.id}/actions`, 'POST', keyOf(board.links.participant), {
      what: 'Fit a ramp at the front door',
      who: 'Sam',
      due: '2027-01-15',
    })
    expect(made.status).toBe(201)
    await phone.getByRole('button', { name: 'Actions' }).click()
    await phone.getByText('15 January 2027', { exact: false }).waitFor({ timeout: 15_000 })
    await expect(phone.getByText('2027-01-15', { exact: false }).count()).resolves.toBe(0)
  })

  it('the summary link is copied from Invite, with a QR code, and works in a fresh browser', async () => {
    await amina.getByRole('tab', { name: 'Invite' }).click()
    const invite = amina.getByRole('tabpanel', { name: 'Invite' })
    const group = invite.getByRole('group', { name: 'The summary to pass on' })
    await group.getByRole('button', { name: 'Copy link: The summary to pass on' }).click()
    await group.getByText('Copied', { exact: false }).first().waitFor()
    summaryLink = await amina.evaluate(() => navigator.clipboard.readText())
    expect(summaryLink).toMatch(new RegExp(`^${setup.server.url}/s/${board.id}#key=[A-Za-z0-9_-]+$`))
    await expect(decodeQrIn(amina, '.rt-qr')).resolves.toBe(summaryLink)
    await shot(amina, 'invite-summary-link-1280x800')

    const fresh = await (await newContext({ viewport: { width: 390, height: 844 } })).newPage()
    const failed: string[] = []
    fresh.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
    })
    await fresh.goto(summaryLink)
    await fresh.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 15_000 })
    await fresh.getByText(IDEAS.ramp).first().waitFor()
    // The page keeps its shareable link: in the address bar, and written on the page with its QR code.
    expect(fresh.url()).toBe(summaryLink)
    const share = fresh.getByRole('region', { name: 'Pass this summary on' })
    await share.waitFor()
    await expect(share.getByRole('link').textContent()).resolves.toBe(summaryLink)
    await expect(decodeQrIn(fresh, '#share-qr')).resolves.toBe(summaryLink)
    expect(failed, 'no request failed (the favicon included)').toEqual([])
    await shot(fresh, 'summary-fresh-browser-390x844')
  })

  it('"Printable summary" keeps a link that works when its address is copied and sent', async () => {
    await amina.getByRole('tab', { name: 'Actions' }).click()
    const [printable] = await Promise.all([
      amina.context().waitForEvent('page'),
      amina.getByRole('link', { name: 'Printable summary' }).click(),
    ])
    await printable.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 15_000 })
    await printable.getByRole('region', { name: 'Pass this summary on' }).waitFor()
    const copied = printable.url()
    // Someone else opens the copied address on their own device.
    const other = await (await newContext()).newPage()
    await other.goto(copied)
    await other.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 15_000 })
    await expect(other.getByText('The summary cannot be shown').count()).resolves.toBe(0)
    // On paper the link and the QR code are still there.
    await printable.emulateMedia({ media: 'print' })
    await expect(printable.locator('#share').isVisible()).resolves.toBe(true)
    await expect(printable.locator('#share-qr svg').isVisible()).resolves.toBe(true)
    await printable.close()
  })

  it('the facilitator puts the summary link on the projector; the code on the wall opens the summary', async () => {
    await amina.getByRole('tab', { name: 'Invite' }).click()
    await amina.getByRole('switch', { name: 'Show the summary link on the shared screen' }).check()
    await screen.locator('.pr-summary').waitFor({ timeout: 15_000 })
    await screen.getByRole('heading', { name: 'Take the summary home' }).waitFor()
    await expect(decodeQrIn(screen, '.pr-summary .pr-qr')).resolves.toBe(summaryLink)
    await shot(screen, 'projector-summary-link-1920x1080')
    await amina.getByRole('switch', { name: 'Show the summary link on the shared screen' }).uncheck()
    await screen.locator('.pr-summary').waitFor({ state: 'detached', timeout: 15_000 })
  })

  it('a downloaded file is named after the session', async () => {
    await amina.getByRole('tab', { name: 'Actions' }).click()
    const [file] = await Promise.all([
      amina.waitForEvent('download', { timeout: 20_000 }),
      amina.getByRole('button', { name: 'Summary as text (Markdown)' }).click(),
    ])
    expect(file.suggestedFilename()).toBe('Day-centre-what-next-summary.md')
  })

  it('the projector’s side bar never covers the ideas sent from phones, at 1280 × 720 and 1920 × 1080', async () => {
    await phone.getByRole('button', { name: 'Add idea' }).click()
    await phone.getByLabel('Your idea').fill('Large print menus')
    await phone.getByRole('button', { name: 'Add my idea' }).click()
    await phone.getByText('Sent. It is on the board').waitFor()
    await screen.keyboard.press('r') // the board, not the results
    await screen.locator('.pr-results').waitFor({ state: 'detached' })
    /** How much of the part of the frame that should be seen lies under the side bar or off the canvas (px²). */
    const hiddenArea = (within: { minX: number; minY: number; maxX: number; maxY: number } | null) =>
      screen.evaluate((limit) => {
        const editor = window.editor
        const frame = editor
          .getCurrentPageShapes()
          .find((s: any) => s.type === 'frame' && s.meta?.roundtable === 'incoming')
        if (!frame) return -1
        const b = editor.getShapePageBounds(frame)
        const part = limit
          ? {
              minX: Math.max(b.minX, limit.minX),
              minY: Math.max(b.minY, limit.minY),
              maxX: Math.min(b.maxX, limit.maxX),
              maxY: Math.min(b.maxY, limit.maxY),
            }
          : { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY }
        if (part.maxX <= part.minX || part.maxY <= part.minY) return 0
        const a = editor.pageToScreen({ x: part.minX, y: part.minY })
        const z = editor.pageToScreen({ x: part.maxX, y: part.maxY })
        const canvas = document.querySelector('.pr-canvas')!.getBoundingClientRect()
        const side = document.querySelector('.pr-side')!.getBoundingClientRect()
        const visW = Math.max(0, Math.min(z.x, canvas.right, side.left) - Math.max(a.x, canvas.left))
        const visH = Math.max(0, Math.min(z.y, canvas.bottom) - Math.max(a.y, canvas.top))
        return Math.round((z.x - a.x) * (z.y - a.y) - visW * visH)
      }, within)
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await screen.setViewportSize(size)
      // The whole board: the whole frame is in view, none of it under the side bar.
      await screen.keyboard.press('w')
      await waitFor(
        async () => (await hiddenArea(null)) === 0,
        10_000,
        `the whole frame in view at ${size.width}×${size.height} (whole board)`,
      )
      await shot(screen, `projector-incoming-whole-${size.width}x${size.height}`)
      // Following the facilitator: whatever of the frame she sees, the room sees too.
      await amina.evaluate(() => void window.editor.zoomToFit())
      await screen.keyboard.press('f')
      await screen.locator('.pr-chip', { hasText: 'Following Amina' }).waitFor({ timeout: 10_000 })
      await waitFor(
        async () =>
          (await hiddenArea(
            await amina.evaluate(() => {
              const { minX, minY, maxX, maxY } = window.editor.getViewportPageBounds()
              return { minX, minY, maxX, maxY }
            }),
          )) === 0,
        10_000,
        `what Amina sees of the frame in view at ${size.width}×${size.height} (following)`,
      )
      await shot(screen, `projector-incoming-follow-${size.width}x${size.height}`)
    }
  })

  it('axe: no serious or critical problems on the projector with results and summary, the phone results, Invite and the summary', async () => {
    const open = async (url: string, viewport = { width: 1280, height: 800 }) => {
      const page = await (await newContext({ viewport, bypassCSP: true })).newPage()
      await page.goto(url)
      return page
    }
    const projector = await open(
      `${setup.server.url}/b/${board.id}/present#key=${keyOf(board.links.view)}&join=${keyOf(board.links.participant)}`,
      { width: 1920, height: 1080 },
    )
    await projector.locator('.pr-results').waitFor({ timeout: 15_000 })
    expect(await seriousFindings(projector, ['.tl-canvas'])).toEqual([])
    await amina.getByRole('tab', { name: 'Invite' }).click()
    await amina.getByRole('switch', { name: 'Show the summary link on the shared screen' }).check()
    await projector.locator('.pr-summary').waitFor({ timeout: 15_000 })
    expect(await seriousFindings(projector, ['.tl-canvas'])).toEqual([])

    const phonePage = await open(`${setup.server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`, {
      width: 360,
      height: 740,
    })
    await phonePage.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 15_000 })
    await phonePage.getByRole('button', { name: 'Vote' }).click()
    await phonePage.getByRole('heading', { name: 'Results: Board 1' }).waitFor()
    expect(await seriousFindings(phonePage)).toEqual([])

    const summary = await open(summaryLink)
    await summary.getByRole('region', { name: 'Pass this summary on' }).waitFor({ timeout: 15_000 })
    expect(await seriousFindings(summary)).toEqual([])

    // Invite, on the facilitator's own board page (CSP bypassed in a fresh facilitator context for axe).
    const facilitator = await open(board.links.facilitator)
    const dialog = facilitator.getByRole('dialog', { name: 'What should we call you?' })
    await dialog.getByLabel('Your name').fill('Eve')
    await dialog.getByRole('button', { name: 'Join' }).click()
    await facilitator.getByRole('tab', { name: 'Invite' }).click()
    await facilitator.getByRole('group', { name: 'The summary to pass on' }).waitFor()
    expect(await seriousFindings(facilitator, ['.tl-canvas'])).toEqual([])
  })
})
