import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction } from '../actions'
import { initBoardDoc } from '../board'
import { addIdea } from '../ideas'
import { getRecordsMap } from '../layout'
import { putRecord } from '../records'
import { writeActionState, writeRound } from '../session'
import { summaryToMarkdown } from './markdown'
import { buildSummary } from './summary'

function markdownOf(build: (doc: Y.Doc, pageId: string) => void): string {
  const doc = new Y.Doc()
  const { pageId } = initBoardDoc(doc, { title: 'Review *draft*', createdAt: Date.UTC(2025, 2, 3) })
  build(doc, pageId)
  return summaryToMarkdown(buildSummary(doc, { boardId: 'board-0000000001', exportedAt: Date.UTC(2025, 2, 4) }))
}

describe('summaryToMarkdown', () => {
  it('puts what was agreed first, grouped by status, commitments before suggestions', () => {
    const md = markdownOf((doc) => {
      const a = addAction(doc, { what: 'Suggested thing', createdAt: 1 })
      const b = addAction(doc, {
        what: 'Agreed thing',
        who: 'Sam',
        due: '2025-04-01',
        note: 'done: fitted in March',
        createdAt: 2,
      })
      writeActionState(doc, b, { status: 'agreed', updatedAt: 5, agree: 0, concern: 0, agreedBy: [], concerns: [] })
      void a
    })
    expect(md.startsWith('# Review \\*draft\\*\n\nSession started 3 March 2025.')).toBe(true)
    expect(md.indexOf('## What we agreed')).toBeLessThan(md.indexOf('## Ideas and votes'))
    expect(md.indexOf('### Agreed (1)')).toBeLessThan(md.indexOf('### Suggested, not agreed yet (1)'))
    expect(md).toContain('- **Agreed thing**\\\n  Who: Sam · By 1 April 2025\\\n  Note: done: fitted in March\n')
  })

  it('shows ties as ties and keeps people’s text from turning into Markdown', () => {
    const md = markdownOf((doc, pageId) => {
      const one = addIdea(doc, { text: '# not a heading', x: 0, y: 0 })
      const two = addIdea(doc, { text: '1. not a list\n- nor this', x: 300, y: 0 })
      addIdea(doc, { text: '> no quote <b>', x: 600, y: 0 })
      writeRound(doc, {
        id: 'round:1',
        pageId,
        status: 'closed',
        dotsPerPerson: 3,
        maxPerIdea: null,
        hidden: false,
        revealed: false,
        startedAt: 1,
        endsAt: null,
        closedAt: Date.UTC(2025, 2, 3),
        voters: 2,
        abstained: 0,
        dotsCast: 4,
        tallies: { [one]: 2, [two]: 2 },
      })
    })
    expect(md).toContain('- **=1** · # not a heading (2 dots, tied)')
    expect(md).toContain('- **=1** · 1. not a list\\\n  \\- nor this (2 dots, tied)')
    expect(md).toContain('- \\> no quote \\<b\\>\n')
  })

  it('numbers ideas by their place in the whole vote, not within their frame', () => {
    const md = markdownOf((doc, pageId) => {
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
      const top = addIdea(doc, { text: 'Quiet room', x: 1000, y: 0 })
      const other = addIdea(doc, { text: 'Bigger signs', x: 1000, y: 300 })
      writeRound(doc, {
        id: 'round:1',
        pageId,
        status: 'closed',
        dotsPerPerson: 3,
        maxPerIdea: null,
        hidden: false,
        revealed: false,
        startedAt: 1,
        endsAt: null,
        closedAt: 2,
        voters: 3,
        abstained: 0,
        dotsCast: 7,
        tallies: { [top]: 3, [framed]: 2, [other]: 2 },
      })
    })
    expect(md).toContain('#### Getting in\n\n- **=2** · Ramp (2 dots, tied)')
    expect(md).toContain('- **1** · Quiet room (3 dots)')
  })
})
