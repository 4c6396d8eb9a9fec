import * as Y from 'yjs'
import { getRecordsMap, PROPS_KEY, TEXT_PROPS, type YRecord } from './layout'
import { plainToRichText, richTextToPlain } from './richText'
import { applyTextChange, applyTextEdit } from './textDiff'
import { safeJson, type InvalidSink } from './validators'

/** A tldraw document record as plain JSON: `id` and `typeName` are always present. */
export interface BoardRecord {
  id: string
  typeName: string
  [field: string]: unknown
}

/** Record kinds that belong to the shared document (session-only kinds such as cameras are never stored). */
export const DOCUMENT_TYPE_NAMES: ReadonlySet<string> = new Set(['document', 'page', 'shape', 'binding', 'asset'])

/** True when a record of this kind belongs in the board's Y.Doc. */
export function isDocumentRecord(record: { typeName?: unknown }): boolean {
  return typeof record.typeName === 'string' && DOCUMENT_TYPE_NAMES.has(record.typeName)
}

/**
 * Write a record into the document, changing only the fields that differ from what is stored, so that concurrent
 * changes to other fields (or other props) of the same record survive. Text props become collaborative text.
 * Call inside `doc.transact` to group the change.
 */
export function putRecord(doc: Y.Doc, record: BoardRecord): void {
  const records = getRecordsMap(doc)
  let yrecord = records.get(record.id)
  if (!(yrecord instanceof Y.Map)) {
    yrecord = new Y.Map()
    records.set(record.id, yrecord)
  }
  writeFields(yrecord, record)
}

/**
 * Write one person's change to a record — it went from `prev` to `next` on their screen — touching only the fields
 * and props that this change itself altered. Anything else in `next` may be out of date (other people's changes can
 * arrive between the edit and the moment it is written), so it is never written back. Text props replay the
 * person's edit on the shared text. A record the document does not have is written whole.
 */
export function patchRecord(doc: Y.Doc, prev: BoardRecord, next: BoardRecord): void {
  const yrecord = getRecordsMap(doc).get(next.id)
  if (!(yrecord instanceof Y.Map)) {
    putRecord(doc, next)
    return
  }
  for (const key of new Set([...Object.keys(prev), ...Object.keys(next)])) {
    if (key === PROPS_KEY) continue
    if (jsonEqual(prev[key], next[key])) continue
    if (key in next) yrecord.set(key, cloneJson(next[key]))
    else yrecord.delete(key)
  }
  const prevProps = (isPlainObject(prev.props) ? prev.props : {}) as Record<string, unknown>
  const nextProps = (isPlainObject(next.props) ? next.props : {}) as Record<string, unknown>
  let yprops = yrecord.get(PROPS_KEY)
  if (!(yprops instanceof Y.Map)) {
    yprops = new Y.Map()
    yrecord.set(PROPS_KEY, yprops)
  }
  const props = yprops as Y.Map<unknown>
  for (const key of new Set([...Object.keys(prevProps), ...Object.keys(nextProps)])) {
    if (jsonEqual(prevProps[key], nextProps[key])) continue
    if (!(key in nextProps)) {
      props.delete(key)
    } else if (TEXT_PROPS.has(key)) {
      const current = props.get(key)
      const after = richTextToPlain(nextProps[key])
      if (current instanceof Y.Text) applyTextEdit(current, richTextToPlain(prevProps[key]), after)
      else props.set(key, new Y.Text(after))
    } else {
      props.set(key, cloneJson(nextProps[key]))
    }
  }
}

/** Remove a record from the document. */
export function deleteRecord(doc: Y.Doc, id: string): void {
  getRecordsMap(doc).delete(id)
}

/** Read one record back as plain JSON, or undefined when it is missing or malformed. */
export function readRecord(doc: Y.Doc, id: string, onInvalid?: InvalidSink): BoardRecord | undefined {
  const yrecord = getRecordsMap(doc).get(id)
  return yrecord instanceof Y.Map ? yRecordToJson(yrecord, onInvalid) : undefined
}

