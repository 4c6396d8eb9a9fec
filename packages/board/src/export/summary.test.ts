import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction } from '../actions'
import { initBoardDoc } from '../board'
import { addIdea, listPages } from '../ideas'
import { getRecordsMap } from '../layout'
import { putRecord } from '../records'
import { writeActionState, writeRound, type PublishedRound } from '../session'
import { buildSummary } from './summary'

function round(r: Partial<PublishedRound> & Pick<PublishedRound, 'id' | 'pageId' | 'tallies'>): PublishedRound {
  return {
    status: 'closed',
    dotsPerPerson: 3,
    maxPerIdea: null,
    hidden: false,
    revealed: false,
    startedAt: 1,
    endsAt: null,
    closedAt: 2,
    voters: 1,
    abstained: 0,
    dotsCast: 3,
    ...r,
  }
}

function session() {
  const doc = new Y.Doc()
  const { pageId } = initBoardDoc(doc, { title: 'Review', createdAt: Date.UTC(2025, 0, 2) })
  putRecord(doc, {
    id: 'shape:frame',
    typeName: 'shape',
    type: 'frame',
    parentId: pageId,
    index: 'a0',
    x: 0,
    y: 0,
    props: { name: 'Getting in', w: 800, h: 400 },
  })
  const framed = addIdea(doc, { text: 'Ramp', x: 10, y: 10 })
  getRecordsMap(doc).get(framed)!.set('parentId', 'shape:frame')
  const loose = addIdea(doc, { text: 'Bigger signs', x: 1000, y: 0 })
  const quiet = addIdea(doc, { text: 'Quiet room', x: 1000, y: 300 })
  return { doc, pageId, framed, loose, quiet }
}

describe('buildSummary', () => {
  it('groups ideas by board and frame, most dots first, with ideas outside frames last', () => {
    const { doc, pageId, framed, loose, quiet } = session()
    writeRound(doc, round({ id: 'round:a', pageId, tallies: { [loose]: 1, [quiet]: 2 } }))
    const summary = buildSummary(doc, { boardId: 'board-0000000001', exportedAt: Date.UTC(2025, 0, 3) })
    expect(summary.board).toEqual({
      id: 'board-0000000001',
      title: 'Review',
      createdAt: '2025-01-02T00:00:00.000Z',
      exportedAt: '2025-01-03T00:00:00.000Z',
    })
    const clusters = summary.boards[0]!.clusters
    expect(clusters.map((c) => c.title)).toEqual(['Getting in', null])
    expect(clusters[0]!.ideas.map((i) => i.id)).toEqual([framed])
    expect(clusters[1]!.ideas.map((i) => [i.text, i.totalDots])).toEqual([
      ['Quiet room', 2],
      ['Bigger signs', 1],
    ])
    expect(summary.boards[0]!.id).toBe(listPages(doc)[0]!.id)
  })

  it('ranks ideas over the whole board, not within each frame (joint 2nd overall is =2 in its frame)', () => {
    const { doc, pageId, framed, loose, quiet } = session()
    writeRound(doc, round({ id: 'round:a', pageId, tallies: { [quiet]: 3, [framed]: 2, [loose]: 2 } }))
    const summary = buildSummary(doc, { boardId: 'board-0000000001', exportedAt: 0 })
    const ideas = new Map(summary.boards[0]!.clusters.flatMap((c) => c.ideas).map((i) => [i.id, [i.rank, i.tied]]))
    expect(ideas.get(framed)).toEqual([2, true])
    expect(ideas.get(quiet)).toEqual([1, false])
    expect(ideas.get(loose)).toEqual([2, true])
  })

  it('never carries the numbers of a hidden round that was not revealed', () => {
    const { doc, pageId, loose } = session()
    // Tallies are not published while hidden; planted here to prove the summary would drop them anyway.
    writeRound(doc, round({ id: 'round:hidden', pageId, hidden: true, revealed: false, tallies: { [loose]: 4141 } }))
    writeRound(
      doc,
      round({ id: 'round:shown', pageId, hidden: true, revealed: true, startedAt: 5, tallies: { [loose]: 2 } }),
    )
    const summary = buildSummary(doc, { boardId: 'board-0000000001', exportedAt: 0 })
    expect(summary.rounds.map((r) => [r.number, r.resultsVisible, r.results?.length ?? null])).toEqual([
      [1, false, null],
      [2, true, 1],
    ])
    // Record ids are random, so look for the planted number as a JSON value, not as any substring.
    expect(JSON.stringify(summary)).not.toMatch(/[:\[,]4141[,}\]]/)
    const idea = summary.boards[0]!.clusters.flatMap((c) => c.ideas).find((i) => i.id === loose)!
    expect(idea.dotsByRound).toEqual({ 'round:shown': 2 })
  })

  it('gives each action its status, note, owner, date and the idea it came from with its dots', () => {
    const { doc, pageId, loose } = session()
    writeRound(doc, round({ id: 'round:a', pageId, tallies: { [loose]: 3 } }))
    const id = addAction(doc, {
      what: 'Order signs',
      who: 'Sam',
      due: '2025-02-01',
      ideaId: loose,
      note: 'ordered',
      createdAt: 10,
    })
    writeActionState(doc, id, {
      status: 'in-progress',
      updatedAt: Date.UTC(2025, 0, 5),
      agree: 2,
      concern: 1,
      agreedBy: ['A', 'B'],
      concerns: [{ name: null, note: 'cost' }],
    })
    const orphan = addAction(doc, { what: 'Ask again', ideaId: 'shape:gone', createdAt: 11 })
    const [first, second] = buildSummary(doc, { boardId: 'board-0000000001', exportedAt: 0 }).actions
    expect(first).toEqual({
      id,
      what: 'Order signs',
      who: 'Sam',
      due: '2025-02-01',
      status: 'in-progress',
      statusChangedAt: '2025-01-05T00:00:00.000Z',
      note: 'ordered',
      createdAt: '1970-01-01T00:00:00.010Z',
      idea: { id: loose, text: 'Bigger signs', dots: 3 },
      agree: 2,
      concern: 1,
      agreedBy: ['A', 'B'],
      concerns: [{ name: null, note: 'cost' }],
    })
    expect(second).toMatchObject({
      id: orphan,
      status: 'proposed',
      statusChangedAt: null,
      idea: { id: 'shape:gone', text: null, dots: 0 },
    })
  })
})
