import * as Y from 'yjs'
import { getMetaMap, getRecordsMap } from './layout'
import { putRecord, type BoardRecord } from './records'
import { newRecordId } from './ids'

/** The id tldraw gives the single document record. */
export const DOCUMENT_RECORD_ID = 'document:document'

/** What the server knows about a board when it is created. */
export interface NewBoardOptions {
  title: string
  createdAt: number
  firstPageName?: string
}

/**
 * Fill an empty Y.Doc with a new, blank board: the document record, one page, and the board's meta.
 * A blank board is the default; templates are added later, on request.
 */
export function initBoardDoc(doc: Y.Doc, options: NewBoardOptions): { pageId: string } {
  const pageId = newRecordId('page')
  doc.transact(() => {
    const meta = getMetaMap(doc)
    meta.set('title', options.title)
    meta.set('createdAt', options.createdAt)
    putRecord(doc, { id: DOCUMENT_RECORD_ID, typeName: 'document', gridSize: 10, name: options.title, meta: {} })
    putRecord(doc, newPageRecord(pageId, options.firstPageName ?? 'Board 1', 'a1'))
  })
  return { pageId }
}

/** A tldraw page record (each page is one "board" of a session, as people see it). */
export function newPageRecord(id: string, name: string, index: string): BoardRecord {
  return { id, typeName: 'page', name, index, meta: {} }
}

/** The board's title, as stored in its meta. */
export function getBoardTitle(doc: Y.Doc): string {
  const title = getMetaMap(doc).get('title')
  return typeof title === 'string' ? title : ''
}

/** Longest session name, in characters (the same limit as when a board is created). */
export const MAX_TITLE = 200

/**
 * Rename the session: the title in the board's meta (what every screen, export and file name reads) and the name
 * of tldraw's document record, so the two never disagree. Call inside one transaction with the server's changes.
 */
export function setBoardTitle(doc: Y.Doc, title: string): void {
  doc.transact(() => {
    getMetaMap(doc).set('title', title)
    const record = getRecordsMap(doc).get(DOCUMENT_RECORD_ID)
    if (record instanceof Y.Map) record.set('name', title)
  })
}
