import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_TITLE, SESSION_KEY, readScreen } from '@roundtable/board'
import { getLinks, renameSession, setScreen, type BoardLinks } from '../../lib/api'
import { JoinQr } from '../../presenter/JoinQr'
import { useDocValue } from '../../sync/docHooks'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'
import { ProjectorButton } from './ProjectorButton'
import { InviteLink } from './InviteLink'
import { NextSession, SeriesShare } from './SeriesSection'
import { useRequest } from './useRequest'

const SESSION_ROOTS = [SESSION_KEY] as const

/**
 * Invite: the session's name, the three links (each with what it lets people do; every facilitator link gives the
 * same powers), and the summary link to pass on, with its QR code and a switch that puts it on the shared screen;
 * then the series' page, calendar feed and downloads, and "Start the next session".
 */
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
      <SessionName />
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
          <InviteLink
            title={strings.invite.participantTitle}
            help={strings.invite.participantHelp}
            url={links.participant}
          />
          <InviteLink
            title={strings.invite.facilitatorTitle}
            help={strings.invite.facilitatorHelp}
            url={links.facilitator}
          />
          <InviteLink title={strings.invite.viewTitle} help={strings.invite.viewHelp} url={links.view} />
          {links.summary && (
            <InviteLink title={strings.share.title} help={strings.share.help} url={links.summary}>
              <JoinQr text={links.summary} label={strings.share.qrLabel} className="rt-qr" />
              <SummaryOnScreenSwitch />
            </InviteLink>
          )}
          <SeriesShare />
          <NextSession />
          <p className="rt-muted rt-small">{strings.invite.trust}</p>
        </>
      )}
    </section>
  )
}

/** The session's name: facilitators change it here; every screen, the summary and file names follow. */
function SessionName() {
  const { session } = useSession()
  const { title } = useSessionState(session)
  const [name, setName] = useState(title)
  const [saved, setSaved] = useState(false)
  const { busy, error, run } = useRequest()
  const ids = { title: useId(), field: useId(), help: useId() }
  // Someone else renamed it: show the new name unless this person is part-way through typing one.
  const shown = useRef(title)
  useEffect(() => {
    setName((typed) => (typed === shown.current ? title : typed))
    shown.current = title
  }, [title])
  const save = (event: FormEvent): void => {
    event.preventDefault()
    setSaved(false)
    void run(
      () => renameSession(session.boardId, name).then(() => setSaved(true)),
      () => strings.share.nameFailed,
    )
  }
  return (
    <form className="rt-callout" aria-labelledby={ids.title} onSubmit={save}>
      <h3 id={ids.title} className="rt-subtitle">
        <label htmlFor={ids.field}>{strings.share.nameTitle}</label>
      </h3>
      <p id={ids.help} className="rt-small">
        {strings.share.nameHelp}
      </p>
      <div className="rt-invite__row">
        <input
          id={ids.field}
          className="rt-input"
          type="text"
          required
          maxLength={MAX_TITLE}
          value={name}
          aria-describedby={ids.help}
          onChange={(event) => {
            setName(event.target.value)
            setSaved(false)
          }}
        />
        <button
          type="submit"
          className="rt-button rt-button--primary"
          disabled={busy || !name.trim() || name.trim() === title}
        >
          {strings.share.nameSave}
        </button>
      </div>
      <p className="rt-small" role="status">
        {saved ? strings.share.nameSaved : ''}
      </p>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

/** Put the summary link on the shared screen (for the end of a session), or take it off again. */
function SummaryOnScreenSwitch() {
  const { session } = useSession()
  const screen = useDocValue(session.doc, SESSION_ROOTS, readScreen)
  const { busy, error, run } = useRequest()
  const [asked, setAsked] = useState<boolean | null>(null)
  const checked = busy && asked !== null ? asked : screen.summary
  const ids = { box: useId(), help: useId() }
  return (
    <>
      <div className="rt-check">
        <input
          id={ids.box}
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={busy}
          aria-describedby={ids.help}
          onChange={(event) => {
            const on = event.target.checked
            setAsked(on)
            void run(
              () => setScreen(session.boardId, { summary: on }),
              () => strings.share.screenFailed,
            )
          }}
        />
        <label htmlFor={ids.box}>{strings.share.onScreen}</label>
      </div>
      <p id={ids.help} className="rt-muted rt-small">
        {strings.share.onScreenHelp}
      </p>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
