import { useState, type FormEvent, type RefObject } from 'react'
import { RATHER_NOT_SAY } from '@roundtable/board'
import { answerErrorMessage } from '../lib/evidence'
import { strings } from '../strings'

/** The answers a session offers, then "I'd rather not say" (stored as `RATHER_NOT_SAY`). */
export function groupOptions(groups: readonly string[]): { value: string; label: string }[] {
  return [
    ...groups.map((label) => ({ value: label, label })),
    { value: RATHER_NOT_SAY, label: strings.evidence.ratherNotSay },
  ]
}

/** The answer chosen, if the session still offers it (a facilitator may change the list at any time). */
export function offeredChoice(groups: readonly string[], picked: string | null): string | null {
  return picked !== null && (picked === RATHER_NOT_SAY || groups.includes(picked)) ? picked : null
}

/**
 * The state of a "How do you come to this session?" form, shared by the board's dialog and the phone's card: the
 * answer chosen (starting at `current`), Save (`submit`: asks for a choice first, focusing the first radio button
 * inside `container`), taking an answer back (`send(null)`), and the plain message when the server refuses.
 */
export function useAnswerForm(
  groups: readonly string[],
  current: string | null,
  save: (group: string | null) => Promise<void>,
  container: RefObject<HTMLElement | null>,
) {
  const [picked, setPicked] = useState<string | null>(current)
  // The list can change while the form is open (a facilitator edits it): an answer no longer offered is not chosen.
  const choice = offeredChoice(groups, picked)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const send = async (group: string | null): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await save(group)
    } catch (failure) {
      setError(answerErrorMessage(failure))
      setBusy(false)
    }
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (busy) return
    if (choice === null) {
      setError(strings.evidence.chooseFirst)
      container.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus()
      return
    }
    void send(choice)
  }

  const choose = (value: string): void => {
    setPicked(value)
    setError(null)
  }

  return { choice, choose, busy, error, send, submit }
}

/**
 * "How do you come to this session?": one big radio button for each answer and "I'd rather not say". Shared by the
 * board's dialog (`rt-` styles) and the phone's card (`ph-` styles).
 */
export function GroupChoices(props: {
  groups: readonly string[]
  choice: string | null
  onChoose: (value: string) => void
  /** Radio group name (unique on the page). */
  name: string
  styles: 'rt' | 'ph'
  legendId?: string
  describedBy?: string | undefined
}) {
  const { groups, choice, onChoose, name, styles, legendId, describedBy } = props
  return (
    <fieldset className={`${styles}-choices`} aria-describedby={describedBy}>
      <legend id={legendId} className={`${styles}-label`}>
        {strings.evidence.choose}
      </legend>
      {groupOptions(groups).map((option) => (
        <label
          key={option.value === RATHER_NOT_SAY ? ' rather-not-say' : option.value}
          className={`${styles}-choice`}
          dir="auto"
        >
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={choice === option.value}
            onChange={() => onChoose(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  )
}
