import {
  ACTION_STATUSES,
  getActionsMap,
  getMetaMap,
  newPageRecord,
  plainToRichText,
  putRecord,
  writeActionState,
  writeRound,
  DOCUMENT_RECORD_ID,
  type PublishedActionState,
  type PublishedRound,
} from '@roundtable/board'
import * as Y from 'yjs'

/**
 * A session with awkward content and fixed ids and times, so every export of it is the same bytes on every run:
 * quotes, commas, new lines, would-be formulas (=SUM(A1), +1, -5, @x, a tab, a carriage return), right-to-left
 * text, emoji, empty fields, a removed idea, tied votes, a hidden round that was never revealed, and 1,000 more
 * actions. The golden files beside this one were made from it.
 */
export const FIXTURE_BOARD_ID = 'golden-board-0001'
export const FIXTURE_TITLE = 'Day centre review: "access", ramps & كرسي 🦽'
export const FIXTURE_CREATED_AT = Date.UTC(2025, 2, 3, 9, 30)
/** Keys for the seeded board (tests only). */
export const FIXTURE_KEYS = {
  facilitator: 'Facilitator0000000000000000000001',
  participant: 'Participant0000000000000000000001',
  view: 'View00000000000000000000000000001',
  summary: 'Summary000000000000000000000000001',
}

const MINUTE = 60_000
const at = (minutes: number) => FIXTURE_CREATED_AT + minutes * MINUTE

function idea(doc: Y.Doc, id: string, parentId: string, text: string, x: number, y: number, colour = 'yellow'): void {
  putRecord(doc, {
    id,
    typeName: 'shape',
    type: 'note',
    parentId,
    index: `a${id.slice(-2)}`,
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      color: colour, labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 1, align: 'middle',
      verticalAlign: 'middle', growY: 0, url: '', scale: 1, textLastEditedBy: null, richText: plainToRichText(text),
    },
  })
}

function frame(doc: Y.Doc, id: string, pageId: string, name: string, y: number): void {
  putRecord(doc, {
    id, typeName: 'shape', type: 'frame', parentId: pageId, index: `a${id.slice(-1)}`, x: 0, y, rotation: 0,
    isLocked: false, opacity: 1, meta: {}, props: { w: 900, h: 500, name, color: 'black' },
  })
}

interface FixtureAction {
  id: string
  what: string
  who: string
  due: string | null
  ideaId: string | null
  note: string
  createdAt: number
  state: PublishedActionState
}

function action(doc: Y.Doc, a: FixtureAction): void {
  const map = new Y.Map<unknown>()
  getActionsMap(doc).set(a.id, map)
  map.set('id', a.id)
  map.set('what', new Y.Text(a.what))
  map.set('who', a.who)
  map.set('due', a.due)
  map.set('ideaId', a.ideaId)
  map.set('note', new Y.Text(a.note))
  map.set('createdAt', a.createdAt)
  writeActionState(doc, a.id, a.state)
}

const state = (status: PublishedActionState['status'], updatedMinute: number, extra: Partial<PublishedActionState> = {}): PublishedActionState => ({
  status, updatedAt: updatedMinute === 0 ? 0 : at(updatedMinute), agree: 0, concern: 0, agreedBy: [], concerns: [], ...extra,
})

function round(r: Partial<PublishedRound> & Pick<PublishedRound, 'id' | 'pageId' | 'tallies'>): PublishedRound {
  return {
    status: 'closed', dotsPerPerson: 3, maxPerIdea: null, hidden: false, revealed: false, startedAt: at(30), endsAt: null,
    closedAt: at(40), voters: 4, abstained: 0, dotsCast: 12, ...r,
  }
}

/** How many generated actions follow the hand-written awkward ones. */
export const GENERATED_ACTIONS = 1000

