import { describe, expect, it } from 'vitest'
import { plainToRichText, richTextToPlain } from './richText'

describe('rich text ↔ plain text', () => {
  it('round-trips lines, empty lines and emoji', () => {
    for (const text of ['', 'one', 'one\ntwo', 'a\n\nb', '👩🏾‍🦽 ramp', 'سلام']) {
      expect(richTextToPlain(plainToRichText(text))).toBe(text)
    }
  })

  it('reads hard breaks and lists as lines', () => {
    const doc = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
        },
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'c' }] }] }],
        },
      ],
    }
    expect(richTextToPlain(doc)).toBe('a\nb\nc')
  })

  it('treats anything that is not rich text as empty', () => {
    expect(richTextToPlain(null)).toBe('')
    expect(richTextToPlain('text')).toBe('')
  })
})
