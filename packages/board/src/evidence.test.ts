import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAction } from './actions'
import { initBoardDoc } from './board'
import {
  aggregateEvidence,
  cleanEvidenceGroups,
  DEFAULT_EVIDENCE,
  RATHER_NOT_SAY,
  type EvidenceBoard,
  type EvidenceFacts,
} from './evidence'
import { summaryToMarkdown } from './export/markdown'
import { buildSummary } from './export/summary'
import { addIdea } from './ideas'
import { readSettings, writeActionState, writeRound, writeSession } from './session'

const settings = { ask: true, groups: ['Care', 'Carer', 'Staff'], threshold: 3 }

/** People p1…pN answering with the given group. */
function answers(group: string, ...ids: number[]) {
  return ids.map((n) => ({ personId: `p${n}`, group }))
}

function facts(partial: Partial<EvidenceFacts>): EvidenceFacts {
  return { answers: [], ideaAuthors: [], dots: [], agreements: [], ...partial }
}

const board = (partial: Partial<EvidenceBoard> = {}): EvidenceBoard => ({
  ideaIds: new Set(['i1', 'i2', 'i3', 'i4']),
  visibleRounds: new Set(['r1']),
  actions: [],
  ...partial,
})

/** An action on the board, not agreed, that people can say "I agree" to. */
const A0 = { id: 'a0', agreed: false, ideaId: null }

/** People p1…pN saying "I agree" to action a0: a contribution, so they count as people. */
function agreeing(...ids: number[]) {
  return ids.map((n) => ({ actionId: 'a0', voter: `p${n}` }))
}

