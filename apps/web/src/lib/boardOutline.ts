import { NOTE_SIZE, compareIndex } from '@roundtable/board'

/**
 * The board as an outline, read from the document alone (no canvas): boards (tldraw pages), their groups (frames)
 * and the ideas (notes) in each, in reading order. The list view shows this; it also answers "where can an idea go?"
 * when someone adds or moves one from the list.
 */

/** The few fields of a stored record the outline needs (see `readOutlineRecords` in sync/boardIdeas.ts). */
export interface OutlineRecord {
  id: string
  typeName: string
  type?: string
  parentId?: string
  index?: string
  x?: number
  y?: number
  /** A page's name. */
  name?: string
  /** A frame's name and size, a note's colour and scale. */
  props?: { name?: unknown; w?: unknown; h?: unknown; color?: unknown; scale?: unknown; growY?: unknown }
  /** A note's words (plain text). */
  text?: string
  meta?: Record<string, unknown>
}

/** One idea as the list shows it. */
export interface OutlineIdea {
  id: string
  text: string
  colour: string
  pageId: string
  /** The group (frame) it sits in, or null. */
  groupId: string | null
  /** The name of whoever added it, when the session keeps names. */
  author: string | null
  /** The device id of whoever added it (`meta.authorId`). */
  authorId: string | null
}

/** A group of ideas: a frame, or the ideas of a board that are in no frame (`id` null). */
export interface OutlineGroup {
  id: string | null
  /** The frame's name as written; empty for "not in a group" or an unnamed frame (say which with `number`). */
  title: string
  /** 1, 2, 3… among the board's frames, for naming unnamed ones. 0 for "not in a group". */
  number: number
  ideas: OutlineIdea[]
}

/** One board (tldraw page). */
export interface OutlineBoard {
  id: string
  name: string
  /** Frames in reading order, then the ideas in no frame. */
  groups: OutlineGroup[]
}

/** The whole session. */
export interface BoardOutline {
  boards: OutlineBoard[]
  /** Every idea by id. */
  ideas: Map<string, OutlineIdea>
}

export const EMPTY_OUTLINE: BoardOutline = { boards: [], ideas: new Map() }

/** Tops within this many units of each other count as one row when reading left to right. */
const ROW = 100

interface Placed {
  record: OutlineRecord
  pageId: string
  /** Position on the page (parents' offsets added; rotation is ignored, as people read boards upright). */
  x: number
  y: number
}

