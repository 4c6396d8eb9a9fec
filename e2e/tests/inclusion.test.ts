import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import {
  createBoard,
  drawTransportBoard,
  freePort,
  launchBrowser,
  ServerProcess,
  waitFor,
  type E2eBoard,
} from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
}

/** Screenshots a person would see, kept for a human to look at. */
const SHOTS = '/tmp/rt-inclusion'
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })

let server: ServerProcess
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = new ServerProcess(await freePort())
  await server.start()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await server?.stop()
})

async function newPage(
  options: { width?: number; height?: number; view?: 'list' | 'canvas'; easyRead?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  })
  contexts.push(context)
  await context.addInitScript(
    ({ view, easyRead }) => {
      if (view) localStorage.setItem('roundtable:view', view)
      if (easyRead) localStorage.setItem('roundtable:easy-read', '1')
    },
    { view: options.view, easyRead: options.easyRead },
  )
  return context.newPage()
}

/** Join with the mouse (for the other people in the session; the person under test uses only the keyboard). */
async function join(link: string, name: string, options: Parameters<typeof newPage>[0] = {}): Promise<Page> {
  const page = await newPage(options)
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await page.waitForFunction(() => window.roundtable?.provider.synced)
  return page
}

/** Role and accessible name of whatever has keyboard focus, as assistive technology sees it. */
async function focused(page: Page): Promise<{ role: string; name: string }> {
  // Mark the focused element (a date field's focus sits in its own inner parts, which `:focus` does not reach).
  await page.evaluate(() => {
    document.querySelector('[data-e2e-focus]')?.removeAttribute('data-e2e-focus')
    document.activeElement?.setAttribute('data-e2e-focus', '')
  })
  const snapshot = await page.locator('[data-e2e-focus]').ariaSnapshot({ timeout: 2000 })
  let line = (snapshot.split('\n')[0] ?? '').replace(/^- /, '')
  // YAML quotes the whole entry when the name holds ": " ('button "+ dot: Add…"': text).
  if (line.startsWith("'")) line = line.slice(1, line.indexOf("'", line.lastIndexOf('"'))).replace(/''/g, "'")
  const match = /^([\w-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(line)
  return { role: match?.[1] ?? '', name: (match?.[2] ?? '').replace(/\\"/g, '"') }
}

/** Focus is on `role` named `name` (within a few seconds: a view that is switched to may still be loading). */
async function expectFocus(page: Page, role: string, name: string | RegExp): Promise<void> {
  const matches = (f: { role: string; name: string }) =>
    f.role === role && (typeof name === 'string' ? f.name === name : name.test(f.name))
  let now = await focused(page)
  for (const deadline = Date.now() + 5000; !matches(now) && Date.now() < deadline; now = await focused(page))
    await page.waitForTimeout(50)
  expect(now.role).toBe(role)
  if (typeof name === 'string') expect(now.name).toBe(name)
  else expect(now.name).toMatch(name)
}

/**
 * Press Tab until focus reaches `role` named `name`, checking that everything passed on the way has a role and an
 * accessible name. Returns what was passed, in order.
 */
async function tabTo(page: Page, role: string, name: string | RegExp, max = 25, key = 'Tab'): Promise<string[]> {
  const passed: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    const now = await focused(page)
    const hit = now.role === role && (typeof name === 'string' ? now.name === name : name.test(now.name))
    if (hit) return passed
    if (!now.role) {
      const html = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing')
      throw new Error(`focus passed an element with no role: ${html}; passed: ${passed.join(' → ')}`)
    }
    // Date fields are segments (day, month, year) named by their field's label.
    expect(now.name || now.role === 'spinbutton', `focus passed a ${now.role} with no name`).toBeTruthy()
    passed.push(`${now.role} "${now.name}"`)
  }
  throw new Error(`focus never reached ${role} "${String(name)}"; passed: ${passed.join(' → ')}`)
}

const LIVE = '.rt-announce [aria-live="polite"]'

describe('inclusion: the list view with a keyboard alone', () => {
  let board: E2eBoard
  let amina: Page // facilitator, on the canvas, using a mouse
  let sam: Page // participant, keyboard only, in the list view

  it('joins and switches to the list view with the keyboard, meeting named controls only', async () => {
    board = await createBoard(server.url, 'Day centre transport')
    amina = await join(board.links.facilitator, 'Amina')
    await amina.waitForFunction(() => !!window.editor)

    sam = await newPage()
    await sam.goto(board.links.participant)
    await sam.getByRole('dialog', { name: 'What should we call you?' }).waitFor()
    await expectFocus(sam, 'textbox', 'Your name')
    await sam.keyboard.type('Sam')
    await sam.keyboard.press('Enter')
    await sam.waitForFunction(() => window.roundtable?.provider.synced && !!window.editor)

    // The first stop on the canvas page is the way to the list.
    await sam.keyboard.press('Tab')
    await expectFocus(sam, 'button', 'Show the ideas as a list (easier with a keyboard or screen reader)')
    await sam.keyboard.press('Enter')
    await expectFocus(sam, 'heading', 'Day centre transport')
    // In the list view the canvas is not there at all.
    await waitFor(
      () => sam.evaluate(() => !window.editor && !document.querySelector('.tl-container')),
      5000,
      'the canvas to go',
    )
    expect(await sam.evaluate(() => localStorage.getItem('roundtable:view'))).toBe('list')

    // Landmarks and headings a screen reader uses to find its way.
    await expect(sam.getByRole('main').count()).resolves.toBe(1)
    await expect(sam.getByRole('navigation', { name: 'Go to' }).count()).resolves.toBe(1)
    await expect(sam.getByRole('complementary', { name: 'Session panel' }).count()).resolves.toBe(1)
    await expect(sam.getByRole('heading', { level: 1 }).count()).resolves.toBe(1)
  })

  it('adds an idea', async () => {
    await tabTo(sam, 'textbox', 'Your idea')
    await sam.keyboard.type('Ramp at the front door')
    await sam.keyboard.press('Tab')
    await expectFocus(sam, 'button', 'Add idea')
    await sam.keyboard.press('Enter')
    // Focus goes back to the box, ready for the next idea; the idea is on the board for everyone, with its author.
    await expectFocus(sam, 'textbox', 'Your idea')
    await sam.getByRole('listitem').filter({ hasText: 'Ramp at the front door' }).waitFor()
    await waitFor(
      () =>
        amina.evaluate(() =>
          window.editor
            .getCurrentPageShapes()
            .some((s: any) => s.type === 'note' && s.meta.author === 'Sam' && typeof s.meta.authorId === 'string'),
        ),
      15_000,
      'the idea on the canvas with its author',
    )
  })

  it('hears, politely, that another person added an idea', async () => {
    await amina.evaluate(
      () =>
        void window.editor.createShape({
          type: 'note',
          x: 300,
          y: 0,
          props: {
            richText: {
              type: 'doc',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Quiet room' }] }],
            },
          },
        }),
    )
    await waitFor(
      async () => (await sam.locator(LIVE).innerText()).includes('Amina added an idea: Quiet room'),
      20_000,
      'the announcement',
    )
    await shot(sam, 'list-view')
  })

  it('votes with a dot', async () => {
    await amina.evaluate(async (id) => {
      const res = await fetch(`/api/boards/${id}/rounds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dotsPerPerson: 3, hidden: true }),
      })
      if (res.status !== 201) throw new Error(`could not start the vote: ${res.status}`)
    }, board.id)
    await sam.getByText('You have 3 of 3 dots left').first().waitFor({ timeout: 15_000 })

    // From the text box, on to the first idea's "+ dot", naming everything on the way.
    const passed = await tabTo(sam, 'button', '+ dot: Add a dot to “Ramp at the front door”')
    expect(passed.every((p) => !p.includes('""'))).toBe(true)
    await sam.keyboard.press('Enter')
    await sam.getByText('You have 2 of 3 dots left').first().waitFor()
    await sam.getByText('Your dots: 1').waitFor()
    // The "− dot" beside it now takes the dot back, and Space works as well as Enter.
    await sam.keyboard.press('Tab')
    await expectFocus(sam, 'button', '− dot: Take a dot back from “Ramp at the front door”')
    await sam.keyboard.press('Space')
    await sam.getByText('You have 3 of 3 dots left').first().waitFor()
    await sam.keyboard.press('Shift+Tab')
    await expectFocus(sam, 'button', '+ dot: Add a dot to “Ramp at the front door”')
    await sam.keyboard.press('Space')
    await sam.getByText('You have 2 of 3 dots left').first().waitFor()
    // Everyone sees that Sam has voted (the People panel), without any numbers per idea while hidden.
    await amina.getByRole('tab', { name: 'People' }).click()
    await amina.locator('.rt-voice__row', { hasText: 'Sam' }).getByText('has voted').waitFor({ timeout: 15_000 })
  })

  it('turns the idea into an action and agrees to it', async () => {
    await tabTo(sam, 'button', 'Make this an action: Ramp at the front door')
    await sam.keyboard.press('Enter')
    // The new action opens in the panel with its words ready to change.
    await expectFocus(sam, 'textbox', 'What will be done')
    await expect(sam.locator(':focus').inputValue()).resolves.toBe('Ramp at the front door')
    const passed = await tabTo(sam, 'button', 'I agree')
    expect(passed[0]).toBe('textbox "Who will do it"')
    await sam.keyboard.press('Space')
    await sam.getByText('You agree.', { exact: false }).waitFor()
    await waitFor(
      async () => (await sam.getByRole('button', { name: 'I agree' }).getAttribute('aria-pressed')) === 'true',
      10_000,
      'aria-pressed true',
    )
    await amina.getByRole('tab', { name: 'Actions' }).click()
    await amina.getByText('Agreed by Sam').waitFor({ timeout: 15_000 })
  })

  it('marks jargon gently and replaces exactly that word when the writer accepts', async () => {
    await sam.getByRole('navigation', { name: 'Go to' }).getByRole('link', { name: 'Add an idea' }).focus()
    await sam.keyboard.press('Enter')
    await tabTo(sam, 'textbox', 'Your idea')
    const typed = 'Ask each stakeholder, then decide.'
    await sam.keyboard.type(typed)
    const hints = sam.getByRole('group', { name: 'Plain words' })
    await hints.locator('mark', { hasText: 'stakeholder' }).waitFor()
    // Nothing changes by itself.
    await expect(sam.getByLabel('Your idea').inputValue()).resolves.toBe(typed)
    await sam.keyboard.press('Tab')
    await expectFocus(sam, 'button', 'Use “people involved”')
    await shot(sam, 'plain-words-hint')
    await sam.keyboard.press('Enter')
    await expect(sam.getByLabel('Your idea').inputValue()).resolves.toBe('Ask each people involved, then decide.')
    await expectFocus(sam, 'textbox', 'Your idea')
    await expect(hints.count()).resolves.toBe(0)
    // Clear the box again for the next test.
    await sam.keyboard.press('Control+A')
    await sam.keyboard.press('Delete')
  })

  it('pauses announcements when asked', async () => {
    await sam.getByRole('button', { name: 'Pause announcements' }).focus()
    await sam.keyboard.press('Space')
    await waitFor(
      async () =>
        (await sam.getByRole('button', { name: 'Pause announcements' }).getAttribute('aria-pressed')) === 'true',
      10_000,
      'aria-pressed true',
    )
    await amina.evaluate(
      () =>
        void window.editor.createShape({
          type: 'note',
          x: 600,
          y: 0,
          props: {
            richText: {
              type: 'doc',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Bus on time' }] }],
            },
          },
        }),
    )
    await sam.getByRole('listitem').filter({ hasText: 'Bus on time' }).waitFor({ timeout: 15_000 })
    await sam.waitForTimeout(3000)
    await expect(sam.locator(LIVE).innerText()).resolves.toBe('')
    await sam.keyboard.press('Space')
  })
})

describe('inclusion: easy read, equal voice, taking turns, zoom', () => {
  let board: E2eBoard
  let amina: Page
  let ben: Page

  it('easy read: bigger text, simpler words, pictures on buttons, remembered on the device', async () => {
    board = await createBoard(server.url, 'Getting to the day centre')
    amina = await join(board.links.facilitator, 'Amina', { view: 'list' })
    ben = await join(board.links.participant, 'Ben', { view: 'list' })
    for (const [page, text] of [
      [amina, 'A bus that comes on time'],
      [ben, 'A ramp at the front door'],
      [ben, 'Someone to meet me at the door'],
    ] as const) {
      await page.getByLabel('Your idea').fill(text)
      await page.getByRole('button', { name: 'Add idea' }).click()
    }
    await ben.getByRole('listitem').filter({ hasText: 'A bus that comes on time' }).waitFor({ timeout: 15_000 })
    await shot(ben, 'easy-read-off')
    const before = await ben.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.rt-idea__text')!).fontSize),
    )
    expect(await ben.locator('.rt-idea .rt-svg-icon').first().isVisible()).toBe(false)

    await ben.getByRole('switch', { name: 'Easy read' }).click()
    await waitFor(
      async () => (await ben.getByRole('switch', { name: 'Easy read' }).getAttribute('aria-checked')) === 'true',
      10_000,
      'aria-checked true',
    )
    expect(await ben.evaluate(() => localStorage.getItem('roundtable:easy-read'))).toBe('1')
    const after = await ben.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.rt-idea__text')!).fontSize),
    )
    expect(after).toBeGreaterThan(before * 1.3)
    // One idea per line, a picture beside each main button, simpler words in the panel too.
    const lefts = await ben
      .locator('.rt-idea')
      .evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().left)))
    expect(new Set(lefts).size).toBe(1)
    expect(await ben.locator('.rt-idea .rt-svg-icon').first().isVisible()).toBe(true)
    await ben.getByRole('tab', { name: 'Vote' }).click()
    await ben.getByRole('heading', { name: 'Vote', exact: true }).waitFor()
    await shot(ben, 'easy-read-on')
    // Remembered: after a reload it is still on.
    await ben.reload()
    await ben.getByRole('switch', { name: 'Easy read' }).waitFor()
    await waitFor(
      async () => (await ben.getByRole('switch', { name: 'Easy read' }).getAttribute('aria-checked')) === 'true',
      10_000,
      'aria-checked true',
    )
    await ben.getByRole('switch', { name: 'Easy read' }).click()
  })

  it('equal voice shows who is here, their ideas and votes; taking turns passes when the person adds an idea', async () => {
    await amina.getByRole('tab', { name: 'People' }).click()
    const panel = amina.getByRole('tabpanel', { name: 'People' })
    await panel.getByText('2 people here · 2 have added ideas').waitFor({ timeout: 15_000 })
    await panel.locator('.rt-voice__row', { hasText: 'Ben' }).getByText('2 ideas').waitFor()
    await panel.locator('.rt-voice__row', { hasText: 'Amina (you)' }).getByText('1 idea').waitFor()
    await shot(amina, 'equal-voice')

    await panel.getByRole('button', { name: 'Start taking turns' }).click()
    // Amina comes first by name: everyone sees it, and her own notice offers "Pass".
    await ben.getByText('It’s Amina’s turn to add an idea').first().waitFor({ timeout: 15_000 })
    await amina.getByText('It’s your turn to add an idea').first().waitFor()
    await shot(amina, 'round-mode')
    await amina.getByLabel('Your idea').fill('Quiet room')
    await amina.getByRole('button', { name: 'Add idea' }).click()
    // Adding an idea passed the turn to Ben.
    await ben.getByText('It’s your turn to add an idea').first().waitFor({ timeout: 15_000 })
    await amina.getByText('It’s Ben’s turn to add an idea').first().waitFor()
    await shot(ben, 'round-mode-your-turn')
    await ben.getByRole('button', { name: 'Pass: let the next person have a turn' }).first().click()
    await amina.getByText('It’s your turn to add an idea').first().waitFor({ timeout: 15_000 })
    await panel.getByRole('button', { name: 'Stop taking turns' }).click()
    await waitFor(async () => (await ben.getByText('turn to add an idea').count()) === 0, 15_000, 'turns to stop')
  })

  it('at 200% zoom the list loses nothing: no sideways scrolling, nothing cut off', async () => {
    // A 1280 × 800 window zoomed to 200% lays out like a 640 × 400 one, drawn at twice the size.
    const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })
    contexts.push(context)
    await context.addInitScript(() => localStorage.setItem('roundtable:view', 'list'))
    const page = await context.newPage()
    await page.goto(board.links.participant)
    await page.getByRole('dialog', { name: 'What should we call you?' }).getByRole('button', { name: 'Skip' }).click()
    await page.getByRole('listitem').filter({ hasText: 'Someone to meet me at the door' }).waitFor({ timeout: 15_000 })
    await page
      .getByLabel('Your idea')
      .fill('A very long idea with a longwordthatgoesonandonwithoutanyspacesatallsoitmustwrapsomewhere to check')
    await page.getByRole('button', { name: 'Add idea' }).click()
    await page.getByRole('listitem').filter({ hasText: 'A very long idea' }).waitFor()
    await page.getByRole('button', { name: /^Change: A very long idea/ }).click()
    await shot(page, 'zoom-200-list', true)
    const problems = await page.evaluate(() => {
      const out: string[] = []
      const width = document.documentElement.clientWidth
      if (document.documentElement.scrollWidth > width)
        out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`)
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.rt-list *, .rt-panel *'))) {
        const style = getComputedStyle(el)
        if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.rt-visually-hidden, [hidden]'))
          continue
        if (el.matches('.rt-visually-hidden, option, select *')) continue
        const box = el.getBoundingClientRect()
        if (box.width === 0 && box.height === 0) continue
        if (box.right > width + 1 || box.left < -1)
          out.push(`${el.tagName}.${el.className} sticks out (${Math.round(box.left)}–${Math.round(box.right)})`)
        const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY)
        if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
          out.push(`${el.tagName}.${el.className} cuts off its content`)
        }
      }
      return out
    })
    expect(problems).toEqual([])
    // With easy read too (text 125% bigger on top of the zoom).
    await page.getByRole('switch', { name: 'Easy read' }).click()
    await shot(page, 'zoom-200-easy-read', true)
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true)
  })
})

