import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, launchBrowser, ServerProcess, waitFor, type E2eBoard } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
}

/** Screenshots a person would see, kept for a human to look at. */
const SHOTS = '/tmp/rt-people'
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` })

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

interface PageOptions {
  width?: number
  height?: number
  view?: 'list' | 'canvas'
  easyRead?: boolean
  speech?: boolean
}

async function newPage(options: PageOptions = {}): Promise<Page> {
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
  if (options.speech) await context.addInitScript(fakeSpeech)
  return context.newPage()
}

/** One person joining a board on their own device, through the name question. */
async function join(link: string, name: string, options: PageOptions = {}): Promise<Page> {
  const page = await newPage(options)
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await page.waitForFunction(() => window.roundtable?.provider.synced)
  if (options.view !== 'list') await page.waitForFunction(() => !!window.editor)
  return page
}

/** The key in an invitation link's fragment. */
const keyOf = (link: string) => new URL(link).hash.match(/key=([^&]+)/)![1]!

/** Ideas placed by a facilitator's canvas, side by side in one row (`x` step 220: notes are 200 wide). */
async function addNotes(
  page: Page,
  notes: { id: string; text: string; x: number; y: number; parentId?: string }[],
): Promise<void> {
  await page.evaluate((list) => {
    const rt = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    for (const n of list) {
      window.editor.createShape({
        id: n.id,
        type: 'note',
        x: n.x,
        y: n.y,
        ...(n.parentId ? { parentId: n.parentId } : {}),
        props: { richText: rt(n.text) },
      })
    }
  }, notes)
}

/** Call the board's API from inside a page (its session cookie says who is asking). */
function api(page: Page, path: string, method = 'GET', body?: unknown): Promise<any> {
  return page.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text }
    },
    { path, method, body },
  )
}

type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** A stand-in for the browser's speech (headless Chromium has no voices): one voice, and a log of what was said. */
function fakeSpeech(): void {
  const spoken: string[] = []
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
      addEventListener: () => {},
      speak(u: { text: string; onend: (() => void) | null }) {
        spoken.push(u.text)
        setTimeout(() => u.onend?.(), 50)
      },
      cancel() {},
      pause() {},
      resume() {},
    },
  })
}

describe('a person is a person on every device', () => {
  it('ideas sent from a phone count for that person in People, and say "By …" in the list', async () => {
    const board = await createBoard(server.url, 'Phones and laptops')
    const amina = await join(board.links.facilitator, 'Amina')
    const ben = await join(board.links.participant, 'Ben', { view: 'list' })

    const phone = await newPage({ width: 360, height: 740 })
    await phone.goto(`${server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`)
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Priya')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await phone.getByText('You: Priya').waitFor()
    for (const text of ['A quiet room', 'Buses that wait']) {
      await phone.getByLabel('Your idea').fill(text)
      await phone.getByRole('button', { name: 'Add my idea' }).click()
      await phone.getByText(text).waitFor()
    }

    // Before: the phone's ideas had no author, so Priya showed "0 ideas" and the list said nothing of who wrote them.
    await amina.getByRole('tab', { name: 'People' }).click()
    const priya = amina.locator('.rt-voice__row', { hasText: 'Priya' })
    await waitFor(
      async () => (await priya.textContent())?.includes('2 ideas') ?? false,
      15_000,
      'Priya counted with 2 ideas',
    )
    const idea = ben.getByRole('listitem').filter({ hasText: 'A quiet room' })
    await idea.waitFor()
    await expect(idea.textContent()).resolves.toContain('By Priya')
  })
})

describe('easy read on the canvas', () => {
  it('the dot buttons of two ideas side by side fit their ideas and never overlap; the list says "Add dot"', async () => {
    const board = await createBoard(server.url, 'Easy read dots')
    const amina = await join(board.links.facilitator, 'Amina')
    await addNotes(amina, [
      { id: 'shape:left', text: 'Ramp at the door', x: 100, y: 120 },
      { id: 'shape:right', text: 'Quiet room', x: 320, y: 120 },
    ])
    const ben = await join(board.links.participant, 'Ben', { easyRead: true })
    const cara = await join(board.links.participant, 'Cara', { view: 'list' })
    await waitFor(
      () => ben.evaluate(() => window.editor.getCurrentPageShapes().length === 2),
      15_000,
      'ideas on Ben’s board',
    )
    await ben.evaluate(() => void window.editor.setCamera({ x: 0, y: 0, z: 1 }))
    expect((await api(amina, `/api/boards/${board.id}/rounds`, 'POST', { dotsPerPerson: 3 })).status).toBe(201)

    const controls = ben.locator('.rt-dots')
    await waitFor(async () => (await controls.count()) === 2, 15_000, 'dot controls on both ideas')
    await ben.getByRole('button', { name: /^Add dot: Add a dot to “Ramp at the door”/ }).click()
    await ben.locator('.rt-dots .rt-dot').first().waitFor()
    const boxes = await Promise.all([0, 1].map((i) => controls.nth(i).boundingBox()))
    const notes = await Promise.all(
      ['shape:left', 'shape:right'].map((id) => ben.locator(`.tl-shape[data-shape-id="${id}"]`).boundingBox()),
    )
    await shot(ben, 'easy-read-canvas-two-notes')
    const [a, b] = boxes as Box[]
    const [left, right] = notes as Box[]
    expect(overlap(a!, b!), `controls ${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false)
    // Each within its own idea's width, so a tap can never land on the neighbour's buttons.
    expect(a!.x).toBeGreaterThanOrEqual(left!.x)
    expect(a!.x + a!.width).toBeLessThanOrEqual(left!.x + left!.width)
    expect(b!.x).toBeGreaterThanOrEqual(right!.x)
    expect(b!.x + b!.width).toBeLessThanOrEqual(right!.x + right!.width)
    // Every button keeps a comfortable target.
    for (const button of await ben.locator('.rt-dots__button').all())
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44)

    // In the list, switching easy read on changes the buttons' words, not only their pictures ("+ + dot" before).
    await cara
      .getByRole('button', { name: /^\+ dot: / })
      .first()
      .waitFor({ timeout: 15_000 })
    await cara.getByRole('switch', { name: 'Easy read' }).click()
    await cara.getByRole('button', { name: /^Add dot: Add a dot to “Quiet room”/ }).waitFor()
    const words = await cara.locator('.rt-idea__buttons button').allTextContents()
    expect(words.filter((w) => /\+ dot|− dot/.test(w))).toEqual([])
  })
})

