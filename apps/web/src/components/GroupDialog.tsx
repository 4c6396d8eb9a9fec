import { useEffect, useId, useRef } from 'react'
import { useEasyRead } from '../lib/easyRead'
import { strings } from '../strings'
import { GroupChoices, useAnswerForm } from './GroupChoices'

/** Props for `GroupDialog`. */
export interface GroupDialogProps {
  /** `ask`: put to the person once ("Save" / "Skip"). `change`: opened by them later ("Save" / "Cancel"). */
  mode: 'ask' | 'change'
  /** The answers the session offers, in order; "I'd rather not say" is added at the end. */
  groups: readonly string[]
  /** Groups smaller than this are not shown on their own (said in the explanation). */
  threshold: number
  /** The answer given before (`RATHER_NOT_SAY` included), or null; pre-chosen when changing. */
  current: string | null
  /** Save an answer, or take it back with null. Rejects with the server's error; the dialog says what went wrong. */
  onSave: (group: string | null) => Promise<void>
  /** Skip (asking) or Cancel / Escape (changing). */
  onClose: () => void
}

/**
 * "How do you come to this session?" A native modal `<dialog>` like the name question: one radio button for each
 * answer and "I'd rather not say", with Save and Skip. Nothing is required; Escape counts as Skip.
 */
export function GroupDialog({ mode, groups, threshold, current, onSave, onClose }: GroupDialogProps) {
  useEasyRead()
  const ref = useRef<HTMLDialogElement>(null)
  const { choice, choose, busy, error, send, submit } = useAnswerForm(groups, current, onSave, ref)
  const ids = { title: useId(), help: useId(), legend: useId(), error: useId(), name: useId() }

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  return (
    <dialog
      ref={ref}
      className="rt-dialog rt-group-dialog"
      aria-labelledby={ids.title}
      aria-describedby={ids.help}
      onCancel={(event) => {
        event.preventDefault()
        if (!busy) onClose()
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={ids.title}>{mode === 'ask' ? strings.evidence.askTitle : strings.evidence.changeTitle}</h2>
        <p id={ids.help}>
          {strings.evidence.help(threshold)} {mode === 'ask' && strings.evidence.optional}
        </p>
        <GroupChoices
          groups={groups}
          choice={choice}
          onChoose={choose}
          name={ids.name}
          styles="rt"
          legendId={ids.legend}
          describedBy={error ? ids.error : undefined}
        />
        <p id={ids.error} className="rt-error" role="alert">
          {error}
        </p>
        <div className="rt-dialog__buttons">
          <button type="submit" className="rt-button rt-button--primary" disabled={busy}>
            {strings.evidence.save}
          </button>
          <button type="button" className="rt-button rt-button--secondary" disabled={busy} onClick={onClose}>
            {mode === 'ask' ? strings.evidence.skip : strings.evidence.cancel}
          </button>
        </div>
        {mode === 'change' && current !== null && (
          <div className="rt-group-dialog__take-back">
            <button
              type="button"
              className="rt-link-button rt-link-button--left"
              disabled={busy}
              onClick={() => void send(null)}
            >
              {strings.evidence.takeBack}
            </button>
            <p className="rt-muted">{strings.evidence.takeBackHelp}</p>
          </div>
        )}
      </form>
    </dialog>
  )
}
