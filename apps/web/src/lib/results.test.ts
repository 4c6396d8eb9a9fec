import { describe, expect, it } from 'vitest'
import type { PublishedRound } from '@roundtable/board'
import { ideasWithoutDots, latestDotsFor, ordinal, rankLabel, resultLines, resultsVisible } from './results'

const round = (patch: Partial<PublishedRound>): PublishedRound => ({
  id: 'round:1',
  pageId: 'page:1',
  status: 'closed',
  dotsPerPerson: 3,
  maxPerIdea: null,
  hidden: true,
  revealed: true,
  startedAt: 1,
  endsAt: null,
  closedAt: 2,
  voters: 2,
  abstained: 0,
  dotsCast: 6,
  tallies: {},
  ...patch,
})

describe('results', () => {
  it('ranks ideas by dots and shows equal dots as a tie', () => {
    const texts: Record<string, string> = {
      'shape:a': 'Ramp',
      'shape:b': 'Bus',
      'shape:c': 'Cafe',
      'shape:d': 'Quiet room',
    }
    const lines = resultLines(
      { 'shape:a': 2, 'shape:b': 5, 'shape:c': 2, 'shape:d': 1, 'shape:e': 0 },
      (id) => texts[id] ?? null,
    )
    expect(lines.map((l) => [l.rankLabel, l.text, l.dots])).toEqual([
      ['1', 'Bus', 5],
      ['=2', 'Ramp', 2],
      ['=2', 'Cafe', 2],
      ['4', 'Quiet room', 1],
    ])
  })

  it('says which ideas got no dots and names ranks for screen readers', () => {
    expect(ideasWithoutDots(['a', 'b', 'c'], { a: 1, b: 0 })).toBe(2)
    expect(rankLabel(3, false)).toBe('3')
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
    ])
  })

  it('only shows per-idea numbers once they are visible to everyone', () => {
    expect(resultsVisible(round({ hidden: true, revealed: false, tallies: null }))).toBe(false)
    expect(resultsVisible(round({ hidden: true, revealed: true }))).toBe(true)
    expect(resultsVisible(round({ hidden: false, revealed: false, status: 'open' }))).toBe(true)
  })

  it('finds the dots an idea got in the newest visible vote', () => {
    const rounds = [
      round({ id: 'r1', tallies: { 'shape:a': 4 } }),
      round({ id: 'r2', tallies: { 'shape:a': 1 } }),
      round({ id: 'r3', hidden: true, revealed: false, tallies: null }),
    ]
    expect(latestDotsFor(rounds, 'shape:a')).toBe(1)
    expect(latestDotsFor(rounds, 'shape:z')).toBeNull()
  })
})
