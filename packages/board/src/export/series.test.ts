import { describe, expect, it } from 'vitest'
import { MAX_SERIES_ACTIONS } from '../series'
import { buildSeriesSummary, seriesToMarkdown } from './series'
import type { SessionSummary, SummaryAction } from './summary'

const action = (id: string, extra: Partial<SummaryAction> = {}): SummaryAction => ({
  id,
  what: `Action ${id}`,
  who: 'Jo',
  due: null,
  status: 'agreed',
  statusChangedAt: null,
  note: '',
  createdAt: '2027-01-01T10:00:00.000Z',
  idea: null,
  agree: 0,
  concern: 0,
  agreedBy: [],
  concerns: [],
  ...extra,
})

const session = (
  id: string,
  actions: SummaryAction[],
  evidence: SessionSummary['evidence'] = null,
): SessionSummary => ({
  schemaVersion: 1,
  board: {
    id,
    title: `Session ${id}`,
    createdAt: '2027-01-01T10:00:00.000Z',
    exportedAt: `2027-0${id}-02T10:00:00.000Z`,
  },
  boards: [],
  rounds: [],
  actions,
  evidence,
})

describe('the series summary', () => {
  it('numbers sessions in order, says where an action was marked done, and stamps the latest change', () => {
    const done = action('a1', {
      status: 'done',
      outcome: { note: 'Fitted', at: '2027-03-02T10:00:00.000Z', boardId: '3' },
    })
    const summary = buildSeriesSummary({ id: 's', name: 'Forum', createdAt: 0 }, [
      session('1', [done]),
      session('2', []),
      session('3', []),
    ])
    expect(summary.sessions.map((s) => s.number)).toEqual([1, 2, 3])
    expect(summary.sessions[0]!.actions[0]!.outcome).toMatchObject({ note: 'Fitted', sessionNumber: 3 })
    expect(summary.series.exportedAt).toBe('2027-03-02T10:00:00.000Z')
    const md = seriesToMarkdown(summary)
    expect(md).toContain('## Session 1: Session 1 (1 January 2027)')
    expect(md).toContain('What happened: Fitted (2 March 2027)\\\n  Marked done in session 3')
  })

  it('lists at most MAX_SERIES_ACTIONS actions, earliest sessions first, and counts the rest', () => {
    const many = Array.from({ length: MAX_SERIES_ACTIONS }, (_, i) => action(`x${i}`))
    const summary = buildSeriesSummary({ id: 's', name: 'Forum', createdAt: 0 }, [
      session('1', many),
      session('2', [action('late1'), action('late2')]),
    ])
    expect(summary.sessions[0]!.actions).toHaveLength(MAX_SERIES_ACTIONS)
    expect(summary.sessions[1]!.actions).toHaveLength(0)
    expect(summary.omittedActions).toBe(2)
  })

  it('adds up each session’s figures by group; a hidden count stays hidden', () => {
    const figures = { ideas: 2, dots: 3, agreements: 1, agreedActions: 0 }
    const summary = buildSeriesSummary({ id: 's', name: 'Forum', createdAt: 0 }, [
      session('1', [], { threshold: 3, groups: [{ label: 'Carers', people: 3, ...figures }], others: null }),
      session('2', [], {
        threshold: 4,
        groups: [{ label: 'Carers', people: 5, ...figures }],
        others: { people: null, ...figures },
      }),
      session('3', []),
    ])
    expect(summary.evidence).toEqual({
      threshold: 4,
      sessionsCounted: 2,
      groups: [{ label: 'Carers', people: 8, ideas: 4, dots: 6, agreements: 2, agreedActions: 0 }],
      others: { people: null, ...figures },
    })
  })
})
