import { describe, expect, it } from 'vitest'
import { loadPlainWordTools } from './plainWordTools'

describe('plain-words tools, fetched on first need', () => {
  it('loads the list and the matcher once, and they find a listed word', async () => {
    const first = loadPlainWordTools()
    expect(loadPlainWordTools()).toBe(first)
    const tools = await first
    expect(tools.PLAIN_WORDS.length).toBeGreaterThan(100)
    const [match] = tools.findJargon('Ask the stakeholders first', [])
    expect(match?.found).toBe('stakeholders')
  })
})
