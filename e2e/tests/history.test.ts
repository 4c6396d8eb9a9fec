import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, launchBrowser, ServerProcess, waitFor, joinBoard } from '../harness'

declare global {
  interface Window {
    editor: any
    roundtable: any
  }
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

/** One person on their own device, through the name question, board synced. */
const join = (link: string, name: string): Promise<Page> => joinBoard(browser, contexts, link, name)

const noteCount = (page: Page) =>
  page.evaluate(() => window.editor.getCurrentPageShapes().filter((s: { type: string }) => s.type === 'note').length)

describe('undoing a mistake', () => {
  it('after someone selects everything and deletes it, a facilitator brings it all back in two clicks', async () => {
    const board = await createBoard(server.url)
    const participant = await join(board.links.participant, 'Pat')
    const facilitator = await join(board.links.facilitator, 'Fay')
    await participant.evaluate(() => {
      for (let i = 0; i < 6; i++) {
        window.editor.createShape({
          type: 'note',
          x: (i % 3) * 240,
          y: Math.floor(i / 3) * 240,
          props: {
            richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `idea ${i}` }] }] },
          },
        })
      }
    })
    await waitFor(async () => (await noteCount(facilitator)) === 6, 15_000, 'six notes at the facilitator')

    // Select everything, delete — as a person would, with the keyboard.
    await participant.locator('.tl-canvas').click({ position: { x: 300, y: 650 } })
    await participant.keyboard.press('Control+a')
    await participant.keyboard.press('Delete')
    await waitFor(async () => (await noteCount(facilitator)) === 0, 15_000, 'notes gone at the facilitator')

    // Click 1: the Facilitate tab (earlier versions are listed at once). Click 2: go back.
    await facilitator.getByRole('tab', { name: 'Facilitate' }).click()
    const goBack = facilitator.getByRole('button', { name: /^Go back to the version from/ }).first()
    await goBack.waitFor({ timeout: 15_000 })
    await expect(facilitator.getByText('before 6 items were deleted').first().isVisible()).resolves.toBe(true)
    await goBack.click()
    await waitFor(
      async () => (await noteCount(participant)) === 6 && (await noteCount(facilitator)) === 6,
      15_000,
      'notes back for both',
    )
    await facilitator.getByText('Done. The board is back as it was.').waitFor()
  })
})