describe('ranking over the whole vote', () => {
  it('the Markdown summary numbers an idea joint 2nd overall "=2" inside its frame', async () => {
    const board = await createBoard(server.url, 'Ranking')
    const amina = await join(board.links.facilitator, 'Amina')
    await amina.evaluate(
      () =>
        void window.editor.createShape({
          id: 'shape:frame',
          type: 'frame',
          x: 0,
          y: 0,
          props: { w: 480, h: 300, name: 'Getting in' },
        }),
    )
    await addNotes(amina, [
      { id: 'shape:ramp', text: 'Ramp', x: 20, y: 40, parentId: 'shape:frame' },
      { id: 'shape:quiet', text: 'Quiet room', x: 600, y: 40 },
      { id: 'shape:signs', text: 'Bigger signs', x: 820, y: 40 },
    ])
    const round = (await api(amina, `/api/boards/${board.id}/rounds`, 'POST', { dotsPerPerson: 4, hidden: false })).body
      .round
    const ben = await join(board.links.participant, 'Ben', { view: 'list' })
    const dots = (page: Page, ideaId: string) =>
      api(page, `/api/boards/${board.id}/rounds/${round.id}/dots`, 'POST', { ideaId })
    for (const ideaId of ['shape:quiet', 'shape:quiet', 'shape:signs', 'shape:signs'])
      expect((await dots(amina, ideaId)).status).toBe(200)
    for (const ideaId of ['shape:quiet', 'shape:ramp', 'shape:ramp']) expect((await dots(ben, ideaId)).status).toBe(200)
    await api(amina, `/api/boards/${board.id}/rounds/${round.id}/close`, 'POST')
    const md = (await api(amina, `/api/boards/${board.id}/export?format=md`)).body as string
    // Quiet room 3 dots (1st), Ramp and Bigger signs 2 each (joint 2nd) — Ramp alone in its frame used to say "1".
    expect(md).toContain('#### Getting in\n\n- **=2** · Ramp (2 dots, tied)')
    expect(md).toContain('- **1** · Quiet room (3 dots)')
  })
})

