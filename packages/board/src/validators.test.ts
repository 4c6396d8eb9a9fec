import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction, getActionsMap } from './actions'
import { initBoardDoc } from './board'
import { actionEventUid } from './export/ics'
import { renderExport, EXPORT_FORMATS } from './export/formats'
import { buildSummary } from './export/summary'
import { getMetaMap } from './layout'
import { checkActionFields, checkJson, checkMetaValue, isActionId, isoTime, safeJson } from './validators'

describe('value rules', () => {
  it('checks JSON depth without recursion, even 100,000 deep', () => {
    const root: Record<string, unknown> = {}
    let cursor = root
    for (let i = 0; i < 100_000; i++) cursor = (cursor.a = {}) as Record<string, unknown>
    expect(checkJson(root)).toMatch(/deeper than 16/)
    expect(safeJson(root)).toBeUndefined()
    expect(checkJson({ a: [1, 'x', null, true, { b: 2 }] })).toBeNull()
  })

  it('refuses numbers out of range and values that are not JSON', () => {
    for (const bad of [Number.NaN, Infinity, 1e300, new Y.Map(), new Uint8Array(2), () => 1])
      expect(checkJson(bad)).not.toBeNull()
  })

  it('bounds action ids, fields and meta values', () => {
    expect(isActionId('action:Ab3_-x')).toBe(true)
    for (const bad of ['action:', 'action:x\r\nURL:x', `action:${'a'.repeat(33)}`, 'shape:abc', 'action:a b'])
      expect(isActionId(bad)).toBe(false)
    expect(checkActionFields('action:abc', { createdAt: 1e20 })).toMatch(/createdAt/)
    expect(checkActionFields('action:abc', { due: '2026-02-30' })).toMatch(/due/)
    expect(checkActionFields('action:abc', { who: 'Sam', due: null, createdAt: Date.UTC(2026, 0, 1) })).toBeNull()
    expect(checkMetaValue('createdAt', 1e300)).not.toBeNull()
    expect(checkMetaValue('title', 'A session')).not.toBeNull()
    expect(checkMetaValue('plainWords', [{ term: 'signpost', plain: ['point to'] }])).toBeNull()
    expect(checkMetaValue('other', 1)).toMatch(/unknown meta key/)
  })

  it('reads an impossible time as the epoch instead of throwing', () => {
    expect(isoTime(1e20)).toBe('1970-01-01T00:00:00.000Z')
    expect(isoTime('soon')).toBe('1970-01-01T00:00:00.000Z')
  })

  it('never lets an id break a calendar line', () => {
    expect(actionEventUid('action:x\r\nATTENDEE:mailto:a@b.c', 'board')).not.toMatch(/[\r\n]/)
    expect(actionEventUid('action:abc', 'board-1')).toBe('action:abc@board-1.roundtable')
  })

  it('every export of a board with poisoned times and a CRLF action id is made, without that action', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'T', createdAt: 1 })
    const id = addAction(doc, { what: 'Honest', due: '2026-01-05', createdAt: 2 })
    doc.transact(() => {
      getMetaMap(doc).set('createdAt', 1e300)
      getActionsMap(doc).get(id)!.set('createdAt', 1e20)
      const injected = new Y.Map<unknown>()
      getActionsMap(doc).set('action:x\r\nURL:https://evil.example', injected)
      injected.set('due', '2026-01-06')
    })
    const skipped: string[] = []
    const summary = buildSummary(doc, { boardId: 'b', exportedAt: 0, onInvalid: (kind) => skipped.push(kind) })
    expect(summary.actions.map((a) => a.what)).toEqual(['Honest'])
    expect(skipped).toEqual(expect.arrayContaining(['action', 'action.createdAt', 'meta.createdAt']))
    for (const format of EXPORT_FORMATS) expect(renderExport(summary, format).body).not.toContain('evil.example')
  })
})