/** A stand-in for the browser's speech (headless Chromium has no voices): one voice, and a log of what was said. */
function fakeSpeech(): void {
  const spoken: { text: string; rate: number }[] = []
  const listeners: Record<string, Array<() => void>> = {}
  let current: { onend: (() => void) | null } | null = null
  ;(window as any).__spoken = spoken
  ;(window as any).SpeechSynthesisUtterance = class {
    rate = 1
    lang = ''
    onend: (() => void) | null = null
    onerror: (() => void) | null = null
    constructor(readonly text: string) {}
  }
  Object.defineProperty(window, 'speechSynthesis', {
    value: {
      getVoices: () => [{ name: 'Test voice', lang: 'en-GB' }],
      addEventListener: (type: string, fn: () => void) => (listeners[type] ??= []).push(fn),
      speak(u: { text: string; rate: number; onend: (() => void) | null }) {
        spoken.push({ text: u.text, rate: u.rate })
        current = u
        // Each part "takes" a little while, so pausing in the middle can be tried.
        setTimeout(() => current === u && u.onend?.(), 300)
      },
      cancel() {
        current = null
      },
      pause() {},
      resume() {},
    },
  })
}

describe('inclusion: read aloud, moving and deleting from the list, anonymous sessions, session plain words', () => {
  let board: E2eBoard
  let amina: Page
  let dev: Page

  it('reads ideas and actions aloud, with pause, play and speed', async () => {
    board = await createBoard(server.url, 'Read aloud session')
    amina = await join(board.links.facilitator, 'Amina')
    await amina.waitForFunction(() => !!window.editor)
    await drawTransportBoard(amina, 'Quiet room')
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    contexts.push(context)
    await context.addInitScript(fakeSpeech)
    await context.addInitScript(() => localStorage.setItem('roundtable:view', 'list'))
    dev = await context.newPage()
    await dev.goto(board.links.participant)
    await dev.getByRole('dialog', { name: 'What should we call you?' }).getByLabel('Your name').fill('Dev')
    await dev.getByRole('button', { name: 'Join' }).click()
    await dev.getByRole('listitem').filter({ hasText: 'Quiet room' }).waitFor({ timeout: 15_000 })

    await dev.getByLabel('Speed').selectOption({ label: 'Slower (0.75×)' })
    await dev.getByRole('button', { name: 'Read all ideas' }).click()
    await dev.getByRole('button', { name: 'Pause', exact: true }).click()
    const paused = await dev.evaluate(() => (window as any).__spoken.length)
    await dev.waitForTimeout(800)
    expect(await dev.evaluate(() => (window as any).__spoken.length)).toBe(paused)
    await dev.getByRole('button', { name: 'Play', exact: true }).click()
    await waitFor(
      () =>
        dev.evaluate(() => (window as any).__spoken.some((s: { text: string }) => s.text === 'Quiet room. By Amina.')),
      5000,
      'all parts read',
    )
    const spoken: { text: string; rate: number }[] = await dev.evaluate(() => (window as any).__spoken)
    const texts = [...new Set(spoken.map((s) => s.text))]
    expect(texts).toEqual([
      'Transport. 1 idea.',
      'Bus on time. By Amina.',
      'Not in a group. 1 idea.',
      'Quiet room. By Amina.',
    ])
    expect(spoken.every((s) => s.rate === 0.75)).toBe(true)

    await dev.getByRole('button', { name: 'Read aloud: Quiet room' }).click()
    await waitFor(
      async () => (await dev.evaluate(() => (window as any).__spoken.at(-1).text)) === 'Quiet room. By Amina.',
      5000,
      'one idea read',
    )
    await dev.getByRole('button', { name: 'Read the actions' }).click()
    await waitFor(
      async () => (await dev.evaluate(() => (window as any).__spoken.at(-1).text)) === 'There are no actions to read.',
      5000,
      'no actions',
    )
    await shot(dev, 'read-aloud')
  })

  it('moves an idea to another group and deletes one, from the list; the canvas follows', async () => {
    await dev.getByRole('button', { name: 'Change: Quiet room' }).click()
    await expectFocus(dev, 'textbox', 'Words of the idea')
    await dev.getByLabel('Move to').selectOption({ label: 'Transport' })
    await dev.getByRole('button', { name: 'Move', exact: true }).click()
    const transport = dev.getByRole('region', { name: /^Transport/ })
    await transport.getByRole('listitem').filter({ hasText: 'Quiet room' }).waitFor()
    // Focus follows the idea to its new place.
    await waitFor(async () => (await focused(dev)).name === 'Change: Quiet room', 5000, 'focus on the moved idea')
    await waitFor(
      () => amina.evaluate(() => window.editor.getShape('shape:n2')?.parentId === 'shape:frame1'),
      15_000,
      'the move on the canvas',
    )

    await dev.getByRole('button', { name: 'Change: Bus on time' }).click()
    await dev.getByRole('button', { name: 'Delete', exact: true }).click()
    await expectFocus(dev, 'button', 'No, keep it')
    await dev.getByRole('button', { name: 'Yes, delete it' }).click()
    await waitFor(() => amina.evaluate(() => !window.editor.getShape('shape:n1')), 15_000, 'the delete on the canvas')
    await waitFor(
      async () => (await dev.getByRole('listitem').filter({ hasText: 'Bus on time' }).count()) === 0,
      5000,
      'the idea gone from the list',
    )
    // Its group's heading has focus now, so the keyboard user is not lost.
    await waitFor(async () => (await focused(dev)).role === 'heading', 5000, 'focus on the group heading')
  })

  it('plain words added by a facilitator for this session are offered to everyone', async () => {
    await amina.getByRole('tab', { name: 'Facilitate' }).click()
    const settings = amina.getByRole('group', { name: 'Plain words for this session' })
    await settings.getByLabel('Word or phrase').fill('hub')
    await settings.getByLabel('Plainer words (put a comma between each)').fill('centre, meeting place')
    await settings.getByRole('button', { name: 'Add word' }).click()
    await settings.getByText('centre, meeting place').waitFor()
    await dev.getByLabel('Your idea').fill('A new hub near the station')
    await dev.getByRole('button', { name: 'Use “meeting place”' }).click({ timeout: 15_000 })
    await expect(dev.getByLabel('Your idea').inputValue()).resolves.toBe('A new meeting place near the station')
  })

  it('on the canvas, a selected idea with jargon gets a hint; choosing a plainer word changes just that word', async () => {
    await amina.evaluate(() => {
      const rt = (text: string) => ({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      })
      window.editor.createShape({
        id: 'shape:n3',
        type: 'note',
        x: 600,
        y: 400,
        props: { richText: rt('Talk to every stakeholder soon') },
      })
      window.editor.select('shape:n3')
    })
    const hint = amina.locator('.rt-note-hint')
    await hint.getByRole('button', { name: 'Use “everyone affected”' }).click()
    await waitFor(
      () =>
        amina.evaluate(
          () =>
            window.editor.getShapeUtil('note').getText(window.editor.getShape('shape:n3')) ===
            'Talk to every everyone affected soon',
        ),
      5000,
      'the word replaced',
    )
    await dev
      .getByRole('listitem')
      .filter({ hasText: 'Talk to every everyone affected soon' })
      .waitFor({ timeout: 15_000 })
  })

  it('in an anonymous session, ideas carry no name and the equal voice panel shows numbers only', async () => {
    const anon = await createBoard(server.url, 'Anonymous session')
    const host = await join(anon.links.facilitator, 'Amina', { view: 'list' })
    await host.evaluate(async (id) => {
      const res = await fetch(`/api/boards/${id}/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ anonymous: true }),
      })
      if (!res.ok) throw new Error(`settings: ${res.status}`)
    }, anon.id)
    const guest = await join(anon.links.participant, 'Ben', { view: 'list' })
    await guest.getByLabel('Your idea').fill('Longer opening hours')
    await guest.getByRole('button', { name: 'Add idea' }).click()
    await host.getByRole('listitem').filter({ hasText: 'Longer opening hours' }).waitFor({ timeout: 15_000 })
    // The server accepted it (no author), and nobody's name is on it.
    await expect(
      host.getByRole('listitem').filter({ hasText: 'Longer opening hours' }).innerText(),
    ).resolves.not.toContain('Ben')
    const meta = await host.evaluate(() =>
      [...window.roundtable.doc.getMap('records').values()]
        .filter((r: any) => r.get('type') === 'note')
        .map((r: any) => r.get('meta')),
    )
    expect(meta).toEqual([{}])
    await host.getByRole('tab', { name: 'People' }).click()
    const panel = host.getByRole('tabpanel', { name: 'People' })
    await panel.getByText('2 people here · 1 has added ideas').waitFor({ timeout: 15_000 })
    await panel.getByText('This session is anonymous, so only numbers are shown.').waitFor()
    await expect(panel.getByText('Ben').count()).resolves.toBe(0)
    await expect(guest.getByText('Your last change was not saved').count()).resolves.toBe(0)
  })
})
