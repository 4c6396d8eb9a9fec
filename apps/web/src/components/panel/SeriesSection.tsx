import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { MAX_SERIES_NAME, MAX_TITLE, exportFileNames } from '@roundtable/board'
import { followOn, getSeries, getSeriesExport, type Series } from '../../lib/api'
import { saveBlob } from '../../lib/download'
import { followOnBody, followOnFailure, onThisOrigin } from '../../lib/series'
import { useSeriesInfo } from '../../sync/docHooks'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'
import { useSession } from '../SessionContext'
import { InviteLink } from './InviteLink'
import { JoinQr } from '../../presenter/JoinQr'

/**
 * For a facilitator of a session in a series: the series page to pass on (its link and QR code), the calendar feed
 * (copy, or open in a calendar app with `webcal://`) and every action of the series as CSV or Markdown. Nothing
 * outside a series.
 */
export function SeriesShare() {
  const { session } = useSession()
  const info = useSeriesInfo(session.doc)
  const [series, setSeries] = useState<Series | null>(null)
  const [failed, setFailed] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const seriesId = info?.id ?? null

  // `attempt` changes to ask again after a failure.
  useEffect(() => {
    if (!seriesId) return
    let live = true
    setFailed(false)
    getSeries(session.boardId).then(
      (answer) => live && setSeries(answer.series),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [seriesId, session.boardId, attempt])

  if (!seriesId) return null
  if (failed)
    return (
      <div>
        <p className="rt-error" role="alert">
          {strings.series.failed}
        </p>
        <button type="button" className="rt-button rt-button--secondary" onClick={() => setAttempt((n) => n + 1)}>
          {strings.invite.retry}
        </button>
      </div>
    )
  const links = series?.links
  if (!series || !links)
    return (
      <p className="rt-muted" role="status">
        {strings.series.loading}
      </p>
    )
  return (
    <>
      <InviteLink title={strings.series.pageTitle} help={strings.series.pageHelp} url={links.page}>
        <JoinQr text={links.page} label={strings.series.pageQrLabel} className="rt-qr" />
      </InviteLink>
      <InviteLink title={strings.series.feedTitle} help={strings.series.feedHelp} url={links.feed}>
        <a className="rt-button rt-button--secondary rt-button--wide" href={links.webcal}>
          {strings.series.feedOpen}
        </a>
      </InviteLink>
      <SeriesDownloads name={series.name} />
    </>
  )
}

const SERIES_FILES = ['csv', 'md'] as const

/** Every action of every session of the series, as a file. */
function SeriesDownloads({ name }: { name: string }) {
  const { session } = useSession()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')
  const titleId = useId()
  const download = async (format: 'csv' | 'md'): Promise<void> => {
    setBusy(true)
    setMessage(strings.exports.working)
    try {
      const { blob, fileName } = await getSeriesExport(session.boardId, format)
      const saved = fileName ?? exportFileNames(name, format === 'csv' ? 'actions.csv' : 'series.md').unicode
      saveBlob(blob, saved)
      setMessage(strings.exports.done(saved))
    } catch {
      setMessage(strings.exports.failed)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {strings.series.downloadsTitle}
      </h3>
      <div className="rt-button-column">
        {SERIES_FILES.map((format) => (
          <button
            key={format}
            type="button"
            className="rt-button rt-button--secondary rt-button--wide"
            disabled={busy}
            onClick={() => void download(format)}
          >
            {strings.series[format]}
          </button>
        ))}
      </div>
      <p className="rt-small" role="status">
        {message}
      </p>
    </div>
  )
}

/** "Start the next session": for facilitators, a button that asks for the names and opens the new session. */
export function NextSession() {
  const { session } = useSession()
  const info = useSeriesInfo(session.doc)
  const [asking, setAsking] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {strings.series.nextTitle}
      </h3>
      <p className="rt-small">{strings.series.nextHelp}</p>
      {info && <p className="rt-small">{strings.series.inSeries(info.name, info.count)}</p>}
      <button
        ref={button}
        type="button"
        className="rt-button rt-button--primary rt-button--wide"
        aria-haspopup="dialog"
        onClick={() => setAsking(true)}
      >
        <Icon name="add" />
        {strings.series.nextButton}
      </button>
      {asking && (
        <FollowOnDialog
          seriesName={info?.name ?? null}
          onCancel={() => {
            setAsking(false)
            button.current?.focus()
          }}
        />
      )}
    </div>
  )
}

/**
 * Asks for the next session's name and, when this makes a new series, the series' name; then starts it and opens
 * it with its facilitator link. A native modal `<dialog>` (focus stays in it; Escape cancels).
 */
function FollowOnDialog({ seriesName, onCancel }: { seriesName: string | null; onCancel: () => void }) {
  const { session } = useSession()
  const ref = useRef<HTMLDialogElement>(null)
  const [title, setTitle] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = { title: useId(), help: useId(), name: useId(), nameHelp: useId(), series: useId(), seriesHelp: useId() }
  const inSeries = seriesName !== null

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const made = await followOn(session.boardId, followOnBody(title, name, inSeries))
      window.location.assign(onThisOrigin(made.links.facilitator, window.location.origin))
    } catch (failure) {
      setError(followOnFailure(failure))
      setBusy(false)
    }
  }

  return (
    <dialog
      ref={ref}
      className="rt-dialog"
      aria-labelledby={ids.title}
      aria-describedby={ids.help}
      onCancel={(event) => {
        event.preventDefault()
        if (!busy) onCancel()
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={ids.title}>{strings.series.nextTitle}</h2>
        <p id={ids.help}>{strings.series.nextDialogHelp}</p>
        {inSeries && <p className="rt-small">{strings.series.partOf(seriesName)}</p>}
        <label htmlFor={ids.name} className="rt-label">
          {strings.series.nextName}
        </label>
        <input
          id={ids.name}
          className="rt-input"
          type="text"
          autoFocus
          required
          maxLength={MAX_TITLE}
          aria-describedby={ids.nameHelp}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <p id={ids.nameHelp} className="rt-small rt-muted">
          {strings.series.nextNameHelp}
        </p>
        {!inSeries && (
          <>
            <label htmlFor={ids.series} className="rt-label">
              {strings.series.seriesName}
            </label>
            <input
              id={ids.series}
              className="rt-input"
              type="text"
              required
              maxLength={MAX_SERIES_NAME}
              aria-describedby={ids.seriesHelp}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <p id={ids.seriesHelp} className="rt-small rt-muted">
              {strings.series.seriesNameHelp}
            </p>
          </>
        )}
        {error && (
          <p className="rt-error" role="alert">
            {error}
          </p>
        )}
        <div className="rt-dialog__buttons">
          <button
            type="submit"
            className="rt-button rt-button--primary"
            disabled={busy || !title.trim() || (!inSeries && !name.trim())}
          >
            {busy ? strings.series.starting : strings.series.start}
          </button>
          <button type="button" className="rt-button rt-button--secondary" onClick={onCancel} disabled={busy}>
            {strings.series.cancel}
          </button>
        </div>
      </form>
    </dialog>
  )
}
