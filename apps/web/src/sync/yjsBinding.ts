import type * as Y from 'yjs'
import type { SerializedSchema, SerializedSchemaV2, SerializedStore, TLRecord, TLStore } from 'tldraw'
import {
  deleteRecord,
  getMetaMap,
  getRecordsMap,
  isDocumentRecord,
  jsonEqual,
  patchRecord,
  PROPS_KEY,
  putRecord,
  readAllRecords,
  readRecord,
  type BoardRecord,
} from '@roundtable/board'

/**
 * Two-way binding between a tldraw store and a board's Y.Doc (layout in @roundtable/board).
 *
 * - Local edits (store changes with source "user", document scope) are written to the doc in one transaction
 *   tagged `LOCAL_ORIGIN`, field by field, so concurrent edits to other fields of the same record survive.
 * - Remote edits (any doc transaction not tagged `LOCAL_ORIGIN`: the network, IndexedDB) are read back per record
 *   and merged into the store with `mergeRemoteChanges`, so they never enter the local undo history.
 * - The doc's `meta.schema` says which tldraw record versions the doc holds. An older doc is migrated on load and
 *   re-stamped; a newer one (another person runs a newer Roundtable) stops the binding and asks for a reload,
 *   because writing old-shaped records into a newer board would damage it.
 *
 * A record that fails validation is skipped and logged once; it never crashes the board.
 */

/** Transaction origin of every doc change this binding makes; its own observer ignores these. */
export const LOCAL_ORIGIN: unique symbol = Symbol('roundtable:local')

/**
 * A record whose change only moves it (x, y, rotation) is written at most once per this many ms while it keeps
 * moving: the first move at once, the latest position at the end of each interval, and any other change to the
 * record, or disposing the binding, writes a waiting move first. tldraw reports a drag every frame (60 a second);
 * every write leaves two or three Yjs structs in the board for good, and the server refuses a board past its
 * struct budget (`board.full`), so an hour of a room's dragging written frame by frame could fill a board.
 */
export const MOVE_WRITE_MS = 100

const MOVE_FIELDS = new Set(['x', 'y', 'rotation'])

/** True when the only fields that differ are where the record sits. */
function isMoveOnly(from: BoardRecord, to: BoardRecord): boolean {
  let moved = false
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (jsonEqual(from[key], to[key])) continue
    if (!MOVE_FIELDS.has(key)) return false
    moved = true
  }
  return moved
}

/** Key in the doc's meta map that holds the serialized tldraw schema. */
export const SCHEMA_META_KEY = 'schema'

/**
 * How the schema stored in a doc compares with this client's:
 * `absent` (never stamped), `older` (this client can migrate it), `same`, or `newer` (this client is out of date).
 */
export type SchemaComparison = 'absent' | 'older' | 'same' | 'newer'

/** Compare a stored serialized schema with this client's. Anything unreadable counts as absent. */
export function compareSchemas(stored: unknown, client: SerializedSchemaV2): SchemaComparison {
  if (typeof stored !== 'object' || stored === null) return 'absent'
  const { schemaVersion } = stored as { schemaVersion?: unknown }
  if (typeof schemaVersion !== 'number') return 'absent'
  if (schemaVersion > client.schemaVersion) return 'newer'
  if (schemaVersion < 2) return 'older' // v1 schemas are upgraded by tldraw's migrations
  const sequences = (stored as { sequences?: unknown }).sequences
  if (typeof sequences !== 'object' || sequences === null) return 'absent'
  let older = false
  for (const [id, version] of Object.entries(sequences as Record<string, unknown>)) {
    const mine = client.sequences[id]
    if (mine === undefined || typeof version !== 'number' || version > mine) return 'newer'
    if (version < mine) older = true
  }
  for (const id of Object.keys(client.sequences)) {
    if (!(id in (sequences as object))) older = true
  }
  return older ? 'older' : 'same'
}

/**
 * A record as it may be shared: a note never carries `props.textLastEditedBy` (tldraw's id of whoever typed last).
 * The server refuses it in anonymous sessions, and it would tie a device to every idea it touched.
 */
export function withoutTextAuthor(record: BoardRecord): BoardRecord {
  const props = record.props as Record<string, unknown> | undefined
  if (record.typeName !== 'shape' || record.type !== 'note' || props?.textLastEditedBy == null) return record
  return { ...record, props: { ...props, textLastEditedBy: null } }
}

