import { describe, expect, it } from 'vitest'
import { fileNameFromDisposition } from './api'

describe('file names for downloads', () => {
  it('keeps the title as written from filename*, else the plain filename', () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="Caf-review-actions.csv"; filename*=UTF-8''Caf%C3%A9%20review-actions.csv`,
      ),
    ).toBe('Café review-actions.csv')
    expect(fileNameFromDisposition('attachment; filename="Day centre-summary.md"')).toBe('Day centre-summary.md')
    expect(fileNameFromDisposition('attachment; filename=plain.json')).toBe('plain.json')
    expect(fileNameFromDisposition('attachment')).toBeNull()
    expect(fileNameFromDisposition(null)).toBeNull()
  })
})
