import { generateKeyBetween } from 'fractional-indexing'
import type * as Y from 'yjs'
import { addIdea, compareIndex, NOTE_SIZE, type IdeaColour } from './ideas'
import { newRecordId } from './ids'
import { putRecord, readAllRecords, readRecord, type BoardRecord } from './records'

/**
 * Ideas sent from phones land in one tidy place: an "Incoming ideas" frame on the first board, which the server
 * makes the first time it is needed. Inside it, each new idea takes the next free cell of a grid, so phone ideas
 * never land on top of each other or on top of anyone's work. People can move, rename or delete the frame like
 * any other; a deleted frame is made again for the next phone idea.
 */

/** The title of the frame phone ideas land in. */
export const INCOMING_FRAME_NAME = 'Incoming ideas'

/** `meta` marker of the incoming frame, so it is still found after someone renames it. */
export const INCOMING_META_KEY = 'roundtable'
export const INCOMING_META_VALUE = 'incoming'

/** Notes per row inside the frame. */
export const INCOMING_COLUMNS = 4
/** Space between the frame's edge and its notes, and between notes. */
const PAD = 20
const CELL = NOTE_SIZE + PAD
/** Gap between the frame and whatever is already on the board. */
const FRAME_GAP = 120

/** The frame's size for a number of rows of notes. */
export function incomingFrameSize(rows: number): { w: number; h: number } {
  return { w: PAD + INCOMING_COLUMNS * CELL, h: PAD + Math.max(1, rows) * CELL }
}

interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** A shape's box in its parent's coordinates (notes are NOTE_SIZE × scale, plus growY; frames and geo use w/h). */
export function shapeBox(shape: BoardRecord): Box {
  const props = (shape.props ?? {}) as Record<string, unknown>
  const scale = typeof props.scale === 'number' ? props.scale : 1
  const growY = typeof props.growY === 'number' ? props.growY : 0
  const w = typeof props.w === 'number' ? props.w * (shape.type === 'text' ? scale : 1) : NOTE_SIZE * scale
  const h = typeof props.h === 'number' ? props.h : NOTE_SIZE * scale + growY
  return { x: Number(shape.x) || 0, y: Number(shape.y) || 0, w, h }
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** True when a shape is the incoming frame (found by its marker, whatever its title now is). */
export function isIncomingFrame(shape: BoardRecord): boolean {
  const meta = (shape.meta ?? {}) as Record<string, unknown>
  return shape.typeName === 'shape' && shape.type === 'frame' && meta[INCOMING_META_KEY] === INCOMING_META_VALUE
}

/**
 * Where a new incoming frame goes on a page: to the right of everything already there, level with the top of it,
 * so it covers nobody's work. On an empty page, at the origin.
 */
export function placeIncomingFrame(pageShapes: BoardRecord[]): { x: number; y: number } {
  if (pageShapes.length === 0) return { x: 0, y: 0 }
  const boxes = pageShapes.map(shapeBox)
  const right = Math.max(...boxes.map((b) => b.x + b.w))
  const top = Math.min(...boxes.map((b) => b.y))
  return { x: Math.round(right + FRAME_GAP), y: Math.round(top) }
}

/**
 * The next free cell inside the frame, in the frame's own coordinates, scanning row by row; and the frame height
 * that cell needs (the frame grows downwards when it is full). `children` are the shapes inside the frame.
 */
export function nextIncomingCell(children: BoardRecord[], frameHeight: number): { x: number; y: number; frameHeight: number } {
  const boxes = children.map(shapeBox)
  for (let i = 0; i < 100_000; i++) {
    const cell = { x: PAD + (i % INCOMING_COLUMNS) * CELL, y: PAD + Math.floor(i / INCOMING_COLUMNS) * CELL, w: NOTE_SIZE, h: NOTE_SIZE }
    if (boxes.some((b) => overlaps(b, cell))) continue
    return { x: cell.x, y: cell.y, frameHeight: Math.max(frameHeight, cell.y + NOTE_SIZE + PAD) }
  }
  const bottom = Math.max(PAD, ...boxes.map((b) => b.y + b.h + PAD))
  return { x: PAD, y: bottom, frameHeight: Math.max(frameHeight, bottom + NOTE_SIZE + PAD) }
}

/** What an idea from a phone needs. */
export interface IncomingIdea {
  text: string
  colour?: IdeaColour
  meta?: Record<string, unknown>
}

/**
 * Add an idea to the "Incoming ideas" frame on the first board, making the frame first if there is none.
 * Returns the idea's id and the frame's. Throws when the session has no board. Call once per idea; each call
 * reads the document afresh, so ideas added one after another take cells one after another.
 */
export function addIncomingIdea(doc: Y.Doc, input: IncomingIdea): { ideaId: string; frameId: string; createdFrame: boolean } {
  const records = readAllRecords(doc)
  const page = records.filter((r) => r.typeName === 'page').sort((a, b) => compareIndex(a.index, b.index))[0]
  if (!page) throw new Error('This session has no board')
  const onPage = records.filter((r) => r.typeName === 'shape' && r.parentId === page.id)
  let frame = onPage.find(isIncomingFrame)
  let createdFrame = false
  let ideaId = ''
  doc.transact(() => {
    if (!frame) {
      const spot = placeIncomingFrame(onPage)
      const topIndex = onPage.map((s) => String(s.index)).sort(compareIndex).at(-1) ?? null
      frame = {
        id: newRecordId('shape'),
        typeName: 'shape',
        type: 'frame',
        parentId: page.id,
        index: generateKeyBetween(topIndex, null),
        x: spot.x,
        y: spot.y,
        rotation: 0,
        isLocked: false,
        opacity: 1,
        meta: { [INCOMING_META_KEY]: INCOMING_META_VALUE },
        props: { ...incomingFrameSize(1), name: INCOMING_FRAME_NAME, color: 'black' },
      }
      putRecord(doc, frame)
      createdFrame = true
    }
    const frameId = frame.id
    const children = records.filter((r) => r.typeName === 'shape' && r.parentId === frameId)
    const props = (frame.props ?? {}) as Record<string, unknown>
    const height = typeof props.h === 'number' ? props.h : incomingFrameSize(1).h
    const cell = nextIncomingCell(children, height)
    if (cell.frameHeight !== height) putRecord(doc, { ...frame, props: { ...props, h: cell.frameHeight } })
    // addIdea makes the note with the same defaults as every other idea; it then moves into the frame, in the same
    // transaction, so nobody ever sees it outside.
    ideaId = addIdea(doc, { text: input.text, colour: input.colour, meta: input.meta, pageId: page.id, x: cell.x, y: cell.y })
    const note = readRecord(doc, ideaId)
    const topChild = children.map((s) => String(s.index)).sort(compareIndex).at(-1) ?? null
    if (note) putRecord(doc, { ...note, parentId: frameId, index: generateKeyBetween(topChild, null) })
  })
  return { ideaId, frameId: frame!.id, createdFrame }
}
