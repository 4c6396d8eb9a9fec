import { canEdit } from '@roundtable/board'
import { formatClock } from '../../lib/countdown'
import { useIdentity } from '../../lib/identity'
import { serverClock } from '../../lib/serverClock'
import { advanceTurn, currentTurn, turnPosition, type TurnPerson, type TurnsState } from '../../lib/turns'
import { useRemainingMs } from '../../lib/useRemaining'
import { useEasyRead } from '../../lib/easyRead'
import type { PresentPerson } from '../../lib/equalVoice'
import { usePeople } from '../../sync/people'
import { readTurnsState, useTurnsState, writeTurnsState } from '../../sync/sharedMeta'
import { useSettings } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'
import { Icon } from './Icon'

/** People who take turns: everyone present whose link lets them add ideas. */
export function turnPeople(people: readonly PresentPerson[]): TurnPerson[] {
  return people.filter((p) => p.role !== 'view').map((p) => ({ id: p.id, name: p.name }))
}

/**
 * Pass the turn on from turn number `expected` (nothing happens if it has already passed, e.g. because another
 * device passed it a moment earlier).
 */
export function passTurn(
  doc: Parameters<typeof readTurnsState>[0],
  present: readonly TurnPerson[],
  expected: number,
): void {
  const now = readTurnsState(doc)
  if (!now || now.status !== 'running' || now.turn !== expected) return
  writeTurnsState(doc, advanceTurn(now, present, serverClock.now()))
}

/** The words for whose turn it is. */
export function turnWords(
  state: TurnsState,
  people: readonly PresentPerson[],
  myId: string,
  anonymous: boolean,
): string {
  const current = currentTurn(state)
  if (current === myId) return strings.turns.yourTurn
  const person = people.find((p) => p.id === current)
  if (!anonymous && person?.name) return strings.turns.theirTurn(person.name)
  const { position, total } = turnPosition(state, turnPeople(people))
  // The person whose turn it was has just left: the turn is about to pass.
  if (position === 0) return strings.turns.passing
  return strings.turns.someoneTurn(position, total)
}

/**
 * While people take turns: whose turn it is, time left, and "Pass" for the person whose turn it is. Shown at the
 * top of the board and of the list; a polite status, so a screen reader says when the turn moves on.
 */
export function TurnNotice({ className = 'rt-notice rt-notice--turn' }: { className?: string }) {
  useEasyRead()
  const { session } = useSession()
  const { role } = useSessionState(session)
  const state = useTurnsState(session.doc)
  const people = usePeople(session.provider.awareness)
  const identity = useIdentity()
  const settings = useSettings(session.doc)
  const running = state?.status === 'running'
  const endsAt = running && state.secondsPerTurn !== null ? state.turnStartedAt + state.secondsPerTurn * 1000 : null
  const remaining = useRemainingMs(endsAt)
  if (!state || !running || currentTurn(state) === null) return null
  const mine = currentTurn(state) === identity.id
  const words = turnWords(state, people, identity.id, settings.anonymous)
  const editor = role !== null && canEdit(role)
  return (
    <div className={className} data-mine={mine ? '' : undefined}>
      <Icon name="turns" />
      {/* Only whose turn it is is announced; the seconds ticking by are not. */}
      <span role="status">{words}</span>
      {remaining !== null && remaining > 0 && (
        <span className="rt-notice__time">{strings.turns.timeLeft(formatClock(remaining))}</span>
      )}
      {mine && editor && (
        <button
          type="button"
          className="rt-link-button"
          aria-label={strings.turns.passLabel}
          onClick={() => passTurn(session.doc, turnPeople(people), state.turn)}
        >
          {strings.turns.pass}
        </button>
      )}
    </div>
  )
}