/** Every record in the document as plain JSON (malformed entries are skipped and reported to `onInvalid`). */
export function readAllRecords(doc: Y.Doc, onInvalid?: InvalidSink): BoardRecord[] {
  const out: BoardRecord[] = []
  getRecordsMap(doc).forEach((yrecord) => {
    if (!(yrecord instanceof Y.Map)) {
      onInvalid?.('record', 'a record that is not a map was skipped')
      return
    }
    const record = yRecordToJson(yrecord, onInvalid)
    if (record) out.push(record)
  })
  return out
}

/**
 * Convert a stored record map to plain JSON. A board stored before values were checked may hold anything: a field
 * that is not bounded plain JSON (a nested Yjs type, JSON 5,000 deep) is left out and reported, never followed —
 * the conversion costs the size of the record and a constant stack.
 */
export function yRecordToJson(yrecord: YRecord, onInvalid?: InvalidSink): BoardRecord | undefined {
  const out: Record<string, unknown> = {}
  yrecord.forEach((value, key) => {
    if (key === PROPS_KEY && value instanceof Y.Map) {
      const props: Record<string, unknown> = {}
      value.forEach((propValue, propKey) => {
        if (propValue instanceof Y.Text && TEXT_PROPS.has(propKey)) props[propKey] = textPropToJson(propKey, propValue)
        else storeField(props, propKey, propValue, onInvalid)
      })
      out[key] = props
    } else {
      storeField(out, key, value, onInvalid)
    }
  })
  if (typeof out.id !== 'string' || typeof out.typeName !== 'string') return undefined
  return out as BoardRecord
}

function storeField(target: Record<string, unknown>, key: string, value: unknown, onInvalid?: InvalidSink): void {
  const json = safeJson(value)
  if (json === undefined) {
    if (value !== undefined)
      onInvalid?.('record.field', `a record field that is not bounded JSON was skipped (${key.slice(0, 40)})`)
    return
  }
  target[key] = json
}

function writeFields(yrecord: YRecord, record: BoardRecord): void {
  for (const [key, value] of Object.entries(record)) {
    if (key === PROPS_KEY && isPlainObject(value)) {
      let yprops = yrecord.get(PROPS_KEY)
      if (!(yprops instanceof Y.Map)) {
        yprops = new Y.Map()
        yrecord.set(PROPS_KEY, yprops)
      }
      writeProps(yprops as Y.Map<unknown>, value)
    } else if (!jsonEqual(yrecord.get(key), value)) {
      yrecord.set(key, cloneJson(value))
    }
  }
  for (const key of Array.from(yrecord.keys())) {
    if (!(key in record)) yrecord.delete(key)
  }
}

function writeProps(yprops: Y.Map<unknown>, props: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(props)) {
    if (TEXT_PROPS.has(key)) {
      const text = richTextToPlain(value)
      let ytext = yprops.get(key)
      if (!(ytext instanceof Y.Text)) {
        ytext = new Y.Text()
        yprops.set(key, ytext)
      }
      applyTextChange(ytext as Y.Text, text)
    } else if (!jsonEqual(yprops.get(key), value)) {
      yprops.set(key, cloneJson(value))
    }
  }
  for (const key of Array.from(yprops.keys())) {
    if (!(key in props)) yprops.delete(key)
  }
}

function textPropToJson(key: string, ytext: Y.Text): unknown {
  const text = ytext.toString()
  return key === 'richText' ? plainToRichText(text) : text
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function cloneJson<T>(value: T): T {
  return value === undefined || value === null || typeof value !== 'object'
    ? value
    : (JSON.parse(JSON.stringify(value)) as T)
}

/**
 * Deep equality for JSON values. Values nested deeper than a sane record (a stored value from before values were
 * checked) compare unequal instead of recursing further: the caller then simply writes the new value.
 */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (depth > 64) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i], depth + 1))
  }
  const aKeys = Object.keys(a)
  const bKeys = Object.keys(b)
  if (aKeys.length !== bKeys.length) return false
  return aKeys.every((key) =>
    jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1),
  )
}
