import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { applyTextChange } from '@roundtable/board'

/** Transaction origin of typing in these fields, so a field does not treat its own change as someone else's. */
const FIELD_ORIGIN: unique symbol = Symbol('roundtable:text-field')

/**
 * Where a caret at `index` moves when someone else's change (a Yjs text delta) lands: text inserted before it
 * pushes it along, text deleted before it pulls it back. Text inserted exactly at the caret stays after it, so
 * the person's next letter still goes where they expect.
 */
export function moveCaret(
  index: number,
  delta: ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>,
): number {
  let pos = 0
  let caret = index
  for (const op of delta) {
    if (op.retain !== undefined) {
      pos += op.retain
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1
      if (pos < caret) caret += length
      pos += length
    } else if (op.delete !== undefined) {
      if (pos < caret) caret -= Math.min(op.delete, caret - pos)
    }
    if (pos > caret) break
  }
  return caret
}

/** Props for `SharedTextField`. */
export interface SharedTextFieldProps {
  doc: Y.Doc
  /** The shared text; the field is empty and read-only while it is missing. */
  text: Y.Text | undefined
  id?: string
  multiline?: boolean
  maxLength?: number
  placeholder?: string
  className?: string
  'aria-label'?: string
  'aria-describedby'?: string
}

/**
 * A text box several people can type in at once: every keystroke becomes the smallest change to a Y.Text, and
 * other people's changes appear live without moving this person's caret out from under them.
 */
export const SharedTextField = forwardRef<HTMLInputElement | HTMLTextAreaElement | null, SharedTextFieldProps>(
  function SharedTextField({ doc, text, multiline = false, maxLength, className, ...rest }, ref) {
    const [value, setValue] = useState(() => text?.toString() ?? '')
    const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null)
    const pendingSelection = useRef<[number, number] | null>(null)
    useImperativeHandle(ref, () => element.current as HTMLInputElement | HTMLTextAreaElement, [])

    useEffect(() => {
      if (!text) return
      setValue(text.toString())
      const onChange = (event: Y.YTextEvent, transaction: Y.Transaction): void => {
        if (transaction.origin === FIELD_ORIGIN) return
        const el = element.current
        if (el && el.ownerDocument.activeElement === el && el.selectionStart !== null && el.selectionEnd !== null) {
          pendingSelection.current = [
            moveCaret(el.selectionStart, event.delta),
            moveCaret(el.selectionEnd, event.delta),
          ]
        }
        setValue(text.toString())
      }
      text.observe(onChange)
      return () => text.unobserve(onChange)
    }, [text])

    useLayoutEffect(() => {
      const selection = pendingSelection.current
      const el = element.current
      if (!selection || !el) return
      pendingSelection.current = null
      el.setSelectionRange(selection[0], selection[1])
    }, [value])

    const onInput = (next: string): void => {
      setValue(next)
      if (text) doc.transact(() => applyTextChange(text, next), FIELD_ORIGIN)
    }

    const common = {
      ...rest,
      className: className ?? 'rt-input',
      value,
      maxLength,
      readOnly: !text,
    }
    if (multiline) {
      return (
        <textarea
          {...common}
          ref={(el) => {
            element.current = el
          }}
          rows={Math.min(6, Math.max(2, value.split('\n').length))}
          onChange={(event) => onInput(event.target.value)}
        />
      )
    }
    return (
      <input
        {...common}
        ref={(el) => {
          element.current = el
        }}
        type="text"
        onChange={(event) => onInput(event.target.value)}
      />
    )
  },
)
