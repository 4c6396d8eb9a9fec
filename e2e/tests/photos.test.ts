import { mkdirSync } from 'node:fs'
import { join as joinPath } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createBoard, waitFor, type E2eBoard, useServerAndBrowser, linkKey, joinOn } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
}

/**
 * Paper in the room: a phone (360 px wide) takes a photo of a flip chart with its camera (the file input), it lands
 * on the projector in "Incoming ideas", a participant at a laptop types it up as two ideas, and the phone votes on
 * them. Screenshots go to /tmp/rt-photos for a person to look at.
 */

const SHOTS = '/tmp/rt-photos'
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) => page.screenshot({ path: joinPath(SHOTS, `${name}.png`) })

const setup = useServerAndBrowser()

const newContext = setup.newContext

const keyOf = linkKey

/**
 * A camera photo of a flip chart, drawn in a browser: a large (3000 × 2000) JPEG with two lines of writing, as a
 * phone's camera would hand it over.
 */
async function flipChartPhoto(lines = ['Ramp at the door', 'Quiet room']): Promise<Buffer> {
  const page = await (await newContext()).newPage()
  const dataUrl = await page.evaluate((words) => {
    const canvas = document.createElement('canvas')
    canvas.width = 3000
    canvas.height = 2000
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#fbfbf5'
    ctx.fillRect(0, 0, 3000, 2000)
    ctx.fillStyle = '#1d4ed8'
    ctx.font = 'bold 220px sans-serif'
    words.forEach((line, i) => ctx.fillText(line, 160, 700 + i * 600))
    return canvas.toDataURL('image/jpeg', 0.95)
  }, lines)
  await page.close()
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

describe('a photo of paper becomes ideas everyone can vote on', () => {
  let board: E2eBoard
  let amina: Page // facilitator, drives the projector
  let ben: Page // participant at a laptop
  let phone: Page // Dev's phone
  let screen: Page // the projector

  it('a phone takes a photo; it is shrunk on the phone and lands on the projector in “Incoming ideas”', async () => {
    board = await createBoard(setup.server.url, 'Carers’ forum')
    amina = await joinOn(await setup.newPage(), board.links.facilitator, 'Amina')
    ben = await joinOn(await setup.newPage(), board.links.participant, 'Ben')
    await amina.getByRole('tab', { name: 'Invite' }).click()
    const [popup] = await Promise.all([
      amina.context().waitForEvent('page'),
      amina.getByRole('button', { name: 'Open the projector view' }).click(),
    ])
    screen = popup
    await screen.setViewportSize({ width: 1920, height: 1080 })
    await screen.waitForFunction(() => !!window.editor && window.roundtable?.provider.synced)

    const phoneContext = await newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    })
    phone = await phoneContext.newPage()
    const uploads: { bytes: number; type: string | null }[] = []
    phone.on('request', (req) => {
      if (req.method() === 'POST' && req.url().includes('/photos'))
        uploads.push({ bytes: req.postDataBuffer()?.length ?? 0, type: req.headers()['content-type'] ?? null })
    })
    await phone.goto(`${setup.server.url}/p/${board.id}#key=${keyOf(board.links.participant)}`)
    const nameForm = phone.locator('form', { has: phone.getByRole('heading', { name: 'What should we call you?' }) })
    await nameForm.getByLabel('Your name').fill('Dev')
    await nameForm.getByRole('button', { name: 'Save' }).click()
    await phone.getByText('You: Dev').waitFor()

    const camera = await flipChartPhoto()
    expect(camera.length).toBeGreaterThan(100_000)
    const input = phone.locator('input[type="file"][capture="environment"]')
    expect(await input.getAttribute('accept')).toBe('image/*')
    await input.setInputFiles({ name: 'IMG_0412.jpg', mimeType: 'image/jpeg', buffer: camera })
    const preview = phone.getByRole('img', { name: 'The photo you are about to send' })
    await preview.waitFor()
    await phone.getByRole('button', { name: 'Send this photo' }).scrollIntoViewIfNeeded()
    await shot(phone, 'phone-photo-preview-360x740')
    await phone.getByRole('button', { name: 'Send this photo' }).click()
    await phone.getByText('Sent. The photo is on the board, under “Incoming ideas”.').waitFor({ timeout: 15_000 })
    await shot(phone, 'phone-photo-sent-360x740')
    // Shrunk on the phone: 1600 px on its longest side, a JPEG much smaller than the camera's file.
    expect(uploads).toHaveLength(1)
    expect(uploads[0]!.type).toBe('image/jpeg')
    expect(uploads[0]!.bytes).toBeLessThan(camera.length)

    // On the projector: an image in the "Incoming ideas" frame, its picture loaded from the server.
    await screen.waitForFunction(
      () => {
        const editor = window.editor
        const image = editor.getCurrentPageShapes().find((s: any) => s.type === 'image')
        const parent = image && editor.getShape(image.parentId)
        return parent?.props?.name === 'Incoming ideas'
      },
      undefined,
      { timeout: 15_000 },
    )
    const asset = await screen.evaluate(() => {
      const image = window.editor.getCurrentPageShapes().find((s: any) => s.type === 'image')
      const a = window.editor.getAsset(image.props.assetId)
      return { src: a.props.src as string, w: a.props.w as number, h: a.props.h as number }
    })
    expect(asset.src).toMatch(new RegExp(`^/api/boards/${board.id}/photos/[0-9A-Za-z]{16}$`))
    expect([asset.w, asset.h]).toEqual([1600, 1067])
    await screen.keyboard.press('w')
    const picture = screen.locator(`img[src*="/photos/"]`).first()
    await picture.waitFor({ timeout: 15_000 })
    await waitFor(
      () => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1600),
      15_000,
      'the photo to load on the projector',
    )
    await shot(screen, 'projector-photo-1920x1080')
    // A screen reader on the canvas hears what the photo is until it is typed up.
    expect(await picture.getAttribute('alt')).toBe('Photo from a phone, not yet typed up')
  })

  it('the facilitator sees one photo waiting; a participant types it up into two ideas', async () => {
    await amina.getByText('1 photo to type up').waitFor({ timeout: 15_000 })
    await ben.getByText('1 photo to type up').waitFor({ timeout: 15_000 })
    await shot(ben, 'board-photo-waiting-1280x800')
    await ben.getByRole('button', { name: 'Type up the next one' }).click()
    const dialog = ben.getByRole('dialog', { name: 'Type up this photo' })
    await dialog.waitFor()
    await waitFor(
      () =>
        dialog
          .getByRole('img', { name: 'Photo from a phone, not yet typed up' })
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      15_000,
      'the photo in the dialog',
    )
    await dialog.getByLabel('Idea 1').fill('Ramp at the door')
    await dialog.getByLabel('Idea 2').fill('Quiet room')
    await shot(ben, 'type-up-dialog-1280x800')
    await dialog.getByRole('button', { name: 'Add these ideas' }).click()
    await ben.getByText('2 ideas were added next to the photo.').waitFor()
    await amina.getByText('1 photo to type up').waitFor({ state: 'detached', timeout: 15_000 })

    // The ideas are real ideas: in the API, inside "Incoming ideas", next to the photo.
    const ideas = (await (
      await fetch(`${setup.server.url}/api/boards/${board.id}/ideas`, {
        headers: { authorization: `Bearer ${keyOf(board.links.view)}` },
      })
    ).json()) as { ideas: { text: string; frameTitle: string | null }[] }
    expect(ideas.ideas.map((i) => [i.text, i.frameTitle]).sort()).toEqual([
      ['Quiet room', 'Incoming ideas'],
      ['Ramp at the door', 'Incoming ideas'],
    ])

    // The list view shows the photo, typed up, with words a screen reader can say.
    await ben.getByRole('button', { name: /^Show the ideas as a list/ }).focus()
    await ben.keyboard.press('Enter')
    const photos = ben.getByRole('region', { name: /Photos from the room/ })
    await photos.getByRole('img', { name: 'Photo from a phone, typed up as 2 ideas' }).waitFor({ timeout: 15_000 })
    await photos.getByRole('button', { name: 'Type up more' }).waitFor()
    await photos.scrollIntoViewIfNeeded()
    await shot(ben, 'list-photo-typed-up-1280x800')
  })

  it('a laptop adds a photo with the "Add a photo" button (the keyboard way to what a drop does)', async () => {
    await amina.getByRole('button', { name: 'Add a photo' }).waitFor()
    const chooser = amina.waitForEvent('filechooser')
    await amina.getByRole('button', { name: 'Add a photo' }).click()
    const wall = await flipChartPhoto(['Bus on time', 'Cafe run by members'])
    await (await chooser).setFiles({ name: 'wall.jpg', mimeType: 'image/jpeg', buffer: wall })
    await waitFor(
      async () =>
        (await amina.locator('.rt-photo-tray').innerText()).includes(
          'The photo is on the board, under “Incoming ideas”.',
        ),
      15_000,
      'the tray to say the photo is on the board',
    ).catch(async (error) => {
      throw new Error(`${error}: the tray says ${await amina.locator('.rt-photo-tray').innerText()}`)
    })
    await amina.getByText('1 photo to type up').waitFor({ timeout: 15_000 })
    expect(
      await screen.evaluate(() => window.editor.getCurrentPageShapes().filter((s: any) => s.type === 'image').length),
    ).toBe(2)
  })

  it('the phone votes on the typed-up ideas', async () => {
    const started = await fetch(`${setup.server.url}/api/boards/${board.id}/rounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keyOf(board.links.facilitator)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dotsPerPerson: 2, maxPerIdea: null, hidden: false, durationSeconds: 300 }),
    })
    expect(started.status).toBe(201)
    await phone.getByRole('button', { name: 'Go to the vote' }).click()
    await phone.getByRole('button', { name: 'Add a dot to “Ramp at the door”' }).click()
    await phone.getByRole('button', { name: 'Add a dot to “Quiet room”' }).click()
    await phone.getByText('You have 0 of 2 dots left').waitFor()
    await shot(phone, 'phone-vote-typed-up-360x740')
    const rounds = (await (
      await fetch(`${setup.server.url}/api/boards/${board.id}/rounds`, {
        headers: { authorization: `Bearer ${keyOf(board.links.view)}` },
      })
    ).json()) as { rounds: { dotsCast: number; voters: number }[] }
    expect(rounds.rounds[0]).toMatchObject({ dotsCast: 2, voters: 1 })
  })
})
