import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, launchBrowser, ServerProcess, waitFor, type E2eBoard, joinBoard } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
}

/** Screenshots a person would see, kept for a human to look at. */
const SHOTS = joinPath(tmpdir(), 'roundtable-e2e')
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: joinPath(SHOTS, `${name}.png`) })

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

/** One person on their own device, through the name question, board synced. */
const join = (link: string, name: string): Promise<Page> => joinBoard(browser, contexts, link, name)

const IDEAS = {
  ramp: 'Ramp at the front door',
  bus: 'Bus that comes on time',
  quiet: 'Quiet room',
  cafe: 'Cafe run by members',
}

/** The "+ dot" button on an idea on the board (drawn over the note itself). */
const plusDot = (page: Page, idea: string) => page.getByRole('button', { name: `+ dot: Add a dot to “${idea}”` })

async function centreOf(page: Page, shapeId: string): Promise<{ x: number; y: number }> {
  return page.evaluate((id) => {
    const bounds = window.editor.getShapePageBounds(id)
    const point = window.editor.pageToViewport(bounds.center)
    const box = window.editor.getContainer().getBoundingClientRect()
    return { x: point.x + box.left, y: point.y + box.top }
  }, shapeId)
}

describe('a dot vote, from ideas to agreed actions', () => {
  let board: E2eBoard
  let amina: Page // facilitator
  let ben: Page // participant
  let cara: Page // participant
  let viewer: Page // view-only link

  it('a facilitator starts a hidden vote; everyone sees it', async () => {
    board = await createBoard(server.url, 'Day centre transport')
    amina = await join(board.links.facilitator, 'Amina')
    ben = await join(board.links.participant, 'Ben')
    cara = await join(board.links.participant, 'Cara')
    viewer = await join(board.links.view, 'Dev')

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
    for (const page of [ben, cara, viewer]) {
      await waitFor(
        () => page.evaluate(() => window.editor.getCurrentPageShapes().length === 4),
        15_000,
        'ideas everywhere',
      )
    }

    // The start form: 3 dots each, results hidden (the default), no time limit.
    const vote = amina.getByRole('tabpanel', { name: 'Vote' })
    await expect(vote.getByLabel('Dots for each person').inputValue()).resolves.toBe('3')
    await expect(vote.getByLabel('Keep the results hidden until a facilitator shows them').isChecked()).resolves.toBe(
      true,
    )
    await shot(amina, '01-facilitator-start-vote')
    await vote.getByRole('button', { name: 'Start the vote' }).click()

    for (const page of [amina, ben, cara, viewer]) {
      await page.getByText('Voting is open on “Board 1”').waitFor({ timeout: 15_000 })
    }
    await ben.getByText('You have 3 of 3 dots left').waitFor()
  })

  it('people put dots on ideas on the board; nobody sees the totals while hidden', async () => {
    // Ben: two on the ramp, one on the bus.
    await plusDot(ben, IDEAS.ramp).click()
    await plusDot(ben, IDEAS.ramp).click()
    await plusDot(ben, IDEAS.bus).click()
    await ben.getByText('You have 0 of 3 dots left').waitFor()
    // A fourth dot is refused, in plain words.
    await plusDot(ben, IDEAS.quiet).click()
    await ben.getByRole('status').getByText('You have used all 3 of your dots.', { exact: false }).waitFor()
    await expect(ben.getByRole('img', { name: '2 of your dots on this idea' }).count()).resolves.toBe(1)
    // A dot can be taken back and placed again.
    await ben.getByRole('button', { name: `− dot: Take a dot back from “${IDEAS.bus}”` }).click()
    await ben.getByText('You have 1 of 3 dots left').waitFor()
    await plusDot(ben, IDEAS.bus).click()
    await ben.getByText('You have 0 of 3 dots left').waitFor()
    await shot(ben, '02-participant-dots-on-ideas')

    // Cara first says she won't vote, then changes her mind.
    await cara.getByRole('button', { name: 'I won’t vote this round' }).click()
    await amina.getByText('1 person voted · 1 won’t vote').waitFor({ timeout: 15_000 })
    await cara.getByRole('button', { name: 'I want to vote after all' }).click()
    await amina.getByText('1 person voted · 0 won’t vote').waitFor({ timeout: 15_000 })

    // Cara: ramp, bus, quiet room. Amina (facilitators get the same dots): quiet room.
    await plusDot(cara, IDEAS.ramp).click()
    await plusDot(cara, IDEAS.bus).click()
    await plusDot(cara, IDEAS.quiet).click()
    await cara.getByText('You have 0 of 3 dots left').waitFor()
    await plusDot(amina, IDEAS.quiet).click()
    await amina.getByText('You have 2 of 3 dots left').waitFor()

    // Everyone sees how many voted, but no per-idea numbers.
    await cara.getByText('3 people voted · 0 won’t vote').waitFor({ timeout: 15_000 })
    await cara.getByText('The results are hidden until a facilitator shows them.', { exact: false }).waitFor()
    await expect(cara.getByRole('heading', { name: /Results/ }).count()).resolves.toBe(0)
    await expect(cara.getByText(/^\d+ dots?$/).count()).resolves.toBe(0)
    expect(
      await cara.evaluate(() => [...window.roundtable.doc.getMap('ledger').get('rounds').values()][0].tallies),
    ).toBeNull()
    await shot(cara, '03-participant-vote-panel-hidden')
  })

  it('a view-only link shows the vote but no editing controls at all', async () => {
    await viewer.getByText('3 people voted · 0 won’t vote').waitFor({ timeout: 15_000 })
    await viewer.getByText('You can watch this session. You cannot change anything.').waitFor()
    await expect(viewer.getByRole('button', { name: /dot/ }).count()).resolves.toBe(0)
    await expect(viewer.getByRole('button', { name: 'I won’t vote this round' }).count()).resolves.toBe(0)
    await expect(viewer.getByRole('button', { name: 'End the vote' }).count()).resolves.toBe(0)
    await expect(viewer.getByRole('tab', { name: 'Facilitate' }).count()).resolves.toBe(0)
    await expect(viewer.getByRole('tab', { name: 'Invite' }).count()).resolves.toBe(0)
    expect(await viewer.evaluate(() => window.editor.getIsReadonly())).toBe(true)
    await viewer.getByRole('tab', { name: 'Actions' }).click()
    await expect(viewer.getByRole('button', { name: 'Add action' }).count()).resolves.toBe(0)
    await expect(viewer.getByRole('tabpanel', { name: 'Actions' }).getByRole('textbox').count()).resolves.toBe(0)
    await shot(viewer, '04-view-only')
    await viewer.getByRole('tab', { name: 'Vote' }).click()
  })

  it('the facilitator ends the vote and shows the results: ranked, with a tie shown as a tie', async () => {
    await amina.getByRole('button', { name: 'End the vote' }).click()
    await ben.getByText('The vote has ended.', { exact: false }).waitFor({ timeout: 15_000 })
    await ben.getByText('A facilitator will show the results.').waitFor()
    await expect(ben.getByRole('button', { name: /dot/ }).count()).resolves.toBe(0)
    await amina.getByRole('button', { name: 'Show the results to everyone' }).click()

    for (const page of [amina, ben, cara, viewer]) {
      const results = page.getByRole('list').filter({ hasText: IDEAS.ramp })
      await results.waitFor({ timeout: 15_000 })
      const lines = await results.getByRole('listitem').allInnerTexts()
      const flat = lines.map((line) => line.replace(/\s+/g, ' ').trim())
      expect(flat).toHaveLength(3)
      expect(flat[0]).toMatch(new RegExp(`^1 .*${IDEAS.ramp}.*3 dots$`))
      // Bus and quiet room both have 2 dots: joint second, shown as "=2", in either order.
      expect(flat.slice(1).every((line) => /^=2 .*2 dots$/.test(line))).toBe(true)
      expect(flat.slice(1).join('|')).toContain(IDEAS.bus)
      expect(flat.slice(1).join('|')).toContain(IDEAS.quiet)
      await page.getByText('1 idea got no dots.').waitFor()
    }
    // A screen reader hears "Joint 2nd" rather than "=2".
    await ben.getByText('Joint 2nd:', { exact: false }).first().waitFor({ state: 'attached' })
    await shot(ben, '05-results')
  })

  it('an idea becomes an action; both participants agree; the facilitator marks it agreed', async () => {
    // Right-click the winning idea on the board: "Make this an action".
    const centre = await centreOf(ben, 'shape:idea0')
    await ben.mouse.click(centre.x, centre.y - 40, { button: 'right' })
    await ben.getByRole('menuitem', { name: 'Make this an action' }).click()
    const card = (page: Page) => page.getByRole('article', { name: `Action: ${IDEAS.ramp}` })
    await card(ben).waitFor()
    // The action shows the idea it came from and the idea's dots.
    await card(ben).getByText(`From the idea “${IDEAS.ramp}” · 3 dots in the vote`).waitFor()
    await card(ben).getByLabel('Who will do it').fill('Transport group')
    await card(ben).getByRole('button', { name: 'I agree' }).click()

    await cara.getByRole('tab', { name: 'Actions' }).click()
    // Ben has agreed, so the owner is shown as agreed words, no longer a field anyone can change.
    await card(cara).getByText('Transport group').waitFor({ timeout: 15_000 })
    expect(await card(cara).getByLabel('Who will do it').count()).toBe(0)
    await card(cara).getByRole('button', { name: 'I agree' }).click()
    await waitFor(
      async () => (await card(cara).getByRole('button', { name: 'I agree' }).getAttribute('aria-pressed')) === 'true',
      10_000,
      'aria-pressed true',
    )

    await amina.getByRole('tab', { name: 'Actions' }).click()
    await card(amina)
      .getByText(/Agreed by (Ben and Cara|Cara and Ben)/)
      .waitFor({ timeout: 15_000 })
    await card(amina).getByLabel('Status').selectOption({ label: 'Agreed' })

    await viewer.getByRole('tab', { name: 'Actions' }).click()
    for (const page of [amina, ben, cara, viewer]) {
      await card(page).getByText('Status: Agreed').waitFor({ timeout: 15_000 })
      await card(page)
        .getByText(/Agreed by (Ben and Cara|Cara and Ben)/)
        .waitFor()
    }
    await expect(card(viewer).getByRole('button').count()).resolves.toBe(0)
    await card(viewer).getByText('Transport group').waitFor()
    await shot(ben, '06-actions-participant')
    await shot(amina, '07-actions-facilitator')
  })

  it('facilitators see the session’s name, the three invitation links and the summary link', async () => {
    await amina.getByRole('tab', { name: 'Invite' }).click()
    await amina.getByRole('button', { name: 'Copy link: Invite a co-facilitator' }).waitFor()
    const links = await amina
      .getByRole('tabpanel', { name: 'Invite' })
      .getByRole('textbox')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    const summary = (board.links as unknown as Record<string, string>).summary
    expect(links).toEqual([
      'Day centre transport',
      board.links.participant,
      board.links.facilitator,
      board.links.view,
      summary,
    ])
    await shot(amina, '08-invite')
  })
})

