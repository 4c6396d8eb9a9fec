import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_NAME_LENGTH, cleanName, getSuggestedName } from '../lib/identity'
import { strings } from '../strings'

/** Props for `NameDialog`. */
export interface NameDialogProps {
  /** `ask`: first visit ("Join" / "Skip"). `change`: later ("Save" / "Cancel"). */
  mode: 'ask' | 'change'
  /** The name now in use (pre-filled when changing). */
  currentName: string
  /** Called with the chosen name; an empty string means "use the suggested name". */
  onDone: (name: string) => void
  /** Called on Cancel or Escape when changing. When asking, Escape counts as Skip. */
  onCancel: () => void
}

/**
 * Asks for the name others will see. A native modal `<dialog>`: focus moves into it and stays there, Escape
 * closes it, and the board behind cannot be reached until it is answered.
 */
export function NameDialog({ mode, currentName, onDone, onCancel }: NameDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const [value, setValue] = useState(mode === 'change' ? currentName : '')
  const fieldId = useId()
  const titleId = useId()
  const helpId = useId()
  const suggested = getSuggestedName()

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  const skip = (): void => onDone('')
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onDone(cleanName(value))
  }

  return (
    <dialog
      ref={ref}
      className="rt-dialog"
      aria-labelledby={titleId}
      aria-describedby={helpId}
      onCancel={(event) => {
        event.preventDefault()
        if (mode === 'ask') skip()
        else onCancel()
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{mode === 'ask' ? strings.name.askTitle : strings.name.changeTitle}</h2>
        <p id={helpId}>{strings.name.askHelp}</p>
        <label htmlFor={fieldId} className="rt-label">
          {strings.name.fieldLabel}
        </label>
        <input
          id={fieldId}
          className="rt-input"
          type="text"
          autoComplete="nickname"
          autoFocus
          maxLength={MAX_NAME_LENGTH}
          placeholder={suggested}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        {mode === 'ask' && <p className="rt-muted">{strings.name.skipHint(suggested)}</p>}
        <div className="rt-dialog__buttons">
          <button type="submit" className="rt-button rt-button--primary">
            {mode === 'ask' ? strings.name.join : strings.name.save}
          </button>
          <button type="button" className="rt-button rt-button--secondary" onClick={mode === 'ask' ? skip : onCancel}>
            {mode === 'ask' ? strings.name.skip : strings.name.cancel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
