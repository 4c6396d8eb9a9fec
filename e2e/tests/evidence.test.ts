import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import {
  createBoard,
  freePort,
  joinBoard,
  launchBrowser,
  ROOT,
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

/** Screenshots kept for a person to look at (git-ignored). */
const ARTIFACTS = join(ROOT, 'e2e', 'artifacts')
mkdirSync(ARTIFACTS, { recursive: true })
const shotPath = (name: string): string => join(ARTIFACTS, `${name}.png`)

const CARER = 'I am an unpaid carer'
const NAMES = ['Fran', 'Avery', 'Blake', 'Casey', 'Dana']

/** axe-core from the installed package (no CDN); contexts that run it let its inline script past the page's CSP. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const CHECKED = { bypassCSP: true }

/** Serious or critical accessibility problems axe finds inside `selector`, as readable lines. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async (sel) => {
    const result = await (window as any).axe.run({ include: [[sel]] }, { resultTypes: ['violations'] })
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`)
  }, selector)
}

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

/** Add ideas on the canvas, as a person typing notes would. */
async function addIdeas(page: Page, texts: string[]): Promise<void> {
  await page.evaluate((list) => {
    list.forEach((text, i) => {
      window.editor.createShape({
        type: 'note',
        x: i * 240,
        y: Math.random() * 2000,
        props: { richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
      })
    })
  }, texts)
}

/** The question a person is asked after their name, answered with `choice`. */
async function answer(page: Page, choice: string, screenshot?: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'How do you come to this session?' })
  await dialog.waitFor()
  if (screenshot) {
    await page.screenshot({ path: shotPath(screenshot) })
    expect(await axeProblems(page, 'dialog.rt-group-dialog')).toEqual([])
  }
  await dialog.getByRole('radio', { name: choice }).check()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.waitFor({ state: 'hidden' })
}

