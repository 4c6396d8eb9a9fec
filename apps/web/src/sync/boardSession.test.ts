import { describe, expect, it } from 'vitest'
import { classifyRefusal } from './boardSession'

describe('classifyRefusal', () => {
  it('tells a locked board and an anonymous session from other refusals', () => {
    expect(classifyRefusal('change refused: this board is locked')).toBe('locked')
    expect(classifyRefusal('change refused: this session is anonymous: ideas cannot carry an author')).toBe('anonymous')
    expect(classifyRefusal('change refused: "ledger" can only be changed by the server')).toBe('other')
    expect(classifyRefusal('')).toBe('other')
  })
})
