import * as Y from 'yjs'

/**
 * The top-level names of a board's Y.Doc. See docs/DATA-MODEL.md for the full layout.
 *
 * - `records`: one entry per tldraw document record (document, page, shape, binding, asset), keyed by record id.
 *   Each entry is a Y.Map of the record's fields, so two people changing different fields of one record both win.
 * - `meta`: facts about the board itself (title, creation time, the tldraw schema the records follow).
 */
export const RECORDS_KEY = 'records'
export const META_KEY = 'meta'

/** Key inside a record map that holds the nested props map. */
export const PROPS_KEY = 'props'

/** Props stored as collaborative text (Y.Text of plain text) instead of a whole JSON value. */
export const TEXT_PROPS: ReadonlySet<string> = new Set(['richText'])

/** A record's map: plain JSON values, except `props`, which is itself a Y.Map. */
export type YRecord = Y.Map<unknown>

/** The records map of a board document. */
export function getRecordsMap(doc: Y.Doc): Y.Map<YRecord> {
  return doc.getMap<YRecord>(RECORDS_KEY)
}

/** The meta map of a board document. */
export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_KEY)
}