/** The summary table's rows as text, once its figures match `expected` (the summary page is reloaded until then). */
async function summaryRows(page: Page, expected: string[][]): Promise<string[][]> {
  let rows: string[][] = []
  await waitFor(
    async () => {
      await page.reload()
      await page.locator('#content[data-ready="true"]').waitFor()
      const table = page.locator('section.evidence table')
      if ((await table.count()) === 0) return false
      rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')))
      return JSON.stringify(rows) === JSON.stringify(expected)
    },
    30_000,
    'the summary figures',
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; last rows: ${JSON.stringify(rows)}`)
  })
  return rows
}

describe('whose voices: evidence of co-production', () => {
  let board: E2eBoard & { links: { summary?: string } }
  let fac: Page
  let section: Locator
  let summary: Page

  it('a facilitator switches the question on from the panel', async () => {
    board = await createBoard(server.url, 'Day centre: whose voices')
    expect(board.links.summary).toMatch(new RegExp(`/s/${board.id}#key=`))
    fac = await joinBoard(browser, contexts, board.links.facilitator, 'Fran', CHECKED)
    await fac.getByRole('tab', { name: 'Facilitate' }).click()
    section = fac.getByRole('group', { name: 'Whose voices (evidence of co-production)' })
    await section.scrollIntoViewIfNeeded()

    const groups = section.getByLabel('The answers people can choose from (one on each line)')
    expect((await groups.inputValue()).split('\n')).toContain(CARER)
    expect(
      await section.getByRole('spinbutton', { name: 'Hide groups smaller than this number of people' }).inputValue(),
    ).toBe('3')

    // Nothing can be saved without at least one answer to choose.
    const before = await groups.inputValue()
    await groups.fill('\n  \n')
    await section.getByRole('button', { name: 'Save' }).click()
    await section.getByRole('alert').filter({ hasText: 'Write at least one answer people can choose.' }).waitFor()
    expect(await groups.evaluate((el) => el === document.activeElement)).toBe(true)
    await groups.fill(before)

    await section.getByRole('switch', { name: 'Ask people how they come to this session' }).check()
    await section.getByText('You have changes that are not saved yet.').waitFor()
    await section.screenshot({ path: shotPath('evidence-facilitator-panel') })
    expect(await axeProblems(fac, '.rt-evidence')).toEqual([])
    await section.getByRole('button', { name: 'Save' }).click()
    await section.getByText('Saved. People are asked how they come to this session.').waitFor()

    // Facilitators take part too: they are asked as well, and can skip it.
    const dialog = fac.getByRole('dialog', { name: 'How do you come to this session?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Skip' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await fac.getByRole('tab', { name: 'People' }).click()
    await fac.getByText('How you come to this session:').waitFor()
    await fac.getByRole('button', { name: 'Say how you come to this session' }).waitFor()
  })

  it('three people join; each is asked once, and answers or not', async () => {
    const avery = await joinBoard(browser, contexts, board.links.participant, 'Avery', CHECKED)
    await answer(avery, CARER, 'evidence-dialog')
    const blake = await joinBoard(browser, contexts, board.links.participant, 'Blake')
    await answer(blake, CARER)
    const casey = await joinBoard(browser, contexts, board.links.participant, 'Casey')
    await answer(casey, 'I’d rather not say')

    await addIdeas(avery, ['A lift that works', 'Longer opening hours'])
    await addIdeas(blake, ['Quiet room'])
    await addIdeas(casey, ['Hot meals on Fridays'])

    // Their own answer, in the People panel, never anyone else's.
    await avery.getByRole('tab', { name: 'People' }).click()
    await avery.getByRole('button', { name: `Change how you come to this session (now: ${CARER})` }).waitFor()

    // Reloading does not ask again: the server knows the answer.
    await casey.reload()
    await casey.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)
    await casey.waitForTimeout(1500)
    expect(await casey.getByRole('dialog', { name: 'How do you come to this session?' }).count()).toBe(0)
  })

  it('the summary shows figures only for groups big enough, and never a name', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, ...CHECKED })
    contexts.push(context)
    summary = await context.newPage()
    await summary.goto(board.links.summary!)
    await summary.locator('#content[data-ready="true"]').waitFor()

    // Two carers are fewer than 3: they are counted with the person who would rather not say.
    const rows = await summaryRows(summary, [['Everyone else', '3', '4', '0', '0', '0']])
    expect(rows.flat()).not.toContain(CARER)

    const evidence = summary.locator('section.evidence')
    await evidence.getByRole('heading', { name: 'Whose voices shaped this' }).waitFor()
    await evidence.getByText('a group of fewer than 3 people is counted under “Everyone else”').waitFor()
    const table = evidence.getByRole('table', { name: 'Ideas, dots and agreements from each group of people' })
    const columns = (await table.locator('thead th').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '))
    expect(columns).toEqual(['Group', 'People', 'Ideas', 'Dots', 'Said “I agree”', 'Agreed actions from their ideas'])
    expect(await table.locator('thead th[scope="col"]').count()).toBe(6)
    expect(await table.locator('tbody th[scope="row"]').count()).toBe(1)
    // It comes last, after what was agreed and the ideas.
    expect(await summary.locator('#content > section').evaluateAll((s) => s.map((x) => x.className))).toEqual([
      'agreed',
      'ideas-section',
      'evidence',
    ])

    const text = (await summary.locator('#content').textContent()) ?? ''
    for (const name of NAMES) expect(text).not.toContain(name)
    await evidence.screenshot({ path: shotPath('evidence-summary-everyone-else') })
    expect(await axeProblems(summary, 'section.evidence')).toEqual([])
  })

  it('with a smaller threshold and one more person who answers and adds an idea, a group gets its own row', async () => {
    // The facilitator answers after all, from the People panel, and adds an idea: an answer alone counts nobody.
    await fac.getByRole('button', { name: 'Say how you come to this session' }).click()
    const change = fac.getByRole('dialog', { name: 'How you come to this session' })
    await change.waitFor()
    await change.getByRole('radio', { name: 'I’d rather not say' }).check()
    await change.getByRole('button', { name: 'Save' }).click()
    await change.waitFor({ state: 'hidden' })
    await fac.getByRole('button', { name: 'Change how you come to this session (now: I’d rather not say)' }).waitFor()
    await fac.locator('.rt-my-answer').screenshot({ path: shotPath('evidence-people-panel') })
    await addIdeas(fac, ['Transport to the centre'])

    await fac.getByRole('tab', { name: 'Facilitate' }).click()
    await section.getByRole('spinbutton', { name: 'Hide groups smaller than this number of people' }).fill('2')
    await section.getByRole('button', { name: 'Save' }).click()
    await section.getByText('Saved. People are asked how they come to this session.').waitFor()

    const rows = await summaryRows(summary, [
      [CARER, '2', '3', '0', '0', '0'],
      ['Everyone else', '2', '2', '0', '0', '0'],
    ])
    expect(rows).toHaveLength(2)
    const text = (await summary.locator('#content').textContent()) ?? ''
    for (const name of NAMES) expect(text).not.toContain(name)
    await summary.locator('section.evidence').screenshot({ path: shotPath('evidence-summary') })
    // Printed: the figures stay together on one page.
    await summary.emulateMedia({ media: 'print' })
    await summary.screenshot({ path: shotPath('evidence-summary-print'), fullPage: true })
    await summary.emulateMedia({ media: 'screen' })
    // On a small phone the table scrolls sideways inside its own box, which a keyboard can reach.
    await summary.setViewportSize({ width: 360, height: 740 })
    await summary.locator('section.evidence').screenshot({ path: shotPath('evidence-summary-360') })
    expect(await axeProblems(summary, 'section.evidence')).toEqual([])
    await summary
      .getByRole('table', { name: 'Ideas, dots and agreements from each group of people' })
      .getByRole('rowheader', { name: CARER })
      .waitFor()
    expect(await summary.locator('section.evidence .table-box').getAttribute('tabindex')).toBe('0')
    await summary.setViewportSize({ width: 1000, height: 900 })

    // Easy read says the same in simpler words.
    await summary.getByRole('button', { name: 'Easy read' }).click()
    const easy = summary.locator('section.evidence')
    await easy.getByRole('heading', { name: 'Who had a say' }).waitFor()
    await easy.getByRole('table', { name: 'What each group did' }).waitFor()
    await easy.screenshot({ path: shotPath('evidence-summary-easy-read') })
    await summary.getByRole('button', { name: 'Easy read' }).click()
  })

  it('a phone is asked the same question before the idea box', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      ...CHECKED,
    })
    contexts.push(context)
    const phone = await context.newPage()
    // On a slow network the server's "you have not answered yet" arrives after the cursor is already in the idea
    // box: the question must still come, because an empty box is not someone in the middle of writing.
    let release = (): void => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    await phone.route('**/me/answer', async (route) => {
      await released
      await route.continue()
    })
    await phone.goto(`${server.url}/p/${board.id}${new URL(board.links.participant).hash}`)
    await phone.getByText('Connected').waitFor()
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Dana')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await waitFor(
      () => phone.evaluate(() => document.activeElement?.tagName === 'TEXTAREA'),
      10_000,
      'the cursor in the idea box',
    )
    release()

    const form = phone.getByRole('form', { name: 'How do you come to this session?' })
    await form.waitFor()
    await phone.screenshot({ path: shotPath('evidence-phone') })
    expect(await axeProblems(phone, '.ph-group-form')).toEqual([])
    // Save without a choice: a plain message, nothing sent.
    await form.getByRole('button', { name: 'Save' }).click()
    await form.getByRole('alert').filter({ hasText: 'Choose one answer, or press “Skip”.' }).waitFor()
    await form.getByRole('radio', { name: CARER }).check()
    await form.getByRole('button', { name: 'Save' }).click()
    await form.waitFor({ state: 'hidden' })
    await phone.getByLabel('Your idea').fill('A bus that comes on time')
    await phone.getByRole('button', { name: 'Add my idea' }).click()
    await phone.getByText('Sent. It is on the board').waitFor()

    await summaryRows(summary, [
      [CARER, '3', '4', '0', '0', '0'],
      ['Everyone else', '2', '2', '0', '0', '0'],
    ])

    // The answer can be changed later on the phone too, and taken back.
    await phone.getByRole('button', { name: `Change how you come to this session (now: ${CARER})` }).click()
    const change = phone.getByRole('form', { name: 'How you come to this session' })
    await change.waitFor()
    expect(await change.getByRole('radio', { name: CARER }).isChecked()).toBe(true)
    await phone.evaluate(() => window.scrollTo(0, 0))
    await phone.screenshot({ path: shotPath('evidence-phone-change') })
    expect(await axeProblems(phone, '.ph-group-form')).toEqual([])
    await change.getByRole('radio', { name: 'I’d rather not say' }).check()
    await change.getByRole('button', { name: 'Save' }).click()
    const changeAgain = phone.getByRole('button', {
      name: 'Change how you come to this session (now: I’d rather not say)',
    })
    await changeAgain.waitFor()
    await summaryRows(summary, [
      [CARER, '2', '3', '0', '0', '0'],
      ['Everyone else', '3', '3', '0', '0', '0'],
    ])
    await changeAgain.click()
    await change.getByRole('button', { name: 'Take my answer back' }).click()
    await phone.getByRole('button', { name: 'Say how you come to this session' }).waitFor()
    await phone.waitForTimeout(1500)
    expect(await phone.getByRole('form', { name: 'How do you come to this session?' }).count()).toBe(0)
    await phone.evaluate(() => window.scrollTo(0, 0))
    await phone.screenshot({ path: shotPath('evidence-phone-taken-back') })
  })

  it('people watching are never asked, and an anonymous session cannot ask at all', async () => {
    const watcher = await joinBoard(browser, contexts, board.links.view, 'Val')
    await watcher.waitForTimeout(1500)
    expect(await watcher.getByRole('dialog', { name: 'How do you come to this session?' }).count()).toBe(0)

    const quiet = await createBoard(server.url, 'Anonymous session')
    const host = await joinBoard(browser, contexts, quiet.links.facilitator, 'Hal')
    await host.getByRole('tab', { name: 'Facilitate' }).click()
    await host.getByRole('switch', { name: 'Do not keep names with ideas, dots or agreements' }).check()
    const evidence = host.getByRole('group', { name: 'Whose voices (evidence of co-production)' })
    await evidence.getByText('This session is anonymous, so people are not asked how they come to it').waitFor()
    expect(await evidence.getByRole('switch', { name: 'Ask people how they come to this session' }).isDisabled()).toBe(
      true,
    )
    expect(await evidence.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true)
  })
})
