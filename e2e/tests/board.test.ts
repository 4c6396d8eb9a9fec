import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, launchBrowser, recordRequests, ServerProcess, waitFor } from '../harness'

declare global {
  interface Window {
    editor: any
  }
}

let server: ServerProcess
let browser: Browser
const contexts: BrowserContext[] = []
const allRequests: string[] = []

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

/** One person on one device: a fresh browser context (own storage), through the name question, editor ready. */
async function join(link: string, name: string | null): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  const page = await context.newPage()
  recordRequests(page, allRequests)
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'What should we call you?' })
  await dialog.waitFor()
  if (name) {
    await dialog.getByLabel('Your name').fill(name)
    await dialog.getByRole('button', { name: 'Join' }).click()
  } else {
    await dialog.getByRole('button', { name: 'Skip' }).click()
  }
  await page.waitForFunction(() => !!window.editor)
  return page
}

const richText = (text: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})

async function noteOn(page: Page, id: string) {
  return page.evaluate((shapeId) => {
    const shape = window.editor.getShape(shapeId)
    if (!shape) return null
    const text = window.editor.getShapeUtil(shape).getText?.(shape) ?? ''
    return { x: Math.round(shape.x), y: Math.round(shape.y), text, color: shape.props.color, parentId: shape.parentId }
  }, id)
}

