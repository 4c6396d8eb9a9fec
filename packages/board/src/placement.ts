import { generateKeyBetween } from 'fractional-indexing'
import * as Y from 'yjs'
import { getRecordsMap, PROPS_KEY } from './layout'
import { MAX_COORDINATE } from './validators'

/**
 * Where the server puts a new shape (an idea from a phone, the incoming frame) among the shapes already there.
 * Every function here costs O(shapes + cells searched), whatever the shapes' positions or sizes: a board with
 * 20,000 shapes anywhere costs one pass over them, never one pass per candidate spot.
 */

/** A shape's box in its parent's coordinates. */
export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** The side of a note at scale 1 (tldraw's NOTE_SIZE). */
export const NOTE_SIZE = 200

/** Most cells a free-spot search looks at before giving up and going below everything. */
export const MAX_SEARCH_CELLS = 100_000

/** What the shapes of one parent add up to, read straight from the document (no JSON copies). */
export interface Siblings {
  /** Boxes of the shapes with sane numbers; others (NaN, 1e300) are left out. */
  boxes: Box[]
  /** The highest valid fractional index among them, or null. */
  topIndex: string | null
  /** How many shapes were examined. */
  examined: number
}

/** Read the boxes and top index of the shapes whose parent is `parentId`. One pass over the records map. */
export function readSiblings(doc: Y.Doc, parentId: string): Siblings {
  const boxes: Box[] = []
  const indexes: string[] = []
  let examined = 0
  getRecordsMap(doc).forEach((yrecord) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('typeName') !== 'shape' || yrecord.get('parentId') !== parentId)
      return
    examined++
    const props = yrecord.get(PROPS_KEY)
    const box = boxOf(
      yrecord.get('type'),
      yrecord.get('x'),
      yrecord.get('y'),
      props instanceof Y.Map ? (key) => props.get(key) : () => undefined,
    )
    if (box) boxes.push(box)
    const index = yrecord.get('index')
    if (typeof index === 'string' && index.length <= 64) indexes.push(index)
  })
  return { boxes, topIndex: highestValidIndex(indexes), examined }
}

/** A shape's box from its plain JSON form (notes are NOTE_SIZE × scale, plus growY; frames and geo use w/h). */
export function shapeBox(shape: Readonly<Record<string, unknown>>): Box | null {
  const props = (typeof shape.props === 'object' && shape.props !== null ? shape.props : {}) as Record<string, unknown>
  return boxOf(shape.type, shape.x, shape.y, (key) => props[key])
}

function boxOf(type: unknown, x: unknown, y: unknown, prop: (key: string) => unknown): Box | null {
  const num = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback
  const scale = num(prop('scale'), 1)
  const growY = num(prop('growY'), 0)
  const w = prop('w')
  const h = prop('h')
  const box = {
    x: num(x, 0),
    y: num(y, 0),
    w: typeof w === 'number' ? w * (type === 'text' ? scale : 1) : NOTE_SIZE * scale,
    h: typeof h === 'number' ? h : NOTE_SIZE * scale + growY,
  }
  const sane = (n: number) => Number.isFinite(n) && Math.abs(n) <= MAX_COORDINATE
  return sane(box.x) && sane(box.y) && sane(box.w) && sane(box.h) && box.w >= 0 && box.h >= 0 ? box : null
}

/**
 * The highest of these fractional index keys that tldraw would accept, so that a new shape can go on top. Keys
 * that are malformed (a board stored before values were checked) are passed over.
 */
export function highestValidIndex(keys: readonly string[]): string | null {
  const sorted = [...keys].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
  for (const key of sorted) {
    try {
      generateKeyBetween(key, null)
      return key
    } catch {
      // Not a valid key: try the next highest.
    }
  }
  return null
}

/** A key above `top` (null = none yet). */
export function indexAbove(top: string | null): string {
  return generateKeyBetween(top, null)
}

/** The grid a free-spot search walks: cells of `size` every `step`, `columns` to a row, starting at `origin`. */
export interface CellGrid {
  origin: { x: number; y: number }
  columns: number
  step: number
  size: number
}

/**
 * The first cell of the grid, row by row, that overlaps none of the boxes; or null when the first
 * MAX_SEARCH_CELLS cells are all taken. Each box marks the rows and columns it covers with a difference array, so
 * the cost is O(boxes × columns + cells), however many shapes there are and wherever they sit.
 */
export function firstFreeCell(boxes: readonly Box[], grid: CellGrid): { x: number; y: number } | null {
  const { origin, columns, step, size } = grid
  const rows = Math.ceil(MAX_SEARCH_CELLS / columns)
  // covered[c][r]: +1 where a box starts covering column c at row r, -1 after it stops.
  const covered = Array.from({ length: columns }, () => new Int32Array(rows + 1))
  for (const b of boxes) {
    // Rows r whose cell [oy + r·step, oy + r·step + size) overlaps [b.y, b.y + b.h) (strictly, as overlaps() does).
    const top = b.y - origin.y
    const first = Math.max(0, Math.floor((top - size) / step) + 1)
    const last = Math.min(rows - 1, Math.ceil((top + b.h) / step) - 1)
    if (first > last) continue
    for (let c = 0; c < columns; c++) {
      const cx = origin.x + c * step
      if (!(b.x < cx + size && cx < b.x + b.w)) continue
      covered[c]![first]! += 1
      covered[c]![last + 1]! -= 1
    }
  }
  const running = new Int32Array(columns)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      running[c]! += covered[c]![r]!
      if (running[c] === 0) return { x: origin.x + c * step, y: origin.y + r * step }
    }
  }
  return null
}

/** The lowest bottom edge among the boxes, at least `floor`. */
export function bottomOf(boxes: readonly Box[], floor: number): number {
  let bottom = floor
  for (const b of boxes) bottom = Math.max(bottom, b.y + b.h)
  return bottom
}
