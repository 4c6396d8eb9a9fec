import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { MAX_IDEA_TEXT, type PlainWordEntry } from '@roundtable/board'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'
import { JargonHints } from '../inclusion/JargonHints'
import type { IdeaTarget } from './listActions'

/** One place an idea can go, as the "Put it in" choice shows it. */
export interface TargetOption {
  key: string
  label: string
  target: IdeaTarget
}

/** Props for `NewIdeaForm`. */
export interface NewIdeaFormProps {
  headingId: string
  options: TargetOption[]
  /** The choice to start with (e.g. the board being voted on); the first option otherwise. */
  defaultKey?: string | undefined
  extra: readonly PlainWordEntry[]
  onAdd: (text: string, target: IdeaTarget) => void
}

/**
 * "Add an idea": one text box, where to put it (only when there is a choice), and "Add idea". Plain-words hints
 * show under the box while typing. Ctrl+Enter (or Cmd+Enter) adds the idea too; Enter alone starts a new line.
 */
export function NewIdeaForm({ headingId, options, defaultKey, extra, onAdd }: NewIdeaFormProps) {
  const [text, setText] = useState('')
  const [choice, setChoice] = useState<string | null>(null)
  const field = useRef<HTMLTextAreaElement>(null)
  const ids = { field: useId(), help: useId(), where: useId(), jargon: useId() }
  const selected = options.find((o) => o.key === (choice ?? defaultKey)) ?? options[0]

  const [empty, setEmpty] = useState(false)

  const submit = (event?: FormEvent): void => {
    event?.preventDefault()
    const words = text.trim()
    // The button is never greyed out (people with low vision often cannot tell); an empty idea gets a word instead.
    setEmpty(!words)
    if (!words) field.current?.focus()
    if (!words || !selected) return
    onAdd(words, selected.target)
    setText('')
    field.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit()
  }

  return (
    <form className="rt-new-idea" aria-labelledby={headingId} onSubmit={submit}>
      <h2 id={headingId} className="rt-list-subtitle" tabIndex={-1}>
        <Icon name="add" />
        {strings.list.addTitle}
      </h2>
      <label className="rt-label" htmlFor={ids.field}>
        {strings.list.ideaLabel}
      </label>
      <p id={ids.help} className="rt-muted rt-small">
        {strings.list.ideaHelp}
      </p>
      <textarea
        ref={field}
        id={ids.field}
        className="rt-input rt-new-idea__field"
        rows={3}
        maxLength={MAX_IDEA_TEXT}
        aria-describedby={`${ids.help} ${ids.jargon}`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <JargonHints
        text={text}
        extra={extra}
        summaryId={ids.jargon}
        onReplace={(next) => setText(next)}
        returnFocus={() => field.current?.focus()}
      />
      {options.length > 1 && (
        <>
          <label className="rt-label" htmlFor={ids.where}>
            {strings.list.where}
          </label>
          <select
            id={ids.where}
            className="rt-input"
            value={selected?.key ?? ''}
            onChange={(event) => setChoice(event.target.value)}
          >
            {options.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label}
              </option>
            ))}
          </select>
        </>
      )}
      <div>
        <button type="submit" className="rt-button rt-button--primary" disabled={!selected}>
          <Icon name="add" />
          {strings.list.add}
        </button>
      </div>
      <p className="rt-error rt-new-idea__error" role="status">
        {empty && !text.trim() ? strings.list.writeFirst : ''}
      </p>
    </form>
  )
}