describe('one live board in two browsers', () => {
  let a: Page
  let b: Page
  const noteId = 'shape:e2eNoteOne'

  it('a note made in A appears in B, with names and cursors live', async () => {
    const board = await createBoard(server.url)
    a = await join(board.links.facilitator, 'Amina')
    b = await join(board.links.participant, null)
    // The key was exchanged for a cookie and dropped from the address bar.
    expect(a.url()).toBe(`${server.url}/b/${board.id}`)
    expect(b.url()).toBe(`${server.url}/b/${board.id}`)
    await a.evaluate(
      ({ id, rich }) =>
        void window.editor.createShape({
          id,
          type: 'note',
          x: 120,
          y: 140,
          props: { richText: rich, color: 'yellow' },
        }),
      { id: noteId, rich: richText('Ramp at the front door') },
    )
    await waitFor(async () => (await noteOn(b, noteId))?.text === 'Ramp at the front door', 15_000, 'note at B')
    expect(await noteOn(b, noteId)).toMatchObject({ x: 120, y: 140, color: 'yellow' })

    // A's pointer, with A's name, shows up at B.
    await a.mouse.move(500, 400)
    await a.mouse.move(520, 420)
    await waitFor(
      () =>
        b.evaluate(() => window.editor.getCollaborators().some((c: { userName: string }) => c.userName === 'Amina')),
      15_000,
      'A as a collaborator at B',
    )
  })

  it('A moves the note while B types in it: both changes survive', async () => {
    // Double-click the note, as a person would, to start typing in it.
    const centre = await b.evaluate((id) => {
      const bounds = window.editor.getShapePageBounds(id)
      return window.editor.pageToViewport(bounds.center)
    }, noteId)
    await b.mouse.dblclick(centre.x, centre.y)
    await waitFor(() => b.evaluate((id) => window.editor.getEditingShapeId() === id, noteId), 5000, 'B editing')
    // Keys typed before the text editor has focus would go to tldraw's shortcuts instead.
    await waitFor(
      () => b.evaluate(() => document.activeElement?.getAttribute('contenteditable') === 'true'),
      5000,
      'text editor focused',
    )
    await Promise.all([
      b.keyboard.type(' and a handrail', { delay: 40 }),
      (async () => {
        for (let i = 1; i <= 10; i++) {
          await a.evaluate(
            (step) =>
              void window.editor.updateShape({
                id: 'shape:e2eNoteOne',
                type: 'note',
                x: 120 + step * 40,
                y: 140 + step * 20,
              }),
            i,
          )
          await new Promise((r) => setTimeout(r, 50))
        }
      })(),
    ])
    await b.keyboard.press('Escape')
    for (const page of [a, b]) {
      let last: unknown = null
      await waitFor(
        async () => {
          const note = await noteOn(page, noteId)
          last = note
          // B's words (typed at the caret, wherever tldraw put it) and A's move both survive, on both pages.
          return note?.x === 520 && note.y === 340 && note.text.includes('and a handrail')
        },
        15_000,
        'moved and typed note',
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`)
      })
    }
    expect((await noteOn(a, noteId))!.text).toBe((await noteOn(b, noteId))!.text)
  })

  it('a note grows to fit long text, everywhere, and its whole area answers clicks', async () => {
    const id = 'shape:e2eLongNote'
    await a.evaluate(
      ({ id, rich }) => void window.editor.createShape({ id, type: 'note', x: 900, y: 140, props: { richText: rich } }),
      { id, rich: richText('A long idea about getting to the centre: '.repeat(10)) },
    )
    // tldraw measures the text when a note's text is set, and stores how far the note grows with the note.
    const grown = (await a.evaluate((shapeId) => window.editor.getShape(shapeId).props.growY, id)) as number
    expect(grown).toBeGreaterThan(50)
    await waitFor(
      async () => (await b.evaluate((shapeId) => window.editor.getShape(shapeId)?.props.growY, id)) === grown,
      15_000,
      'grown note at B',
    )
    const atB = await b.evaluate((shapeId) => {
      const r = window.editor.getShapePageBounds(shapeId)
      const hit = window.editor.getShapeAtPoint(
        { x: r.x + r.w / 2, y: r.y + r.h - 30 },
        { hitInside: true, hitLabels: true },
      )
      return { w: Math.round(r.w), h: Math.round(r.h), hit: hit?.id ?? null }
    }, id)
    expect(atB).toEqual({ w: 200, h: 200 + Math.round(grown), hit: id })
  })

  it('after a server restart the board reloads intact', async () => {
    const before = await noteOn(a, noteId)
    await server.stop('SIGTERM')
    await server.start()
    await b.reload()
    await b.waitForFunction(() => !!window.editor)
    await waitFor(
      async () => JSON.stringify(await noteOn(b, noteId)) === JSON.stringify(before),
      15_000,
      'note after restart',
    )
    const pagesAtB = await b.evaluate(() => window.editor.getPages().map((p: { name: string }) => p.name))
    expect(pagesAtB).toEqual(['Board 1'])
  })

  it('an idea added while the server is down survives a reload and reaches the other page once it is back', async () => {
    await server.stop('SIGKILL')
    await a.evaluate(
      ({ rich }) =>
        void window.editor.createShape({
          id: 'shape:e2eOffline',
          type: 'note',
          x: 700,
          y: 100,
          props: { richText: rich },
        }),
      { rich: richText('Added while offline') },
    )
    await waitFor(
      () =>
        a
          .getByText(/Reconnecting|Offline/)
          .first()
          .isVisible(),
      15_000,
      'calm reconnecting state',
    )
    // The page reloads with no server: the app shell comes from the service worker, the board from IndexedDB.
    await a.reload()
    await a.waitForFunction(() => !!window.editor, undefined, { timeout: 20_000 })
    expect((await noteOn(a, 'shape:e2eOffline'))?.text).toBe('Added while offline')
    // Panel sections that are not drawn at first were fetched while the page was idle: they open with no server too.
    await a.getByRole('tab', { name: 'Actions' }).click()
    await a.getByRole('button', { name: 'Add action' }).waitFor({ timeout: 10_000 })
    expect(await a.getByText('This part could not be loaded').count()).toBe(0)
    await a.getByRole('tab', { name: 'Vote' }).click()
    await server.start()
    await waitFor(
      async () => (await noteOn(b, 'shape:e2eOffline'))?.text === 'Added while offline',
      30_000,
      'offline idea at B',
    )
  })

  it('a second board (page) added by one person appears for the other', async () => {
    await a.evaluate(() => void window.editor.createPage({ name: 'Transport' }))
    await waitFor(
      () => b.evaluate(() => window.editor.getPages().some((p: { name: string }) => p.name === 'Transport')),
      15_000,
      'new page at B',
    )
  })

  it('draws a note far outside the view only once it comes into view, with its text', async () => {
    await a.evaluate(
      ({ rich }) =>
        void window.editor.createShape({
          id: 'shape:e2eFarAway',
          type: 'note',
          x: 40_000,
          y: 40_000,
          props: { richText: rich },
        }),
      { rich: richText('Far away corner') },
    )
    await waitFor(
      async () => (await noteOn(b, 'shape:e2eFarAway'))?.text === 'Far away corner',
      15_000,
      'far note at B',
    )
    // Out of view: in the board, but not drawn.
    expect(await b.locator('.tl-shapes').getByText('Far away corner').count()).toBe(0)
    await b.evaluate(() => void window.editor.centerOnPoint({ x: 40_100, y: 40_100 }))
    await b.locator('.tl-shapes').getByText('Far away corner').waitFor({ timeout: 5000 })
    await b.evaluate(() => void window.editor.zoomToFit())
  })

  // Without a valid key the server does not say whether a board exists (ids cannot be probed): the page asks for
  // an invitation link, as it does for a real board opened without one.
  it('asks for an invitation link when a session does not exist, as for one opened without a key', async () => {
    const context = await browser.newContext()
    contexts.push(context)
    const page = await context.newPage()
    recordRequests(page, allRequests)
    await page.goto(`${server.url}/b/nosuchboard1234567890`)
    await page.getByText('You need an invitation link').first().waitFor({ timeout: 15_000 })
  })

  it('no request leaves the origin', () => {
    const origin = new URL(server.url)
    const foreign = allRequests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:')) return false
      return new URL(url).host !== origin.host
    })
    expect(allRequests.length).toBeGreaterThan(10)
    expect(foreign).toEqual([])
  })
})
