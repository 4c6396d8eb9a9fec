import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLStore } from 'tldraw'
import { getMetaMap, getRecordsMap, initBoardDoc, putRecord, readRecord, type BoardRecord } from '@roundtable/board'
import { LOCAL_ORIGIN, MOVE_WRITE_MS, SCHEMA_META_KEY, bindStoreToDoc, compareSchemas, docHasBoard } from './yjsBinding'
import { stripTextAuthors } from './boardSession'

function newStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
}

function newBoardDoc(): { doc: Y.Doc; pageId: string } {
  const doc = new Y.Doc()
  const { pageId } = initBoardDoc(doc, { title: 'Test', createdAt: 1 })
  return { doc, pageId }
}

/** Keep two docs in step the way the server would (every update both ways, tagged as remote). */
function connect(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'network')
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), 'network')
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'network' && Y.applyUpdate(b, update, 'network'))
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'network' && Y.applyUpdate(a, update, 'network'))
}

/** Two people on one board, each with a store bound to a doc, the docs kept in step as the server would. */
function twoPeople() {
  const a = newBoardDoc()
  const b = { doc: new Y.Doc() }
  connect(a.doc, b.doc)
  const storeA = newStore()
  const storeB = newStore()
  bindStoreToDoc({ doc: a.doc, store: storeA })
  bindStoreToDoc({ doc: b.doc, store: storeB })
  return { a, b, storeA, storeB }
}

function noteRecord(id: string, pageId: string, text: string, extra: Record<string, unknown> = {}): BoardRecord {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x: 10,
    y: 20,
    rotation: 0,
    index: 'a1',
    parentId: pageId,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
      scale: 1,
      textLastEditedBy: null,
    },
    ...extra,
  }
}

/** Write a record the way a remote change arrives: one transaction, not tagged as ours. */
function remotePut(doc: Y.Doc, record: BoardRecord): void {
  doc.transact(() => putRecord(doc, record), 'network')
}

/** Make a change as the person at the keyboard would (tldraw's default source is "user"). */
function userPut(store: TLStore, record: BoardRecord): void {
  store.put([record as unknown as TLRecord])
}

describe('compareSchemas', () => {
  const client = { schemaVersion: 2 as const, sequences: { a: 2, b: 1 } }
  it('reads missing or malformed schemas as absent', () => {
    expect(compareSchemas(undefined, client)).toBe('absent')
    expect(compareSchemas('x', client)).toBe('absent')
    expect(compareSchemas({ schemaVersion: 2 }, client)).toBe('absent')
  })
  it('tells older, same and newer apart', () => {
    expect(compareSchemas({ schemaVersion: 2, sequences: { a: 2, b: 1 } }, client)).toBe('same')
    expect(compareSchemas({ schemaVersion: 2, sequences: { a: 1, b: 1 } }, client)).toBe('older')
    expect(compareSchemas({ schemaVersion: 2, sequences: { a: 2 } }, client)).toBe('older')
    expect(compareSchemas({ schemaVersion: 2, sequences: { a: 3, b: 1 } }, client)).toBe('newer')
    expect(compareSchemas({ schemaVersion: 2, sequences: { a: 2, b: 1, c: 0 } }, client)).toBe('newer')
    expect(compareSchemas({ schemaVersion: 3, sequences: {} }, client)).toBe('newer')
  })
})

