import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initBoardDoc } from './board'
import { addIdea, findFreeSpot, NOTE_SIZE } from './ideas'
import { firstFreeCell, highestValidIndex, readSiblings, type Box, type CellGrid } from './placement'
import { getRecordsMap } from './layout'
import { putRecord, type BoardRecord } from './records'

const grid: CellGrid = { origin: { x: 0, y: 0 }, columns: 6, step: 220, size: NOTE_SIZE }

/** The search as it was: every candidate cell against every box (the reference the fast one must agree with). */
function naiveFirstFree(boxes: Box[], g: CellGrid, cells: number): { x: number; y: number } | null {
  for (let i = 0; i < cells; i++) {
    const c = {
      x: g.origin.x + (i % g.columns) * g.step,
      y: g.origin.y + Math.floor(i / g.columns) * g.step,
      w: g.size,
      h: g.size,
    }
    if (!boxes.some((b) => b.x < c.x + c.w && c.x < b.x + b.w && b.y < c.y + c.h && c.y < b.y + b.h))
      return { x: c.x, y: c.y }
  }
  return null
}

function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe('free-spot search', () => {
  it('agrees with the every-cell-against-every-box search on random boards', () => {
    const rnd = random(7)
    for (let round = 0; round < 200; round++) {
      const boxes: Box[] = Array.from({ length: Math.floor(rnd() * 40) }, () => ({
        x: Math.floor(rnd() * 1600) - 200,
        y: Math.floor(rnd() * 1600) - 200,
        w: Math.floor(rnd() * 500),
        h: Math.floor(rnd() * 500),
      }))
      expect(firstFreeCell(boxes, grid)).toEqual(naiveFirstFree(boxes, grid, 2000))
    }
  })

  it('finds the cell after 20,000 tiled notes, and ignores huge or broken shapes', () => {
    const boxes: Box[] = Array.from({ length: 20_000 }, (_, i) => ({
      x: (i % 6) * 220,
      y: Math.floor(i / 6) * 220,
      w: 200,
      h: 200,
    }))
    expect(firstFreeCell(boxes, grid)).toEqual({ x: 2 * 220, y: 3333 * 220 })
    const broken = [
      { typeName: 'shape', type: 'geo', x: Number.NaN, y: 0, props: { w: 1e300, h: 5 } },
    ] as unknown as BoardRecord[]
    expect(findFreeSpot(broken)).toEqual({ x: 0, y: 0 })
  })

  it('reads the shapes of a page in one pass, passing over malformed indexes', () => {
    const doc = new Y.Doc()
    const { pageId } = initBoardDoc(doc, { title: 'T', createdAt: 1 })
    doc.transact(() => {
      for (let i = 0; i < 2_000; i++) {
        putRecord(doc, {
          id: `shape:n${i}`,
          typeName: 'shape',
          type: 'note',
          parentId: pageId,
          index: 'a1',
          x: 5000 + i,
          y: 0,
          props: {},
        })
      }
      getRecordsMap(doc).get('shape:n0')!.set('index', 'zzz not a key')
      getRecordsMap(doc).get('shape:n1')!.delete('index')
    })
    const siblings = readSiblings(doc, pageId)
    expect(siblings.examined).toBe(2_000)
    expect(siblings.topIndex).toBe('a1')
    expect(() => addIdea(doc, { text: 'placed' })).not.toThrow()
  })

  it('stacks above the highest valid index key', () => {
    expect(highestValidIndex(['a1', 'a3', 'undefined', 'zz\r\n'])).toBe('a3')
    expect(highestValidIndex(['nonsense'])).toBeNull()
  })
})
