import { RATHER_NOT_SAY } from '@roundtable/board'
import { strings } from '../strings'

/** The answers a session offers, then "I'd rather not say" (stored as `RATHER_NOT_SAY`). */
export function groupOptions(groups: readonly string[]): { value: string; label: string }[] {
  return [...groups.map((label) => ({ value: label, label })), { value: RATHER_NOT_SAY, label: strings.evidence.ratherNotSay }]
}

/** The answer chosen, if the session still offers it (a facilitator may change the list at any time). */
export function offeredChoice(groups: readonly string[], picked: string | null): string | null {
  return picked !== null && (picked === RATHER_NOT_SAY || groups.includes(picked)) ? picked : null
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
        <label key={option.value === RATHER_NOT_SAY ? ' rather-not-say' : option.value} className={`${styles}-choice`} dir="auto">
          <input type="radio" name={name} value={option.value} checked={choice === option.value} onChange={() => onChoose(option.value)} />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  )
}
