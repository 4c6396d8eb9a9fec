import { describe, expect, it } from 'vitest'
import { NamedBuckets } from './sessionLimits'

describe('NamedBuckets', () => {
  it('gives each name a burst of perMinute, then one token per 60/perMinute seconds, and says how long to wait', () => {
    let now = 0
    const buckets = new NamedBuckets(120, 10_000, () => now)
    const taken = Array.from({ length: 1000 }, () => buckets.take('key')).filter((wait) => wait === 0).length
    expect(taken).toBe(120)
    expect(buckets.take('key')).toBe(500)
    expect(buckets.take('other')).toBe(0)
    now += 500
    expect(buckets.take('key')).toBe(0)
    expect(buckets.take('key')).toBeGreaterThan(0)
    now += 60_000
    expect(Array.from({ length: 200 }, () => buckets.take('key')).filter((wait) => wait === 0)).toHaveLength(120)
  })

  it('keeps at most maxNames names, forgetting full buckets first', () => {
    let now = 0
    const buckets = new NamedBuckets(2, 3, () => now)
    buckets.take('busy')
    buckets.take('busy')
    for (let i = 0; i < 100; i++) buckets.take(`address-${i}`)
    now += 1
    // However many names went by, a name that used its tokens may have been forgotten, never grown without end.
    expect((buckets as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(3)
  })
})