describe('the first five minutes', () => {
  it('an empty board invites the first idea, facilitators are pointed to inviting people, tools are few and labelled', async () => {
    const board = await createBoard(server.url, 'Our first session')
    const amina = await join(board.links.facilitator, 'Amina')
    const start = amina.getByRole('region', { name: 'This board is empty' })
    await start.waitFor()
    await shot(amina, 'first-screen-facilitator')
    // "Invite people" first; no vote form over an empty board.
    await expect(start.getByRole('button').first().textContent()).resolves.toBe('Invite people')
    const vote = amina.getByRole('tabpanel', { name: 'Vote' })
    await vote.getByRole('button', { name: 'Invite people' }).waitFor()
    expect(await vote.getByRole('button', { name: 'Start the vote' }).count()).toBe(0)
    await start.getByRole('button', { name: 'Invite people' }).click()
    await amina.getByRole('tab', { name: 'Invite', selected: true }).waitFor()

    const ben = await join(board.links.participant, 'Ben')
    const benStart = ben.getByRole('region', { name: 'This board is empty' })
    await benStart.waitFor()
    await shot(ben, 'first-screen-participant')
    expect(await benStart.getByRole('button').count()).toBe(1)
    // The idea tool says what it is, in words on the toolbar.
    await expect(ben.locator('.tlui-toolbar [data-value="note"]').textContent()).resolves.toContain('Idea')
    await benStart.getByRole('button', { name: 'Add an idea' }).click()
    await waitFor(
      () => ben.evaluate(() => window.editor.getCurrentPageShapes().some((s: any) => s.type === 'note')),
      5000,
      'a new idea',
    )
    expect(await ben.evaluate(() => window.editor.getEditingShape()?.type)).toBe('note')
    await ben.keyboard.type('Step-free access')
    await ben.keyboard.press('Escape')
    await benStart.waitFor({ state: 'detached' })

    // A short tool set for people taking part: no embeds, cursor chat, Copy as, Reorder or developer menus.
    const menuWords = async (page: Page) => {
      await page.getByTestId('main-menu.button').click()
      const words = await page.locator('.tlui-menu').allTextContents()
      await page.keyboard.press('Escape')
      return words.join(' ')
    }
    const benMenu = await menuWords(ben)
    for (const hidden of ['Insert embed', 'Upload media', 'Debug', 'Export', 'Copy as', 'Show all drawing tools'])
      expect(benMenu).not.toContain(hidden)
    expect(
      await ben.locator('.tlui-toolbar [data-value="rectangle"], .tlui-toolbar [data-value="laser"]').count(),
    ).toBe(0)
    const note = ben.locator('.tl-shape').filter({ hasText: 'Step-free access' })
    await note.click({ button: 'right' })
    const contextWords = (await ben.locator('.tlui-menu').allTextContents()).join(' ')
    await ben.keyboard.press('Escape')
    for (const hidden of ['Cursor chat', 'Copy as', 'Reorder', 'Arrange']) expect(contextWords).not.toContain(hidden)
    expect(contextWords).toContain('Duplicate')

    // A facilitator can turn on the full set for themselves.
    await amina.getByTestId('main-menu.button').click()
    await amina.getByRole('menuitem', { name: 'Show all drawing tools and menus' }).click()
    await amina
      .locator(
        '.tlui-toolbar [data-value="rectangle"], .tlui-toolbar [data-value="more"], .tlui-toolbar [data-testid="tools.more-button"]',
      )
      .first()
      .waitFor()
    expect(await menuWords(amina)).toContain('Insert embed')

    // Every download says what it is for.
    await amina.getByRole('tab', { name: 'Actions' }).click()
    const downloads = amina.getByRole('group', { name: 'Download' })
    await downloads.getByRole('button', { name: 'Actions for a spreadsheet (CSV)' }).waitFor()
    const text = await downloads.textContent()
    for (const sentence of [
      'For a spreadsheet',
      'For your calendar',
      'For an email, a document or a wiki',
      'For other computer programs',
    ])
      expect(text).toContain(sentence)
  })
})

