import { describe, expect, it } from 'vitest'
import { dateInWords, placeWords } from './roomResults'

describe('results and dates as the room reads them', () => {
  it('says places as people do, ties as "Joint"', () => {
    expect(placeWords({ rank: 1, tied: false })).toBe('1st')
    expect(placeWords({ rank: 2, tied: true })).toBe('Joint 2nd')
    expect(placeWords({ rank: 13, tied: false })).toBe('13th')
  })
  it('writes dates in words, whatever the device time zone', () => {
    expect(dateInWords('2027-01-15')).toBe('15 January 2027')
    expect(dateInWords('2027-12-01')).toBe('1 December 2027')
    expect(dateInWords('soon')).toBe('soon')
  })
})
