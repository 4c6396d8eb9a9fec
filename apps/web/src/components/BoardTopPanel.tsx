import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { selectedIdeaId } from '../lib/actions'
import { ideaText, shortText } from '../lib/ideas'
import { readAloud, useReadAloud } from '../lib/readAloud'
import { useSettings } from '../sync/docHooks'
import { canVote } from '@roundtable/board'
import { timerRemainingMs, formatClock } from '../lib/countdown'
import { useIdentity } from '../lib/identity'
import { useRemainingMs } from '../lib/useRemaining'
import { useOpenRound, useSummon, useTimer } from '../sync/docHooks'
import { strings } from '../strings'
import { ConnectionStatus } from './ConnectionStatus'
import { TurnNotice } from './inclusion/TurnNotice'
import { ViewSwitch } from './inclusion/ViewSwitch'
import { useEasyRead } from '../lib/easyRead'
import { useMyVotes, useSession, useSessionState } from './SessionContext'

/**
 * Roundtable's strip at the top centre of the board: connection status, "Your name: X — Change", and what everyone
 * needs to see at a glance: the shared timer, a locked board, an open vote, and whom they are following.
 */
export function BoardTopPanel() {
  useEasyRead()
  const { session, openNameDialog } = useSession()
  const { connection } = useSessionState(session)
  const identity = useIdentity()
  return (
    <div className="rt-top">
      <div className="rt-top-panel">
        <ConnectionStatus connection={connection} />
        <div className="rt-you">
          <span className="rt-you__swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
          <span className="rt-you__label">{strings.name.yours}</span>
          <span className="rt-you__name">{identity.name}</span>
          <button
            type="button"
            className="rt-link-button"
            onClick={openNameDialog}
            aria-label={strings.name.changeLabel(identity.name)}
          >
            {strings.name.change}
          </button>
        </div>
        <SharedTimer />
        <ViewSwitch takeFocus />
      </div>
      <TopNotices />
    </div>
  )
}

/** The facilitators' shared timer, counted against the server's clock so it ends at once on every screen. */
export function SharedTimer() {
  const { session } = useSession()
  const timer = useTimer(session.doc)
  const remaining = useRemainingMs(timer.status === 'running' ? timer.endsAt : null)
  if (timer.status === 'idle') return null
  const left = timer.status === 'running' ? (remaining ?? 0) : timerRemainingMs(timer, 0)
  const up = timer.status === 'running' && left <= 0
  const clock = formatClock(left)
  return (
    <div className="rt-timer" data-state={up ? 'up' : timer.status}>
      <span className="rt-timer__icon" aria-hidden="true" />
      <span role="timer" aria-label={strings.top.timerLabel}>
        {up
          ? strings.top.timeUp
          : timer.status === 'paused'
            ? strings.top.timerPaused(clock)
            : strings.top.timerLeft(clock)}
      </span>
      {/* Counting every second aloud would drown everything else out: only "Time is up" is announced. */}
      <span className="rt-visually-hidden" role="status">
        {up ? strings.top.timeUp : ''}
      </span>
    </div>
  )
}

/** A second line, only when there is something to say: locked board, open vote, following someone. */
function TopNotices() {
  const editor = useEditor()
  const { session, votes, panel } = useSession()
  const { role } = useSessionState(session)
  const locked = useValue(session.$pageLocked)
  const round = useOpenRound(session.doc)
  const { mine } = useMyVotes(votes)
  const summon = useSummon(session.doc)
  const following = useValue('following user', () => editor.getInstanceState().followingUserId, [editor])
  const followingName = useValue(
    'following name',
    () => (following ? (editor.getCollaborators().find((c) => c.userId === following)?.userName ?? '') : ''),
    [editor, following],
  )
  const voter = role !== null && canVote(role)
  const showVote = round !== null && round.status === 'open'
  const turns = (
    <>
      <TurnNotice />
      <ReadSelectedIdea />
    </>
  )
  if (!locked && !showVote && !following) return <div className="rt-top-notices">{turns}</div>
  const leaderName = summon?.userId === following ? summon.name || followingName : followingName
  return (
    <div className="rt-top-notices">
      {turns}
      {locked && (
        <div className="rt-notice rt-notice--lock" role="status" title={strings.top.lockedHelp}>
          <span className="rt-notice__lock" aria-hidden="true" />
          {strings.top.locked}
        </div>
      )}
      {showVote && (
        <div className="rt-notice rt-notice--vote">
          <span>
            {strings.top.voteOpen}
            {voter && mine && !mine.abstained ? ` · ${strings.top.voteDotsLeft(mine.remaining)}` : ''}
            {round.endsAt !== null && <VoteTimeLeft endsAt={round.endsAt} />}
          </span>
          <button type="button" className="rt-link-button" onClick={() => panel.show('vote')}>
            {strings.top.openVote}
          </button>
        </div>
      )}
      {following && (
        <div className="rt-notice rt-notice--follow">
          <span>{strings.top.following(leaderName)}</span>
          <button
            type="button"
            className="rt-link-button"
            aria-label={strings.top.stopFollowingLabel(leaderName)}
            onClick={() => editor.stopFollowingUser()}
          >
            {strings.top.stopFollowing}
          </button>
        </div>
      )}
    </div>
  )
}

/**
 * Read aloud on the canvas: when one idea is selected, a button reads it (and who added it, outside anonymous
 * sessions), as the list view's "Read aloud" does.
 */
function ReadSelectedIdea() {
  const editor = useEditor()
  const { session } = useSession()
  const settings = useSettings(session.doc)
  const { available } = useReadAloud()
  const idea = useValue('idea to read aloud', () => {
    const id = selectedIdeaId(editor)
    if (!id || editor.getEditingShapeId() === id) return null
    const meta = editor.getShape(id as TLShapeId)?.meta as { author?: unknown } | undefined
    return {
      text: ideaText(editor, id) ?? '',
      author: typeof meta?.author === 'string' && meta.author ? meta.author : null,
    }
  }, [editor])
  if (!available || !idea || !idea.text.trim()) return null
  const label = shortText(idea.text)
  return (
    <div className="rt-notice">
      <button
        type="button"
        className="rt-link-button"
        aria-label={`${strings.readAloud.idea}: ${label}`}
        onClick={() =>
          readAloud.read(`“${label}”`, [
            strings.readAloud.spokenIdea(idea.text, settings.anonymous ? null : idea.author),
          ])
        }
      >
        {strings.readAloud.idea}: “{label}”
      </button>
    </div>
  )
}

function VoteTimeLeft({ endsAt }: { endsAt: number }) {
  const left = useRemainingMs(endsAt) ?? 0
  return <> · {strings.top.timerLeft(formatClock(left))}</>
}
