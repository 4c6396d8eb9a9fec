import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { createBoard, decodeQrIn, seriousFindings, type E2eBoard, useServerAndBrowser, linkKey } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
}

/**
 * Three monthly meetings of one group. In January an action is agreed; in February the facilitator starts the next
 * session from the board page, the action is there under "Still open from last time" and is put in progress (which
 * January's board shows too); in March someone marks it done with a note of what happened. The series page tells
 * that story from one link: January agreed it, it was marked done at session 3, with the note.
 * The API is used only to set up (the action, the links of a new session); the key steps are clicks and typing.
 */

/** Screenshots for a person to look at. */
const SHOTS = '/tmp/rt-series'
mkdirSync(SHOTS, { recursive: true })
const shot = (target: Page | Locator, name: string) => target.screenshot({ path: joinPath(SHOTS, `${name}.png`) })

const SERIES = 'Carers’ forum 2027'
const ACTION = 'Fit a ramp at the side door'
const HAPPENED = 'Ramp fitted in March, paid by the council'

const setup = useServerAndBrowser()

const newPage = setup.newPage

const keyOf = linkKey
const boardIdOf = (url: string) => new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? ''

/** Wait until the board is open and in step with the server. */
const synced = (page: Page) => page.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)

/** A person at a laptop: through the name question, board open. */
async function atLaptop(link: string, name: string): Promise<Page> {
  const page = await newPage()
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  await dialog.getByLabel('Your name').fill(name)
  await dialog.getByRole('button', { name: 'Join' }).click()
  await synced(page)
  return page
}

