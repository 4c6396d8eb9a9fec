import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLSchema, type TLRecord } from '@tldraw/tlschema'
import { addIncomingIdea, addTemplateBoard, initBoardDoc, readAllRecords, TEMPLATES } from '@roundtable/board'

/**
 * Every record a template makes must be one tldraw 5.4 accepts as it is: a record with a missing or wrong prop
 * would throw on every browser that opens the board. Checked with tldraw's own schema (no editor, no DOM).
 */
const schema = createTLSchema()

function validate(record: TLRecord): void {
  // `validateRecord` needs a store only for custom validators, which the default schema does not have.
  schema.validateRecord(null as never, record, 'createRecord', null)
}

describe('templates against tldraw’s schema', () => {
  it.each(TEMPLATES.map((t) => t.id))('%s: every record is valid, and the first board stays blank', (id) => {
    const doc = new Y.Doc()
    const { pageId: firstPage } = initBoardDoc(doc, { title: 'Test', createdAt: 1 })
    const before = JSON.stringify(readAllRecords(doc))
    const { pageId } = addTemplateBoard(doc, id)
    const records = readAllRecords(doc)
    const added = records.filter(
      (r) =>
        r.id === pageId || r.parentId === pageId || records.some((p) => p.id === r.parentId && p.parentId === pageId),
    )
    expect(added.length).toBeGreaterThan(2)
    for (const record of added) expect(() => validate(record as unknown as TLRecord), record.id).not.toThrow()
    // The page and every shape made are on the new board; nothing was added to the first one.
    expect(records.filter((r) => r.typeName === 'shape' && r.parentId === firstPage)).toEqual([])
    expect(
      JSON.stringify(readAllRecords(doc).filter((r) => JSON.parse(before).some((b: { id: string }) => b.id === r.id))),
    ).toBe(before)
  })

  it('catches a record tldraw would refuse (so the check above means something)', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'Test', createdAt: 1 })
    const { pageId } = addTemplateBoard(doc, 'start-stop-continue')
    const frame = readAllRecords(doc).find((r) => r.type === 'frame' && r.parentId === pageId)!
    const broken = { ...frame, props: { ...(frame.props as object), w: 0 } }
    expect(() => validate(broken as unknown as TLRecord)).toThrow()
  })

  it('the "Incoming ideas" frame and the ideas phones put in it are valid too', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'Test', createdAt: 1 })
    const { frameId, ideaId } = addIncomingIdea(doc, { text: 'From a phone' })
    addIncomingIdea(doc, { text: 'Another\nwith two lines' })
    const made = readAllRecords(doc).filter((r) => r.id === frameId || r.parentId === frameId)
    expect(made.map((r) => r.id)).toContain(ideaId)
    for (const record of made) expect(() => validate(record as unknown as TLRecord), record.id).not.toThrow()
  })
})
