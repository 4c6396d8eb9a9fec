import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addIdea, initBoardDoc, listIdeas, NOTE_SIZE } from './index'
import {
  addIncomingIdea,
  INCOMING_COLUMNS,
  INCOMING_FRAME_NAME,
  incomingFrameSize,
  isIncomingFrame,
  nextIncomingCell,
  placeIncomingFrame,
  shapeBox,
} from './incoming'
import { deleteRecord, putRecord, readAllRecords, readRecord, type BoardRecord } from './records'
import { newPageRecord } from './board'

function newBoard() {
  const doc = new Y.Doc()
  const { pageId } = initBoardDoc(doc, { title: 'Test', createdAt: 1 })
  return { doc, pageId }
}

const note = (x: number, y: number, parentId = 'page:p'): BoardRecord => ({
  id: `shape:${x}-${y}`,
  typeName: 'shape',
  type: 'note',
  parentId,
  x,
  y,
  props: { scale: 1, growY: 0 },
})

function overlap(a: BoardRecord, b: BoardRecord): boolean {
  const p = shapeBox(a)!
  const q = shapeBox(b)!
  return p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h
}

describe('placing the incoming frame', () => {
  it('goes at the origin of an empty board', () => {
    expect(placeIncomingFrame([])).toEqual({ x: 0, y: 0 })
  })

  it('goes to the right of everything already on the board, level with its top', () => {
    const spot = placeIncomingFrame([
      note(0, 100),
      note(900, 40),
      { ...note(0, 0), type: 'frame', x: 300, y: 500, props: { w: 1000, h: 400 } },
    ])
    expect(spot.x).toBeGreaterThanOrEqual(1300)
    expect(spot.y).toBe(40)
  })
})

describe('the next free cell in the frame', () => {
  it('fills a row of cells left to right, then grows the frame for the next row', () => {
    const children: BoardRecord[] = []
    const { h } = incomingFrameSize(1)
    let height = h
    for (let i = 0; i < INCOMING_COLUMNS + 1; i++) {
      const cell = nextIncomingCell(children, height)
      height = cell.frameHeight
      children.push(note(cell.x, cell.y, 'shape:frame'))
    }
    expect(new Set(children.map((c) => c.y)).size).toBe(2)
    expect(height).toBeGreaterThan(h)
    expect(height).toBeGreaterThanOrEqual(Math.max(...children.map((c) => Number(c.y) + NOTE_SIZE)))
    for (const a of children) for (const b of children) if (a !== b) expect(overlap(a, b)).toBe(false)
  })

  it('reuses a cell someone emptied by moving a note away', () => {
    const first = nextIncomingCell([], 460)
    const second = nextIncomingCell([note(first.x, first.y)], 460)
    expect(nextIncomingCell([note(second.x, second.y)], 460)).toMatchObject({ x: first.x, y: first.y })
  })
})

describe('addIncomingIdea', () => {
  it('makes the frame on first use and puts ideas in it, never on top of each other', () => {
    const { doc, pageId } = newBoard()
    addIdea(doc, { text: 'Already here' })
    const results = Array.from({ length: 9 }, (_, i) => addIncomingIdea(doc, { text: `From a phone ${i + 1}` }))
    expect(results[0]!.createdFrame).toBe(true)
    expect(results.slice(1).every((r) => !r.createdFrame && r.frameId === results[0]!.frameId)).toBe(true)

    const frame = readRecord(doc, results[0]!.frameId)!
    expect(frame.parentId).toBe(pageId)
    expect((frame.props as { name: string }).name).toBe(INCOMING_FRAME_NAME)
    expect(isIncomingFrame(frame)).toBe(true)

    const inFrame = readAllRecords(doc).filter((r) => r.parentId === frame.id)
    expect(inFrame).toHaveLength(9)
    for (const a of inFrame) for (const b of inFrame) if (a !== b) expect(overlap(a, b)).toBe(false)
    // Every note fits inside the frame, which grew to hold the third row.
    const { w, h } = frame.props as { w: number; h: number }
    for (const n of inFrame) {
      const box = shapeBox(n)!
      expect(box.x + box.w).toBeLessThanOrEqual(w)
      expect(box.y + box.h).toBeLessThanOrEqual(h)
    }
    // The frame does not cover the idea that was already on the board.
    const existing = readAllRecords(doc).find((r) => r.type === 'note' && r.parentId === pageId)!
    expect(overlap(existing, frame)).toBe(false)

    const ideas = listIdeas(doc).filter((i) => i.frameTitle === INCOMING_FRAME_NAME)
    expect(ideas.map((i) => i.text).sort()).toEqual(Array.from({ length: 9 }, (_, i) => `From a phone ${i + 1}`).sort())
  })

  it('finds the frame after it was renamed, and makes a new one after it was deleted', () => {
    const { doc } = newBoard()
    const first = addIncomingIdea(doc, { text: 'One' })
    const frame = readRecord(doc, first.frameId)!
    putRecord(doc, { ...frame, props: { ...(frame.props as object), name: 'From phones' } })
    expect(addIncomingIdea(doc, { text: 'Two' }).frameId).toBe(first.frameId)

    for (const r of readAllRecords(doc)) if (r.parentId === first.frameId) deleteRecord(doc, r.id)
    deleteRecord(doc, first.frameId)
    const again = addIncomingIdea(doc, { text: 'Three' })
    expect(again.createdFrame).toBe(true)
    expect(again.frameId).not.toBe(first.frameId)
  })

  it('uses the first board, whatever board was added later', () => {
    const { doc, pageId } = newBoard()
    doc.transact(() => putRecord(doc, newPageRecord('page:second', 'Board 2', 'a0')))
    const { frameId } = addIncomingIdea(doc, { text: 'Hello' })
    // "a0" sorts before "a1": the second page added is now the first board.
    expect(readRecord(doc, frameId)!.parentId).toBe('page:second')
    expect(readRecord(doc, frameId)!.parentId).not.toBe(pageId)
  })

  it('keeps each idea in one update, so nobody sees it outside the frame', () => {
    const { doc } = newBoard()
    addIncomingIdea(doc, { text: 'first' })
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    addIncomingIdea(doc, { text: 'second' })
    expect(updates).toHaveLength(1)
  })
})