/** The HTTP API with a key, as a script would call it. */
async function api(path: string, method: string, key: string, body?: unknown): Promise<Response> {
  return fetch(`${setup.server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** The Actions panel of a board page. */
async function actionsPanel(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Actions' }).click()
  return page.getByRole('tabpanel', { name: 'Actions' })
}

/** A link of the session open on a facilitator's page, as Invite shows it to copy. */
async function inviteLink(page: Page, which: 'participant' | 'co-facilitator'): Promise<string> {
  await page.getByRole('tab', { name: 'Invite' }).click()
  const name = which === 'participant' ? 'Link: People taking part' : 'Link: Invite a co-facilitator'
  const field = page.getByRole('tabpanel', { name: 'Invite' }).getByRole('textbox', { name })
  await field.waitFor()
  return field.inputValue()
}
const participantLink = (page: Page) => inviteLink(page, 'participant')

/** "Start the next session" from the Invite tab, through the dialog; returns once the new session is open. */
async function startNext(page: Page, title: string, seriesName: string | null, screenshot?: string): Promise<void> {
  await page.getByRole('tab', { name: 'Invite' }).click()
  const invite = page.getByRole('tabpanel', { name: 'Invite' })
  await invite.getByRole('button', { name: 'Start the next session' }).click()
  const dialog = page.getByRole('dialog', { name: 'Start the next session' })
  await dialog.waitFor()
  // The name field has the keyboard: type straight away.
  await page.keyboard.type(title)
  const seriesField = dialog.getByRole('textbox', { name: 'Name for all the sessions together' })
  if (seriesName === null) expect(await seriesField.count()).toBe(0)
  else await seriesField.fill(seriesName)
  if (screenshot) await shot(page, screenshot)
  const before = page.url()
  await dialog.getByRole('button', { name: 'Start it and open it' }).click()
  await page.waitForURL((url) => url.toString() !== before, { timeout: 15_000 })
  await synced(page)
}

describe('a series of three sessions keeps its promise', () => {
  let january: E2eBoard
  let amina: Page // the facilitator, at her laptop, moving from session to session
  let ben: Page // a participant in January, whose board stays open
  let actionId: string
  let februaryId: string
  let februaryLinks: { participant: string; facilitator: string }
  let marchId: string

  it('January: an action is agreed', async () => {
    january = await createBoard(setup.server.url, 'January meeting')
    const facilitatorKey = keyOf(january.links.facilitator)
    const created = await api(`/boards/${january.id}/actions`, 'POST', keyOf(january.links.participant), {
      what: ACTION,
      who: 'Jo from the council',
      due: '2027-02-20',
    })
    expect(created.status).toBe(201)
    actionId = ((await created.json()) as { action: { id: string } }).action.id

    amina = await atLaptop(january.links.facilitator, 'Amina')
    ben = await atLaptop(january.links.participant, 'Ben')
    const benCard = (await actionsPanel(ben)).getByRole('article', { name: `Action: ${ACTION}` })
    await benCard.getByRole('button', { name: 'I agree' }).click()
    await benCard.getByText('You agree.').waitFor()

    const card = (await actionsPanel(amina)).getByRole('article', { name: `Action: ${ACTION}` })
    await card.getByText('Agreed by Ben').waitFor({ timeout: 15_000 })
    await card.getByLabel('Status').selectOption({ label: 'Agreed' })
    await benCard.locator('.rt-status-badge', { hasText: 'Agreed' }).waitFor({ timeout: 15_000 })
    expect(facilitatorKey).not.toBe('')
  })

  it('February: the facilitator starts the next session; the action is still open from last time', async () => {
    await startNext(amina, 'February meeting', SERIES, 'follow-on-dialog')
    februaryId = boardIdOf(amina.url())
    expect(februaryId).not.toBe(january.id)
    // Near the session's name: which session of which series this is.
    await amina.locator('.rt-panel__session', { hasText: 'February meeting' }).waitFor()
    await amina.locator('.rt-panel__series', { hasText: `Session 2 of “${SERIES}”` }).waitFor()
    // January is now session 1 of the series, on the board Ben still has open.
    await ben.locator('.rt-panel__series', { hasText: `Session 1 of “${SERIES}”` }).waitFor({ timeout: 15_000 })

    const panel = await actionsPanel(amina)
    const still = panel.getByRole('region', { name: 'Still open from last time' })
    const card = still.getByRole('article', { name: `Action from an earlier session: ${ACTION}` })
    await card.waitFor({ timeout: 15_000 })
    await card.getByText('From session 1, “January meeting”').waitFor()
    await card.getByText('Jo from the council').waitFor()
    await card.getByText('Agreed by Ben').waitFor()
    await card.locator('.rt-status-badge', { hasText: 'Agreed' }).waitFor()

    // Cara comes to February only (her link opens this session): she agrees too.
    februaryLinks = {
      participant: await participantLink(amina),
      facilitator: await inviteLink(amina, 'co-facilitator'),
    }
    const cara = await atLaptop(februaryLinks.participant, 'Cara')
    const caraCard = (await actionsPanel(cara))
      .getByRole('region', { name: 'Still open from last time' })
      .getByRole('article', { name: `Action from an earlier session: ${ACTION}` })
    await caraCard.getByRole('button', { name: 'I agree' }).click()
    await caraCard.getByText('You agree.').waitFor()
    await actionsPanel(amina)
    await card.getByText(/Agreed by (Ben and Cara|Cara and Ben)/).waitFor({ timeout: 15_000 })
    // In easy read, the section says what it is in simpler words.
    await cara.getByRole('switch', { name: 'Easy read' }).click()
    await cara.getByText('Things we said we would do last time. They are not finished yet.').waitFor()
    await shot(cara.locator('.rt-panel'), 'actions-panel-carried-easy-read')
    // The list view has the same panel beside the list.
    await cara.getByRole('button', { name: 'List', exact: true }).click()
    await cara
      .getByRole('region', { name: 'Still open from last time' })
      .getByRole('article', { name: `Action from an earlier session: ${ACTION}` })
      .waitFor()
    // A participant sees no status control; Cara can mark it done, but does not yet.
    expect(await caraCard.getByLabel('Status').count()).toBe(0)
    await caraCard.getByRole('button', { name: `Mark as done: ${ACTION}` }).waitFor()

    // The facilitator puts it in progress, with the keyboard: January's board shows it (one action, not a copy).
    await card.getByLabel('Status').focus()
    await card.getByLabel('Status').selectOption({ label: 'In progress' })
    await card.locator('.rt-status-badge', { hasText: 'In progress' }).waitFor({ timeout: 15_000 })
    await ben
      .getByRole('article', { name: `Action: ${ACTION}` })
      .locator('.rt-status-badge', { hasText: 'In progress' })
      .waitFor({ timeout: 15_000 })
    await still.scrollIntoViewIfNeeded()
    await shot(amina.locator('.rt-panel'), 'actions-panel-carried')
    await shot(amina, 'board-february')
  })

  it('March: the next session again; someone marks the action done with what happened', async () => {
    // The series has its name now: the dialog asks only for the session's.
    await startNext(amina, 'March meeting', null)
    marchId = boardIdOf(amina.url())
    expect([january.id, februaryId]).not.toContain(marchId)
    await amina.locator('.rt-panel__series', { hasText: `Session 3 of “${SERIES}”` }).waitFor()

    const dev = await atLaptop(await participantLink(amina), 'Dev')
    const card = (await actionsPanel(dev))
      .getByRole('region', { name: 'Still open from last time' })
      .getByRole('article', { name: `Action from an earlier session: ${ACTION}` })
    await card.locator('.rt-status-badge', { hasText: 'In progress' }).waitFor({ timeout: 15_000 })
    await card.getByRole('button', { name: `Mark as done: ${ACTION}` }).click()
    // The note field has the keyboard.
    await dev.keyboard.type(HAPPENED)
    await shot(dev.locator('.rt-panel'), 'actions-panel-mark-done')
    await card.getByRole('button', { name: 'Mark it done' }).click()
    await card.locator('.rt-status-badge', { hasText: 'Done' }).waitFor({ timeout: 15_000 })
    await card.getByText(`What happened: ${HAPPENED}`).waitFor()
    await card.getByText('Marked as done. Everyone can see what happened.').waitFor()
    // January's board has it done too, with what happened.
    const janCard = ben.getByRole('article', { name: `Action: ${ACTION}` })
    await janCard.locator('.rt-status-badge', { hasText: 'Done' }).waitFor({ timeout: 15_000 })
    await janCard.getByText(`What happened: ${HAPPENED}`).waitFor()

    const state = (await (await api(`/boards/${january.id}/actions`, 'GET', keyOf(january.links.view))).json()) as {
      actions: { id: string; status: string }[]
    }
    expect(state.actions.find((a) => a.id === actionId)?.status).toBe('done')
  })

  it('on a phone, and for screen readers: the carried action is there, small; no serious axe findings', async () => {
    const phone = await newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    })
    await phone.goto(`${setup.server.url}/p/${februaryId}#key=${keyOf(februaryLinks.participant)}`)
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Femi')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await phone.getByRole('button', { name: 'Actions' }).click()
    const still = phone.getByRole('region', { name: 'Still open from last time' })
    await still.getByText(ACTION).waitFor({ timeout: 15_000 })
    await still.getByText('From session 1').waitFor()
    await still.getByText(`What happened: ${HAPPENED}`).waitFor()
    await shot(phone, 'phone-carried-360')
    expect(await seriousFindings(phone)).toEqual([])

    // February's board page, with "Still open from last time" open in the Actions panel.
    const board = await newPage({ bypassCSP: true })
    await board.goto(februaryLinks.facilitator)
    const dialog = board.getByRole('dialog', { name: 'What should we call you?' })
    await dialog.getByLabel('Your name').fill('Grace')
    await dialog.getByRole('button', { name: 'Join' }).click()
    await synced(board)
    await (await actionsPanel(board))
      .getByRole('region', { name: 'Still open from last time' })
      .getByText(ACTION)
      .waitFor({ timeout: 15_000 })
    expect(await seriousFindings(board, ['.tl-canvas'])).toEqual([])
  })

  it('the series page, from the Invite tab, tells the story; its QR code, feed and downloads work', async () => {
    await amina.getByRole('tab', { name: 'Invite' }).click()
    const invite = amina.getByRole('tabpanel', { name: 'Invite' })
    const pageGroup = invite.getByRole('group', { name: 'The series page to pass on' })
    const pageLink = await pageGroup.getByRole('textbox').inputValue()
    expect(pageLink).toMatch(new RegExp(`^${setup.server.url}/s/series/[^/#]+#key=\\S+$`))
    expect(await decodeQrIn(amina, '.rt-invite .rt-qr >> nth=1')).toBe(pageLink)

    const feedGroup = invite.getByRole('group', { name: 'Due dates in a calendar' })
    const feed = await feedGroup.getByRole('textbox').inputValue()
    expect(feed).toMatch(/\/api\/series\/[^/]+\/calendar\.ics\?key=/)
    expect(await feedGroup.getByRole('link', { name: 'Open in my calendar app' }).getAttribute('href')).toBe(
      feed.replace(/^http:\/\//, 'webcal://'),
    )
    const ics = await (await fetch(feed)).text()
    expect(ics).toContain('BEGIN:VCALENDAR')
    expect(ics).toContain(ACTION)
    await shot(invite, 'invite-series')

    const [download] = await Promise.all([
      amina.waitForEvent('download'),
      invite.getByRole('button', { name: 'All actions for a spreadsheet (CSV)' }).click(),
    ])
    const csv = await (await download.createReadStream()).toArray()
    const text = Buffer.concat(csv).toString('utf8')
    expect(text).toContain(ACTION)
    expect(text).toContain(HAPPENED)

    // Someone who took part opens the link on their own device.
    for (const [viewport, name] of [
      [{ width: 1280, height: 900 }, 'series-page-desktop'],
      [{ width: 360, height: 740 }, 'series-page-360'],
    ] as const) {
      const reader = await newPage({ viewport })
      await reader.goto(pageLink)
      const content = reader.locator('#content[data-ready="true"]')
      await content.waitFor({ timeout: 15_000 })
      await reader.getByRole('heading', { level: 1, name: SERIES }).waitFor()
      const first = reader.getByRole('region', { name: /Session 1: January meeting/ })
      await first.getByText(ACTION).waitFor()
      await first.getByText(HAPPENED).waitFor()
      await first.getByText(/marked done at session 3/).waitFor()
      // February and March list what they carried over; March says it marked it done there, and what happened.
      const second = reader.getByRole('region', { name: /Session 2: February meeting/ })
      await second.getByText(/Carried over from earlier sessions \(1\)/).waitFor()
      const third = reader.getByRole('region', { name: /Session 3: March meeting/ })
      await third.getByText(/Carried over from earlier sessions \(1\)/).waitFor()
      await third.getByText(/marked done at this session/).waitFor()
      await third.getByText(HAPPENED, { exact: false }).waitFor()
      await shot(reader, name)
      await reader.screenshot({ path: joinPath(SHOTS, `${name}-full.png`), fullPage: true })
    }
  })

  it('a facilitator deletes the whole series from Facilitate: every session and the series page are gone', async () => {
    await amina.getByRole('tab', { name: 'Invite' }).click()
    const pageLink = await amina
      .getByRole('tabpanel', { name: 'Invite' })
      .getByRole('group', { name: 'The series page to pass on' })
      .getByRole('textbox')
      .inputValue()
    await amina.getByRole('tab', { name: 'Facilitate' }).click()
    const panel = amina.getByRole('tabpanel', { name: 'Facilitate' })
    await panel.getByText(`This deletes all 3 sessions of “${SERIES}”`, { exact: false }).waitFor()
    await panel.getByRole('button', { name: 'Delete the whole series' }).click()
    await panel.getByRole('button', { name: 'Yes, delete every session for everyone' }).click()
    // Ben, still on January's board, is told it was deleted; every session's link and the series page stop working.
    await ben.getByText('Session not found').first().waitFor({ timeout: 15_000 })
    for (const [id, link] of [
      [january.id, january.links.view],
      [februaryId, februaryLinks.participant],
    ] as const) {
      const res = await fetch(`${setup.server.url}/api/boards/${id}`, {
        headers: { authorization: `Bearer ${keyOf(link)}` },
      })
      // A deleted session answers exactly like a wrong key.
      expect(res.status).toBe(403)
    }
    const [seriesId, key] = [new URL(pageLink).pathname.split('/').pop()!, new URL(pageLink).hash.slice('#key='.length)]
    const page = await fetch(`${setup.server.url}/api/series/${seriesId}`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(page.status).toBe(403)
  })
})
