import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addIdea, getIdea, initBoardDoc, listIdeas, updateIdea } from './index'
import { patchRecord, putRecord, readRecord } from './records'
import { applyTextChange, applyTextEdit } from './textDiff'
import { plainToRichText } from './richText'

/** Two replicas of one board, kept apart until `sync()` exchanges their updates both ways. */
function twoReplicas() {
  const a = new Y.Doc()
  initBoardDoc(a, { title: 'Test', createdAt: 1 })
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

describe('concurrent changes to one idea', () => {
  it('keeps a move by one person and a text edit by another', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: 'Ramp at the front door' })
    sync()
    const onA = readRecord(a, id)!
    putRecord(a, { ...onA, x: 500, y: 640 })
    const onB = readRecord(b, id)!
    putRecord(b, { ...onB, props: { ...(onB.props as object), richText: plainToRichText('Ramp at the back door') } })
    sync()
    for (const doc of [a, b]) {
      const idea = getIdea(doc, id)!
      expect(idea.text).toBe('Ramp at the back door')
      expect([idea.x, idea.y]).toEqual([500, 640])
    }
  })

  it('keeps a move by one person and a colour change by another', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: 'Quiet room' })
    sync()
    putRecord(a, { ...readRecord(a, id)!, x: 10 })
    updateIdea(b, id, { colour: 'green' })
    sync()
    expect(getIdea(a, id)).toMatchObject({ x: 10, colour: 'green' })
    expect(getIdea(b, id)).toMatchObject({ x: 10, colour: 'green' })
  })

  it('keeps both people’s words when they type in the same idea at once', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: 'Transport to the day centre' })
    sync()
    updateIdea(a, id, { text: 'Free transport to the day centre' })
    updateIdea(b, id, { text: 'Transport to the day centre on Sundays' })
    sync()
    expect(getIdea(a, id)!.text).toBe('Free transport to the day centre on Sundays')
    expect(getIdea(b, id)!.text).toBe(getIdea(a, id)!.text)
  })

  it('keeps emoji and non-Latin text whole when edited next to each other', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: '👍🏽 مرحبا' })
    sync()
    updateIdea(a, id, { text: '👍🏽👍🏽 مرحبا' })
    updateIdea(b, id, { text: '👍🏽 مرحبا بكم' })
    sync()
    expect(getIdea(a, id)!.text).toBe('👍🏽👍🏽 مرحبا بكم')
  })
})

describe('ideas', () => {
  it('creates, reads and updates ideas without a browser', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'Day services', createdAt: 1 })
    const id = addIdea(doc, { text: 'Line one\nLine two', colour: 'blue' })
    expect(listIdeas(doc)).toEqual([
      expect.objectContaining({
        id,
        text: 'Line one\nLine two',
        colour: 'blue',
        pageName: 'Board 1',
        frameTitle: null,
      }),
    ])
    expect(updateIdea(doc, id, { text: 'Changed' })).toBe(true)
    expect(getIdea(doc, id)!.text).toBe('Changed')
    expect(updateIdea(doc, 'shape:missing', { text: 'x' })).toBe(false)
  })

  it('places new ideas in free spots, never on top of each other', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'T', createdAt: 1 })
    const ids = Array.from({ length: 20 }, (_, i) => addIdea(doc, { text: `idea ${i}` }))
    const spots = new Set(ids.map((id) => `${getIdea(doc, id)!.x},${getIdea(doc, id)!.y}`))
    expect(spots.size).toBe(20)
  })

  it('gives each new idea a tldraw index above the others on its page', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'T', createdAt: 1 })
    const first = readRecord(doc, addIdea(doc, { text: 'a' }))!
    const second = readRecord(doc, addIdea(doc, { text: 'b' }))!
    expect(String(second.index) > String(first.index)).toBe(true)
  })

  it('names the frame an idea sits in', () => {
    const doc = new Y.Doc()
    const { pageId } = initBoardDoc(doc, { title: 'T', createdAt: 1 })
    putRecord(doc, {
      id: 'shape:frame1',
      typeName: 'shape',
      type: 'frame',
      parentId: pageId,
      index: 'a1',
      x: 0,
      y: 0,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: {},
      props: { w: 800, h: 600, name: 'Transport', color: 'black' },
    })
    const id = addIdea(doc, { text: 'Buses', x: 0, y: 0 })
    putRecord(doc, { ...readRecord(doc, id)!, parentId: 'shape:frame1' })
    expect(getIdea(doc, id)).toMatchObject({ frameId: 'shape:frame1', frameTitle: 'Transport', pageId })
  })
})

describe('writing one person’s change while others’ changes are still arriving', () => {
  it('does not write back fields the change did not touch (a stale snapshot never reverts a colour)', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: 'Bench' })
    sync()
    const before = readRecord(a, id)!
    const afterMove = { ...before, x: 300 }
    // B recolours; A's move is written only after B's change has arrived.
    updateIdea(b, id, { colour: 'red' })
    sync()
    patchRecord(a, before, afterMove)
    sync()
    expect(getIdea(a, id)).toMatchObject({ x: 300, colour: 'red' })
    expect(getIdea(b, id)).toMatchObject({ x: 300, colour: 'red' })
  })

  it('replays a typed character after someone else’s words arrived first', () => {
    const { a, b, sync } = twoReplicas()
    const id = addIdea(a, { text: 'ramp' })
    sync()
    const before = readRecord(a, id)!
    updateIdea(b, id, { text: 'a ramp' })
    sync()
    const typed = { ...before, props: { ...(before.props as object), richText: plainToRichText('ramps') } }
    patchRecord(a, before, typed)
    sync()
    expect(getIdea(a, id)!.text).toBe('a ramps')
    expect(getIdea(b, id)!.text).toBe('a ramps')
  })
})

describe('applyTextEdit', () => {
  const edit = (base: string, theirs: string, before: string, after: string) => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, base)
    applyTextChange(text, theirs)
    applyTextEdit(text, before, after)
    return text.toString()
  }
  it('shifts my edit past their insertion before it, keeps it in place when theirs is after', () => {
    expect(edit('hello world', 'oh hello world', 'hello world', 'hello big world')).toBe('oh hello big world')
    expect(edit('hello world', 'hello world!!', 'hello world', 'hello, world')).toBe('hello, world!!')
  })
  it('lets my version win where the two edits overlap', () => {
    expect(edit('hello world', 'hello there', 'hello world', 'hello planet')).toBe('hello planet')
  })
})
