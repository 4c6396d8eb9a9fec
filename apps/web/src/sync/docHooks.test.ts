import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addAction,
  readCarriedActions,
  readSeriesInfo,
  writeActionState,
  writeSeriesMirror,
  type CarriedAction,
} from '@roundtable/board'
import { readActionItems } from './docHooks'

const state = (status: 'agreed' | 'done', outcome?: { note: string; at: number; boardId: string }) => ({
  status,
  updatedAt: 5,
  agree: 1,
  concern: 0,
  agreedBy: ['Ben'],
  concerns: [],
  ...(outcome ? { outcome } : {}),
})

describe('actions as the Actions panel reads them', () => {
  it('carry what happened only while the action is done', () => {
    const doc = new Y.Doc()
    const done = addAction(doc, { what: 'Fit a ramp', ideaId: null, createdAt: 1 })
    const open = addAction(doc, { what: 'Book the hall', ideaId: null, createdAt: 2 })
    writeActionState(doc, done, state('done', { note: 'Fitted in March', at: 9, boardId: 'b3' }))
    // A note left over from before it was opened again is not shown as what happened.
    writeActionState(doc, open, { ...state('agreed'), outcome: { note: 'stale', at: 1, boardId: 'b1' } })
    const items = readActionItems(doc)
    expect(items.map((a) => [a.what, a.status, a.outcome?.note ?? null])).toEqual([
      ['Fit a ramp', 'done', 'Fitted in March'],
      ['Book the hall', 'agreed', null],
    ])
  })

  it('a session in a series reads its place and earlier actions from the series root', () => {
    const doc = new Y.Doc()
    expect(readSeriesInfo(doc)).toBeNull()
    expect(readCarriedActions(doc)).toEqual([])
    const carried: CarriedAction = {
      id: 'action:1',
      from: { boardId: 'b1', title: 'January meeting', number: 1, createdAt: 1 },
      what: 'Fit a ramp',
      who: 'Jo',
      due: null,
      note: '',
      createdAt: 1,
      status: 'in-progress',
      updatedAt: 3,
      agree: 2,
      concern: 0,
      agreedBy: ['Ben', 'Cara'],
      concerns: [],
      changedAt: null,
      outcome: null,
    }
    writeSeriesMirror(doc, { id: 's1', name: 'Forum', number: 2, count: 2, omitted: 0, sessions: [] }, [carried])
    expect(readSeriesInfo(doc)).toMatchObject({ name: 'Forum', number: 2 })
    expect(readCarriedActions(doc)).toEqual([carried])
    // Nothing of it is one of this session's own actions.
    expect(readActionItems(doc)).toEqual([])
  })
})
