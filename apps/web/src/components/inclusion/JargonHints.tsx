import { useDeferredValue, useMemo, useState } from 'react'
import type { JargonMatch, PlainWordEntry } from '@roundtable/board'
import { usePlainWordTools } from '../../lib/plainWordTools'
import { strings } from '../../strings'

/** At most this many plainer words are offered for one word. */
const MAX_SUGGESTIONS = 3

/** Props for `JargonHints`. */
export interface JargonHintsProps {
  /** The words being written. */
  text: string
  /** The session's own entries (meta.plainWords). */
  extra: readonly PlainWordEntry[]
  /** Called with the whole text after the writer chose a plainer word; exactly that word is replaced. */
  onReplace: (next: string, message: string) => void
  /** Id for the one-line summary, so the text field can point to it with `aria-describedby`. */
  summaryId?: string
  /** Where keyboard focus goes after a choice (the button pressed disappears): usually the text field. */
  returnFocus?: () => void
  /** A shorter card (on the canvas, beside a note): a one-line intro and fewer suggestions. */
  compact?: boolean
}

/**
 * Plain words ("speakeasy"): words in what someone writes that others may not know are shown below the field,
 * each with plainer words to use instead and a "Keep" button. Nothing changes unless the writer picks something.
 */
export function JargonHints({ text, extra, onReplace, summaryId, returnFocus, compact = false }: JargonHintsProps) {
  // Typing stays quick: the words are checked a moment behind the keystrokes.
  const deferred = useDeferredValue(text)
  const [kept, setKept] = useState<ReadonlySet<string>>(() => new Set())
  const tools = usePlainWordTools(deferred.trim() !== '')
  const matches = useMemo(
    () => (tools ? tools.findJargon(deferred, extra).filter((m) => !kept.has(m.found.toLowerCase())) : []),
    [tools, deferred, extra, kept],
  )

  if (!tools || matches.length === 0) return summaryId ? <span id={summaryId} hidden /> : null

  const choose = (match: JargonMatch, plain: string): void => {
    // Look again in the text as it is now: it may have changed since the hint was drawn.
    const now = tools.findJargon(text, extra).find((m) => m.start === match.start && m.found === match.found) ?? match
    const next = tools.acceptSuggestion(text, now, plain)
    if (next !== text) onReplace(next, strings.plainWords.replaced(match.found, plain))
    returnFocus?.()
  }

  return (
    <div className="rt-jargon" role="group" aria-label={strings.plainWords.title}>
      <p className="rt-jargon__intro">
        <span id={summaryId} className="rt-visually-hidden">
          {strings.plainWords.summary(matches.length)}
        </span>
        {compact ? strings.plainWords.noteHint : strings.plainWords.intro}
      </p>
      <ul className="rt-jargon__list">
        {matches.map((match) => (
          <li key={`${match.start}:${match.found}`} className="rt-jargon__item">
            <mark className="rt-jargon__word">{match.found}</mark>
            <span className="rt-jargon__choices">
              {match.plain.slice(0, compact ? 2 : MAX_SUGGESTIONS).map((plain) => (
                <button key={plain} type="button" className="rt-chip" onClick={() => choose(match, plain)}>
                  {strings.plainWords.use(plain)}
                </button>
              ))}
              <button
                type="button"
                className="rt-chip rt-chip--quiet"
                onClick={() => {
                  setKept((before) => new Set(before).add(match.found.toLowerCase()))
                  returnFocus?.()
                }}
              >
                {strings.plainWords.keep(match.found)}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
