/**
 * tldraw keeps shape text as TipTap JSON ("rich text"). A board stores it as plain text in a Y.Text so that two
 * people typing in one idea both keep their words; these helpers convert between the two. Paragraphs map to lines.
 * Formatting (bold, lists) is not kept: ideas are plain text.
 */

/** A TipTap JSON node, as tldraw stores it. */
export interface RichTextNode {
  type: string
  text?: string
  content?: RichTextNode[]
  attrs?: Record<string, unknown>
  marks?: unknown[]
}

/** Plain text to tldraw's rich text: one paragraph per line. */
export function plainToRichText(text: string): RichTextNode {
  const lines = text.split('\n')
  return {
    type: 'doc',
    content: lines.map((line) =>
      line.length > 0 ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' },
    ),
  }
}

/** tldraw's rich text to plain text: block nodes become lines, hard breaks become new lines. */
export function richTextToPlain(node: unknown): string {
  if (!isNode(node)) return ''
  if (node.type === 'doc') return (node.content ?? []).map(blockText).join('\n')
  return blockText(node)
}

function blockText(node: RichTextNode): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === 'hardBreak') return '\n'
  const children = node.content ?? []
  const isContainer = children.some(
    (c) =>
      c.type === 'paragraph' ||
      c.type === 'listItem' ||
      c.type === 'bulletList' ||
      c.type === 'orderedList' ||
      c.type === 'heading',
  )
  return children.map(blockText).join(isContainer ? '\n' : '')
}

function isNode(value: unknown): value is RichTextNode {
  return typeof value === 'object' && value !== null && typeof (value as RichTextNode).type === 'string'
}
