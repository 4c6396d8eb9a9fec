import { useId, useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLPageId } from 'tldraw'
import { canFacilitate, canVote, type PublishedRound } from '@roundtable/board'
import { closeRound, revealRound, startRound, ApiError } from '../../lib/api'
import { formatClock } from '../../lib/countdown'
import { ideaText, ideasOnPage, pageName, shortText } from '../../lib/ideas'
import { ideasWithoutDots, ordinal, resultLines, resultsVisible } from '../../lib/results'
import { useRemainingMs } from '../../lib/useRemaining'
import { useBoardOutline } from '../../sync/boardIdeas'
import { useHasIdeas, useRounds } from '../../sync/docHooks'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'
import { useMyVotes, useSession, useSessionState } from '../SessionContext'
import { useRequest } from './useRequest'

/** Vote: the open round (dots left, "I won't vote", time left, counts), results once visible, earlier rounds. */
export function VotePanel({ editor }: { editor: Editor | null }) {
  const { session, panel } = useSession()
  const { role } = useSessionState(session)
  const rounds = useRounds(session.doc)
  const hasIdeas = useHasIdeas(session.doc)
  const headingId = useId()
  const open = rounds.find((r) => r.status === 'open') ?? null
  const current = open ?? rounds.at(-1) ?? null
  const earlier = rounds.filter((r) => r !== current).reverse()
  const facilitator = role !== null && canFacilitate(role)
  const numberOf = (round: PublishedRound) => rounds.indexOf(round) + 1

  return (
    <section className="rt-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-section__title">
        {strings.vote.title}
      </h2>
      {!current && facilitator && !hasIdeas ? (
        // First steps: there is nothing to vote on yet, so the facilitator is pointed at inviting people.
        <div className="rt-callout">
          <p className="rt-lead-small">{strings.vote.nothingYet}</p>
          <p className="rt-muted">{strings.start.facilitatorHelp}</p>
          <button
            type="button"
            className="rt-button rt-button--primary rt-button--wide"
            onClick={() => panel.show('invite')}
          >
            {strings.start.invite}
          </button>
        </div>
      ) : (
        !current && (
          <>
            <p className="rt-lead-small">{strings.vote.noRound}</p>
            <p className="rt-muted">{strings.vote.noRoundHelp}</p>
          </>
        )
      )}
      {current?.status === 'open' && <OpenRound round={current} editor={editor} />}
      {current?.status === 'closed' && <ClosedRound round={current} editor={editor} number={numberOf(current)} />}
      {facilitator && !open && (hasIdeas || rounds.length > 0) && (
        <StartRound editor={editor} again={rounds.length > 0} />
      )}
      {earlier.length > 0 && (
        <div className="rt-earlier">
          <h3 className="rt-subtitle">{strings.vote.previousTitle}</h3>
          {earlier.map((round) => (
            <details key={round.id} className="rt-details">
              <summary>
                <strong>{strings.vote.roundName(numberOf(round))}</strong>{' '}
                {strings.vote.roundSummary(pageName(editor, round.pageId, session.doc), round.voters)}
              </summary>
              {resultsVisible(round) ? (
                <Results round={round} editor={editor} />
              ) : (
                <p className="rt-muted">{strings.vote.notShown}</p>
              )}
            </details>
          ))}
        </div>
      )}
    </section>
  )
}

