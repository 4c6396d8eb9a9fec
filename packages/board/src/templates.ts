import { generateKeyBetween } from 'fractional-indexing'
import type * as Y from 'yjs'
import { newPageRecord } from './board'
import { compareIndex } from './ideas'
import { newRecordId } from './ids'
import { putRecord, readAllRecords, type BoardRecord } from './records'
import { plainToRichText } from './richText'

/**
 * Co-production templates. A new session is always blank; a template is only ever added on request, as a new
 * board (tldraw page) next to the others, so it never changes what people have already made. A template is plain
 * tldraw frames with a short prompt in each, in a muted colour: people can write over it, move it or delete any
 * part of it, like anything else on the board.
 */

/** One box of a template: a frame's title and the prompt shown inside it. */
export interface TemplateBox {
  title: string
  prompt: string
}

/** A template as data. */
export interface BoardTemplate {
  id: TemplateId
  /** The new board's name, and the template's name in the picker. */
  name: string
  /** One plain sentence for the picker. */
  description: string
  /** Boxes per row. */
  columns: number
  boxes: readonly TemplateBox[]
}

export type TemplateId = 'action-plan' | 'what-matters' | 'asset-map' | 'you-said-we-did' | 'start-stop-continue'

/** Said at the top of every template board, so nobody thinks the boxes are fixed. */
export const TEMPLATE_INTRO = 'Add notes in any box. You can change, move or delete anything here, boxes and words too.'

/** The templates offered, in the order the picker shows them. */
export const TEMPLATES: readonly BoardTemplate[] = [
  {
    id: 'action-plan',
    name: 'Co-production action plan',
    description:
      'Plan a change together: what to change, who to involve, what matters, first steps, and how you will know.',
    columns: 3,
    boxes: [
      { title: 'What we want to change', prompt: 'What is not working now? What would be better, and for whom?' },
      {
        title: 'Who needs to be involved',
        prompt: 'People who use the service, carers, families, staff, groups. Who is missing from the room?',
      },
      { title: 'What matters to people', prompt: 'In people’s own words. What would make the biggest difference?' },
      { title: 'First steps', prompt: 'Small things we can start soon. Who will do what, and by when?' },
      {
        title: 'How we will know it worked',
        prompt: 'What will be different? How will we tell everyone what happened?',
      },
    ],
  },
  {
    id: 'what-matters',
    name: 'What matters to you?',
    description: 'Start with people’s own words: what matters to them, and what would make a difference.',
    columns: 2,
    boxes: [
      {
        title: 'What matters to you?',
        prompt: 'Add a note for each thing that matters to you. There are no wrong answers.',
      },
      { title: 'What would make a difference?', prompt: 'Big or small. What would help?' },
    ],
  },
  {
    id: 'asset-map',
    name: 'Asset map: who and what we know',
    description: 'Map the people, groups, places and skills around you that could help.',
    columns: 2,
    boxes: [
      { title: 'People', prompt: 'Who do we know who could help? Neighbours, family, workers, volunteers.' },
      { title: 'Groups', prompt: 'Clubs, charities, faith groups, support groups, networks.' },
      { title: 'Places', prompt: 'Where do people meet or feel welcome? Libraries, cafés, parks, halls.' },
      { title: 'Skills', prompt: 'What are we good at? What could we teach or share?' },
    ],
  },
  {
    id: 'you-said-we-did',
    name: 'You said, we did',
    description: 'Show what changed because people took part, and what happens next.',
    columns: 3,
    boxes: [
      { title: 'You said', prompt: 'What people told us.' },
      { title: 'We did', prompt: 'What we did about it. Say honestly what we could not do, and why.' },
      { title: 'What happens next', prompt: 'What is still to do, and when people will hear more.' },
    ],
  },
  {
    id: 'start-stop-continue',
    name: 'Start, stop, continue',
    description: 'Look back together: what to start, what to stop and what to keep doing.',
    columns: 3,
    boxes: [
      { title: 'Start', prompt: 'What should we start doing?' },
      { title: 'Stop', prompt: 'What should we stop doing?' },
      { title: 'Continue', prompt: 'What is working and should carry on?' },
    ],
  },
]

/** True for the id of a template in `TEMPLATES`. */
export function isTemplateId(value: unknown): value is TemplateId {
  return TEMPLATES.some((t) => t.id === value)
}

