import { describe, expect, it } from 'vitest'
import { closeReason, CloseEvents } from './closeCodes'
import { changeRefusal, ChangeRefusals, Errors, readErrorBody, refusalCode } from './errors'

describe('the error vocabulary', () => {
  it('gives every HTTP error a unique machine code, a status and plain words', () => {
    const codes = Object.values(Errors).map((e) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const error of Object.values(Errors)) {
      expect(error.code).toMatch(/^[a-z]+\.[a-z_]+$/)
      expect(error.status >= 400 && error.status <= 599).toBe(true)
      expect(error.words).toMatch(/^[A-Z].*\.$/)
    }
  })

  it('keeps change refusal codes unique and apart from every other code', () => {
    const refusals = Object.values(ChangeRefusals).map((r) => r.code)
    const others = [...Object.values(Errors).map((e) => e.code), ...Object.values(CloseEvents).map((e) => e.reason)]
    expect(new Set(refusals).size).toBe(refusals.length)
    for (const code of refusals) expect(others).not.toContain(code)
  })

  it('reads the refusal code back out of a close reason, and nothing out of words alone', () => {
    const reason = closeReason('ChangeRefused', changeRefusal('Locked'))
    expect(reason).toBe('change.refused: change.locked: This board is locked.')
    expect(refusalCode(reason)).toBe('change.locked')
    expect(refusalCode(closeReason('ChangeRefused', changeRefusal('Anonymous', 'no authors here')))).toBe(
      'change.anonymous',
    )
    expect(refusalCode('change.refused: this board is locked')).toBeUndefined()
    expect(refusalCode('change.refused')).toBeUndefined()
  })

  it('reads an error body, and nothing from other shapes', () => {
    expect(readErrorBody({ error: { code: 'vote.cap', message: 'at most 2' } })).toEqual({
      code: 'vote.cap',
      message: 'at most 2',
    })
    expect(readErrorBody({ error: 'words only' })).toBeNull()
    expect(readErrorBody('<html>')).toBeNull()
    expect(readErrorBody(null)).toBeNull()
  })
})