describe('bindStoreToDoc', () => {
  it('loads the board the server created, without inventing a page, and stamps the schema', () => {
    const { doc, pageId } = newBoardDoc()
    expect(docHasBoard(doc)).toBe(true)
    const store = newStore()
    const binding = bindStoreToDoc({ doc, store })
    expect(binding.status).toBe('bound')
    expect(store.get(pageId as TLRecord['id'])).toMatchObject({ typeName: 'page', name: 'Board 1' })
    expect(store.get('document:document' as TLRecord['id'])).toBeDefined()
    expect(getMetaMap(doc).get(SCHEMA_META_KEY)).toEqual(store.schema.serialize())
  })

  it('sends local edits to the other person and back, with text merged', () => {
    const { a, b, storeA, storeB } = twoPeople()

    userPut(storeA, noteRecord('shape:n1', a.pageId, 'More evening visits'))
    const inB = storeB.get('shape:n1' as TLRecord['id']) as unknown as BoardRecord
    expect(inB).toMatchObject({ type: 'note', x: 10 })
    expect(JSON.stringify(inB.props)).toContain('More evening visits')

    userPut(storeB, { ...inB, x: 300 })
    expect(storeA.get('shape:n1' as TLRecord['id'])).toMatchObject({ x: 300 })

    storeA.remove(['shape:n1' as TLRecord['id']])
    expect(storeB.has('shape:n1' as TLRecord['id'])).toBe(false)
    expect(readRecord(b.doc, 'shape:n1')).toBeUndefined()
  })

  it('never writes who last typed in a note into the doc (anonymous sessions refuse it)', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    bindStoreToDoc({ doc, store })
    const note = noteRecord('shape:typed', pageId, 'Ramp')
    userPut(store, { ...note, props: { ...(note.props as object), textLastEditedBy: 'device-1' } })
    expect((readRecord(doc, 'shape:typed')?.props as Record<string, unknown>).textLastEditedBy).toBeNull()
  })

  it('clears who last typed in a note in the store too, so every screen shows the same', () => {
    const { pageId } = newBoardDoc()
    const store = newStore()
    stripTextAuthors(store)
    const note = noteRecord('shape:typed', pageId, 'Ramp')
    userPut(store, { ...note, props: { ...(note.props as object), textLastEditedBy: 'device-1' } })
    expect((store.get('shape:typed' as TLRecord['id']) as unknown as BoardRecord).props).toMatchObject({
      textLastEditedBy: null,
    })
  })

  it('keeps remote edits out of the local change stream (no echo back into the doc)', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    bindStoreToDoc({ doc, store })
    const origins: unknown[] = []
    doc.on('afterTransaction', (txn: Y.Transaction) => origins.push(txn.origin))
    remotePut(doc, noteRecord('shape:remote', pageId, 'hello'))
    expect(store.has('shape:remote' as TLRecord['id'])).toBe(true)
    expect(origins).not.toContain(LOCAL_ORIGIN)
  })

  it('skips a record that fails validation, logs it once, and applies the rest', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    const warn = vi.fn()
    bindStoreToDoc({ doc, store, warn })
    doc.transact(() => {
      putRecord(doc, noteRecord('shape:bad', pageId, 'x', { x: 'not a number' }))
      putRecord(doc, noteRecord('shape:good', pageId, 'fine'))
    }, 'network')
    remotePut(doc, noteRecord('shape:bad', pageId, 'x', { x: 'still not a number', y: 5 }))
    expect(store.has('shape:good' as TLRecord['id'])).toBe(true)
    expect(store.has('shape:bad' as TLRecord['id'])).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('stops and reports when the board was saved by a newer client', () => {
    const { doc } = newBoardDoc()
    const store = newStore()
    const current = store.schema.serialize()
    getMetaMap(doc).set(SCHEMA_META_KEY, { ...current, sequences: { ...current.sequences, 'com.example.new': 1 } })
    const onIncompatibleSchema = vi.fn()
    const binding = bindStoreToDoc({ doc, store, onIncompatibleSchema })
    expect(binding.status).toBe('incompatible')
    expect(onIncompatibleSchema).toHaveBeenCalledTimes(1)
    expect(store.query.records('page').get()).toHaveLength(0)
  })

  it('stops applying and writing once a newer client stamps the board while it is open', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    const onIncompatibleSchema = vi.fn()
    const binding = bindStoreToDoc({ doc, store, onIncompatibleSchema })
    const current = store.schema.serialize()
    doc.transact(() => {
      getMetaMap(doc).set(SCHEMA_META_KEY, {
        ...current,
        sequences: { ...current.sequences, 'com.tldraw.shape.note': 99 },
      })
    }, 'network')
    expect(binding.status).toBe('incompatible')
    expect(onIncompatibleSchema).toHaveBeenCalledTimes(1)
    remotePut(doc, noteRecord('shape:later', pageId, 'x'))
    expect(store.has('shape:later' as TLRecord['id'])).toBe(false)
    userPut(store, noteRecord('shape:local', pageId, 'y'))
    expect(readRecord(doc, 'shape:local')).toBeUndefined()
  })

  it('migrates records saved under an older schema, writes them back and re-stamps the schema', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    const current = store.schema.serialize()
    // Note props version 12 had `textFirstEditedBy`; version 13 renamed it to `textLastEditedBy`.
    const old = noteRecord('shape:old', pageId, 'from last year')
    const { textLastEditedBy: _dropped, ...oldProps } = old.props as Record<string, unknown>
    doc.transact(() => {
      putRecord(doc, { ...old, props: { ...oldProps, textFirstEditedBy: 'user:someone' } })
      getMetaMap(doc).set(SCHEMA_META_KEY, {
        ...current,
        sequences: { ...current.sequences, 'com.tldraw.shape.note': 12 },
      })
    })

    bindStoreToDoc({ doc, store })
    expect(store.get('shape:old' as TLRecord['id'])).toMatchObject({ props: { textLastEditedBy: 'user:someone' } })
    const stored = readRecord(doc, 'shape:old') as BoardRecord & { props: Record<string, unknown> }
    expect(stored.props.textLastEditedBy).toBe('user:someone')
    expect('textFirstEditedBy' in stored.props).toBe(false)
    expect(getMetaMap(doc).get(SCHEMA_META_KEY)).toEqual(current)
  })

  it('dispose detaches both directions', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    const binding = bindStoreToDoc({ doc, store })
    binding.dispose()
    expect(binding.status).toBe('disposed')
    remotePut(doc, noteRecord('shape:after', pageId, 'x'))
    expect(store.has('shape:after' as TLRecord['id'])).toBe(false)
    userPut(store, noteRecord('shape:mine', pageId, 'y'))
    expect(getRecordsMap(doc).has('shape:mine')).toBe(false)
  })
})

