import { myAnswerLine, sessionAsks, useMyAnswer } from '../../lib/evidence'
import { useSettings } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'

/**
 * "How you come to this session: I am an unpaid carer · Change", beside the person's own name in the People panel,
 * so an answer can be changed or taken back at any time (and a skipped question answered after all). Only this
 * person's own answer is ever shown; shown only while the session asks.
 */
export function MyAnswerLine() {
  const { session, answer, openGroupDialog } = useSession()
  const { role } = useSessionState(session)
  const settings = useSettings(session.doc)
  const mine = useMyAnswer(answer)
  const line = sessionAsks(settings, role) ? myAnswerLine(mine) : null
  if (!line) return null
  return (
    <p className="rt-my-answer">
      <span className="rt-my-answer__label">{strings.evidence.yours}</span>{' '}
      <strong className="rt-my-answer__value" dir="auto">
        {line.words}
      </strong>{' '}
      <button type="button" className="rt-link-button" onClick={openGroupDialog} aria-label={line.actionLabel}>
        {line.action}
      </button>
    </p>
  )
}