describe('the plain-words card', () => {
  it('never covers the idea being written, and fits on the screen in easy read', async () => {
    const board = await createBoard(server.url, 'Plain words card')
    const ben = await join(board.links.participant, 'Ben', { easyRead: true })
    // An idea near the bottom of the screen, with several words others may not know: a tall card.
    await addNotes(ben, [
      { id: 'shape:jargon', text: 'Every stakeholder should leverage the deliverables', x: 300, y: 520 },
    ])
    await ben.evaluate(() => {
      window.editor.setCamera({ x: 0, y: 0, z: 1 })
      window.editor.select('shape:jargon')
      window.editor.setEditingShape('shape:jargon')
    })
    const card = ben.locator('.rt-note-hint')
    await card.waitFor()
    await ben.waitForTimeout(300) // placed again once its height is measured
    const cardBox = (await card.boundingBox())!
    const noteBox = (await ben.locator('.tl-shape[data-shape-id="shape:jargon"]').boundingBox())!
    await shot(ben, 'plain-words-card-easy-read')
    expect(overlap(cardBox, noteBox), `card ${JSON.stringify(cardBox)} note ${JSON.stringify(noteBox)}`).toBe(false)
    // On the screen, and below Roundtable's strip at the top (name, view, notices), which would hide its first words.
    const strip = (await ben.locator('.rt-top').boundingBox())!
    expect(cardBox.y).toBeGreaterThanOrEqual(strip.y + strip.height)
    expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(800)
  })
})

