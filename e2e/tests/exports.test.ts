import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, launchBrowser, ServerProcess, joinBoard } from '../harness'

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
const join = (link: string, name: string): Promise<Page> =>
  joinBoard(browser, contexts, link, name, { acceptDownloads: true })

/** Click a download button and read the file the browser saved. */
async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    page.getByRole('button', { name: button }).click(),
  ])
  const path = await file.path()
  return { name: file.suggestedFilename(), bytes: await readFile(path) }
}

describe('downloads from the board page', () => {
  it('a participant downloads the actions, the summary and a picture of the board', async () => {
    const board = await createBoard(server.url, 'Exports check')
    const key = new URL(board.links.participant).hash.match(/key=([^&]+)/)![1]!
    const created = await fetch(`${server.url}/api/boards/${board.id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${decodeURIComponent(key)}` },
      body: JSON.stringify({ what: 'Fit a ramp', who: 'Sam', due: '2030-04-01' }),
    })
    expect(created.status).toBe(201)

    const page = await join(board.links.participant, 'Pat')
    await page.evaluate(() => {
      for (let i = 0; i < 2; i++) {
        window.editor.createShape({
          type: 'note',
          x: i * 240,
          y: 0,
          props: {
            richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `idea ${i}` }] }] },
          },
        })
      }
      // Far outside the view, so not drawn on the page: the picture of the board still has it.
      window.editor.createShape({
        type: 'note',
        x: 30_000,
        y: 20_000,
        props: {
          richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'far corner' }] }] },
        },
      })
    })
    await page.getByRole('tab', { name: 'Actions' }).click()

    const csv = await download(page, 'Actions for a spreadsheet (CSV)')
    expect(csv.name).toBe('Exports-check-actions.csv')
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csvText = csv.bytes.toString('utf8').slice(1)
    expect(csvText.split('\r\n')[0]).toBe('What,Who,By when,Status,From idea,Dots,Agree,Concerns,Note')
    expect(csvText).toContain('Fit a ramp')

    const ics = (await download(page, 'Actions for a calendar (.ics)')).bytes.toString('utf8')
    expect(ics).toContain('BEGIN:VCALENDAR')
    expect(ics).toContain('SUMMARY:Fit a ramp')

    const md = await download(page, 'Summary as text (Markdown)')
    expect(md.name).toBe('Exports-check-summary.md')
    expect(md.bytes.toString('utf8')).toContain('Exports check')

    const json = JSON.parse((await download(page, 'Summary as data (JSON)')).bytes.toString('utf8')) as {
      schemaVersion: number
      actions: { what: string }[]
    }
    expect(json.schemaVersion).toBe(1)
    expect(json.actions.map((a) => a.what)).toEqual(['Fit a ramp'])

    const png = await download(page, 'Picture of this board (PNG)')
    expect(png.name).toBe('Exports-check-board.png')
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

    const svg = await download(page, 'Picture of this board (SVG)')
    expect(svg.name).toBe('Exports-check-board.svg')
    expect(svg.bytes.toString('utf8')).toContain('<svg')
    expect(svg.bytes.toString('utf8')).toContain('far corner')
  })

  it('a facilitator finds the printable summary, which opens in a new tab', async () => {
    const board = await createBoard(server.url, 'Summary link')
    const page = await join(board.links.facilitator, 'Fay')
    await page.getByRole('tab', { name: 'Actions' }).click()
    const link = page.getByRole('link', { name: 'Printable summary' })
    await link.waitFor()
    expect(await link.getAttribute('href')).toMatch(new RegExp(`/s/${board.id}#key=`))
    expect(await link.getAttribute('target')).toBe('_blank')
  })

  it('view-only links get no downloads', async () => {
    const board = await createBoard(server.url, 'Watching')
    const page = await join(board.links.view, 'Val')
    await page.getByRole('tab', { name: 'Actions' }).click()
    await page.getByRole('heading', { name: 'Actions' }).first().waitFor()
    expect(await page.getByRole('button', { name: 'Summary as data (JSON)' }).count()).toBe(0)
  })
})
