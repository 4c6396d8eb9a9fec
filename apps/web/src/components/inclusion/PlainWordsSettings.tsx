import { useId, useRef, useState, type FormEvent } from 'react'
import { useEasyRead } from '../../lib/easyRead'
import { usePlainWords, writePlainWords } from '../../sync/sharedMeta'
import { strings } from '../../strings'
import { useSession } from '../SessionContext'
import { Icon } from './Icon'

/** Longest word or phrase, and longest list of plainer words, a session entry may have. */
const MAX_TERM = 60
const MAX_PLAIN = 200

/**
 * Facilitators add the words people in this session may not know (and plainer words for them), or mark a listed
 * word as fine here. Everyone's plain-words hints use them at once.
 */
export function PlainWordsSettings() {
  useEasyRead()
  const { session } = useSession()
  const entries = usePlainWords(session.doc)
  const [term, setTerm] = useState('')
  const [plain, setPlain] = useState('')
  const termRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const ids = { title: useId(), term: useId(), plain: useId(), help: useId() }

  const add = (event: FormEvent): void => {
    event.preventDefault()
    const word = term.replace(/\s+/g, ' ').trim()
    if (!word) return
    const plainWords = plain
      .split(',')
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
    const others = entries.filter((e) => e.term.toLowerCase() !== word.toLowerCase())
    writePlainWords(session.doc, [...others, { term: word, plain: plainWords }])
    setTerm('')
    setPlain('')
    termRef.current?.focus()
  }

  const remove = (index: number): void => {
    writePlainWords(
      session.doc,
      entries.filter((_, i) => i !== index),
    )
    // The button pressed is gone: stay in the list, or go back to the form when the list is empty.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll('button')
      const next = buttons?.[Math.min(index, buttons.length - 1)]
      if (next) next.focus()
      else termRef.current?.focus()
    })
  }

  return (
    <div className="rt-callout" role="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.plainWords.settingsTitle}
      </h3>
      <p className="rt-muted rt-small">{strings.plainWords.settingsHelp}</p>
      {entries.length === 0 ? (
        <p className="rt-small">{strings.plainWords.none}</p>
      ) : (
        <ul ref={listRef} className="rt-plain-list">
          {entries.map((entry, index) => (
            <li key={entry.term} className="rt-plain-list__item">
              <span>
                <strong>{entry.term}</strong>:{' '}
                {entry.plain.length > 0 ? entry.plain.join(', ') : strings.plainWords.fine}
              </span>
              <button
                type="button"
                className="rt-link-button"
                aria-label={strings.plainWords.remove(entry.term)}
                onClick={() => remove(index)}
              >
                {strings.plainWords.removeShort}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="rt-form" onSubmit={add}>
        <label className="rt-label" htmlFor={ids.term}>
          {strings.plainWords.term}
        </label>
        <input
          ref={termRef}
          id={ids.term}
          className="rt-input"
          type="text"
          maxLength={MAX_TERM}
          value={term}
          onChange={(event) => setTerm(event.target.value)}
        />
        <label className="rt-label" htmlFor={ids.plain}>
          {strings.plainWords.plain}
        </label>
        <input
          id={ids.plain}
          className="rt-input"
          type="text"
          maxLength={MAX_PLAIN}
          aria-describedby={ids.help}
          value={plain}
          onChange={(event) => setPlain(event.target.value)}
        />
        <p id={ids.help} className="rt-muted rt-small">
          {strings.plainWords.plainHelp}
        </p>
        <button type="submit" className="rt-button rt-button--secondary" disabled={!term.trim()}>
          <Icon name="add" />
          {strings.plainWords.add}
        </button>
      </form>
    </div>
  )
}
