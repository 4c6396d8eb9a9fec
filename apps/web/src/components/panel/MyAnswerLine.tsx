import { answerInWords, sessionAsks, useMyAnswer } from '../../lib/evidence'
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
  if (!sessionAsks(settings, role) || (mine.status !== 'known' && !mine.answered)) return null
  const words = answerInWords(mine.answered ? mine.group : null)
  return (
    <p className="rt-my-answer">
      <span className="rt-my-answer__label">{strings.evidence.yours}</span>{' '}
      <strong className="rt-my-answer__value" dir="auto">
        {words}
      </strong>{' '}
      {mine.answered ? (
        <button type="button" className="rt-link-button" onClick={openGroupDialog} aria-label={strings.evidence.changeLabel(words)}>
          {strings.evidence.change}
        </button>
      ) : (
        <button type="button" className="rt-link-button" onClick={openGroupDialog} aria-label={strings.evidence.tellLabel}>
          {strings.evidence.tell}
        </button>
      )}
    </p>
  )
}