describe('facilitation', () => {
  it('a shared timer and a locked board reach everyone; a change that raced the lock is not kept', async () => {
    const board = await createBoard(server.url, 'Locks')
    const amina = await join(board.links.facilitator, 'Amina')
    const ben = await join(board.links.participant, 'Ben')
    await amina.getByRole('tab', { name: 'Facilitate' }).click()
    await amina.getByLabel('Minutes').fill('3')
    await amina.getByRole('button', { name: 'Start the timer' }).click()
    await ben
      .getByRole('timer', { name: 'Shared timer' })
      .getByText(/^(3:00|2:5\d) left$/)
      .waitFor({ timeout: 15_000 })

    // Ben is offline when Amina locks the board, and adds an idea the server has not allowed.
    await ben.evaluate(() => window.roundtable.provider.disconnect())
    await amina.getByRole('button', { name: 'Lock “Board 1”' }).click()
    await amina.getByText('This board is locked').waitFor()
    await ben.evaluate(() => void window.editor.createShape({ id: 'shape:late', type: 'note', x: 100, y: 100 }))
    await ben.evaluate(() => window.roundtable.provider.connect())

    // Refused: Ben is told plainly, the board is reloaded from the server without the idea, and it is read-only.
    await ben.getByText('Your last change was not saved because the board is locked.').waitFor({ timeout: 15_000 })
    await ben.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
    await ben.getByText('This board is locked').waitFor()
    expect(await ben.evaluate(() => !!window.editor.getShape('shape:late'))).toBe(false)
    expect(await ben.evaluate(() => window.editor.getIsReadonly())).toBe(true)
    await shot(ben, '09-locked-refused')

    await amina.getByRole('button', { name: 'Unlock “Board 1”' }).click()
    await waitFor(() => ben.evaluate(() => !window.editor.getIsReadonly()), 15_000, 'unlocked at Ben')
  })
})
