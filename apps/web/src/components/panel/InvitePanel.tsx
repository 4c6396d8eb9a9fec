import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { getLinks, type BoardLinks } from '../../lib/api'
import { strings } from '../../strings'
import { useSession } from '../SessionContext'
import { ProjectorButton } from './ProjectorButton'

/** Copy text to the clipboard; falls back to selecting it where the clipboard API is missing (plain http). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Fall back below.
  }
  if (!field) return false
  field.focus()
  field.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  }
}

/** Invite: the three links, each with what it lets people do. Every facilitator link gives the same powers. */
export function InvitePanel() {
  const { session } = useSession()
  const [links, setLinks] = useState<BoardLinks | null>(null)
  const [failed, setFailed] = useState(false)
  const headingId = useId()

  const load = useCallback(() => {
    setFailed(false)
    getLinks(session.boardId).then(
      (answer) => setLinks(answer.links),
      () => setFailed(true),
    )
  }, [session.boardId])
  useEffect(load, [load])

  return (
    <section className="rt-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-section__title">
        {strings.invite.title}
      </h2>
      <p>{strings.invite.intro}</p>
      {failed ? (
        <div>
          <p className="rt-error" role="alert">
            {strings.invite.failed}
          </p>
          <button type="button" className="rt-button rt-button--secondary" onClick={load}>
            {strings.invite.retry}
          </button>
        </div>
      ) : !links ? (
        <p className="rt-muted" role="status">
          {strings.invite.loading}
        </p>
      ) : (
        <>
          <ProjectorButton boardId={session.boardId} links={links} />
          <InviteLink title={strings.invite.participantTitle} help={strings.invite.participantHelp} url={links.participant} />
          <InviteLink title={strings.invite.facilitatorTitle} help={strings.invite.facilitatorHelp} url={links.facilitator} />
          <InviteLink title={strings.invite.viewTitle} help={strings.invite.viewHelp} url={links.view} />
          <p className="rt-muted rt-small">{strings.invite.trust}</p>
        </>
      )}
    </section>
  )
}

function InviteLink({ title, help, url }: { title: string; help: string; url: string }) {
  const field = useRef<HTMLInputElement>(null)
  const [status, setStatus] = useState<'copied' | 'failed' | null>(null)
  const ids = { title: useId(), field: useId(), help: useId() }

  useEffect(() => {
    if (status !== 'copied') return
    const timer = setTimeout(() => setStatus(null), 4000)
    return () => clearTimeout(timer)
  }, [status])

  return (
    <div className="rt-callout rt-invite" role="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="rt-subtitle">
        {title}
      </h3>
      <p id={ids.help} className="rt-small">
        {help}
      </p>
      <label className="rt-visually-hidden" htmlFor={ids.field}>
        {strings.invite.linkLabel(title)}
      </label>
      <div className="rt-invite__row">
        <input
          ref={field}
          id={ids.field}
          className="rt-input rt-input--link"
          type="text"
          readOnly
          value={url}
          aria-describedby={ids.help}
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          className="rt-button rt-button--primary"
          aria-label={strings.invite.copyLabel(title)}
          onClick={() => void copyText(url, field.current).then((ok) => setStatus(ok ? 'copied' : 'failed'))}
        >
          {status === 'copied' ? strings.invite.copied : strings.invite.copy}
        </button>
      </div>
      <p className="rt-small" role="status">
        {status === 'failed' ? strings.invite.copyFailed : status === 'copied' ? strings.invite.copied : ''}
      </p>
    </div>
  )
}
