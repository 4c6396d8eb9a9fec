import { useId, useState } from 'react'
import { canEdit, canFacilitate } from '@roundtable/board'
import { useEasyRead } from '../../lib/easyRead'
import { summariseVoices } from '../../lib/equalVoice'
import { useIdentity } from '../../lib/identity'
import { serverClock } from '../../lib/serverClock'
import { TURN_TIMES, currentTurn, startTurns, stopTurns } from '../../lib/turns'
import { useBoardOutline } from '../../sync/boardIdeas'
import { useOpenRound, useSettings } from '../../sync/docHooks'
import { usePeople } from '../../sync/people'
import { useTurnsState, writeTurnsState } from '../../sync/sharedMeta'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'
import { MyAnswerLine } from '../panel/MyAnswerLine'
import { Icon } from './Icon'
import { passTurn, turnPeople, turnWords } from './TurnNotice'

/**
 * Equal voice, for everyone to see: who is here, how many ideas each person added and whether they have voted in
 * the open round (only totals in an anonymous session), and taking turns to add ideas.
 */
export function EqualVoicePanel() {
  useEasyRead()
  const { session } = useSession()
  const headingId = useId()
  const people = usePeople(session.provider.awareness)
  const outline = useBoardOutline(session.doc)
  const settings = useSettings(session.doc)
  const round = useOpenRound(session.doc)
  const voteOpen = round?.status === 'open'
  const summary = summariseVoices(people, outline.ideas.values(), { anonymous: settings.anonymous, voteOpen })
  const counts = [
    strings.voice.here(summary.here),
    strings.voice.added(summary.added),
    ...(voteOpen ? [strings.voice.voted(summary.voted)] : []),
  ]

  return (
    <section className="rt-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-section__title">
        {strings.voice.title}
      </h2>
      <p className="rt-muted">{strings.voice.intro}</p>
      <p className="rt-voice__counts">{counts.join(' · ')}</p>
      {settings.anonymous ? (
        <p className="rt-muted">{strings.voice.anonymous}</p>
      ) : (
        <ul className="rt-voice__list" aria-label={strings.voice.listLabel}>
          {summary.rows.map((row) => (
            <li key={row.id} className="rt-voice__row" data-me={row.isMe ? '' : undefined}>
              <span className="rt-voice__name">
                {row.isMe ? strings.voice.you(row.name || strings.voice.someone) : row.name || strings.voice.someone}
              </span>
              <span className="rt-voice__facts">
                {strings.voice.ideas(row.ideas)}
                {voteOpen &&
                  ` · ${row.voted ? strings.voice.hasVoted : row.abstained ? strings.voice.wontVote : strings.voice.notVoted}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <MyAnswerLine />
      {summary.here <= 1 && <p className="rt-muted">{strings.voice.alone}</p>}
      {summary.watching > 0 && <p className="rt-muted rt-small">{strings.voice.watching(summary.watching)}</p>}
      <TakingTurns />
    </section>
  )
}

/** Taking turns: everyone sees whose turn it is; facilitators start, move on and stop it. */
function TakingTurns() {
  const { session } = useSession()
  const { role } = useSessionState(session)
  const state = useTurnsState(session.doc)
  const people = usePeople(session.provider.awareness)
  const identity = useIdentity()
  const settings = useSettings(session.doc)
  const [seconds, setSeconds] = useState(0)
  const ids = { title: useId(), time: useId(), help: useId() }
  const facilitator = role !== null && canFacilitate(role)
  const editor = role !== null && canEdit(role)
  const running = state?.status === 'running'
  const present = turnPeople(people)
  const current = currentTurn(state)
  const nameOf = (id: string): string => {
    if (id === identity.id) return strings.voice.you(identity.name)
    const person = people.find((p) => p.id === id)
    return !settings.anonymous && person?.name ? person.name : strings.voice.someone
  }

  return (
    <div className="rt-callout" role="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.turns.title}
      </h3>
      <p id={ids.help} className="rt-muted rt-small">
        {strings.turns.help}
      </p>
      {running && current !== null && state && (
        <>
          <p className="rt-big">{turnWords(state, people, identity.id, settings.anonymous)}</p>
          {!settings.anonymous && (
            <ol className="rt-turn-order" aria-label={strings.turns.order}>
              {state.order
                .filter((id) => present.some((p) => p.id === id))
                .map((id) => (
                  <li key={id} aria-current={id === current ? 'step' : undefined}>
                    {nameOf(id)}
                    {id === current && <span className="rt-turn-order__now">{strings.turns.nowLabel}</span>}
                  </li>
                ))}
            </ol>
          )}
        </>
      )}
      {running && state && (editor || facilitator) && (
        <div className="rt-button-row">
          {current === identity.id && editor && (
            <button
              type="button"
              className="rt-button rt-button--secondary"
              onClick={() => passTurn(session.doc, present, state.turn)}
            >
              <Icon name="pass" />
              {strings.turns.pass}
            </button>
          )}
          {facilitator && current !== identity.id && (
            <button
              type="button"
              className="rt-button rt-button--secondary"
              onClick={() => passTurn(session.doc, present, state.turn)}
            >
              <Icon name="pass" />
              {strings.turns.next}
            </button>
          )}
          {facilitator && (
            <button
              type="button"
              className="rt-button rt-button--primary"
              onClick={() => writeTurnsState(session.doc, stopTurns(state))}
            >
              <Icon name="stop" />
              {strings.turns.stop}
            </button>
          )}
        </div>
      )}
      {!running && facilitator && (
        <form
          className="rt-form"
          onSubmit={(event) => {
            event.preventDefault()
            writeTurnsState(session.doc, startTurns(present, serverClock.now(), seconds || null))
          }}
        >
          <label className="rt-label" htmlFor={ids.time}>
            {strings.turns.timeLabel}
          </label>
          <select
            id={ids.time}
            className="rt-input"
            value={seconds}
            onChange={(event) => setSeconds(Number(event.target.value))}
          >
            {TURN_TIMES.map((n) => (
              <option key={n} value={n}>
                {n === 0 ? strings.turns.noTime : strings.turns.seconds(n)}
              </option>
            ))}
          </select>
          <button type="submit" className="rt-button rt-button--primary" disabled={present.length === 0}>
            <Icon name="turns" />
            {strings.turns.start}
          </button>
        </form>
      )}
    </div>
  )
}
