import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction, listActions, updateAction } from './actions'
import { addIdea, getIdea, listIdeas, updateIdea } from './ideas'
import { initBoardDoc } from './board'
import { deleteRecord } from './records'
import { restoreBoard } from './restore'

function copy(doc: Y.Doc): Y.Doc {
  const out = new Y.Doc()
  Y.applyUpdate(out, Y.encodeStateAsUpdate(doc))
  return out
}

describe('restoring a kept version', () => {
  it('brings back deleted ideas and actions, removes later ones, and undoes edits', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'T', createdAt: 1 })
    const ideas = [addIdea(doc, { text: 'one' }), addIdea(doc, { text: 'two' })]
    const actionId = addAction(doc, { what: 'Fit a ramp', createdAt: 1 })
    const version = copy(doc)

    for (const id of ideas) deleteRecord(doc, id)
    addIdea(doc, { text: 'later' })
    updateAction(doc, actionId, { what: 'Something else', who: 'Sam' })
    restoreBoard(doc, version)

    expect(
      listIdeas(doc)
        .map((i) => i.text)
        .sort(),
    ).toEqual(['one', 'two'])
    expect(listActions(doc)).toEqual([expect.objectContaining({ id: actionId, what: 'Fit a ramp', who: '' })])
  })

  it('is itself a change that another restore can undo', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'T', createdAt: 1 })
    const id = addIdea(doc, { text: 'first words' })
    const old = copy(doc)
    updateIdea(doc, id, { text: 'newer words' })
    const beforeRestore = copy(doc)
    restoreBoard(doc, old)
    expect(getIdea(doc, id)!.text).toBe('first words')
    restoreBoard(doc, beforeRestore)
    expect(getIdea(doc, id)!.text).toBe('newer words')
  })
})
