import { describe, expect, it } from 'vitest'
import { neutraliseCell } from './csv'

describe('neutraliseCell', () => {
  it('prefixes an apostrophe to anything a spreadsheet would take for a formula (OWASP)', () => {
    for (const cell of ['=SUM(A1)', '+1', '-5', '@x', '\tTab', '\rCR', '=', '-'])
      expect(neutraliseCell(cell)).toBe(`'${cell}`)
  })
  it('leaves everything else exactly as written', () => {
    for (const cell of ['', 'Ramp', ' =not first', 'a=b', '5', "'quoted", 'مرحبا', '🦽', 'a\nb'])
      expect(neutraliseCell(cell)).toBe(cell)
  })
})
