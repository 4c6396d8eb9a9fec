import * as Y from 'yjs'
import { addIdea, listPages, type IdeaColour } from './ideas'
import { newRecordId } from './ids'
import { getRecordsMap } from './layout'
import { bottomOf, firstFreeCell, indexAbove, NOTE_SIZE, readSiblings, shapeBox, type Box } from './placement'
import { putRecord, readRecord, yRecordToJson, type BoardRecord } from './records'

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

export { shapeBox }

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
  return frameSpotBeside(pageShapes.flatMap((s) => shapeBox(s) ?? []))
}

function frameSpotBeside(boxes: readonly Box[]): { x: number; y: number } {
  if (boxes.length === 0) return { x: 0, y: 0 }
  // Loops, not Math.max(...boxes): spreading 20,000 arguments can overflow the stack.
  let right = -Infinity
  let top = Infinity
  for (const b of boxes) {
    right = Math.max(right, b.x + b.w)
    top = Math.min(top, b.y)
  }
  return { x: Math.round(right + FRAME_GAP), y: Math.round(top) }
}

/**
 * The next free cell inside the frame, in the frame's own coordinates, scanning row by row; and the frame height
 * that cell needs (the frame grows downwards when it is full). `children` are the shapes inside the frame.
 */
export function nextIncomingCell(
  children: BoardRecord[],
  frameHeight: number,
): { x: number; y: number; frameHeight: number } {
  return cellAmong(
    children.flatMap((s) => shapeBox(s) ?? []),
    frameHeight,
  )
}

function cellAmong(boxes: readonly Box[], frameHeight: number): { x: number; y: number; frameHeight: number } {
  const cell = firstFreeCell(boxes, {
    origin: { x: PAD, y: PAD },
    columns: INCOMING_COLUMNS,
    step: CELL,
    size: NOTE_SIZE,
  })
  if (cell) return { ...cell, frameHeight: Math.max(frameHeight, cell.y + NOTE_SIZE + PAD) }
  const bottom = bottomOf(
    boxes.map((b) => ({ ...b, h: b.h + PAD })),
    PAD,
  )
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
export function addIncomingIdea(
  doc: Y.Doc,
  input: IncomingIdea,
): { ideaId: string; frameId: string; createdFrame: boolean } {
  const placed = placeInIncoming(doc, (pageId, cell) =>
    // addIdea makes the note with the same defaults as every other idea; it then moves into the frame, in the same
    // transaction, so nobody ever sees it outside.
    addIdea(doc, { text: input.text, colour: input.colour, meta: input.meta, pageId, x: cell.x, y: cell.y }),
  )
  return { ideaId: placed.shapeId, frameId: placed.frameId, createdFrame: placed.createdFrame }
}

/**
 * Put a new shape in the next free cell of the incoming frame (made first if there is none), in one transaction:
 * `make` adds the shape on the page at the cell's spot and returns its id; it is then moved into the frame.
 */
export function placeInIncoming(
  doc: Y.Doc,
  make: (pageId: string, cell: { x: number; y: number }) => string,
): { shapeId: string; frameId: string; createdFrame: boolean } {
  const page = listPages(doc)[0]
  if (!page) throw new Error('This session has no board')
  let frame = findIncomingFrame(doc, page.id)
  let createdFrame = false
  let shapeId = ''
  doc.transact(() => {
    if (!frame) {
      const onPage = readSiblings(doc, page.id)
      const spot = frameSpotBeside(onPage.boxes)
      frame = {
        id: newRecordId('shape'),
        typeName: 'shape',
        type: 'frame',
        parentId: page.id,
        index: indexAbove(onPage.topIndex),
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
    const children = readSiblings(doc, frameId)
    const props = (frame.props ?? {}) as Record<string, unknown>
    const height = typeof props.h === 'number' && Number.isFinite(props.h) ? props.h : incomingFrameSize(1).h
    const cell = cellAmong(children.boxes, height)
    if (cell.frameHeight !== height) putRecord(doc, { ...frame, props: { ...props, h: cell.frameHeight } })
    shapeId = make(page.id, cell)
    const shape = readRecord(doc, shapeId)
    if (shape) putRecord(doc, { ...shape, parentId: frameId, index: indexAbove(children.topIndex) })
  })
  return { shapeId, frameId: frame!.id, createdFrame }
}

/** The incoming frame on a page, found by its marker, read as JSON (only that record is converted). */
function findIncomingFrame(doc: Y.Doc, pageId: string): BoardRecord | undefined {
  let found: BoardRecord | undefined
  getRecordsMap(doc).forEach((yrecord) => {
    if (found || !(yrecord instanceof Y.Map) || yrecord.get('parentId') !== pageId || yrecord.get('type') !== 'frame')
      return
    const meta = yrecord.get('meta')
    if (
      typeof meta !== 'object' ||
      meta === null ||
      (meta as Record<string, unknown>)[INCOMING_META_KEY] !== INCOMING_META_VALUE
    )
      return
    const record = yRecordToJson(yrecord)
    if (record && isIncomingFrame(record)) found = record
  })
  return found
}