describe('moves while dragging', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())
  const structs = (doc: Y.Doc) => [...doc.store.clients.values()].reduce((n, list) => n + list.length, 0)

  it('writes the first move at once and then the latest position once per interval, not every frame', () => {
    const { a, storeA, storeB } = twoPeople()
    userPut(storeA, noteRecord('shape:n1', a.pageId, 'Ramp'))
    const before = structs(a.doc)
    const note = () => storeA.get('shape:n1' as TLRecord['id']) as unknown as BoardRecord
    // A one-second drag reported every frame.
    for (let frame = 1; frame <= 60; frame++) {
      userPut(storeA, { ...note(), x: 10 + frame, y: 20 + frame })
      if (frame === 1) expect(storeB.get('shape:n1' as TLRecord['id'])).toMatchObject({ x: 11, y: 21 })
      vi.advanceTimersByTime(1000 / 60)
    }
    vi.advanceTimersByTime(MOVE_WRITE_MS)
    // The other person sees where it ended; the board kept a write per interval, not one per frame.
    expect(storeB.get('shape:n1' as TLRecord['id'])).toMatchObject({ x: 70, y: 80 })
    const written = (structs(a.doc) - before) / 2
    expect(written).toBeGreaterThanOrEqual(5)
    expect(written).toBeLessThanOrEqual(1000 / MOVE_WRITE_MS + 2)
  })

  it('writes only where a note sits when a waiting move goes out, never another person’s text typed meanwhile', () => {
    const { a, storeA, storeB } = twoPeople()
    userPut(storeA, noteRecord('shape:n1', a.pageId, 'Ramp'))
    const noteIn = (store: TLStore) => store.get('shape:n1' as TLRecord['id']) as unknown as BoardRecord
    userPut(storeA, { ...noteIn(storeA), x: 100 })
    userPut(storeA, { ...noteIn(storeA), x: 200 })
    // B types while A's second move waits; A's store takes B's text as a remote change, then A moves again.
    userPut(storeB, noteRecord('shape:n1', a.pageId, 'Ramp and a handrail', { x: 100 }))
    userPut(storeA, { ...noteIn(storeA), x: 300 })
    vi.advanceTimersByTime(MOVE_WRITE_MS)
    for (const store of [storeA, storeB]) {
      expect(noteIn(store)).toMatchObject({ x: 300 })
      expect(JSON.stringify(noteIn(store).props).match(/handrail/g)).toHaveLength(1)
    }
  })

  it('writes a waiting move before any other change to the note, and when the binding is disposed', () => {
    const { doc, pageId } = newBoardDoc()
    const store = newStore()
    const binding = bindStoreToDoc({ doc, store })
    userPut(store, noteRecord('shape:n1', pageId, 'Ramp'))
    const note = () => store.get('shape:n1' as TLRecord['id']) as unknown as BoardRecord
    userPut(store, { ...note(), x: 100 })
    userPut(store, { ...note(), x: 200 })
    expect(readRecord(doc, 'shape:n1')).toMatchObject({ x: 100 })
    userPut(store, { ...note(), opacity: 0.5 })
    expect(readRecord(doc, 'shape:n1')).toMatchObject({ x: 200, opacity: 0.5 })
    userPut(store, { ...note(), x: 300 })
    userPut(store, { ...note(), x: 400 })
    binding.dispose()
    expect(readRecord(doc, 'shape:n1')).toMatchObject({ x: 400 })
  })
})
