import * as Y from 'yjs'
import { getRecordsMap } from './layout'
import { bottomOf, firstFreeCell, indexAbove, NOTE_SIZE, readSiblings, shapeBox, type Box } from './placement'
import { jsonEqual, putRecord, readAllRecords, readRecord, yRecordToJson, type BoardRecord } from './records'
import { newRecordId } from './ids'
import { readSettings } from './session'
import { plainToRichText, richTextToPlain } from './richText'
import type { InvalidSink } from './validators'

/** The colours tldraw offers, in its own names. */
export const IDEA_COLOURS = [
  'yellow',
  'orange',
  'light-red',
  'red',
  'light-violet',
  'violet',
  'light-blue',
  'blue',
  'light-green',
  'green',
  'grey',
  'black',
  'white',
] as const
export type IdeaColour = (typeof IDEA_COLOURS)[number]

/** The longest idea text accepted, in characters. */
export const MAX_IDEA_TEXT = 5000

/** Keys of an idea's `meta` that would name its author: none may be written in an anonymous session. */
export const AUTHOR_META_KEYS: readonly string[] = ['author', 'authorId', 'createdBy', 'authorName', 'userId']

/** An idea as other tools see it: a tldraw note shape, read without tldraw. */
export interface Idea {
  id: string
  text: string
  colour: string
  pageId: string
  pageName: string
  frameId: string | null
  frameTitle: string | null
  x: number
  y: number
}

export { NOTE_SIZE }
const GAP = 20

/** True when a record is an idea (a tldraw note shape). */
export function isIdeaRecord(record: BoardRecord): boolean {
  return record.typeName === 'shape' && record.type === 'note'
}

/**
 * True while a facilitator has locked the first board, where ideas sent from phones and over HTTP (typed or
 * photographed) go: a locked board takes nobody's changes, the server's on their behalf included.
 */
export function isFirstPageLocked(doc: Y.Doc): boolean {
  const first = listPages(doc)[0]
  return first !== undefined && readSettings(doc).lockedPages.includes(first.id)
}

/** All pages of the board in their tldraw order. Reads only the page records. */
export function listPages(doc: Y.Doc, onInvalid?: InvalidSink): BoardRecord[] {
  const pages: BoardRecord[] = []
  getRecordsMap(doc).forEach((yrecord) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('typeName') !== 'page') return
    const page = yRecordToJson(yrecord, onInvalid)
    if (page) pages.push(page)
  })
  return pages.sort((a, b) => compareIndex(a.index, b.index))
}

/** All ideas on every page, in page order, then top-to-bottom, left-to-right. Malformed records are skipped. */
export function listIdeas(doc: Y.Doc, onInvalid?: InvalidSink): Idea[] {
  const records = readAllRecords(doc, onInvalid)
  const byId = new Map(records.map((r) => [r.id, r]))
  const pages = records.filter((r) => r.typeName === 'page').sort((a, b) => compareIndex(a.index, b.index))
  const pageOrder = new Map(pages.map((p, i) => [p.id, i]))
  const ideas: Idea[] = []
  for (const record of records) {
    if (!isIdeaRecord(record)) continue
    const idea = toIdea(record, (parentId) => byId.get(parentId))
    if (idea) ideas.push(idea)
  }
  return ideas.sort((a, b) => (pageOrder.get(a.pageId) ?? 0) - (pageOrder.get(b.pageId) ?? 0) || a.y - b.y || a.x - b.x)
}

/** The text of every idea, by id, read in one pass (for joining many actions to their ideas). */
export function ideaTextsById(doc: Y.Doc): Map<string, string> {
  const texts = new Map<string, string>()
  getRecordsMap(doc).forEach((yrecord, id) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('type') !== 'note') return
    const props = yrecord.get('props')
    const text = props instanceof Y.Map ? props.get('richText') : undefined
    texts.set(id, text instanceof Y.Text ? text.toString() : '')
  })
  return texts
}

/** One idea by id, or undefined. */
export function getIdea(doc: Y.Doc, id: string): Idea | undefined {
  const record = readRecord(doc, id)
  if (!record || !isIdeaRecord(record)) return undefined
  // Follow the parent chain record by record: no need to read the whole board for one idea.
  return toIdea(record, (parentId) => readRecord(doc, parentId))
}