describe('agreements are protected', () => {
  it('after people agree only a facilitator changes an action, a version is kept, and those who agreed are told', async () => {
    const board = await createBoard(server.url, 'Agreed actions')
    const amina = await join(board.links.facilitator, 'Amina', { view: 'list' })
    const ben = await join(board.links.participant, 'Ben', { view: 'list' })
    const cara = await join(board.links.participant, 'Cara', { view: 'list' })
    const created = await api(ben, `/api/boards/${board.id}/actions`, 'POST', {
      what: 'Fit a ramp',
      who: 'Jo',
      due: '2027-04-30',
    })
    expect(created.status).toBe(201)
    for (const page of [ben, cara]) {
      await page.getByRole('tab', { name: 'Actions' }).click()
      const card = page.getByRole('article', { name: 'Action: Fit a ramp' })
      await card.getByRole('button', { name: 'I agree' }).click()
      await card.getByText('You agree.').waitFor()
    }
    // Priya agrees from her phone too.
    const phone = await newPage({ width: 360, height: 740 })
    await phone.goto(`${server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`)
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Priya')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await phone.getByRole('button', { name: 'Actions' }).click()
    await phone.getByText('Fit a ramp').waitFor()
    await phone.getByRole('button', { name: 'I agree' }).click()
    await phone.getByText('You agree.').waitFor()
    const benCard = ben.getByRole('article', { name: 'Action: Fit a ramp' })
    await benCard.getByText(/Agreed by/).waitFor()
    // A participant can no longer rewrite or remove it (before: one confirm deleted it and its agreements).
    await benCard.getByText('only a facilitator can change what, who or when').waitFor()
    expect(await benCard.getByRole('textbox', { name: 'What will be done' }).count()).toBe(0)
    expect(await benCard.getByRole('button', { name: 'Remove' }).count()).toBe(0)
    expect((await api(ben, `/api/boards/${board.id}/actions/${created.body.action.id}`, 'DELETE')).status).toBe(403)

    await amina.getByRole('tab', { name: 'Actions' }).click()
    const aminaCard = amina.getByRole('article', { name: 'Action: Fit a ramp' })
    await aminaCard.getByRole('button', { name: 'Change what was agreed' }).click()
    await aminaCard.getByRole('textbox', { name: 'What will be done' }).fill('Fit a ramp at the side door')
    await aminaCard.getByRole('button', { name: 'Save the change' }).click()

    const changed = ben.getByRole('article', { name: 'Action: Fit a ramp at the side door' })
    await changed.getByText('Changed since you agreed.').waitFor({ timeout: 15_000 })
    // The phone says so too (before: it went on saying "You agree." to words that had changed).
    await phone.getByText('Fit a ramp at the side door').waitFor({ timeout: 15_000 })
    await phone.getByText('Changed since you agreed.').waitFor({ timeout: 15_000 })
    await expect(changed.getByRole('button', { name: 'I agree' }).getAttribute('aria-pressed')).resolves.toBe('false')
    await changed.getByRole('button', { name: 'I agree' }).click()
    await changed.getByText('You agree.').waitFor()

    const versions = (await api(amina, `/api/boards/${board.id}/versions`)).body.versions as { reason: string }[]
    expect(versions.map((v) => v.reason)).toContain('before an agreed action was changed')
    const card = amina.getByRole('article', { name: 'Action: Fit a ramp at the side door' })
    await card.getByRole('button', { name: 'Remove' }).click()
    await card.getByText('People agreed to this. Remove it for everyone?').waitFor()
    await card.getByRole('button', { name: 'Yes, remove it' }).click()
    await ben.getByText('There are no actions yet.').waitFor({ timeout: 15_000 })
    await waitFor(
      async () =>
        ((await api(amina, `/api/boards/${board.id}/versions`)).body.versions as { reason: string }[]).some(
          (v) => v.reason === 'before an agreed action was removed',
        ),
      5000,
      'a version before removal',
    )
  })
})

