import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initBoardDoc, listPages } from './index'
import { readAllRecords, type BoardRecord } from './records'
import { richTextToPlain } from './richText'
import {
  addTemplateBoard,
  freeBoardName,
  isTemplateId,
  TEMPLATE_INTRO,
  TEMPLATES,
  templateBoardRecords,
} from './templates'

function newBoard() {
  const doc = new Y.Doc()
  const { pageId } = initBoardDoc(doc, { title: 'Test', createdAt: 1 })
  return { doc, pageId }
}

const box = (r: BoardRecord) => {
  const p = r.props as { w: number; h: number }
  return { x: Number(r.x), y: Number(r.y), w: p.w, h: p.h }
}

describe('templates as data', () => {
  it('offers the five co-production templates, each with its boxes in plain words', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'action-plan',
      'what-matters',
      'asset-map',
      'you-said-we-did',
      'start-stop-continue',
    ])
    expect(TEMPLATES.find((t) => t.id === 'action-plan')!.boxes.map((b) => b.title)).toEqual([
      'What we want to change',
      'Who needs to be involved',
      'What matters to people',
      'First steps',
      'How we will know it worked',
    ])
    expect(TEMPLATES.find((t) => t.id === 'asset-map')!.boxes.map((b) => b.title)).toEqual([
      'People',
      'Groups',
      'Places',
      'Skills',
    ])
    expect(TEMPLATES.find((t) => t.id === 'start-stop-continue')!.boxes.map((b) => b.title)).toEqual([
      'Start',
      'Stop',
      'Continue',
    ])
    expect(isTemplateId('asset-map')).toBe(true)
    expect(isTemplateId('nope')).toBe(false)
  })

  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s: frames side by side that never overlap, each with its prompt inside',
    (_id, template) => {
      let n = 0
      const records = templateBoardRecords(
        template,
        { id: 'page:t', name: template.name, index: 'a2' },
        () => `shape:${++n}`,
      )
      const [page, intro, ...rest] = records
      expect(page).toMatchObject({ id: 'page:t', typeName: 'page', name: template.name, index: 'a2' })
      expect(richTextToPlain((intro!.props as { richText: unknown }).richText)).toBe(TEMPLATE_INTRO)
      const frames = rest.filter((r) => r.type === 'frame')
      const prompts = rest.filter((r) => r.type === 'text')
      expect(frames.map((f) => (f.props as { name: string }).name)).toEqual(template.boxes.map((b) => b.title))
      expect(prompts.map((p) => richTextToPlain((p.props as { richText: unknown }).richText))).toEqual(
        template.boxes.map((b) => b.prompt),
      )
      for (const [i, prompt] of prompts.entries()) {
        expect(prompt.parentId).toBe(frames[i]!.id)
        expect((prompt.props as { color: string }).color).toBe('grey')
      }
      for (const a of frames) {
        for (const b of frames) {
          if (a === b) continue
          const p = box(a)
          const q = box(b)
          expect(p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h).toBe(false)
        }
      }
      // Unique ids and strictly increasing stacking order among the page's own shapes.
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
      const onPage = records.filter((r) => r.parentId === 'page:t').map((r) => String(r.index))
      expect([...onPage].sort()).toEqual(onPage)
    },
  )
})

describe('addTemplateBoard', () => {
  it.each(TEMPLATES.map((t) => t.id))(
    '%s: adds a new board after the others and leaves the first board blank',
    (id) => {
      const { doc, pageId } = newBoard()
      const before = readAllRecords(doc)
      const { pageId: added } = addTemplateBoard(doc, id)
      const pages = listPages(doc)
      expect(pages.map((p) => p.id)).toEqual([pageId, added])
      // The original board: same records as before, and still no shape on it.
      for (const record of before) expect(readAllRecords(doc).find((r) => r.id === record.id)).toEqual(record)
      expect(readAllRecords(doc).filter((r) => r.typeName === 'shape' && r.parentId === pageId)).toEqual([])
      expect(readAllRecords(doc).filter((r) => r.typeName === 'shape' && r.parentId === added).length).toBeGreaterThan(
        1,
      )
    },
  )

  it('never repeats a board name, and accepts a name of its own', () => {
    const { doc } = newBoard()
    addTemplateBoard(doc, 'start-stop-continue')
    addTemplateBoard(doc, 'start-stop-continue')
    addTemplateBoard(doc, 'what-matters', { name: '  Our Tuesday group  ' })
    expect(listPages(doc).map((p) => p.name)).toEqual([
      'Board 1',
      'Start, stop, continue',
      'Start, stop, continue 2',
      'Our Tuesday group',
    ])
    expect(freeBoardName('A', ['A', 'A 2'])).toBe('A 3')
  })

  it('is one update, so everyone gets the whole template at once', () => {
    const { doc } = newBoard()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    addTemplateBoard(doc, 'asset-map')
    expect(updates).toHaveLength(1)
  })

  it('refuses an unknown template', () => {
    const { doc } = newBoard()
    expect(() => addTemplateBoard(doc, 'nope' as never)).toThrow(/No template/)
  })
})
