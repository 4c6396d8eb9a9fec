import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBoard, freePort, joinBoard, launchBrowser, ServerProcess, waitFor } from '../harness'

declare global {
  interface Window {
    editor: any
  }
}

/**
 * The server checks every record a client writes against tldraw's validators (issue 12): whatever the real editor
 * makes — every shape of the toolbar, an arrow bound to a note, an image and its asset, a new page — must pass, or
 * people would be disconnected for honest work. A second browser seeing it all proves the server stored it.
 */
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

const shapeIds = (page: Page) =>
  page.evaluate(() => (window.editor.getCurrentPageShapes() as { id: string }[]).map((s) => s.id).sort())

describe('honest writes from the real editor pass the server value checks', () => {
  it('every toolbar shape, a binding, an image asset and a page reach the other browser', async () => {
    const board = await createBoard(server.url)
    const a = await joinBoard(browser, contexts, board.links.participant, 'Ayesha')
    const b = await joinBoard(browser, contexts, board.links.participant, 'Tom')
    await a.evaluate(() => {
      const editor = window.editor
      const rich = (text: string) => ({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      })
      editor.createShape({ id: 'shape:vNote', type: 'note', x: 0, y: 0, props: { richText: rich('Ramp') } })
      editor.createShape({
        id: 'shape:vGeo',
        type: 'geo',
        x: 300,
        y: 0,
        props: { geo: 'ellipse', w: 120, h: 80, richText: rich('Idea') },
      })
      editor.createShape({ id: 'shape:vText', type: 'text', x: 600, y: 0, props: { richText: rich('Label') } })
      editor.createShape({ id: 'shape:vFrame', type: 'frame', x: 0, y: 400, props: { w: 400, h: 300, name: 'Access' } })
      editor.createShape({
        id: 'shape:vInFrame',
        type: 'note',
        parentId: 'shape:vFrame',
        x: 20,
        y: 20,
        props: { richText: rich('In frame') },
      })
      editor.createShape({ id: 'shape:vLine', type: 'line', x: 700, y: 300 })
      editor.createShape({
        id: 'shape:vDraw',
        type: 'draw',
        x: 900,
        y: 300,
        props: { segments: [{ type: 'free', path: '' }], isComplete: true },
      })
      editor.createShape({
        id: 'shape:vHighlight',
        type: 'highlight',
        x: 900,
        y: 500,
        props: { segments: [{ type: 'free', path: '' }], isComplete: true },
      })
      editor.createShape({
        id: 'shape:vArrow',
        type: 'arrow',
        x: 100,
        y: 250,
        props: { start: { x: 0, y: 0 }, end: { x: 200, y: 0 }, richText: rich('leads to') },
      })
      editor.createBindings([
        {
          type: 'arrow',
          fromId: 'shape:vArrow',
          toId: 'shape:vNote',
          props: { terminal: 'end', normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
        },
      ])
      editor.createAssets([
        {
          id: 'asset:vImage',
          typeName: 'asset',
          type: 'image',
          meta: {},
          props: {
            w: 1,
            h: 1,
            name: 'dot.png',
            isAnimated: false,
            mimeType: 'image/png',
            src: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
            fileSize: 70,
          },
        },
      ])
      editor.createShape({
        id: 'shape:vImage',
        type: 'image',
        x: 1200,
        y: 0,
        props: { w: 50, h: 50, assetId: 'asset:vImage' },
      })
      editor.updateShape({ id: 'shape:vNote', type: 'note', x: 10, y: 5, props: { color: 'green' } })
    })
    const expected = await shapeIds(a)
    expect(expected.length).toBe(10)
    await waitFor(
      async () => JSON.stringify(await shapeIds(b)) === JSON.stringify(expected),
      15_000,
      'every shape at B',
    )
    await a.evaluate(() => void window.editor.createPage({ name: 'Transport' }))
    await waitFor(
      () => b.evaluate(() => window.editor.getPages().some((p: { name: string }) => p.name === 'Transport')),
      15_000,
      'the new page at B',
    )
    const bound = await b.evaluate(() => window.editor.getBindingsFromShape('shape:vArrow', 'arrow').length)
    expect(bound).toBe(1)
    // A reload reads the board back from the server: nothing was refused along the way.
    await a.reload()
    await a.waitForFunction(() => !!window.editor)
    await waitFor(
      async () => JSON.stringify(await shapeIds(a)) === JSON.stringify(expected),
      15_000,
      'every shape after a reload',
    )
  })
})
