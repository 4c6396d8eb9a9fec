import { describe, expect, it } from 'vitest'
import { classifyRefusal } from './boardSession'

describe('classifyRefusal', () => {
  it('tells a locked board and an anonymous session from other refusals, by code', () => {
    expect(classifyRefusal('change.refused: change.locked: this board is locked')).toBe('locked')
    expect(
      classifyRefusal('change.refused: change.anonymous: this session is anonymous: ideas cannot carry an author'),
    ).toBe('anonymous')
    expect(classifyRefusal('change.refused: change.server_owned: "ledger" can only be changed by the server')).toBe(
      'other',
    )
    expect(classifyRefusal('')).toBe('other')
  })

  it('never decides from words alone', () => {
    expect(classifyRefusal('change.refused: this board is locked')).toBe('other')
    expect(classifyRefusal('change.refused: change.invalid: anonymous locked')).toBe('other')
  })
})