/** True when the doc already holds a board (at least one page), so the editor can start without inventing one. */
export function docHasBoard(doc: Y.Doc): boolean {
  for (const key of getRecordsMap(doc).keys()) {
    if (key.startsWith('page:')) return true
  }
  return false
}

/** Options for `bindStoreToDoc`. */
export interface YjsBindingOptions {
  doc: Y.Doc
  store: TLStore
  /**
   * Called (at most once) when the doc's schema is newer than this client's, at load or later. The binding has
   * already stopped in both directions; the page should ask the person to reload.
   */
  onIncompatibleSchema?: () => void
  /** Where problems are reported. Defaults to `console.warn`. */
  warn?: (message: string, detail?: unknown) => void
}

/** A live binding; `dispose` detaches every listener (the doc and store stay as they are). */
export interface YjsBinding {
  /** `bound` while syncing; `incompatible` once stopped because the doc needs a newer client; `disposed`. */
  readonly status: 'bound' | 'incompatible' | 'disposed'
  dispose(): void
}

/**
 * Load every document record from the doc into the store, then keep the two in step until disposed.
 * Call before the editor mounts: tldraw creates its own page when it starts on an empty store.
 */
export function bindStoreToDoc(options: YjsBindingOptions): YjsBinding {
  const { doc, store } = options
  const warn =
    options.warn ?? ((message: string, detail?: unknown) => console.warn(`[roundtable] ${message}`, detail ?? ''))
  const records = getRecordsMap(doc)
  const meta = getMetaMap(doc)
  const clientSchema = store.schema.serialize()
  const warned = new Set<string>()
  let status: YjsBinding['status'] = 'bound'
  const cleanups: Array<() => void> = []

  const warnOnce = (key: string, message: string, detail?: unknown): void => {
    if (warned.has(key)) return
    warned.add(key)
    warn(message, detail)
  }

  // Moves waiting for their interval (see MOVE_WRITE_MS): the record as last written, and as it is now.
  const waitingMoves = new Map<string, { from: BoardRecord; to: BoardRecord }>()
  const lastMoveWrite = new Map<string, number>()
  let moveTimer: ReturnType<typeof setTimeout> | null = null
  /** Write one waiting move (inside the caller's transaction). */
  const writeWaitingMove = (id: string): void => {
    const waiting = waitingMoves.get(id)
    if (!waiting) return
    waitingMoves.delete(id)
    lastMoveWrite.set(id, Date.now())
    // Only where it sits: other fields may have changed since `from` through other people's edits (text typed into
    // the note meanwhile), and writing those differences would write their edits again as this person's.
    const moved: BoardRecord = { ...waiting.from }
    for (const key of MOVE_FIELDS) if (key in waiting.to) moved[key] = waiting.to[key]
    patchRecord(doc, waiting.from, moved)
  }
  const writeWaitingMoves = (): void => {
    if (moveTimer) clearTimeout(moveTimer)
    moveTimer = null
    if (waitingMoves.size === 0) return
    doc.transact(() => {
      for (const id of [...waitingMoves.keys()]) writeWaitingMove(id)
    }, LOCAL_ORIGIN)
  }

  const stop = (next: 'incompatible' | 'disposed'): void => {
    if (status !== 'bound') return
    // What the person moved last is written before the binding lets go (not when the board turned out newer).
    if (next === 'disposed') writeWaitingMoves()
    else waitingMoves.clear()
    if (moveTimer) clearTimeout(moveTimer)
    status = next
    for (const cleanup of cleanups.splice(0)) cleanup()
    if (next === 'incompatible') options.onIncompatibleSchema?.()
  }

  /** Validate records one by one, so one bad record cannot block the rest. */
  const validRecords = (candidates: BoardRecord[]): TLRecord[] => {
    const out: TLRecord[] = []
    for (const candidate of candidates) {
      if (!isDocumentRecord(candidate)) continue
      const record = candidate as unknown as TLRecord
      const before = store.get(record.id) ?? null
      if (before && jsonEqual(before, record)) continue
      try {
        store.schema.validateRecord(store, record, before ? 'updateRecord' : 'createRecord', before)
        out.push(record)
      } catch (error) {
        warnOnce(`invalid:${record.id}`, `skipped a board item that could not be read (${record.id})`, error)
      }
    }
    return out
  }

  /** Merge remote records into the store without recording them as the person's own edits. */
  const applyRemote = (puts: BoardRecord[], removeIds: string[]): void => {
    const toPut = validRecords(puts)
    const toRemove = removeIds.filter((id) => store.has(id as TLRecord['id'])) as TLRecord['id'][]
    if (toPut.length === 0 && toRemove.length === 0) return
    try {
      store.mergeRemoteChanges(() => {
        if (toPut.length) store.put(toPut)
        if (toRemove.length) store.remove(toRemove)
      })
    } catch (error) {
      // One record broke the batch (e.g. a side effect threw). Apply the rest one at a time.
      warnOnce(`batch:${String(error)}`, 'a change from another person could not be applied in one go', error)
      for (const record of toPut) {
        try {
          store.mergeRemoteChanges(() => store.put([record]))
        } catch (recordError) {
          warnOnce(`put:${record.id}`, `skipped a board item that could not be applied (${record.id})`, recordError)
        }
      }
      for (const id of toRemove) {
        try {
          store.mergeRemoteChanges(() => store.remove([id]))
        } catch (recordError) {
          warnOnce(`remove:${id}`, `could not remove a board item (${id})`, recordError)
        }
      }
    }
  }

  // --- Schema check and initial load -------------------------------------------------------------------------------
  const storedSchema = meta.get(SCHEMA_META_KEY)
  const comparison = compareSchemas(storedSchema, clientSchema)
  if (comparison === 'newer') {
    status = 'incompatible'
    options.onIncompatibleSchema?.()
    return {
      get status() {
        return status
      },
      dispose: () => {},
    }
  }

  const original = readAllRecords(doc).filter(isDocumentRecord)
  const loaded =
    comparison === 'older' ? migrateRecords(store, original, storedSchema as SerializedSchema, warnOnce) : original
  applyRemote(loaded, [])

  if (comparison === 'older' || comparison === 'absent') {
    doc.transact(() => {
      if (comparison === 'older') {
        // Write migrated records back so the doc matches the schema stamped next to it.
        const byId = new Map(loaded.map((record) => [record.id, record]))
        for (const record of original) {
          const migrated = byId.get(record.id)
          if (!migrated) deleteRecord(doc, record.id)
          else if (!jsonEqual(migrated, record)) putRecord(doc, migrated)
        }
      }
      meta.set(SCHEMA_META_KEY, clientSchema)
    }, LOCAL_ORIGIN)
  }

  // --- Local → doc ---------------------------------------------------------------------------------------------
  cleanups.push(
    store.listen(
      ({ changes }) => {
        if (status !== 'bound') return
        const now = Date.now()
        doc.transact(() => {
          for (const record of Object.values(changes.added)) {
            if (isDocumentRecord(record)) putRecord(doc, withoutTextAuthor(record as unknown as BoardRecord))
          }
          // tldraw hands us changes a frame late, and `to` is the record as it was then: other people's changes
          // may have arrived since. Write only what this change altered, never the whole (possibly stale) record.
          for (const [fromRecord, toRecord] of Object.values(changes.updated)) {
            if (!isDocumentRecord(toRecord)) continue
            const from = withoutTextAuthor(fromRecord as unknown as BoardRecord)
            const to = withoutTextAuthor(toRecord as unknown as BoardRecord)
            const waiting = waitingMoves.get(to.id)
            if (isMoveOnly(from, to)) {
              if (waiting) waiting.to = to
              else if (now - (lastMoveWrite.get(to.id) ?? -Infinity) >= MOVE_WRITE_MS) {
                lastMoveWrite.set(to.id, now)
                patchRecord(doc, from, to)
              } else waitingMoves.set(to.id, { from, to })
              continue
            }
            // Any other change: the waiting move first, so nothing is written out of order.
            if (waiting) writeWaitingMove(to.id)
            patchRecord(doc, from, to)
          }
          for (const record of Object.values(changes.removed)) {
            if (!isDocumentRecord(record)) continue
            waitingMoves.delete(record.id)
            lastMoveWrite.delete(record.id)
            deleteRecord(doc, record.id)
          }
        }, LOCAL_ORIGIN)
        if (waitingMoves.size > 0 && !moveTimer) moveTimer = setTimeout(writeWaitingMoves, MOVE_WRITE_MS)
      },
      { source: 'user', scope: 'document' },
    ),
  )

  // A tab closed right after a drag still writes where the note ended up (y-indexeddb keeps it for the next visit).
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', writeWaitingMoves)
    cleanups.push(() => window.removeEventListener('pagehide', writeWaitingMoves))
  }

  // --- Doc → local ---------------------------------------------------------------------------------------------
  const onRecordsChange = (events: Array<Y.YEvent<any>>, transaction: Y.Transaction): void => {
    if (status !== 'bound' || transaction.origin === LOCAL_ORIGIN) return
    // Which parts of which records changed. Only those parts are taken from the doc; the rest of the local record
    // stays as it is, so a remote move never resets the text someone is typing in that very note.
    const changed = new Map<string, { whole: boolean; fields: Set<string>; props: Set<string> }>()
    const entry = (id: string) => {
      let e = changed.get(id)
      if (!e) changed.set(id, (e = { whole: false, fields: new Set(), props: new Set() }))
      return e
    }
    for (const event of events) {
      const [id, field, prop] = event.path as [string | undefined, string | undefined, string | undefined]
      if (event.target === records) {
        for (const key of event.changes.keys.keys()) entry(key).whole = true
      } else if (typeof id !== 'string') {
        continue
      } else if (field === undefined) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) entry(id).fields.add(key)
      } else if (field === PROPS_KEY && prop === undefined) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) entry(id).props.add(key)
      } else if (field === PROPS_KEY && typeof prop === 'string') {
        entry(id).props.add(prop)
      } else {
        entry(id).fields.add(field)
      }
    }
    const puts: BoardRecord[] = []
    const removes: string[] = []
    for (const [id, change] of changed) {
      const record = readRecord(doc, id)
      if (!record) {
        removes.push(id)
        continue
      }
      const local = store.get(id as TLRecord['id']) as unknown as BoardRecord | undefined
      if (!local || change.whole || change.fields.has(PROPS_KEY)) {
        puts.push(record)
        continue
      }
      const merged: BoardRecord = { ...local }
      for (const key of change.fields) {
        if (key in record) merged[key] = record[key]
        else delete merged[key]
      }
      if (change.props.size > 0) {
        const props = { ...(local.props as Record<string, unknown>) }
        const remote = (record.props ?? {}) as Record<string, unknown>
        for (const key of change.props) {
          if (key in remote) props[key] = remote[key]
          else delete props[key]
        }
        merged.props = props
      }
      puts.push(merged)
    }
    applyRemote(puts, removes)
  }
  records.observeDeep(onRecordsChange)
  cleanups.push(() => records.unobserveDeep(onRecordsChange))

  // --- Schema changes while open -----------------------------------------------------------------------------
  const onMetaChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction): void => {
    if (status !== 'bound' || transaction.origin === LOCAL_ORIGIN || !event.keysChanged.has(SCHEMA_META_KEY)) return
    const now = compareSchemas(meta.get(SCHEMA_META_KEY), clientSchema)
    if (now === 'newer') {
      stop('incompatible')
    } else if (now !== 'same') {
      // An older client stamped its schema over ours (both joined a fresh board at once). Stamp ours again:
      // the older client then sees a newer schema and asks its person to reload.
      doc.transact(() => meta.set(SCHEMA_META_KEY, clientSchema), LOCAL_ORIGIN)
    }
  }
  meta.observe(onMetaChange)
  cleanups.push(() => meta.unobserve(onMetaChange))

  return {
    get status() {
      return status
    },
    dispose: () => stop('disposed'),
  }
}

/**
 * Bring records stored under an older schema up to this client's. The whole set is migrated at once when possible
 * (some tldraw migrations work on the whole store); otherwise record by record, skipping any that fail.
 */
function migrateRecords(
  store: TLStore,
  records: BoardRecord[],
  storedSchema: SerializedSchema,
  warnOnce: (key: string, message: string, detail?: unknown) => void,
): BoardRecord[] {
  const snapshot = Object.fromEntries(
    records.map((record) => [record.id, record]),
  ) as unknown as SerializedStore<TLRecord>
  const whole = store.schema.migrateStoreSnapshot({ store: snapshot, schema: storedSchema })
  if (whole.type === 'success') return Object.values(whole.value) as unknown as BoardRecord[]
  const out: BoardRecord[] = []
  for (const record of records) {
    const result = store.schema.migratePersistedRecord(record as unknown as TLRecord, storedSchema)
    if (result.type === 'success') out.push(result.value as unknown as BoardRecord)
    else
      warnOnce(`migrate:${record.id}`, `skipped a board item that could not be updated (${record.id})`, result.reason)
  }
  return out
}