/** Build the fixture session's Y.Doc. */
export function buildFixtureDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    const meta = getMetaMap(doc)
    meta.set('title', FIXTURE_TITLE)
    meta.set('createdAt', FIXTURE_CREATED_AT)
    putRecord(doc, { id: DOCUMENT_RECORD_ID, typeName: 'document', gridSize: 10, name: FIXTURE_TITLE, meta: {} })
    putRecord(doc, newPageRecord('page:p1', 'Getting in and around', 'a1'))
    putRecord(doc, newPageRecord('page:p2', 'المدخل 🚪', 'a2'))
    putRecord(doc, newPageRecord('page:p3', 'Empty board', 'a3'))

    frame(doc, 'shape:f1', 'page:p1', 'Access, "ramps" & doors', 0)
    frame(doc, 'shape:f2', 'page:p1', '=HYPERLINK("http://example.org")', 600)
    idea(doc, 'shape:i01', 'shape:f1', 'Ramp at the "front" door, please', 20, 40)
    idea(doc, 'shape:i02', 'shape:f1', 'Line one\nLine two\n\nLine four', 240, 40, 'light-blue')
    idea(doc, 'shape:i03', 'shape:f1', '=SUM(A1)', 460, 40)
    idea(doc, 'shape:i04', 'shape:f2', '+1', 20, 40, 'green')
    idea(doc, 'shape:i05', 'shape:f2', '-5', 240, 40)
    idea(doc, 'shape:i06', 'page:p1', '@x', 1000, 0)
    idea(doc, 'shape:i07', 'page:p1', '\tTabbed text', 1000, 220)
    idea(doc, 'shape:i08', 'page:p1', '', 1000, 440)
    idea(doc, 'shape:i09', 'page:p1', '# not a heading *stars* _under_ [link](x) <b>html</b> | pipe &amp; `code`', 1000, 660)
    idea(doc, 'shape:i10', 'page:p2', 'مرحبا — نحتاج منحدرًا عند الباب', 0, 0, 'violet')
    idea(doc, 'shape:i11', 'page:p2', '🦽♿ Step-free 👩🏽‍🦽 route', 220, 0)
    idea(doc, 'shape:i12', 'page:p2', '\rCarriage return first', 440, 0)

    // Revealed hidden round with a tie at 3 dots; a live round with a three-way tie and a removed idea; a hidden
    // round never revealed, whose numbers must never leave the server (they are planted here to prove it); an
    // open round on the second board.
    writeRound(doc, round({ id: 'round:r1', pageId: 'page:p1', hidden: true, revealed: true, abstained: 1, tallies: { 'shape:i01': 5, 'shape:i02': 3, 'shape:i03': 3, 'shape:i06': 1, 'shape:i07': 0 } }))
    writeRound(doc, round({ id: 'round:r2', pageId: 'page:p1', startedAt: at(50), closedAt: at(55), voters: 3, dotsCast: 7, tallies: { 'shape:i01': 2, 'shape:i04': 2, 'shape:i05': 2, 'shape:gone': 1 } }))
    writeRound(doc, round({ id: 'round:r3', pageId: 'page:p2', hidden: true, revealed: false, startedAt: at(60), closedAt: at(65), voters: 3, dotsCast: 9, tallies: { 'shape:i10': 977 } }))
    writeRound(doc, round({ id: 'round:r4', pageId: 'page:p2', status: 'open', startedAt: at(70), closedAt: null, endsAt: null, voters: 2, dotsCast: 9, maxPerIdea: 2, tallies: { 'shape:i10': 4, 'shape:i11': 4, 'shape:i12': 1 } }))

    const awkward: FixtureAction[] = [
      { id: 'action:a0001', what: 'Fit a ramp at the "front" door, by the bins', who: "Sam O'Neil, estates", due: '2025-04-01', ideaId: 'shape:i01', note: 'done: the ramp was fitted in March\nPhotos are in the shared folder', createdAt: at(80), state: state('done', 200, { agree: 5, concern: 1, agreedBy: ['Ayesha', 'Tom'], concerns: [{ name: 'Jo', note: 'The slope looks steep' }] }) },
      { id: 'action:a0002', what: '=SUM(A1)', who: '+1', due: '2025-12-31', ideaId: 'shape:i03', note: '-5', createdAt: at(81), state: state('agreed', 90) },
      { id: 'action:a0003', what: '@x', who: '\tTabbed', due: null, ideaId: null, note: '', createdAt: at(82), state: state('proposed', 0) },
      { id: 'action:a0004', what: 'مراجعة المدخل مع السكان', who: 'فاطمة', due: '2025-05-15', ideaId: 'shape:i10', note: 'تمت زيارة أولى', createdAt: at(83), state: state('in-progress', 95, { agree: 2, agreedBy: [] }) },
      { id: 'action:a0005', what: 'Emoji check 🦽♿👩🏽‍🦽 — ask the group', who: '👩🏽‍🦽 Priya', due: '2025-06-01', ideaId: 'shape:i11', note: '', createdAt: at(84), state: state('agreed', 96) },
      { id: 'action:a0006', what: 'Quotes "inside", commas, and ; semicolons \\ backslash', who: '', due: '2024-02-29', ideaId: null, note: 'Line 1\r\nLine 2', createdAt: at(85), state: state('dropped', 97, { concern: 1, concerns: [{ name: null, note: 'Not sure about the cost' }] }) },
      { id: 'action:a0007', what: '\rStarts with a carriage return', who: '-', due: '2025-03-10', ideaId: 'shape:gone', note: '=1+1', createdAt: at(86), state: state('proposed', 0) },
      { id: 'action:a0008', what: `A long action to fold: ${'ask the council about dropped kerbs, bus stops and benches; '.repeat(3)}🦽🦽🦽 منحدر`, who: 'Estates team', due: '2025-07-04', ideaId: null, note: '', createdAt: at(87), state: state('agreed', 98) },
    ]
    for (const a of awkward) action(doc, a)

    const things = ['hoist', 'ramp', 'hearing loop', 'signs', 'lift']
    const people = ['Sam', 'Ayesha Khan', '', 'Jo, carer', 'فاطمة', 'Priya 👩🏽‍🦽']
    const ideaIds = ['shape:i01', 'shape:i04', 'shape:i10', 'shape:i08']
    for (let i = 1; i <= GENERATED_ACTIONS; i++) {
      const n = String(i).padStart(4, '0')
      const due = i % 3 === 0 ? null : new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
      action(doc, {
        id: `action:g${n}`,
        what: `Action ${n}: check the ${things[i % things.length]} on floor ${i % 7}`,
        who: people[i % people.length]!,
        due,
        ideaId: i % 10 === 0 ? ideaIds[(i / 10) % ideaIds.length]! : null,
        note: i % 4 === 0 ? 'Checked twice,\nstill "loose"' : '',
        createdAt: at(100) + i * 1000,
        state: state(ACTION_STATUSES[i % ACTION_STATUSES.length]!, i % 5 === 0 ? 0 : 300, { agree: i % 6 }),
      })
    }
  })
  return doc
}
