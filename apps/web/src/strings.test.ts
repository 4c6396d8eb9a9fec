import { afterEach, describe, expect, it } from 'vitest'
import { easyReadWords, selectWords, standardWords, strings } from './strings'

/** Every path to a piece of text (or a function that makes one) in a set of words. */
function paths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string' || typeof value === 'function') return [prefix]
  if (Array.isArray(value)) return [prefix]
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => paths(v, `${prefix}.${key}`))
  return [`${prefix}:${typeof value}`]
}

describe('words', () => {
  afterEach(() => selectWords(false))

  it('easy read has every word the standard set has, of the same kind', () => {
    expect(paths(easyReadWords)).toEqual(paths(standardWords))
    expect(typeof easyReadWords.vote.dotsLeft).toBe('function')
  })

  it('switching to easy read changes the words everywhere at once, and back', () => {
    expect(strings.panel.tabs.facilitate).toBe('Facilitate')
    selectWords(true)
    expect(strings.panel.tabs.facilitate).toBe('Run')
    // Words easy read does not change stay as they are.
    expect(strings.vote.dotsLeft(2, 3)).toBe(standardWords.vote.dotsLeft(2, 3))
    selectWords(false)
    expect(strings.vote.title).toBe('Vote with dots')
  })
})