/** What a new idea needs. Without a page it goes on the first board; without a position, in a free spot. */
export interface NewIdea {
  text: string
  colour?: IdeaColour
  pageId?: string
  x?: number
  y?: number
  meta?: Record<string, unknown>
}

/** Add an idea (a tldraw note) to the board. Returns its id. Throws when the board has no page. */
export function addIdea(doc: Y.Doc, input: NewIdea): string {
  const pages = listPages(doc)
  const page = input.pageId ? pages.find((p) => p.id === input.pageId) : pages[0]
  if (!page) throw new Error(input.pageId ? `No board ${input.pageId} in this session` : 'This session has no board')
  // One pass over the records, reading only what placement needs: malformed siblings (no index, NaN) are passed over.
  const siblings = readSiblings(doc, page.id)
  const spot =
    input.x !== undefined && input.y !== undefined ? { x: input.x, y: input.y } : freeSpotAmong(siblings.boxes)
  const id = newRecordId('shape')
  const record: BoardRecord = {
    id,
    typeName: 'shape',
    type: 'note',
    parentId: page.id,
    index: indexAbove(siblings.topIndex),
    x: spot.x,
    y: spot.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: input.meta ?? {},
    props: {
      color: input.colour ?? 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      textLastEditedBy: null,
      richText: plainToRichText(input.text),
    },
  }
  doc.transact(() => putRecord(doc, record))
  return id
}

/** Change an idea's text and/or colour, touching only those fields. Returns false when there is no such idea. */
export function updateIdea(doc: Y.Doc, id: string, change: { text?: string; colour?: IdeaColour }): boolean {
  const record = readRecord(doc, id)
  if (!record || !isIdeaRecord(record)) return false
  const props = { ...(record.props as Record<string, unknown>) }
  if (change.text !== undefined) props.richText = plainToRichText(change.text)
  if (change.colour !== undefined) props.color = change.colour
  if (!jsonEqual(props, record.props)) doc.transact(() => putRecord(doc, { ...record, props }))
  return true
}

/**
 * The first spot, scanning a grid row by row from the origin, where a note does not overlap any shape already on
 * the page. New ideas therefore line up tidily and never land on top of each other. Costs O(shapes + cells).
 */
export function findFreeSpot(shapes: BoardRecord[], columns = 6): { x: number; y: number } {
  return freeSpotAmong(
    shapes.flatMap((s) => shapeBox(s) ?? []),
    columns,
  )
}

function freeSpotAmong(boxes: readonly Box[], columns = 6): { x: number; y: number } {
  const step = NOTE_SIZE + GAP
  return (
    firstFreeCell(boxes, { origin: { x: 0, y: 0 }, columns, step, size: NOTE_SIZE }) ?? {
      x: 0,
      y: bottomOf(boxes, 0) + GAP,
    }
  )
}

function toIdea(record: BoardRecord, lookup: (id: string) => BoardRecord | undefined): Idea | undefined {
  const props = (record.props ?? {}) as Record<string, unknown>
  let pageId: string | undefined
  let pageName = ''
  let frame: BoardRecord | undefined
  let parentId = record.parentId
  for (let depth = 0; depth < 100 && typeof parentId === 'string'; depth++) {
    const parent = lookup(parentId)
    if (!parent) break
    if (parent.typeName === 'page') {
      pageId = parent.id
      pageName = String(parent.name ?? '')
      break
    }
    if (!frame && parent.type === 'frame') frame = parent
    parentId = parent.parentId
  }
  if (!pageId) return undefined
  const frameProps = (frame?.props ?? {}) as Record<string, unknown>
  return {
    id: record.id,
    text: richTextToPlain(props.richText),
    colour: typeof props.color === 'string' ? props.color : 'yellow',
    pageId,
    pageName,
    frameId: frame?.id ?? null,
    frameTitle: frame ? String(frameProps.name ?? '') : null,
    x: finiteOr0(record.x),
    y: finiteOr0(record.y),
  }
}

function finiteOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** Compare tldraw fractional index keys (plain string order, as tldraw sorts them). */
export function compareIndex(a: unknown, b: unknown): number {
  const x = String(a ?? '')
  const y = String(b ?? '')
  return x < y ? -1 : x > y ? 1 : 0
}
