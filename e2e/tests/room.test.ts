import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import {
  createBoard,
  decodeQrIn,
  freePort,
  launchBrowser,
  recordRequests,
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

/** Screenshots of the room, kept for a person to look at: the projector and a phone. */
const SHOTS = '/tmp/rt-room'
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: joinPath(SHOTS, `${name}.png`) })

/** Budget for what a phone downloads in scripts, gzipped. */
const PHONE_JS_BUDGET = 150 * 1024

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

async function newContext(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  contexts.push(context)
  return context
}

/** A person at a laptop: through the name question, editor ready. */
async function joinBoard(link: string, name: string, scripts?: (page: Page) => void): Promise<Page> {
  const context = await newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  scripts?.(page)
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await page.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
  return page
}

/** Every script a page loads, with its size as sent and gzipped. */
interface ScriptLoad {
  url: string
  bytes: number
  gzip: number
  transferred: number
}

function recordScripts(page: Page): ScriptLoad[] {
  const loads: ScriptLoad[] = []
  page.on('response', (response: Response) => {
    if (response.request().resourceType() !== 'script') return
    void (async () => {
      const body = await response.body().catch(() => null)
      if (!body) return
      const sizes = await response
        .request()
        .sizes()
        .catch(() => null)
      loads.push({
        url: response.url(),
        bytes: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        transferred: sizes?.responseBodySize ?? body.length,
      })
    })()
  })
  return loads
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

describe('in the room: shared screen, phones that join by QR code', () => {
  let board: E2eBoard
  let amina: Page // facilitator, at the laptop that drives the projector
  let screen: Page // the projector window
  let phone: Page // Ben's phone
  let phoneScripts: ScriptLoad[]
  let phoneRequests: string[]
  let joinUrl: string

  it('the facilitator opens the projector view from Invite: no tools, read-only, a join code in the corner', async () => {
    board = await createBoard(server.url, 'Day centre: what next?')
    let boardScripts: ScriptLoad[] = []
    amina = await joinBoard(board.links.facilitator, 'Amina', (page) => (boardScripts = recordScripts(page)))
    await waitFor(
      () => boardScripts.length > 0 && boardScripts.every((s) => s.gzip > 0),
      5000,
      'board scripts recorded',
    )
    console.info(
      `[room] board page JS (for comparison): ${kb(boardScripts.reduce((n, s) => n + s.gzip, 0))} gzipped (${kb(
        boardScripts.reduce((n, s) => n + s.transferred, 0),
      )} as sent) in ${boardScripts.length} files`,
    )
    await amina.getByRole('tab', { name: 'Invite' }).click()
    await amina.getByRole('button', { name: 'Open the projector view' }).waitFor()
    await shot(amina, 'facilitator-invite-panel')
    const screenRequests: string[] = []
    amina.context().once('page', (page) => void recordRequests(page, screenRequests))
    const [popup] = await Promise.all([
      amina.context().waitForEvent('page'),
      amina.getByRole('button', { name: 'Open the projector view' }).click(),
    ])
    screen = popup
    await screen.setViewportSize({ width: 1920, height: 1080 })
    await screen.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
    await screen.locator('.pr-qr').waitFor()
    expect(new URL(screen.url()).pathname).toBe(`/b/${board.id}/present`)
    expect(screen.url()).not.toContain('#') // keys taken out of the address bar
    expect(await screen.evaluate(() => window.editor.getIsReadonly())).toBe(true)
    expect(await screen.locator('.tlui-toolbar, .tlui-menu-zone, .tlui-navigation-panel').count()).toBe(0)

    // The projector watches with the view key only; the facilitator's own tab keeps its powers.
    const aminaRole = await amina.evaluate(
      async (id: string) => (await (await fetch(`/api/boards/${id}`)).json()).role,
      board.id,
    )
    expect(aminaRole).toBe('facilitator')
    const screenRole = await screen.evaluate(
      async (id: string) => (await (await fetch(`/api/boards/${id}`)).json()).role,
      board.id,
    )
    expect(screenRole).toBe('facilitator') // same browser, same cookie: the projector never exchanged its key

    // It follows the facilitator's view (her presence says "facilitator").
    const aminaUserId = await amina.evaluate(() => window.roundtable.provider.awareness.getLocalState().presence.userId)
    await waitFor(
      async () => (await screen.evaluate(() => window.editor.getInstanceState().followingUserId)) === aminaUserId,
      15_000,
      'the screen to follow Amina',
    )
    await expect(screen.locator('.pr-chip').textContent()).resolves.toContain('Following Amina')
    await shot(screen, 'presenter-follow-1920x1080')
    // Fonts, icons, the QR code, scripts: everything comes from the laptop.
    const network = screenRequests.filter((url) => !/^(data|blob):/.test(url))
    expect(network.length).toBeGreaterThan(5)
    for (const url of network) expect(new URL(url).host, url).toBe(new URL(server.url).host)
  })

  it('a phone scans the code on the screen and opens the small phone page', async () => {
    const decoded = await decodeQrIn(screen, '.pr-qr')
    expect(decoded).not.toBeNull()
    joinUrl = decoded!
    expect(joinUrl.startsWith(`${server.url}/p/${board.id}#key=`)).toBe(true)

    const context = await newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    })
    phone = await context.newPage()
    phoneScripts = recordScripts(phone)
    phoneRequests = recordRequests(phone)
    await phone.goto(joinUrl)
    await phone.getByRole('heading', { name: 'Day centre: what next?' }).waitFor()
    await phone.getByText('Connected').waitFor()
    expect(phone.url()).not.toContain('#key=')

    const form = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await form.getByLabel('Your name').fill('Ben')
    await form.getByRole('button', { name: 'Save' }).click()
    await phone.getByText('You: Ben').waitFor()
    await shot(phone, 'phone-360x740')
  })

  it('the phone page is small: no tldraw, scripts under 150 KB gzipped, nothing from other sites', async () => {
    await waitFor(() => phoneScripts.length > 0 && phoneScripts.every((s) => s.gzip > 0), 5000, 'scripts recorded')
    const gzip = phoneScripts.reduce((sum, s) => sum + s.gzip, 0)
    const sent = phoneScripts.reduce((sum, s) => sum + s.transferred, 0)
    const raw = phoneScripts.reduce((sum, s) => sum + s.bytes, 0)
    console.info(
      `[room] phone page JS: ${kb(gzip)} gzipped (${kb(sent)} as sent by the server, ${kb(raw)} unzipped) in ${phoneScripts.length} files: ${phoneScripts
        .map((s) => new URL(s.url).pathname.replace('/assets/', ''))
        .join(', ')}`,
    )
    expect(gzip).toBeLessThan(PHONE_JS_BUDGET)
    expect(sent).toBeLessThan(PHONE_JS_BUDGET)
    for (const s of phoneScripts) expect(s.url).not.toMatch(/BoardPage|PresenterPage|presence|tldraw/)
    const bodies = await Promise.all(
      phoneScripts.map((s) => phone.evaluate(async (u: string) => (await fetch(u)).text(), s.url)),
    )
    for (const body of bodies) expect(body).not.toContain('tl-container')
    for (const url of phoneRequests)
      expect(new URL(url).origin).toBe(server.url.replace('http:', new URL(url).protocol))
  })

  it('the phone page fits a 360 px screen, with touch targets of at least 48 px', async () => {
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const small = await phone.evaluate(() =>
      Array.from(document.querySelectorAll('button, textarea, input'))
        .map((el) => ({
          text: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim(),
          ...el.getBoundingClientRect().toJSON(),
        }))
        .filter((r) => r.width > 0 && (r.height < 48 || r.width < 48)),
    )
    expect(small).toEqual([])
  })

  it('an idea added on the phone lands in "Incoming ideas" and appears on the shared screen', async () => {
    const idea = 'A ramp at the front door'
    await phone.getByLabel('Your idea').fill(idea)
    await phone.getByRole('button', { name: 'Add my idea' }).click()
    await phone.getByText('Sent. It is on the board').waitFor()
    await phone.getByText(idea).waitFor() // in "Ideas so far"

    await screen.locator('.pr-newest__item', { hasText: idea }).waitFor()
    await screen.locator('.pr-glow').first().waitFor()
    const onScreen = await screen.evaluate((text: string) => {
      const editor = window.editor
      const note = editor
        .getCurrentPageShapes()
        .find((s: any) => s.type === 'note' && editor.getShapeUtil(s).getText(s) === text)
      const frame = note && editor.getShape(note.parentId)
      return {
        frame: frame?.type === 'frame' ? frame.props.name : null,
        visible: note ? editor.getViewportPageBounds().includes(editor.getShapePageBounds(note)) : false,
      }
    }, idea)
    expect(onScreen.frame).toBe('Incoming ideas')
    await expect(screen.locator('[data-count="ideas"]').textContent()).resolves.toBe('1')
    await waitFor(
      async () => (await screen.locator('[data-count="people"]').textContent()) === '2',
      10_000,
      'two people here (Amina, Ben)',
    )

    // Whole-board view: the idea is on screen however Amina has moved her own view.
    await screen.keyboard.press('w')
    await screen.locator('.pr-chip', { hasText: 'Whole board' }).waitFor()
    await waitFor(
      async () =>
        screen.evaluate((text: string) => {
          const editor = window.editor
          const note = editor
            .getCurrentPageShapes()
            .find((s: any) => s.type === 'note' && editor.getShapeUtil(s).getText(s) === text)
          return !!note && editor.getViewportPageBounds().includes(editor.getShapePageBounds(note))
        }, idea),
      10_000,
      'the whole board in view',
    )
    expect(await screen.evaluate(() => window.editor.getInstanceState().followingUserId)).toBeNull()
    await shot(screen, 'presenter-1920x1080')
  })

  it('more phone ideas line up in the frame, never on top of each other', async () => {
    for (const text of ['Buses that come on time', 'A quiet room', 'Cafe run by members']) {
      await phone.getByLabel('Your idea').fill(text)
      await phone.getByRole('button', { name: 'Add my idea' }).click()
      await phone.getByText(text).waitFor()
    }
    await screen.locator('.pr-newest__item', { hasText: 'Cafe run by members' }).waitFor()
    await screen.locator('.pr-glow').first().waitFor()
    await shot(screen, 'presenter-new-idea-1920x1080')
    const boxes = await screen.evaluate(() => {
      const editor = window.editor
      return editor
        .getCurrentPageShapes()
        .filter((s: any) => s.type === 'note')
        .map((s: any) => editor.getShapePageBounds(s))
        .map((b: any) => ({ x: b.x, y: b.y, w: b.w, h: b.h }))
    })
    expect(boxes).toHaveLength(4)
    for (const a of boxes)
      for (const b of boxes)
        if (a !== b) expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false)
  })

  it('the phone votes during a round; the screen shows the countdown and the dots placed', async () => {
    const res = await fetch(`${server.url}/api/boards/${board.id}/rounds`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${new URL(board.links.facilitator).hash.replace('#key=', '')}`,
      },
      body: JSON.stringify({ dotsPerPerson: 3, maxPerIdea: null, hidden: false, durationSeconds: 300 }),
    })
    expect(res.status).toBe(201)

    await phone.getByRole('button', { name: 'Go to the vote' }).click()
    await phone.getByRole('heading', { name: /Vote on the ideas/ }).waitFor()
    await phone.getByText('You have 3 of 3 dots left').waitFor()
    const add = phone.getByRole('button', { name: 'Add a dot to “A quiet room”' })
    await add.click()
    await add.click()
    await phone.getByText('You have 1 of 3 dots left').waitFor()
    await phone.getByRole('button', { name: 'Take a dot back from “A quiet room”' }).click()
    await phone.getByText('You have 2 of 3 dots left').waitFor()
    await phone.getByRole('button', { name: 'Add a dot to “Cafe run by members”' }).click()
    await phone.getByText('You have 1 of 3 dots left').waitFor()

    await screen.getByText('Voting is open').waitFor()
    await screen.locator('.pr-vote__clock').waitFor()
    await expect(screen.locator('.pr-vote__clock').textContent()).resolves.toMatch(/^[45]:\d\d left$/)
    await waitFor(
      async () => (await screen.locator('[data-count="dots"]').textContent()) === '2',
      10_000,
      'two dots placed on the screen',
    )
    await shot(phone, 'phone-vote-360x740')
    await shot(screen, 'presenter-vote-1920x1080')
    const rounds = (await (
      await fetch(`${server.url}/api/boards/${board.id}/rounds`, {
        headers: { authorization: `Bearer ${new URL(board.links.view).hash.replace('#key=', '')}` },
      })
    ).json()) as {
      rounds: { dotsCast: number; voters: number }[]
    }
    expect(rounds.rounds[0]).toMatchObject({ dotsCast: 2, voters: 1 })
  })

  it('with the Wi-Fi down the phone keeps the idea, says so, and sends it when back', async () => {
    await phone.getByRole('button', { name: 'Add idea' }).click()
    await phone.context().setOffline(true)
    await phone.getByText('Offline. What you type is kept on this phone.').first().waitFor()
    const idea = 'Hearing loop in the main hall'
    await phone.getByLabel('Your idea').fill(idea)
    await phone.getByRole('button', { name: 'Add my idea' }).click()
    await phone.getByText('Saved on your phone — will be sent when you are back online').waitFor()
    expect(
      await phone.evaluate((id: string) => localStorage.getItem(`roundtable:phone-outbox:${id}`), board.id),
    ).toContain(idea)
    await shot(phone, 'phone-offline-360x740')
    // Half-typed words are kept as well.
    await phone.getByLabel('Your idea').fill('Large print menus')
    await phone.context().setOffline(false)
    // (While the vote is open the screen shows the vote instead of the newest ideas; the idea is on the board.)
    await waitFor(
      async () =>
        screen.evaluate((text: string) => {
          const editor = window.editor
          return editor
            .getCurrentPageShapes()
            .some((s: any) => s.type === 'note' && editor.getShapeUtil(s).getText(s) === text)
        }, idea),
      30_000,
      'the idea sent after the Wi-Fi came back',
    )
    await phone.getByText('Connected').waitFor()
    await phone.reload()
    await expect(phone.getByLabel('Your idea').inputValue()).resolves.toBe('Large print menus')
    const ideas = (await (
      await fetch(`${server.url}/api/boards/${board.id}/ideas`, {
        headers: { authorization: `Bearer ${new URL(board.links.view).hash.replace('#key=', '')}` },
      })
    ).json()) as {
      ideas: { text: string }[]
    }
    expect(ideas.ideas.filter((i) => i.text === idea)).toHaveLength(1)
  })

  it('with "reduce motion" a new idea is still marked, without movement', async () => {
    await screen.emulateMedia({ reducedMotion: 'reduce' })
    await phone.getByLabel('Your idea').fill('Step-free toilet')
    await phone.getByRole('button', { name: 'Add my idea' }).click()
    await phone.getByText('Sent. It is on the board').waitFor()
    const glow = screen.locator('.pr-glow').first()
    await glow.waitFor()
    expect(await glow.evaluate((el) => getComputedStyle(el).animationName)).toBe('none')
    expect(await screen.evaluate(() => document.querySelector('.pr')?.classList.contains('pr--still'))).toBe(true)
    await screen.emulateMedia({ reducedMotion: 'no-preference' })
  })

  it('the phone sees the actions and agrees one', async () => {
    const made = await fetch(`${server.url}/api/boards/${board.id}/actions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${new URL(board.links.participant).hash.replace('#key=', '')}`,
      },
      body: JSON.stringify({ what: 'Ask the council about a ramp', who: 'Amina' }),
    })
    expect(made.status).toBe(201)
    await phone.getByRole('button', { name: 'Actions' }).click()
    await phone.getByText('Ask the council about a ramp').waitFor()
    await phone.getByRole('button', { name: 'I agree' }).click()
    await phone.getByText('1 person agrees').waitFor()
    await waitFor(
      async () => (await phone.getByRole('button', { name: 'I agree' }).getAttribute('aria-pressed')) === 'true',
      10_000,
      'aria-pressed true',
    )
    await shot(phone, 'phone-actions-360x740')
  })
})

describe('templates, never imposed', () => {
  it('a participant adds a board from a template; the first board stays blank; everyone gets it', async () => {
    const board = await createBoard(server.url, 'Planning group')
    const cara = await joinBoard(board.links.participant, 'Cara')
    const dan = await joinBoard(board.links.participant, 'Dan')
    const firstPage = await cara.evaluate(() => window.editor.getCurrentPageId())
    expect(await cara.evaluate(() => window.editor.getCurrentPageShapes().length)).toBe(0)

    await cara.getByRole('button', { name: 'Add a board from a template' }).click()
    const dialog = cara.getByRole('dialog', { name: 'Add a board from a template' })
    await dialog.waitFor()
    await shot(cara, 'templates-dialog')
    await dialog.getByRole('button', { name: 'Add “Co-production action plan”' }).click()
    await cara.getByText('“Co-production action plan” was added as a new board.').waitFor()

    const after = await cara.evaluate((first: string) => {
      const editor = window.editor
      const page = editor.getCurrentPage()
      const frames = editor
        .getCurrentPageShapes()
        .filter((s: any) => s.type === 'frame')
        .map((s: any) => s.props.name)
      return {
        name: page.name,
        moved: page.id !== first,
        frames,
        firstShapes: editor.getPageShapeIds(first).size,
        pages: editor.getPages().length,
      }
    }, firstPage)
    expect(after).toMatchObject({ name: 'Co-production action plan', moved: true, firstShapes: 0, pages: 2 })
    expect(after.frames).toEqual([
      'What we want to change',
      'Who needs to be involved',
      'What matters to people',
      'First steps',
      'How we will know it worked',
    ])
    await waitFor(
      async () =>
        (await dan.evaluate(() => window.editor.getPages().map((p: any) => p.name))).includes(
          'Co-production action plan',
        ),
      10_000,
      'Dan to see the new board',
    )
    await cara.evaluate(() => void window.editor.zoomToFit())
    await shot(cara, 'template-action-plan')
    // It is plain board content: people can delete any of it.
    await cara.evaluate(() => {
      const editor = window.editor
      const prompt = editor.getCurrentPageShapes().find((s: any) => s.type === 'text')
      editor.deleteShapes([prompt.id])
    })
    await waitFor(
      async () => (await dan.evaluate(() => window.editor.getPages().length)) === 2,
      5000,
      'still two boards',
    )
  })
})
