import {
  ACTIONS_KEY,
  checkActionFields,
  checkJson,
  checkMetaValue,
  DOCUMENT_TYPE_NAMES,
  isOnSiteAssetSrc,
  getRecordsMap,
  MAX_COORDINATE,
  META_KEY,
  plainToRichText,
  PROPS_KEY,
  RECORDS_KEY,
  TEXT_PROPS,
} from '@roundtable/board'
import { createTLSchema } from '@tldraw/tlschema'
import * as Y from 'yjs'

/**
 * Value checks for client writes: the guard (guard.ts) says *where* an update lands; this says whether *what* it
 * writes is valid. Every record a client leaves behind must pass tldraw's own record validators (the schema the
 * web client uses: tldraw's default shapes and bindings — its note util keeps the note's type and props), and every
 * action field and `meta` value the board package's rules. Nested Yjs types are refused wherever plain JSON
 * belongs. The work is O(size of the records the update touches), never the whole board.
 */

/**
 * One place an update changes, as the guard finds it (its `Touched`): the path from the root, and the new item
 * (null = a deletion).
 */
interface TouchedPlace {
  path: readonly (string | null)[]
  item: Y.Item | null
}

/** Prefix of every refusal reason from this module. */
export const INVALID = 'change.invalid'

/** tldraw's schema with its default shapes and bindings, as the web client registers them. */
const tlSchema = createTLSchema()

/** A collaborative text written into the update (its characters are checked separately). */
const TEXT = Symbol('text')
/** Any other Yjs type written where a plain value belongs. */
const NESTED = Symbol('nested')
/** An item with no value left (a tombstone in the update): it changes nothing. */
const NOTHING = Symbol('nothing')
/** A Y.Map written as a value (a record, its props, an action). */
const NESTED_MAP = Symbol('map')
type Written = unknown

/** A field the update deletes (and does not write again). */
const DELETED = Symbol('deleted')

/**
 * What an update does to one map entry (a record or an action): its fields and props, each the value written or
 * DELETED. A value written wins over a deletion of the same key in the same update, in whatever order they come.
 */
interface EntryChange {
  replaced: boolean
  removed: boolean
  fields: Map<string, Written>
  propsReplaced: boolean
  propsRemoved: boolean
  props: Map<string, Written> | null
}

function newChange(): EntryChange {
  return { replaced: false, removed: false, fields: new Map(), propsReplaced: false, propsRemoved: false, props: null }
}

/** Note a key's new value (`item` null: its deletion). */
function noteKey(map: Map<string, Written>, key: string, item: Y.Item | null, value: Written): void {
  if (!item) {
    if (!map.has(key)) map.set(key, DELETED)
  } else if (value !== NOTHING) {
    map.set(key, value)
  }
}

/**
 * Check the values an update writes. Returns null when they are all valid, else a short reason
 * (`change.invalid: …`) to refuse the whole update with.
 */
export function checkValues(doc: Y.Doc, touched: readonly TouchedPlace[]): string | null {
  const records = new Map<string, EntryChange>()
  const actions = new Map<string, EntryChange>()
  for (const { path, item } of touched) {
    const root = path[0]
    const problem =
      root === RECORDS_KEY
        ? noteRecordChange(records, path, item)
        : root === ACTIONS_KEY
          ? noteActionChange(actions, path, item)
          : root === META_KEY
            ? checkMetaChange(path, item)
            : null
    if (problem) return invalid(problem)
  }
  for (const [id, change] of records) {
    const problem = checkRecord(doc, id, change)
    if (problem) return invalid(problem)
  }
  for (const [id, change] of actions) {
    const problem = checkAction(id, change)
    if (problem) return invalid(problem)
  }
  return null
}

/**
 * The refusal reason. It ends up in a WebSocket close frame (at most 123 bytes, with `change.refused: ` before it), so
 * the detail — which may quote a client's field name — is kept to 88 printable ASCII characters.
 */
function invalid(detail: string): string {
  return `${INVALID}: ${detail.replace(/[^\x20-\x7e]+/g, '?').slice(0, 88)}`
}

/** The value an item writes into a map: plain JSON, TEXT, NESTED, or NOTHING. */
function writtenValue(item: Y.Item): Written {
  const content = item.content
  if (content instanceof Y.ContentDeleted) return NOTHING
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    const values = (content as unknown as { arr: unknown[] }).arr
    return values.length === 1 ? values[0] : NESTED
  }
  if (content instanceof Y.ContentType)
    return content.type.constructor === Y.Text ? TEXT : content.type.constructor === Y.Map ? NESTED_MAP : NESTED
  return NESTED
}

/** Characters inserted into a collaborative text: only plain strings (no embeds, formats or nested types). */
function checkTextContent(item: Y.Item | null): string | null {
  if (!item) return null
  const content = item.content
  return content instanceof Y.ContentString || content instanceof Y.ContentDeleted
    ? null
    : 'text may hold only characters'
}

