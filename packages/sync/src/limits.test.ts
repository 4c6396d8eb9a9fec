import { describe, expect, it } from 'vitest'
import { TokenBucket } from './limits'

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    let t = 0
    const bucket = new TokenBucket(10, 5, () => t)
    expect(Array.from({ length: 7 }, () => bucket.take())).toEqual([true, true, true, true, true, false, false])
    t += 100 // one token back
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    t += 10_000 // never more than the burst
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5)
  })
})