describe('aggregateEvidence', () => {
  // Regression: an answer alone counted as a person, so two minted people answering a group beside one real
  // contributor passed a threshold of three, and the group's figures were that one person's.
  it('does not count people who only answered towards the threshold', () => {
    const result = aggregateEvidence(
      facts({ answers: answers('Carer', 1, 2, 3), ideaAuthors: [{ ideaId: 'i1', personId: 'p1' }] }),
      board({ ideaIds: new Set(['i1']) }),
      settings,
    )
    expect(result.groups).toEqual([])
    expect(result.others).toEqual({ people: null, ideas: 1, dots: 0, agreements: 0, agreedActions: 0 })
  })

  it('adds up ideas, dots and agreements by group', () => {
    const result = aggregateEvidence(
      facts({
        answers: [...answers('Care', 1, 2, 3), ...answers('Staff', 4, 5, 6)],
        ideaAuthors: [
          { ideaId: 'i1', personId: 'p1' },
          { ideaId: 'i2', personId: 'p2' },
          { ideaId: 'i3', personId: 'p4' },
        ],
        dots: [
          { roundId: 'r1', voter: 'p1', ideaId: 'i3', dots: 2 },
          { roundId: 'r1', voter: 'p5', ideaId: 'i1', dots: 3 },
          { roundId: 'hidden', voter: 'p6', ideaId: 'i1', dots: 3 },
        ],
        agreements: [
          { actionId: 'a1', voter: 'p1' },
          { actionId: 'a1', voter: 'p4' },
          { actionId: 'a1', voter: 'p5' },
          { actionId: 'gone', voter: 'p2' },
          { actionId: 'a2', voter: 'p3' },
          { actionId: 'a2', voter: 'p6' },
        ],
      }),
      board({
        actions: [
          { id: 'a1', agreed: true, ideaId: 'i1' },
          { id: 'a2', agreed: false, ideaId: 'i3' },
          { id: 'a3', agreed: true, ideaId: 'i2' },
        ],
      }),
      settings,
    )
    expect(result).toEqual({
      threshold: 3,
      groups: [
        { label: 'Care', people: 3, ideas: 2, dots: 2, agreements: 2, agreedActions: 2 },
        { label: 'Staff', people: 3, ideas: 1, dots: 3, agreements: 3, agreedActions: 0 },
      ],
      // i4 has no known author: it is counted, but under nobody.
      others: { people: null, ideas: 1, dots: 0, agreements: 0, agreedActions: 0 },
    })
  })

  it('counts a group smaller than the threshold under everyone else', () => {
    const result = aggregateEvidence(
      facts({
        answers: [...answers('Care', 1, 2, 3), ...answers('Carer', 4, 5), ...answers(RATHER_NOT_SAY, 6)],
        ideaAuthors: [
          { ideaId: 'i1', personId: 'p4' },
          { ideaId: 'i2', personId: 'p1' },
        ],
        agreements: agreeing(2, 3, 5, 6),
      }),
      board({ ideaIds: new Set(['i1', 'i2']), actions: [A0] }),
      settings,
    )
    expect(result.groups.map((g) => g.label)).toEqual(['Care'])
    expect(result.others).toEqual({ people: 3, ideas: 1, dots: 0, agreements: 2, agreedActions: 0 })
  })

  it('also folds in the smallest group when everyone else would be one or two people, who subtraction would find', () => {
    // Care 4, Staff 3, and one person who would rather not say: showing both groups would give that one person's
    // figures away (board totals minus the two groups). Staff, the smaller group, is folded in with them.
    const result = aggregateEvidence(
      facts({
        answers: [...answers('Care', 1, 2, 3, 4), ...answers('Staff', 5, 6, 7), ...answers(RATHER_NOT_SAY, 8)],
        ideaAuthors: [
          { ideaId: 'i1', personId: 'p8' },
          { ideaId: 'i2', personId: 'p5' },
          { ideaId: 'i3', personId: 'p1' },
        ],
        agreements: agreeing(2, 3, 4, 6, 7),
      }),
      board({ ideaIds: new Set(['i1', 'i2', 'i3']), actions: [A0] }),
      settings,
    )
    expect(result.groups.map((g) => [g.label, g.people, g.ideas])).toEqual([['Care', 4, 1]])
    expect(result.others).toEqual({ people: 4, ideas: 2, dots: 0, agreements: 2, agreedActions: 0 })
  })

  it('counts someone who contributed without answering, and answers no longer offered, as everyone else', () => {
    const result = aggregateEvidence(
      facts({
        answers: [...answers('Care', 1, 2, 3), ...answers('A group since removed', 4)],
        dots: [
          { roundId: 'r1', voter: 'p4', ideaId: 'i1', dots: 1 },
          { roundId: 'r1', voter: 'p9', ideaId: 'i1', dots: 1 },
          { roundId: 'r1', voter: 'p10', ideaId: 'i1', dots: 1 },
        ],
        agreements: agreeing(1, 2, 3),
      }),
      board({ ideaIds: new Set(), actions: [A0] }),
      settings,
    )
    expect(result.groups.map((g) => g.label)).toEqual(['Care'])
    expect(result.others).toEqual({ people: 3, ideas: 0, dots: 3, agreements: 0, agreedActions: 0 })
  })

  it('shows no group at all when every group is too small, and never a person', () => {
    const result = aggregateEvidence(
      facts({
        answers: [...answers('Care', 1), ...answers('Staff', 2)],
        ideaAuthors: [{ ideaId: 'i1', personId: 'p1' }],
      }),
      board({ ideaIds: new Set(['i1']) }),
      settings,
    )
    expect(result.groups).toEqual([])
    expect(result.others).toEqual({ people: null, ideas: 1, dots: 0, agreements: 0, agreedActions: 0 })
    expect(JSON.stringify(result)).not.toMatch(/"p\d+"/)
  })

  it('says nothing when nobody took part', () => {
    expect(aggregateEvidence(facts({}), board({ ideaIds: new Set() }), settings)).toEqual({
      threshold: 3,
      groups: [],
      others: null,
    })
  })

  it('tidies a typed list of groups', () => {
    expect(cleanEvidenceGroups(['  Care  ', 'care', '', 'Staff\tmembers', ' '])).toEqual(['Care', 'Staff members'])
  })
})