function entry(map: Map<string, EntryChange>, id: string): EntryChange {
  let change = map.get(id)
  if (!change) {
    change = newChange()
    map.set(id, change)
  }
  return change
}

/** The entry itself was written or deleted: a new map replaces it; anything else is refused. */
function noteWholeEntry(change: EntryChange, item: Y.Item | null, value: Written, kind: string): string | null {
  if (!item) change.removed = true
  else if (value === NESTED_MAP) change.replaced = true
  else if (value !== NOTHING) return `${kind} must be a map of fields`
  return null
}

/** Record one touched place under `records`; refuse shapes of change a record never has. */
function noteRecordChange(
  records: Map<string, EntryChange>,
  path: readonly (string | null)[],
  item: Y.Item | null,
): string | null {
  const [, id, field, prop, inText] = path
  if (typeof id !== 'string') return 'records holds only keyed records'
  const change = entry(records, id)
  const value = item ? writtenValue(item) : NOTHING
  if (path.length === 2) return noteWholeEntry(change, item, value, 'a record')
  if (typeof field !== 'string') return 'a record holds only named fields'
  if (path.length === 3) {
    if (field === PROPS_KEY) {
      if (!item) change.propsRemoved = true
      else if (value === NESTED_MAP) change.propsReplaced = true
      else if (value !== NOTHING) return 'props must be a map'
      return null
    }
    noteKey(change.fields, field, item, value)
    return null
  }
  if (field !== PROPS_KEY || typeof prop !== 'string') return 'a nested Yjs value where plain JSON belongs'
  if (path.length === 4) {
    noteKey((change.props ??= new Map()), prop, item, value)
    return null
  }
  if (path.length === 5 && TEXT_PROPS.has(prop) && inText === null) return checkTextContent(item)
  return 'a nested Yjs value where plain JSON belongs'
}

/** What a collaborative text reads as for validation: its characters never make a record invalid. */
const TEXT_VIEW = plainToRichText('')

/**
 * The record as it would be after the update, in tldraw's form, checked against tldraw's validators and the
 * board's bounds. A record already stored is read as it is (no copies; text as TEXT_VIEW) and used as tldraw's
 * "known good" version, so only the fields the update changes are validated — a move of a note on a board of
 * 20,000 costs a few field checks, and a record stored before these rules is never made worse nor frozen.
 */
function checkRecord(doc: Y.Doc, id: string, change: EntryChange): string | null {
  if (change.removed && !change.replaced) return null
  // Only characters typed into a text: they cannot make a record invalid, so the record is not read at all.
  const props = change.props
  if (!change.replaced && !change.propsReplaced && !change.propsRemoved && change.fields.size === 0 && !props)
    return null
  const stored = change.replaced ? undefined : getRecordsMap(doc).get(id)
  const before = stored instanceof Y.Map ? storedView(stored) : undefined
  const after: Record<string, unknown> = { ...before }
  const changed: unknown[] = []
  for (const [field, value] of change.fields) {
    if (value === DELETED) {
      delete after[field]
      continue
    }
    if (value === TEXT || value === NESTED || value === NESTED_MAP)
      return `${field.slice(0, 40)}: a nested Yjs value where plain JSON belongs`
    after[field] = value
    changed.push(value)
  }
  if (change.propsRemoved && !change.propsReplaced && !props) delete after[PROPS_KEY]
  else if (change.propsReplaced || props) {
    const current = after[PROPS_KEY]
    const next: Record<string, unknown> = !change.propsReplaced && isObject(current) ? { ...current } : {}
    for (const [prop, value] of props ?? []) {
      if (value === DELETED) {
        delete next[prop]
      } else if (TEXT_PROPS.has(prop)) {
        if (value !== TEXT) return `props.${prop} must be collaborative text`
        next[prop] = plainToRichText('')
      } else if (value === TEXT || value === NESTED || value === NESTED_MAP) {
        return `props.${prop.slice(0, 40)}: a nested Yjs value where plain JSON belongs`
      } else {
        next[prop] = value
        changed.push(value)
      }
    }
    after[PROPS_KEY] = next
  }
  if (!before) return validateRecord(id, after)
  for (const value of changed) {
    const problem = checkJson(value)
    if (problem) return problem
  }
  return checkRecordKind(id, after) ?? checkShapeBounds(after) ?? checkAssetSite(after) ?? tldrawProblem(after, before)
}

