import { describe, expect, it } from 'vitest'
import { ServerClock, combineRanges, estimateOffset, rangeFromResponse, rangeFromServerTimestamp } from './serverClock'

describe('server clock', () => {
  it('trusts the local clock when the evidence allows it', () => {
    // Server stamped 10 000 while the request was out between local 9 990 and 10 050: offset in [-50, 10].
    expect(estimateOffset(rangeFromResponse(10_000, 9_990, 10_050))).toBe(0)
  })

  it('corrects a device clock that is minutes behind', () => {
    const clock = new ServerClock(() => 1_000_000)
    // The server's Date header says 1 005 000 (whole seconds), for a request sent at 999 900.
    clock.sawDateHeader(new Date(1_005_000).toUTCString(), 999_900)
    expect(clock.offset()).toBe(5_000) // the nearest offset the header allows
    // A millisecond timestamp from the board narrows it: the server was at least 1 005 400 when we read it.
    clock.sawServerTimestamp(1_005_400)
    expect(clock.offset()).toBe(5_400)
    expect(clock.now()).toBe(1_005_400)
  })

  it('corrects a device clock that is ahead', () => {
    const clock = new ServerClock(() => 2_000_000)
    clock.sawResponseTimestamp(1_880_000, 1_999_900)
    expect(clock.offset()).toBe(1_880_000 - 1_999_900)
  })

  it('treats stale server timestamps as weak evidence only', () => {
    // A timer written an hour ago says nothing about the clock being behind.
    expect(estimateOffset(rangeFromServerTimestamp(1_000, 3_600_000))).toBe(0)
  })

  it('lets new evidence win when it contradicts the old (the device clock was changed)', () => {
    expect(combineRanges({ lo: 0, hi: 100 }, { lo: 60_000, hi: 61_000 })).toEqual({ lo: 60_000, hi: 61_000 })
    expect(combineRanges({ lo: 0, hi: 100 }, { lo: 50, hi: 200 })).toEqual({ lo: 50, hi: 100 })
  })

  it('ignores headers it cannot read', () => {
    const clock = new ServerClock(() => 5)
    clock.sawDateHeader(null, 0)
    clock.sawDateHeader('not a date', 0)
    expect(clock.offset()).toBe(0)
  })
})
