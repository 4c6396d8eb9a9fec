import { describe, expect, it } from 'vitest'
import { medianOf } from '../src/stats'

describe('medianOf', () => {
  it('takes the median of every number over the rounds, keeping the shape', () => {
    const rounds = [
      { clients: 100, deliveries: { allSeen: { p50: 4.1, p99: 30 }, received: 19_800 }, note: 'a', sizes: [1] },
      { clients: 100, deliveries: { allSeen: { p50: 9.9, p99: 8 }, received: 19_800 }, note: 'b', sizes: [2] },
      { clients: 100, deliveries: { allSeen: { p50: 4.3, p99: 9 }, received: 19_700 }, note: 'c', sizes: [3] },
    ]
    expect(medianOf(rounds)).toEqual({
      clients: 100,
      // Each figure on its own: the disturbed round moves neither.
      deliveries: { allSeen: { p50: 4.3, p99: 9 }, received: 19_800 },
      note: 'a',
      sizes: [1],
    })
  })

  it('averages the middle two of an even count and leaves nulls out', () => {
    expect(medianOf([{ p: 1 }, { p: 4 }, { p: null }, { p: 2 }])).toEqual({ p: 2 })
    expect(medianOf([{ p: 1 }, { p: 4 }])).toEqual({ p: 2.5 })
    expect(medianOf([{ p: null }, { p: null }])).toEqual({ p: null })
  })
})