describe('evidence in the summary', () => {
  function sessionWithEvidence(extra: Partial<typeof settings> & { anonymous?: boolean } = {}) {
    const doc = new Y.Doc()
    const { pageId } = initBoardDoc(doc, { title: 'Review', createdAt: Date.UTC(2025, 0, 2) })
    const { anonymous = false, ...evidence } = extra
    writeSession(doc, 'settings', { ...readSettings(doc), anonymous, evidence: { ...settings, ...evidence } })
    const idea = addIdea(doc, { text: 'Ramp', x: 0, y: 0 })
    writeRound(doc, {
      id: 'r1',
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
      dotsCast: 3,
      tallies: { [idea]: 3 },
    })
    const action = addAction(doc, { what: 'Fit a ramp', ideaId: idea, createdAt: 3 })
    writeActionState(doc, action, { status: 'agreed', updatedAt: 4, agree: 3, concern: 0, agreedBy: [], concerns: [] })
    const known: EvidenceFacts = facts({
      answers: answers('Care', 1, 2, 3),
      ideaAuthors: [{ ideaId: idea, personId: 'p1' }],
      dots: [1, 2, 3].map((n) => ({ roundId: 'r1', voter: `p${n}`, ideaId: idea, dots: 1 })),
      agreements: [1, 2, 3].map((n) => ({ actionId: action, voter: `p${n}` })),
    })
    return { doc, known }
  }

  it('appears in the summary and the Markdown when the session asks', () => {
    const { doc, known } = sessionWithEvidence()
    const summary = buildSummary(doc, { boardId: 'board-0000000001', exportedAt: 0, evidence: known })
    expect(summary.evidence).toEqual({
      threshold: 3,
      groups: [{ label: 'Care', people: 3, ideas: 1, dots: 3, agreements: 3, agreedActions: 1 }],
      others: null,
    })
    const md = summaryToMarkdown(summary)
    expect(md).toContain('## Whose voices shaped this')
    expect(md).toContain('| Care | 3 | 1 | 3 | 3 | 1 |')
  })

  it('writes awkward group names safely into the Markdown table', () => {
    const md = summaryToMarkdown({
      ...buildSummary(new Y.Doc(), { boardId: 'board-0000000001', exportedAt: 0 }),
      evidence: {
        threshold: 4,
        groups: [
          {
            label: 'Carers | family 👩🏽‍🦽 *and* friends',
            people: 5,
            ideas: 2,
            dots: 0,
            agreements: 1,
            agreedActions: 0,
          },
          { label: 'مقدمو الرعاية', people: 4, ideas: 0, dots: 0, agreements: 0, agreedActions: 0 },
        ],
        others: { people: null, ideas: 1, dots: 2, agreements: 0, agreedActions: 0 },
      },
    })
    expect(md).toContain('| Carers \\| family 👩🏽‍🦽 \\*and\\* friends | 5 | 2 | 0 | 1 | 0 |')
    expect(md).toContain('| مقدمو الرعاية | 4 | 0 | 0 | 0 | 0 |')
    expect(md).toContain('| Everyone else | fewer than 4 | 1 | 2 | 0 | 0 |')
    expect(md).toContain('a group of fewer than 4 people')
  })

  it('is absent when the session does not ask, and in anonymous sessions', () => {
    const off = sessionWithEvidence({ ask: false })
    expect(
      buildSummary(off.doc, { boardId: 'board-0000000001', exportedAt: 0, evidence: off.known }).evidence,
    ).toBeNull()
    const anonymous = sessionWithEvidence({ anonymous: true })
    const summary = buildSummary(anonymous.doc, {
      boardId: 'board-0000000001',
      exportedAt: 0,
      evidence: anonymous.known,
    })
    expect(summary.evidence).toBeNull()
    expect(summaryToMarkdown(summary)).not.toContain('Whose voices')
  })

  it('defaults to not asking, with a list facilitators can change', () => {
    const doc = new Y.Doc()
    initBoardDoc(doc, { title: 'Review', createdAt: 0 })
    expect(readSettings(doc).evidence).toEqual(DEFAULT_EVIDENCE)
    expect(DEFAULT_EVIDENCE.ask).toBe(false)
  })
})
