import { useId, useState, type FormEvent } from 'react'
import { useValue, type Editor } from 'tldraw'
import { commandTimer, endSummon, setAnonymous, setPageLock, summonEveryone, type TimerCommand } from '../../lib/api'
import { formatClock, timerRemainingMs } from '../../lib/countdown'
import { pageName } from '../../lib/ideas'
import { useRemainingMs } from '../../lib/useRemaining'
import { useHasIdeas, useSettings, useSummon, useTimer } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useSession } from '../SessionContext'
import { HistorySection } from './HistorySection'
import { useRequest } from './useRequest'
import { PlainWordsSettings } from '../inclusion/PlainWordsSettings'
import { EvidenceSection } from './EvidenceSection'

/** Facilitators' tools, the same for every facilitator: timer, lock, anonymous mode, bring everyone along. */
export function FacilitatePanel({ editor }: { editor: Editor | null }) {
  const { session } = useSession()
  const headingId = useId()
  // Anonymity can only be chosen before the first idea, so it comes first until then.
  const setupFirst = !useHasIdeas(session.doc)
  return (
    <section className="rt-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-section__title">
        {strings.panel.tabs.facilitate}
      </h2>
      <p className="rt-muted">{strings.facilitate.intro}</p>
      {setupFirst && <AnonymousSwitch />}
      <TimerControls />
      <LockControls editor={editor} />
      <BringEveryone />
      <PlainWordsSettings />
      <EvidenceSection />
      {!setupFirst && <AnonymousSwitch />}
      <HistorySection />
    </section>
  )
}

function TimerControls() {
  const { session } = useSession()
  const timer = useTimer(session.doc)
  const remaining = useRemainingMs(timer.status === 'running' ? timer.endsAt : null)
  const [minutes, setMinutes] = useState(5)
  const { busy, error, run } = useRequest()
  const ids = { title: useId(), minutes: useId() }
  const send = (command: TimerCommand) => run(() => commandTimer(session.boardId, command))
  const left = timer.status === 'running' ? (remaining ?? 0) : timerRemainingMs(timer, 0)

  const start = (event: FormEvent): void => {
    event.preventDefault()
    const seconds = Math.round(Math.min(24 * 60, Math.max(1, minutes || 1)) * 60)
    void send({ action: 'start', seconds })
  }

  return (
    <div className="rt-callout" role="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.facilitate.timerTitle}
      </h3>
      <p className="rt-big">
        {timer.status === 'idle'
          ? strings.facilitate.timerIdle
          : timer.status === 'paused'
            ? strings.top.timerPaused(formatClock(left))
            : left > 0
              ? strings.top.timerLeft(formatClock(left))
              : strings.top.timeUp}
      </p>
      <form className="rt-inline-form" onSubmit={start}>
        <label className="rt-label" htmlFor={ids.minutes}>
          {strings.facilitate.timerMinutes}
        </label>
        <input
          id={ids.minutes}
          className="rt-input rt-input--short"
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          value={minutes}
          onChange={(event) => setMinutes(Number(event.target.value))}
        />
        <button type="submit" className="rt-button rt-button--primary" disabled={busy}>
          {timer.status === 'idle' ? strings.facilitate.timerStart : strings.facilitate.timerRestart}
        </button>
      </form>
      {timer.status !== 'idle' && (
        <div className="rt-button-row">
          {timer.status === 'running' && left > 0 && (
            <button
              type="button"
              className="rt-button rt-button--secondary"
              disabled={busy}
              onClick={() => void send({ action: 'pause' })}
            >
              {strings.facilitate.timerPause}
            </button>
          )}
          {timer.status === 'paused' && (
            <button
              type="button"
              className="rt-button rt-button--secondary"
              disabled={busy}
              onClick={() => void send({ action: 'resume' })}
            >
              {strings.facilitate.timerResume}
            </button>
          )}
          <button
            type="button"
            className="rt-button rt-button--secondary"
            disabled={busy}
            onClick={() => void send({ action: 'reset' })}
          >
            {strings.facilitate.timerReset}
          </button>
        </div>
      )}
      <p className="rt-muted rt-small">{strings.facilitate.timerHelp}</p>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function LockControls({ editor }: { editor: Editor | null }) {
  const { session } = useSession()
  const settings = useSettings(session.doc)
  const pageId = useValue('current page', () => editor?.getCurrentPageId() ?? null, [editor])
  const name = useValue('current page name', () => (pageId ? pageName(editor, pageId) : ''), [editor, pageId])
  const { busy, error, run } = useRequest()
  const titleId = useId()
  if (!pageId) return null
  const locked = settings.lockedPages.includes(pageId)
  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {strings.facilitate.lockTitle}
      </h3>
      <p className="rt-muted rt-small">{strings.facilitate.lockHelp}</p>
      {locked && <p className="rt-big">{strings.facilitate.isLocked(name)}</p>}
      <button
        type="button"
        className={`rt-button ${locked ? 'rt-button--primary' : 'rt-button--secondary'}`}
        disabled={busy}
        onClick={() => void run(() => setPageLock(session.boardId, pageId, !locked))}
      >
        {locked ? strings.facilitate.unlock(name) : strings.facilitate.lock(name)}
      </button>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function BringEveryone() {
  const { session } = useSession()
  const summon = useSummon(session.doc)
  const me = useValue(session.user.$user)
  const { busy, error, run } = useRequest()
  const titleId = useId()
  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {strings.facilitate.summonTitle}
      </h3>
      <p className="rt-muted rt-small">{strings.facilitate.summonHelp}</p>
      {summon && (
        <p className="rt-big" role="status">
          {summon.userId === me.id
            ? strings.facilitate.summonActiveYou
            : strings.facilitate.summonActiveOther(summon.name)}
        </p>
      )}
      <div className="rt-button-row">
        {summon?.userId !== me.id && (
          <button
            type="button"
            className="rt-button rt-button--secondary"
            disabled={busy}
            onClick={() => void run(() => summonEveryone(session.boardId, me.id, me.name))}
          >
            {strings.facilitate.summon}
          </button>
        )}
        {summon && (
          <button
            type="button"
            className="rt-button rt-button--primary"
            disabled={busy}
            onClick={() => void run(() => endSummon(session.boardId))}
          >
            {strings.facilitate.summonStop}
          </button>
        )}
      </div>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

function AnonymousSwitch() {
  const { session } = useSession()
  const settings = useSettings(session.doc)
  const hasIdeas = useHasIdeas(session.doc)
  const { busy, error, run } = useRequest()
  const ids = { title: useId(), box: useId(), help: useId() }
  // Shown at once; the board confirms it a moment later (or the request fails and the switch goes back).
  const [asked, setAsked] = useState<boolean | null>(null)
  const checked = busy && asked !== null ? asked : settings.anonymous
  return (
    <div className="rt-callout" role="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.facilitate.anonymousTitle}
      </h3>
      <div className="rt-check">
        <input
          id={ids.box}
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={busy || hasIdeas}
          aria-describedby={ids.help}
          onChange={(event) => {
            const on = event.target.checked
            setAsked(on)
            void run(() => setAnonymous(session.boardId, on))
          }}
        />
        <label htmlFor={ids.box}>{strings.facilitate.anonymousLabel}</label>
      </div>
      <p id={ids.help} className="rt-muted rt-small">
        {hasIdeas ? strings.facilitate.anonymousLocked : strings.facilitate.anonymousHelp}
      </p>
      {settings.anonymous && <p>{strings.facilitate.anonymousOn}</p>}
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
