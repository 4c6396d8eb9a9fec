import { useId, useRef } from 'react'
import type { MyAnswerStore } from '../lib/evidence'
import { GroupChoices, useAnswerForm } from '../components/GroupChoices'
import { strings } from '../strings'

/**
 * "How do you come to this session?" on a phone: a card above the idea box, not a dialog, with one big radio
 * button for each answer, "I'd rather not say", Save and Skip. Nothing is required.
 * `mode="change"` (opened by the person later): the answer given before is chosen, "Skip" says "Cancel", and an
 * answer can be taken back (`onSaved(null)`).
 */
export function PhoneGroupForm(props: {
  answer: MyAnswerStore
  groups: readonly string[]
  threshold: number
  onSkip: () => void
  onSaved: (group: string | null) => void
  mode?: 'ask' | 'change'
  /** The answer given before (`RATHER_NOT_SAY` included), or null. */
  current?: string | null
}) {
  const { answer, groups, threshold, onSkip, onSaved, mode = 'ask', current = null } = props
  const form = useRef<HTMLFormElement>(null)
  const save = async (group: string | null): Promise<void> => {
    await answer.save(group)
    onSaved(group)
  }
  const { choice, choose, busy, error, send, submit } = useAnswerForm(groups, current, save, form)
  const ids = { title: useId(), help: useId(), name: useId() }

  return (
    <form
      ref={form}
      className="ph-card ph-group-form"
      aria-labelledby={ids.title}
      aria-describedby={ids.help}
      onSubmit={submit}
      noValidate
    >
      <h2 id={ids.title} className="ph-h2">
        {mode === 'ask' ? strings.evidence.phoneTitle : strings.evidence.changeTitle}
      </h2>
      <p id={ids.help} className="ph-help">
        {strings.evidence.help(threshold)} {mode === 'ask' && strings.evidence.optional}
      </p>
      <GroupChoices groups={groups} choice={choice} onChoose={choose} name={ids.name} styles="ph" />
      <p className="ph-error ph-group-form__error" role="alert">
        {error ?? ''}
      </p>
      <div className="ph-row">
        <button type="submit" className="ph-button ph-button--primary" disabled={busy}>
          {strings.evidence.save}
        </button>
        <button type="button" className="ph-button ph-button--secondary" disabled={busy} onClick={onSkip}>
          {mode === 'ask' ? strings.evidence.skip : strings.evidence.cancel}
        </button>
      </div>
      {mode === 'change' && current !== null && (
        <div className="ph-group-form__take-back">
          <button type="button" className="ph-link" disabled={busy} onClick={() => void send(null)}>
            {strings.evidence.takeBack}
          </button>
          <p className="ph-help">{strings.evidence.takeBackHelp}</p>
        </div>
      )}
    </form>
  )
}