function readingOrder(a: Placed, b: Placed): number {
  return Math.round(a.y / ROW) - Math.round(b.y / ROW) || a.x - b.x || a.y - b.y
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

/** Build the outline from the board's records. Records that are not pages, frames or notes only place others. */
export function buildOutline(records: readonly OutlineRecord[]): BoardOutline {
  const byId = new Map(records.map((r) => [r.id, r]))
  const placed = new Map<string, Placed | null>()

  // Page position and page of a shape, following parentId (guarding against loops and missing parents).
  const place = (record: OutlineRecord, depth = 0): Placed | null => {
    const known = placed.get(record.id)
    if (known !== undefined) return known
    let result: Placed | null = null
    const parent = record.parentId ? byId.get(record.parentId) : undefined
    if (parent && depth < 100) {
      if (parent.typeName === 'page') {
        result = { record, pageId: parent.id, x: record.x ?? 0, y: record.y ?? 0 }
      } else if (parent.typeName === 'shape') {
        const up = place(parent, depth + 1)
        if (up) result = { record, pageId: up.pageId, x: up.x + (record.x ?? 0), y: up.y + (record.y ?? 0) }
      }
    }
    placed.set(record.id, result)
    return result
  }

  const nearestFrame = (record: OutlineRecord): string | null => {
    let parentId = record.parentId
    for (let depth = 0; depth < 100 && parentId; depth++) {
      const parent = byId.get(parentId)
      if (!parent || parent.typeName !== 'shape') return null
      if (parent.type === 'frame') return parent.id
      parentId = parent.parentId
    }
    return null
  }

  const pages = records.filter((r) => r.typeName === 'page').sort((a, b) => compareIndex(a.index, b.index))
  const frames: Placed[] = []
  const notes: Placed[] = []
  for (const record of records) {
    if (record.typeName !== 'shape' || (record.type !== 'frame' && record.type !== 'note')) continue
    const p = place(record)
    if (!p) continue
    ;(record.type === 'frame' ? frames : notes).push(p)
  }
  frames.sort(readingOrder)
  notes.sort(readingOrder)

  const ideas = new Map<string, OutlineIdea>()
  const boards: OutlineBoard[] = pages.map((page) => ({
    id: page.id,
    name: typeof page.name === 'string' ? page.name : '',
    groups: [],
  }))
  const boardById = new Map(boards.map((b) => [b.id, b]))
  const groupById = new Map<string, OutlineGroup>()
  for (const frame of frames) {
    const board = boardById.get(frame.pageId)
    if (!board) continue
    const group: OutlineGroup = {
      id: frame.record.id,
      title: str(frame.record.props?.name) ?? '',
      number: board.groups.length + 1,
      ideas: [],
    }
    board.groups.push(group)
    groupById.set(group.id!, group)
  }
  const loose = new Map<string, OutlineGroup>()
  for (const board of boards) {
    const group: OutlineGroup = { id: null, title: '', number: 0, ideas: [] }
    board.groups.push(group)
    loose.set(board.id, group)
  }
  for (const note of notes) {
    const groupId = nearestFrame(note.record)
    const group = (groupId && groupById.get(groupId)) || loose.get(note.pageId)
    if (!group) continue
    const meta = note.record.meta ?? {}
    const idea: OutlineIdea = {
      id: note.record.id,
      text: note.record.text ?? '',
      colour: str(note.record.props?.color) ?? 'yellow',
      pageId: note.pageId,
      groupId: group.id,
      author: str(meta.author),
      authorId: str(meta.authorId),
    }
    group.ideas.push(idea)
    ideas.set(idea.id, idea)
  }
  return { boards, ideas }
}

// --- Where an idea goes ------------------------------------------------------------------------------------------

const GAP = 20
const STEP = NOTE_SIZE + GAP

interface Box {
  x: number
  y: number
  w: number
  h: number
}

function boxOf(record: OutlineRecord): Box {
  const props = record.props ?? {}
  const scale = typeof props.scale === 'number' ? props.scale : 1
  const growY = typeof props.growY === 'number' ? props.growY : 0
  const w = typeof props.w === 'number' ? props.w : NOTE_SIZE * scale
  const h = typeof props.h === 'number' ? props.h : NOTE_SIZE * scale + growY
  return { x: record.x ?? 0, y: record.y ?? 0, w, h }
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** Where an idea goes: its parent (page or frame), its position inside that parent, and a frame size if it must grow. */
export interface Placement {
  parentId: string
  x: number
  y: number
  /** The index of the topmost shape already in that parent (the new idea goes above it), or null. */
  topIndex: string | null
  /** Set when the frame is too small for another idea: its new size. */
  growFrame: { id: string; w: number; h: number } | null
}

/**
 * The first free spot for an idea in a board (outside any group) or in a group (frame), scanning a grid row by row
 * so ideas added from the list line up tidily and never cover each other. A frame that is full grows downwards.
 * `movingId` is left out of the shapes already there (an idea moving within its own group).
 */
export function placeIdea(
  records: readonly OutlineRecord[],
  target: { pageId: string; groupId: string | null },
  movingId?: string,
): Placement {
  const parentId = target.groupId ?? target.pageId
  const siblings = records.filter((r) => r.typeName === 'shape' && r.parentId === parentId && r.id !== movingId)
  const boxes = siblings.map(boxOf)
  const topIndex =
    siblings
      .map((s) => String(s.index ?? ''))
      .filter(Boolean)
      .sort(compareIndex)
      .at(-1) ?? null
  const frame = target.groupId ? records.find((r) => r.id === target.groupId) : undefined

  if (!frame) {
    const columns = 6
    for (let i = 0; i < 100_000; i++) {
      const spot = { x: (i % columns) * STEP, y: Math.floor(i / columns) * STEP, w: NOTE_SIZE, h: NOTE_SIZE }
      if (!boxes.some((b) => overlaps(b, spot))) return { parentId, x: spot.x, y: spot.y, topIndex, growFrame: null }
    }
    const bottom = Math.max(0, ...boxes.map((b) => b.y + b.h))
    return { parentId, x: 0, y: bottom + GAP, topIndex, growFrame: null }
  }

  const size = boxOf(frame)
  const columns = Math.max(1, Math.floor((size.w - GAP) / STEP))
  for (let i = 0; i < 100_000; i++) {
    const spot = { x: GAP + (i % columns) * STEP, y: GAP + Math.floor(i / columns) * STEP, w: NOTE_SIZE, h: NOTE_SIZE }
    if (boxes.some((b) => overlaps(b, spot))) continue
    const needW = Math.max(size.w, spot.x + NOTE_SIZE + GAP)
    const needH = Math.max(size.h, spot.y + NOTE_SIZE + GAP)
    const growFrame = needW > size.w || needH > size.h ? { id: frame.id, w: needW, h: needH } : null
    return { parentId, x: spot.x, y: spot.y, topIndex, growFrame }
  }
  return { parentId, x: GAP, y: size.h, topIndex, growFrame: { id: frame.id, w: size.w, h: size.h + STEP } }
}