// Layout, in tldraw page units. A frame holds a prompt and about three notes across, two down.
const FRAME_W = 700
const FRAME_H = 620
const GAP_X = 80
/** Frame titles are drawn above the frame, so rows need more room than columns. */
const GAP_Y = 110
const FRAMES_TOP = 140
const PROMPT_INSET = 24
/** tldraw's muted colour: prompts read as a hint, not as someone's idea. */
const PROMPT_COLOUR = 'grey'

/** A tldraw `text` shape: every prop tldraw 5.4 expects (TextShapeUtil.getDefaultProps), plain text as rich text. */
function textShape(fields: {
  id: string
  parentId: string
  index: string
  x: number
  y: number
  w: number
  text: string
  size: 's' | 'm'
}): BoardRecord {
  return {
    id: fields.id,
    typeName: 'shape',
    type: 'text',
    parentId: fields.parentId,
    index: fields.index,
    x: fields.x,
    y: fields.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      color: PROMPT_COLOUR,
      size: fields.size,
      font: 'sans',
      textAlign: 'start',
      w: fields.w,
      richText: plainToRichText(fields.text),
      scale: 1,
      autoSize: false,
    },
  }
}

/** A tldraw `frame` shape with tldraw 5.4's props (FrameShapeUtil.getDefaultProps: w, h, name, color). */
function frameShape(fields: {
  id: string
  parentId: string
  index: string
  x: number
  y: number
  name: string
}): BoardRecord {
  return {
    id: fields.id,
    typeName: 'shape',
    type: 'frame',
    parentId: fields.parentId,
    index: fields.index,
    x: fields.x,
    y: fields.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: FRAME_W, h: FRAME_H, name: fields.name, color: 'black' },
  }
}

/**
 * Every record of a template board: the page, an intro line, and per box a frame with its prompt inside. Pure:
 * the ids come from `newId`, so a test can make them predictable.
 */
export function templateBoardRecords(
  template: BoardTemplate,
  page: { id: string; name: string; index: string },
  newId: (prefix: 'shape') => string = (prefix) => newRecordId(prefix),
): BoardRecord[] {
  const records: BoardRecord[] = [newPageRecord(page.id, page.name, page.index)]
  let index: string | null = null
  const nextIndex = (): string => (index = generateKeyBetween(index, null))
  const columns = Math.max(1, Math.min(template.columns, template.boxes.length))
  const width = columns * FRAME_W + (columns - 1) * GAP_X
  records.push(
    textShape({
      id: newId('shape'),
      parentId: page.id,
      index: nextIndex(),
      x: 0,
      y: 0,
      w: width,
      text: TEMPLATE_INTRO,
      size: 'm',
    }),
  )
  template.boxes.forEach((box, i) => {
    const frameId = newId('shape')
    const x = (i % columns) * (FRAME_W + GAP_X)
    const y = FRAMES_TOP + Math.floor(i / columns) * (FRAME_H + GAP_Y)
    records.push(frameShape({ id: frameId, parentId: page.id, index: nextIndex(), x, y, name: box.title }))
    records.push(
      textShape({
        id: newId('shape'),
        parentId: frameId,
        index: 'a1',
        x: PROMPT_INSET,
        y: PROMPT_INSET,
        w: FRAME_W - 2 * PROMPT_INSET,
        text: box.prompt,
        size: 's',
      }),
    )
  })
  return records
}

/** A board name not used yet in the session: "Start, stop, continue", then "Start, stop, continue 2", … */
export function freeBoardName(wanted: string, taken: readonly string[]): string {
  const names = new Set(taken)
  if (!names.has(wanted)) return wanted
  for (let n = 2; ; n++) if (!names.has(`${wanted} ${n}`)) return `${wanted} ${n}`
}

/**
 * Add a template as a new board after the last one. Nothing on the other boards changes. Returns the new page's
 * id. Throws for an unknown template id.
 */
export function addTemplateBoard(
  doc: Y.Doc,
  templateId: TemplateId,
  options: { name?: string } = {},
): { pageId: string } {
  const template = TEMPLATES.find((t) => t.id === templateId)
  if (!template) throw new Error(`No template called ${templateId}`)
  const pages = readAllRecords(doc).filter((r) => r.typeName === 'page')
  const lastIndex =
    pages
      .map((p) => String(p.index))
      .sort(compareIndex)
      .at(-1) ?? null
  const name = freeBoardName(
    options.name?.trim() || template.name,
    pages.map((p) => String(p.name ?? '')),
  )
  const pageId = newRecordId('page')
  const records = templateBoardRecords(template, { id: pageId, name, index: generateKeyBetween(lastIndex, null) })
  doc.transact(() => {
    for (const record of records) putRecord(doc, record)
  })
  return { pageId }
}
