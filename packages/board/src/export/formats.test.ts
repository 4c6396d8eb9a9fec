import { describe, expect, it } from 'vitest'
import { attachmentDisposition, exportFileNames, isExportFormat } from './formats'
import { dateInWords } from './words'

describe('export file names', () => {
  it('keeps an ASCII name for old clients and the title as written for the rest', () => {
    expect(exportFileNames('Café review: "access" & ramps', 'actions.csv')).toEqual({
      ascii: 'cafe-review-access-ramps-actions.csv',
      unicode: 'Café-review-access-ramps-actions.csv',
    })
    expect(exportFileNames('مراجعة', 'summary.md')).toEqual({
      ascii: 'roundtable-session-summary.md',
      unicode: 'مراجعة-summary.md',
    })
    expect(exportFileNames('../../etc/passwd', 'summary.json').unicode).toBe('etc-passwd-summary.json')
    expect(exportFileNames('  ', 'summary.json')).toEqual({
      ascii: 'roundtable-session-summary.json',
      unicode: 'roundtable-session-summary.json',
    })
  })

  it('writes a Content-Disposition with filename and a percent-encoded filename*', () => {
    expect(attachmentDisposition("Café (day) 'review'", 'actions.ics')).toBe(
      `attachment; filename="cafe-day-review-actions.ics"; filename*=UTF-8''Caf%C3%A9-day-review-actions.ics`,
    )
  })
})

describe('words', () => {
  it('writes dates the same way everywhere', () => {
    expect(dateInWords('2025-03-03')).toBe('3 March 2025')
    expect(dateInWords('2024-12-31T23:59:00.000Z')).toBe('31 December 2024')
    expect(isExportFormat('csv')).toBe(true)
    expect(isExportFormat('xlsx')).toBe(false)
  })
})
