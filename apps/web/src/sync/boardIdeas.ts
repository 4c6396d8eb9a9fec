import { useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import { PROPS_KEY, getRecordsMap } from '@roundtable/board'
import { EMPTY_OUTLINE, buildOutline, type BoardOutline, type OutlineRecord } from '../lib/boardOutline'

/**
 * The board's outline (boards, groups, ideas) read straight from the Y.Doc, so the list view and the panels work
 * without the canvas. One live outline per open document is shared by every component that asks for it; it is
 * rebuilt at most every `REBUILD_MS` while people type, and dropped when nobody uses it.
 */

const REBUILD_MS = 150

/** Read the fields the outline needs from every board record, without converting whole records. */
export function readOutlineRecords(doc: Y.Doc): OutlineRecord[] {
  const out: OutlineRecord[] = []
  getRecordsMap(doc).forEach((yrecord, id) => {
    if (!(yrecord instanceof Y.Map)) return
    const typeName = yrecord.get('typeName')
    if (typeName !== 'page' && typeName !== 'shape') return
    const record: OutlineRecord = { id, typeName }
    const type = yrecord.get('type')
    if (typeof type === 'string') record.type = type
    const parentId = yrecord.get('parentId')
    if (typeof parentId === 'string') record.parentId = parentId
    const index = yrecord.get('index')
    if (typeof index === 'string') record.index = index
    const x = yrecord.get('x')
    const y = yrecord.get('y')
    if (typeof x === 'number') record.x = x
    if (typeof y === 'number') record.y = y
    const name = yrecord.get('name')
    if (typeof name === 'string') record.name = name
    const meta = yrecord.get('meta')
    if (typeof meta === 'object' && meta !== null) record.meta = meta as Record<string, unknown>
    const props = yrecord.get(PROPS_KEY)
    if (props instanceof Y.Map) {
      record.props = {
        name: props.get('name'),
        w: props.get('w'),
        h: props.get('h'),
        color: props.get('color'),
        scale: props.get('scale'),
        growY: props.get('growY'),
      }
      if (type === 'note') {
        const text = props.get('richText')
        record.text = text instanceof Y.Text ? text.toString() : ''
      }
    }
    out.push(record)
  })
  return out
}

class OutlineStore {
  private outline: BoardOutline
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private disposeTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly onEmpty: () => void,
  ) {
    this.outline = buildOutline(readOutlineRecords(doc))
    getRecordsMap(doc).observeDeep(this.onChange)
  }

  getSnapshot = (): BoardOutline => this.outline

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    if (this.disposeTimer) clearTimeout(this.disposeTimer)
    this.disposeTimer = null
    return () => {
      this.listeners.delete(listener)
      // Dropped a moment later, so a component that re-subscribes at once (React's strict mode) keeps it.
      if (this.listeners.size === 0)
        this.disposeTimer = setTimeout(() => this.listeners.size === 0 && this.dispose(), 1000)
    }
  }

  private onChange = (): void => {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.outline = buildOutline(readOutlineRecords(this.doc))
      for (const listener of this.listeners) listener()
    }, REBUILD_MS)
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    getRecordsMap(this.doc).unobserveDeep(this.onChange)
    this.onEmpty()
  }
}

const stores = new WeakMap<Y.Doc, OutlineStore>()

function storeFor(doc: Y.Doc): OutlineStore {
  let store = stores.get(doc)
  if (!store) {
    const created = new OutlineStore(doc, () => {
      if (stores.get(doc) === created) stores.delete(doc)
    })
    stores.set(doc, created)
    store = created
  }
  return store
}

/** React hook: the board as an outline, live. Pass `enabled: false` to skip reading (returns an empty outline). */
export function useBoardOutline(doc: Y.Doc, enabled = true): BoardOutline {
  const store = enabled ? storeFor(doc) : null
  return useSyncExternalStore(store ? store.subscribe : noSubscribe, store ? store.getSnapshot : emptyOutline)
}

const noSubscribe = (): (() => void) => () => {}
const emptyOutline = (): BoardOutline => EMPTY_OUTLINE
