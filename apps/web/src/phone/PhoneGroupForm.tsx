import { useId, useRef, useState, type FormEvent } from 'react'
import { answerErrorMessage, type MyAnswerStore } from '../lib/evidence'
import { GroupChoices, offeredChoice } from '../components/GroupChoices'
import { strings } from '../strings'

/**
 * "How do you come to this session?" on a phone: a card above the idea box, not a dialog, with one big radio
 * button for each answer, "I'd rather not say", Save and Skip. Nothing is required.
 */
export function PhoneGroupForm(props: {
  answer: MyAnswerStore
  groups: readonly string[]
  threshold: number
  onSkip: () => void
  onSaved: () => void
}) {
  const { answer, groups, threshold, onSkip, onSaved } = props
  const [picked, setPicked] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = { title: useId(), help: useId(), name: useId() }
  const form = useRef<HTMLFormElement>(null)
  const choice = offeredChoice(groups, picked)

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    if (choice === null) {
      setError(strings.evidence.chooseFirst)
      form.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      await answer.save(choice)
      onSaved()
    } catch (failure) {
      setError(answerErrorMessage(failure))
      setBusy(false)
    }
  }

  return (
    <form ref={form} className="ph-card ph-group-form" aria-labelledby={ids.title} aria-describedby={ids.help} onSubmit={(event) => void save(event)} noValidate>
      <h2 id={ids.title} className="ph-h2">
        {strings.evidence.phoneTitle}
      </h2>
      <p id={ids.help} className="ph-help">
        {strings.evidence.help(threshold)} {strings.evidence.optional}
      </p>
      <GroupChoices
        groups={groups}
        choice={choice}
        onChoose={(value) => {
          setPicked(value)
          setError(null)
        }}
        name={ids.name}
        styles="ph"
      />
      <p className="ph-error ph-group-form__error" role="alert">
        {error ?? ''}
      </p>
      <div className="ph-row">
        <button type="submit" className="ph-button ph-button--primary" disabled={busy}>
          {strings.evidence.save}
        </button>
        <button type="button" className="ph-button ph-button--secondary" disabled={busy} onClick={onSkip}>
          {strings.evidence.skip}
        </button>
      </div>
    </form>
  )
}
