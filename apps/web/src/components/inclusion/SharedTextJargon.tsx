import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { applyTextChange } from '@roundtable/board'
import { usePlainWords } from '../../sync/sharedMeta'
import { JargonHints } from './JargonHints'

/** Props for `SharedTextJargon`. */
export interface SharedTextJargonProps {
  doc: Y.Doc
  /** The shared text being written (an idea's words, an action's "what"). */
  text: Y.Text | undefined
  /** Id for the one-line summary, for the field's `aria-describedby`. */
  summaryId?: string
  returnFocus?: () => void
  /** Told what was changed, to say it to screen reader users. */
  onChanged?: (message: string) => void
}

/**
 * Plain-words hints under a text field several people type in at once: the hints follow the shared text live, and
 * a chosen word is changed in place in the shared text (the smallest change, so others' typing is kept).
 */
export function SharedTextJargon({ doc, text, summaryId, returnFocus, onChanged }: SharedTextJargonProps) {
  const extra = usePlainWords(doc)
  const [value, setValue] = useState(() => text?.toString() ?? '')
  useEffect(() => {
    if (!text) return
    setValue(text.toString())
    const onChange = (): void => setValue(text.toString())
    text.observe(onChange)
    return () => text.unobserve(onChange)
  }, [text])
  if (!text) return null
  return (
    <JargonHints
      text={value}
      extra={extra}
      summaryId={summaryId}
      returnFocus={returnFocus}
      onReplace={(next, message) => {
        doc.transact(() => applyTextChange(text, next))
        onChanged?.(message)
      }}
    />
  )
}