describe('numbers and labels that match', () => {
  let board: E2eBoard
  let amina: Page // facilitator, on the canvas
  let ben: Page // participant, in the list view
  let cara: Page // participant, on the canvas, with speech

  beforeAll(async () => {
    board = await createBoard(server.url, 'Labels')
    amina = await join(board.links.facilitator, 'Amina')
    await addNotes(amina, [{ id: 'shape:bus', text: 'Buses that wait', x: 100, y: 100 }])
    ben = await join(board.links.participant, 'Ben', { view: 'list' })
    cara = await join(board.links.participant, 'Cara', { speech: true })
  })

  it('during a hidden vote the list shows no dots from the vote before', async () => {
    const first = (await api(amina, `/api/boards/${board.id}/rounds`, 'POST', { dotsPerPerson: 3, hidden: false })).body
      .round
    await api(ben, `/api/boards/${board.id}/rounds/${first.id}/dots`, 'POST', { ideaId: 'shape:bus' })
    await api(ben, `/api/boards/${board.id}/rounds/${first.id}/dots`, 'POST', { ideaId: 'shape:bus' })
    await api(amina, `/api/boards/${board.id}/rounds/${first.id}/close`, 'POST')
    const idea = ben.getByRole('listitem').filter({ hasText: 'Buses that wait' })
    await idea.getByText('2 dots in the vote').waitFor({ timeout: 15_000 })
    await api(amina, `/api/boards/${board.id}/rounds`, 'POST', { dotsPerPerson: 3, hidden: true })
    await idea.getByText('Your dots: 0').waitFor({ timeout: 15_000 })
    await expect(idea.textContent()).resolves.not.toContain('dots in the vote')
  })

  it('an action not agreed yet is "Suggested", as in the exports', async () => {
    await api(ben, `/api/boards/${board.id}/actions`, 'POST', { what: 'Ask the bus company' })
    await ben.getByRole('tab', { name: 'Actions' }).click()
    await ben.getByRole('article', { name: 'Action: Ask the bus company' }).getByText('Suggested').waitFor()
    expect(await ben.getByText('Proposed', { exact: true }).count()).toBe(0)
  })

  it('every entry in the history has its own name', async () => {
    await amina.getByRole('tab', { name: 'Facilitate' }).click()
    // Two changes to an agreed action keep two versions for the same reason ("before an agreed action was changed").
    // (Bulk deletions would too, but they keep at most one version a minute per board.)
    const created = await api(ben, `/api/boards/${board.id}/actions`, 'POST', { what: 'Ask about buses', who: 'Ben' })
    expect(created.status).toBe(201)
    const path = `/api/boards/${board.id}/actions/${created.body.action.id}`
    expect((await api(ben, `${path}/stance`, 'PUT', { stance: 'agree' })).status).toBe(200)
    for (const what of ['Ask the council about buses', 'Ask the bus company about buses']) {
      expect((await api(amina, path, 'PATCH', { what })).status).toBe(200)
    }
    const history = amina.getByRole('list', { name: 'Earlier versions' })
    await waitFor(
      async () => {
        await amina.getByRole('button', { name: /Show earlier versions|Check again/ }).click()
        return (await history.locator('strong').count()) >= 2
      },
      15_000,
      'two versions',
    )
    const labels = await history.locator('strong').allTextContents()
    expect(new Set(labels).size).toBe(labels.length)
    const restoreNames = await history
      .getByRole('button', { name: /^Go back to/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
    expect(new Set(restoreNames).size).toBe(restoreNames.length)
  })

  it('following someone shows one "Stop following" button, not two', async () => {
    const aminaId = await amina.evaluate(() => window.roundtable.provider.awareness.getLocalState().presence.userId)
    await cara.evaluate((id) => void window.editor.startFollowingUser(id), aminaId)
    await cara
      .getByRole('button', { name: /^Stop following/ })
      .first()
      .waitFor()
    await cara.waitForTimeout(500) // both would be on screen by now
    expect(await cara.getByRole('button', { name: /Stop following/ }).count()).toBe(1)
    await cara.getByRole('button', { name: /^Stop following/ }).click()
  })

  it('reads the selected idea aloud on the canvas, with who added it', async () => {
    await cara.evaluate(() => void window.editor.select('shape:bus'))
    await cara.getByRole('button', { name: 'Read aloud: Buses that wait' }).click()
    await waitFor(
      () =>
        cara.evaluate(() =>
          ((window as any).__spoken as string[]).some((t) => t.startsWith('Buses that wait. By Amina')),
        ),
      5000,
      'the idea read aloud',
    )
  })

  it('brings a board added from a template into view', async () => {
    await cara.evaluate(() => void window.editor.setCamera({ x: -5000, y: -5000, z: 1 }))
    await cara.getByRole('button', { name: 'Add a board from a template' }).click()
    await cara
      .getByRole('dialog')
      .getByRole('button', { name: /^Add “/ })
      .first()
      .click()
    await waitFor(
      () =>
        cara.evaluate(() => {
          const e = window.editor
          const content = e.getCurrentPageBounds()
          // All of it, not only a corner: a template's boxes are wider than the screen at 100%.
          return !!content && e.getCurrentPageShapes().length > 0 && e.getViewportPageBounds().contains(content)
        }),
      5000,
      'the new board in view',
    )
  })
})
