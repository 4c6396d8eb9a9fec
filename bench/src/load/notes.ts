import {
  addIdea,
  getRecordsMap,
  initBoardDoc,
  newPageRecord,
  newRecordId,
  plainToRichText,
  putRecord,
  readRecord,
  type BoardRecord,
  type YRecord,
} from '@roundtable/board'
import { generateNKeysBetween } from 'fractional-indexing'
import * as Y from 'yjs'

/** Characters of text on every generated note. */
export const NOTE_TEXT_LENGTH = 100
/** The page that generated content goes on (its own page record is part of the content). */
export const BENCH_PAGE_ID = 'page:benchcontent0001'

let template: BoardRecord | null = null

/**
 * A note record exactly as `addIdea` writes it (a tldraw note shape), taken from a scratch board once, so the
 * record shape stays owned by packages/board. `addIdea` itself reads every record on each call, which is fine
 * for people adding ideas but quadratic for generating thousands, hence the template.
 */
function noteTemplate(): BoardRecord {
  if (template) return template
  const scratch = new Y.Doc()
  initBoardDoc(scratch, { title: 'template', createdAt: 0 })
  const id = addIdea(scratch, { text: 'x', x: 0, y: 0 })
  template = readRecord(scratch, id)!
  scratch.destroy()
  return template
}

/** Deterministic note text of exactly NOTE_TEXT_LENGTH characters. */
export function noteText(n: number): string {
  const words = ['idea', 'vote', 'plan', 'goal', 'user', 'step', 'risk', 'team', 'task', 'note', 'why', 'how']
  let text = `#${n} `
  let i = n
  while (text.length < NOTE_TEXT_LENGTH) {
    i = (i * 1103515245 + 12345) & 0x7fffffff
    text += `${words[i % words.length]} `
  }
  return text.slice(0, NOTE_TEXT_LENGTH)
}

/** A new note record on `pageId` at a grid position. */
export function makeNote(pageId: string, n: number, index: string, id = newRecordId('shape')): BoardRecord {
  const base = noteTemplate()
  return {
    ...base,
    id,
    parentId: pageId,
    index,
    x: (n % 50) * 220,
    y: Math.floor(n / 50) * 220,
    props: { ...(base.props as Record<string, unknown>), richText: plainToRichText(noteText(n)) },
  }
}

/** Add `count` notes to a page in one transaction, ordered after the index `after`; returns their ids. */
export function addNotes(
  doc: Y.Doc,
  pageId: string,
  first: number,
  count: number,
  after: string | null = null,
): string[] {
  const indexes = generateNKeysBetween(after, null, count)
  const ids: string[] = []
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const note = makeNote(pageId, first + i, indexes[i]!)
      putRecord(doc, note)
      ids.push(note.id)
    }
  })
  return ids
}

/**
 * A measured edit: move a note and stamp it. Only the changed fields are written, as the web client's binding
 * does for a drag; the stamp is a `meta` value so it travels inside the same update.
 */
export function moveNote(doc: Y.Doc, id: string, x: number, y: number, stamp: string): void {
  const yrecord = getRecordsMap(doc).get(id) as YRecord | undefined
  if (!yrecord) throw new Error(`no note ${id}`)
  doc.transact(() => {
    yrecord.set('x', x)
    yrecord.set('y', y)
    yrecord.set('meta', { bench: stamp })
  })
}

/** The first page of a board (the one the web client opens). */
export function firstPageId(doc: Y.Doc): string | undefined {
  let best: { id: string; index: string } | undefined
  getRecordsMap(doc).forEach((yrecord, id) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('typeName') !== 'page') return
    const index = String(yrecord.get('index'))
    if (!best || index < best.index) best = { id, index }
  })
  return best?.id
}

/** The highest shape index on a page, so new notes go on top (null when the page is empty). */
export function lastIndexOn(doc: Y.Doc, pageId: string): string | null {
  let last: string | null = null
  getRecordsMap(doc).forEach((yrecord) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('parentId') !== pageId) return
    const index = String(yrecord.get('index'))
    if (last === null || index > last) last = index
  })
  return last
}

/** Seed content for large boards, encoded once and sent as-is to every board. */
export interface SeedContent {
  /** What Roundtable's `POST /api/boards` puts in a new board; peers get it from the seeding client instead. */
  boardInit: Uint8Array
  /** The page and the notes, as updates of at most `chunkNotes` notes each (one frame each). */
  chunks: Uint8Array[]
  /** State vector of boardInit + chunks: asking with it returns only what the server added itself. */
  stateVector: Uint8Array
  notes: number
  bytes: number
}

/**
 * Build the content of a large board: a page plus `notes` notes of 100 characters, split into frames small
 * enough for every server's frame limit (Roundtable accepts up to 1 MiB).
 */
export function buildSeed(notes: number, chunkNotes = 250): SeedContent {
  const init = new Y.Doc()
  initBoardDoc(init, { title: 'Benchmark board', createdAt: 0 })
  const boardInit = Y.encodeStateAsUpdate(init)
  init.destroy()

  const doc = new Y.Doc()
  const chunks: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => chunks.push(update))
  doc.transact(() => putRecord(doc, newPageRecord(BENCH_PAGE_ID, 'Benchmark', 'a2')))
  let last: string | null = null
  for (let first = 0; first < notes; first += chunkNotes) {
    const ids = addNotes(doc, BENCH_PAGE_ID, first, Math.min(chunkNotes, notes - first), last)
    last = String(getRecordsMap(doc).get(ids.at(-1)!)!.get('index'))
  }
  const stateVector = Y.encodeStateVectorFromUpdate(Y.mergeUpdates([boardInit, ...chunks]))
  doc.destroy()
  const bytes = chunks.reduce((n, c) => n + c.byteLength, 0)
  return { boardInit, chunks, stateVector, notes, bytes }
}