/** A stored record as tldraw's JSON form, reading references only (validation never changes them). */
function storedView(yrecord: Y.Map<unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {}
  yrecord.forEach((value, key) => {
    if (key === PROPS_KEY && value instanceof Y.Map) {
      const props: Record<string, unknown> = {}
      value.forEach((prop, name) => {
        props[name] = prop instanceof Y.Text && TEXT_PROPS.has(name) ? TEXT_VIEW : prop
      })
      view[key] = props
    } else {
      view[key] = value
    }
  })
  return view
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Check a whole new record in tldraw's JSON form: its kind, the board's bounds, and tldraw's validator. */
export function validateRecord(id: string, record: Record<string, unknown>): string | null {
  return (
    checkRecordKind(id, record) ??
    checkJson(record) ??
    checkShapeBounds(record) ??
    checkAssetSite(record) ??
    tldrawProblem(record)
  )
}

/**
 * Assets point only at the board's own site: an image or video's `src`, a bookmark's picture and icon are empty,
 * an inline picture, or this server's photo route (board package, `isOnSiteAssetSrc`). A board can then never make
 * the browsers that open it fetch from another site. (A bookmark's own `src` is the link it stands for, never
 * fetched, so tldraw's validator is enough for it.)
 */
function checkAssetSite(record: Record<string, unknown>): string | null {
  if (record.typeName !== 'asset') return null
  const props = isObject(record.props) ? record.props : {}
  const fetched = record.type === 'bookmark' ? [props.image, props.favicon] : [props.src]
  for (const src of fetched) if (src !== undefined && !isOnSiteAssetSrc(src)) return 'asset address off this site'
  return null
}

function checkRecordKind(id: string, record: Record<string, unknown>): string | null {
  const typeName = record.typeName
  if (typeof typeName !== 'string' || !DOCUMENT_TYPE_NAMES.has(typeName)) return 'not a board record kind'
  return record.id === id ? null : 'record id differs from its key'
}

/** Shapes stay on a canvas people can reach: positions and sizes within ±MAX_COORDINATE. */
function checkShapeBounds(record: Record<string, unknown>): string | null {
  if (record.typeName !== 'shape') return null
  const props = isObject(record.props) ? record.props : {}
  for (const value of [record.x, record.y, props.w, props.h]) {
    if (typeof value === 'number' && Math.abs(value) > MAX_COORDINATE) return 'shape position or size out of range'
  }
  return null
}

/** tldraw's own validator; with `before`, only what differs from it is checked (tldraw's "known good" path). */
function tldrawProblem(record: Record<string, unknown>, before?: Record<string, unknown>): string | null {
  const type = tlSchema.types[record.typeName as keyof typeof tlSchema.types]
  try {
    type.validate(record as never, before as never)
    return null
  } catch (error) {
    return error instanceof Error ? error.message : 'not a valid record'
  }
}

/** Action fields written as collaborative text. */
const ACTION_TEXT_FIELDS: ReadonlySet<string> = new Set(['what', 'note'])

/** Record one touched place under `actions`. */
function noteActionChange(
  actions: Map<string, EntryChange>,
  path: readonly (string | null)[],
  item: Y.Item | null,
): string | null {
  const [, id, field, inText] = path
  if (typeof id !== 'string') return 'actions holds only keyed actions'
  const change = entry(actions, id)
  const value = item ? writtenValue(item) : NOTHING
  if (path.length === 2) return noteWholeEntry(change, item, value, 'an action')
  if (typeof field !== 'string') return 'an action holds only named fields'
  if (path.length === 3) {
    noteKey(change.fields, field, item, value)
    return null
  }
  if (path.length === 4 && ACTION_TEXT_FIELDS.has(field) && inText === null) return checkTextContent(item)
  return 'a nested Yjs value where plain JSON belongs'
}

/**
 * Check the fields an update writes into an action. Only written fields are checked (an action's fields are
 * independent), so an action stored before these rules can still be edited; but its id must be well formed for
 * any write at all, so no malformed key (one carrying a line break into a calendar) can be made or kept alive.
 */
function checkAction(id: string, change: EntryChange): string | null {
  if (change.removed && !change.replaced && ![...change.fields.values()].some((v) => v !== DELETED)) return null
  const fields: Record<string, unknown> = {}
  for (const [field, value] of change.fields) {
    if (value === DELETED) continue
    if (ACTION_TEXT_FIELDS.has(field)) {
      if (value !== TEXT) return `action ${field} must be collaborative text`
      fields[field] = ''
    } else if (value === TEXT || value === NESTED || value === NESTED_MAP) {
      return `action ${field.slice(0, 40)}: a nested Yjs value where plain JSON belongs`
    } else {
      const json = checkJson(value)
      if (json) return `action ${field.slice(0, 40)}: ${json}`
      fields[field] = value
    }
  }
  return checkActionFields(id, fields)
}

/** Check one touched place under `meta`: a known key with a valid plain value. Deleting a key is fine. */
function checkMetaChange(path: readonly (string | null)[], item: Y.Item | null): string | null {
  const key = path[1]
  if (typeof key !== 'string') return 'meta holds only named values'
  if (path.length > 2) return 'a nested Yjs value where plain JSON belongs'
  if (!item) return null
  const value = writtenValue(item)
  if (value === NOTHING) return null
  if (value === TEXT || value === NESTED || value === NESTED_MAP)
    return `meta.${key.slice(0, 40)}: a nested Yjs value where plain JSON belongs`
  const problem = checkMetaValue(key, value)
  return problem ? `meta.${key.slice(0, 40)}: ${problem}` : null
}