function OpenRound({ round, editor }: { round: PublishedRound; editor: Editor | null }) {
  const { session, votes } = useSession()
  const { role } = useSessionState(session)
  const { mine } = useMyVotes(votes)
  const remainingMs = useRemainingMs(round.endsAt)
  const { busy, error, run } = useRequest()
  const voter = role !== null && canVote(role)
  const facilitator = role !== null && canFacilitate(role)
  const board = pageName(editor, round.pageId, session.doc)
  const onOtherPage = useValue('on other page', () => (editor ? editor.getCurrentPageId() !== round.pageId : false), [
    editor,
    round.pageId,
  ])
  const left = mine ? mine.remaining : round.dotsPerPerson

  const end = () => run(() => closeRound(session.boardId, round.id))

  return (
    <div className="rt-stack">
      <p className="rt-lead-small">
        <strong>{strings.vote.openOn(board)}</strong>
      </p>
      {onOtherPage && (
        <div className="rt-callout">
          <p>{strings.vote.elsewhere(board)}</p>
          <button
            type="button"
            className="rt-button rt-button--secondary"
            onClick={() => editor?.setCurrentPage(round.pageId as TLPageId)}
          >
            {strings.vote.goToBoard(board)}
          </button>
        </div>
      )}
      {remainingMs !== null && (
        <p className="rt-countdown" role="timer">
          {strings.vote.timeLeft(formatClock(remainingMs))}
        </p>
      )}
      {voter && (
        <div className="rt-callout rt-callout--mine">
          {mine?.abstained ? (
            <>
              <p className="rt-big">{strings.vote.notVotingYes}</p>
              <button type="button" className="rt-button rt-button--secondary" onClick={() => votes.setAbstain(false)}>
                <Icon name="dotAdd" />
                {strings.vote.voteAfterAll}
              </button>
            </>
          ) : (
            <>
              <p className="rt-big" aria-live="polite">
                {strings.vote.dotsLeft(left, round.dotsPerPerson)}
              </p>
              <p className="rt-muted">{strings.vote.howTo}</p>
              {round.maxPerIdea !== null && <p className="rt-muted">{strings.vote.cap(round.maxPerIdea)}</p>}
              <button type="button" className="rt-button rt-button--secondary" onClick={() => votes.setAbstain(true)}>
                <Icon name="pass" />
                {strings.vote.notVoting}
              </button>
              <p className="rt-muted rt-small">{strings.vote.notVotingHelp}</p>
            </>
          )}
        </div>
      )}
      <p className="rt-counts">{strings.vote.counts(round.voters, round.abstained)}</p>
      {facilitator && (
        <div>
          <button type="button" className="rt-button rt-button--primary" disabled={busy} onClick={() => void end()}>
            <Icon name="stop" />
            {strings.vote.close}
          </button>
          {error && (
            <p className="rt-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
      {resultsVisible(round) ? (
        <>
          <h3 className="rt-subtitle">{strings.vote.liveResultsTitle}</h3>
          <Results round={round} editor={editor} />
        </>
      ) : (
        <p className="rt-muted">{strings.vote.hiddenWhileOpen}</p>
      )}
      {/* The list view has its own dot buttons on every idea. */}
      {voter && !mine?.abstained && editor && <IdeaDots round={round} editor={editor} />}
    </div>
  )
}

/** The ideas of the vote's board as a list with dot buttons: the same vote, for keyboards and screen readers. */
function IdeaDots({ round, editor }: { round: PublishedRound; editor: Editor | null }) {
  const { votes } = useSession()
  const { mine } = useMyVotes(votes)
  const ideas = useValue(
    'ideas to vote on',
    () =>
      editor
        ? ideasOnPage(editor, round.pageId).map((s) => ({ id: s.id as string, text: ideaText(editor, s.id) ?? '' }))
        : [],
    [editor, round.pageId],
  )
  return (
    <details className="rt-details">
      <summary>
        <strong>{strings.vote.ideasTitle}</strong>
      </summary>
      {ideas.length === 0 ? (
        <p className="rt-muted">{strings.vote.noIdeas}</p>
      ) : (
        <ul className="rt-idea-list">
          {ideas.map((idea) => {
            const label = shortText(idea.text) || strings.vote.emptyIdea
            const count = mine?.dots[idea.id] ?? 0
            return (
              <li key={idea.id} className="rt-idea-row">
                <span className="rt-idea-row__text">{idea.text || strings.vote.emptyIdea}</span>
                <span className="rt-idea-row__mine">{strings.vote.yourDots(count)}</span>
                <span className="rt-idea-row__buttons">
                  <button
                    type="button"
                    className="rt-small-button"
                    disabled={count === 0}
                    aria-label={`${strings.vote.removeDot}: ${strings.vote.removeDotLabel(label)}`}
                    onClick={() => votes.removeDot(idea.id)}
                  >
                    {strings.vote.removeDot}
                  </button>
                  <button
                    type="button"
                    className="rt-small-button rt-small-button--add"
                    aria-label={`${strings.vote.addDot}: ${strings.vote.addDotLabel(label)}`}
                    onClick={() => votes.addDot(idea.id)}
                  >
                    {strings.vote.addDot}
                  </button>
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </details>
  )
}

function ClosedRound({ round, editor, number }: { round: PublishedRound; editor: Editor | null; number: number }) {
  const { session } = useSession()
  const { role } = useSessionState(session)
  const { busy, error, run } = useRequest()
  const facilitator = role !== null && canFacilitate(role)

  const reveal = () => run(() => revealRound(session.boardId, round.id))

  return (
    <div className="rt-stack">
      <p className="rt-lead-small">
        <strong>{strings.vote.roundName(number)}</strong> · {strings.vote.closed}
      </p>
      <p className="rt-counts">{strings.vote.counts(round.voters, round.abstained)}</p>
      {resultsVisible(round) ? (
        <>
          <h3 className="rt-subtitle">{strings.vote.resultsTitle}</h3>
          <Results round={round} editor={editor} />
        </>
      ) : facilitator ? (
        <div>
          <button type="button" className="rt-button rt-button--primary" disabled={busy} onClick={() => void reveal()}>
            <Icon name="play" />
            {strings.vote.reveal}
          </button>
          {error && (
            <p className="rt-error" role="alert">
              {error}
            </p>
          )}
        </div>
      ) : (
        <p className="rt-muted">{strings.vote.waitingReveal}</p>
      )}
    </div>
  )
}

/** Ideas ranked by dots, ties shown as ties ("=2"), each with its words as they are now. */
function Results({ round, editor }: { round: PublishedRound; editor: Editor | null }) {
  const { session } = useSession()
  // Without the canvas (the list view), the ideas are read from the document.
  const outline = useBoardOutline(session.doc, !editor)
  const tallies = round.tallies ?? {}
  const key = Object.keys(tallies).sort().join('|')
  const texts = useValue('result texts', () => {
    const out: Record<string, string | null> = {}
    for (const id of Object.keys(tallies)) out[id] = editor ? ideaText(editor, id) : null
    return out
  }, [editor, key])
  const allIdeaIds = useValue(
    'round ideas',
    () => (editor ? ideasOnPage(editor, round.pageId).map((s) => s.id as string) : []),
    [editor, round.pageId],
  )
  const pageIdeaIds = editor
    ? allIdeaIds
    : [...outline.ideas.values()].filter((i) => i.pageId === round.pageId).map((i) => i.id)
  const lines = resultLines(tallies, (id) =>
    editor ? (texts[id] ?? null) : (outline.ideas.get(id)?.text.trim() ?? null),
  )
  const most = lines[0]?.dots ?? 0
  const without = ideasWithoutDots(pageIdeaIds, tallies)

  if (lines.length === 0) return <p className="rt-muted">{strings.vote.noDots}</p>
  return (
    <>
      <ol className="rt-results">
        {lines.map((line) => (
          <li key={line.ideaId} className="rt-result" data-tied={line.tied ? '' : undefined}>
            <span className="rt-result__rank" aria-hidden="true">
              {line.rankLabel}
            </span>
            <span className="rt-visually-hidden">{strings.vote.rankSpoken(ordinal(line.rank), line.tied)}: </span>
            <span className="rt-result__body">
              <span className="rt-result__text">
                {line.text === null ? strings.vote.removedIdea : line.text || strings.vote.emptyIdea}
              </span>
              <span className="rt-result__bar" aria-hidden="true">
                <span style={{ width: `${most ? Math.max(4, (line.dots / most) * 100) : 0}%` }} />
              </span>
            </span>
            <span className="rt-result__dots">{strings.vote.dots(line.dots)}</span>
          </li>
        ))}
      </ol>
      {without > 0 && <p className="rt-muted rt-small">{strings.vote.withoutDots(without)}</p>}
    </>
  )
}

const TIME_LIMITS = [0, 1, 2, 3, 5, 10, 15, 20]

/** A facilitator starts a vote on the board they are looking at. */
function StartRound({ editor, again }: { editor: Editor | null; again: boolean }) {
  const { session } = useSession()
  const [dots, setDots] = useState(3)
  const [cap, setCap] = useState<number | null>(null)
  const [hidden, setHidden] = useState(true)
  const [minutes, setMinutes] = useState(0)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = { dots: useId(), cap: useId(), hidden: useId(), hiddenHelp: useId(), time: useId(), title: useId() }
  const pageId = useValue('current page', () => editor?.getCurrentPageId() ?? null, [editor])
  const board = pageId ? pageName(editor, pageId) : ''

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await startRound(session.boardId, {
        ...(pageId ? { pageId } : {}),
        dotsPerPerson: Math.min(50, Math.max(1, Math.round(dots) || 1)),
        maxPerIdea: cap,
        hidden,
        durationSeconds: minutes > 0 ? minutes * 60 : null,
      })
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 409 ? strings.vote.errors.alreadyOpen : strings.facilitate.failed,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="rt-form rt-callout" aria-labelledby={ids.title} onSubmit={(event) => void submit(event)}>
      <h3 id={ids.title} className="rt-subtitle">
        {again ? strings.vote.newRound : strings.vote.startTitle}
      </h3>
      {board && <p>{strings.vote.onBoard(board)}</p>}
      <label className="rt-label" htmlFor={ids.dots}>
        {strings.vote.dotsPerPerson}
      </label>
      <input
        id={ids.dots}
        className="rt-input rt-input--short"
        type="number"
        inputMode="numeric"
        min={1}
        max={50}
        value={dots}
        onChange={(event) => {
          const value = Number(event.target.value)
          setDots(value)
          if (cap !== null && value > 0 && cap > value) setCap(value)
        }}
      />
      <label className="rt-label" htmlFor={ids.cap}>
        {strings.vote.maxPerIdea}
      </label>
      <select
        id={ids.cap}
        className="rt-input"
        value={cap === null ? '' : String(cap)}
        onChange={(event) => setCap(event.target.value === '' ? null : Number(event.target.value))}
      >
        <option value="">{strings.vote.noLimit}</option>
        {Array.from({ length: Math.max(1, Math.min(10, dots || 1)) }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <div className="rt-check">
        <input
          id={ids.hidden}
          type="checkbox"
          checked={hidden}
          aria-describedby={ids.hiddenHelp}
          onChange={(event) => setHidden(event.target.checked)}
        />
        <label htmlFor={ids.hidden}>{strings.vote.hidden}</label>
      </div>
      <p id={ids.hiddenHelp} className="rt-muted rt-small">
        {strings.vote.hiddenHelp}
      </p>
      <label className="rt-label" htmlFor={ids.time}>
        {strings.vote.timeLimit}
      </label>
      <select
        id={ids.time}
        className="rt-input"
        value={minutes}
        onChange={(event) => setMinutes(Number(event.target.value))}
      >
        {TIME_LIMITS.map((n) => (
          <option key={n} value={n}>
            {n === 0 ? strings.vote.noTimeLimit : strings.vote.minutes(n)}
          </option>
        ))}
      </select>
      <button type="submit" className="rt-button rt-button--primary" disabled={busy}>
        <Icon name="play" />
        {busy ? strings.vote.starting : strings.vote.start}
      </button>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
