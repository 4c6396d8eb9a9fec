import { useEffect, useId, useState } from 'react'
import {
  deleteSeries,
  deleteSession,
  listVersions,
  previewVersion,
  restoreVersion,
  type VersionInfo,
} from '../../lib/api'
import { strings } from '../../strings'
import { useSeriesInfo } from '../../sync/docHooks'
import { useSession } from '../SessionContext'

const words = strings.history

function when(ms: number): string {
  // To the second: two versions kept in the same minute must not read the same.
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

/**
 * Earlier versions of the board, for facilitators: after someone deletes everything by mistake, "Show earlier
 * versions" then "Go back to this version" puts it all back. Going back is itself kept, so it can be undone.
 * Also: deleting the whole session, or every session of its series.
 */
export function HistorySection() {
  const { session } = useSession()
  const titleId = useId()
  const [versions, setVersions] = useState<VersionInfo[] | null>(null)
  const [preview, setPreview] = useState<{ id: string; ideas: string[] } | null>(null)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState<'session' | 'series' | null>(null)
  const series = useSeriesInfo(session.doc)

  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setMessage('')
    try {
      await fn()
    } catch {
      setMessage(strings.facilitate.failed)
    } finally {
      setBusy(false)
    }
  }
  const load = () => run(async () => setVersions((await listVersions(session.boardId)).versions))
  // Listed as soon as the panel opens: after a mistake, the way back is one click away.
  useEffect(() => {
    void load()
  }, [session.boardId])

  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {words.title}
      </h3>
      <p className="rt-muted">{words.help}</p>
      <button type="button" className="rt-button rt-button--secondary" disabled={busy} onClick={() => void load()}>
        {versions ? words.refresh : words.load}
      </button>
      {versions && versions.length === 0 && <p>{words.none}</p>}
      {versions && versions.length > 0 && (
        <ul className="rt-history" aria-label={words.title}>
          {versions.map((v, i) => (
            <li key={v.id} className="rt-history__item">
              <p>
                {/* Numbered, oldest first, so every entry has its own name even when two were kept for the same reason. */}
                <strong>
                  {words.versionName(versions.length - i, v.reason === 'automatic' ? words.reasonAutomatic : v.reason)}
                </strong>
                <br />
                {words.item(when(v.createdAt), v.ideas, v.actions)}
              </p>
              <div className="rt-button-row">
                <button
                  type="button"
                  className="rt-button rt-button--secondary"
                  aria-label={words.previewLabel(versions.length - i)}
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const found = await previewVersion(session.boardId, v.id)
                      setPreview({ id: v.id, ideas: found.ideas.map((i) => i.text) })
                    })
                  }
                >
                  {words.preview}
                </button>
                <button
                  type="button"
                  className="rt-button rt-button--primary"
                  aria-label={words.restoreLabel(versions.length - i, when(v.createdAt))}
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      await restoreVersion(session.boardId, v.id)
                      setMessage(words.restored)
                      setPreview(null)
                      setVersions((await listVersions(session.boardId)).versions)
                    })
                  }
                >
                  {words.restore}
                </button>
              </div>
              {preview?.id === v.id && (
                <div className="rt-history__preview">
                  <p>{preview.ideas.length ? words.previewTitle : words.previewEmpty}</p>
                  <ul>
                    {preview.ideas.map((text, i) => (
                      <li key={i}>{text}</li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status">{message}</p>

      <DeleteChoice
        title={words.deleteTitle}
        help={words.deleteHelp}
        ask={words.delete}
        confirm={words.deleteConfirm}
        open={confirmDelete === 'session'}
        busy={busy}
        onOpen={(open) => setConfirmDelete(open ? 'session' : null)}
        onConfirm={() =>
          run(async () => {
            await deleteSession(session.boardId)
            setMessage(words.deleted)
          })
        }
      />
      {series && (
        <DeleteChoice
          title={words.seriesDeleteTitle}
          help={words.seriesDeleteHelp(series.count, series.name)}
          ask={words.seriesDelete}
          confirm={words.seriesDeleteConfirm}
          open={confirmDelete === 'series'}
          busy={busy}
          onOpen={(open) => setConfirmDelete(open ? 'series' : null)}
          onConfirm={() =>
            run(async () => {
              const { deleted } = await deleteSeries(session.boardId)
              setMessage(words.seriesDeleted(deleted.length))
            })
          }
        />
      )}
    </div>
  )
}

/** A deletion that asks first: the button, then "Yes, delete…" and "No, keep it". */
function DeleteChoice(props: {
  title: string
  help: string
  ask: string
  confirm: string
  open: boolean
  busy: boolean
  onOpen(open: boolean): void
  onConfirm(): Promise<void>
}) {
  return (
    <>
      <h3 className="rt-subtitle">{props.title}</h3>
      <p className="rt-muted">{props.help}</p>
      {!props.open ? (
        <button type="button" className="rt-button rt-button--danger" onClick={() => props.onOpen(true)}>
          {props.ask}
        </button>
      ) : (
        <div className="rt-button-row">
          <button
            type="button"
            className="rt-button rt-button--danger"
            disabled={props.busy}
            onClick={() => void props.onConfirm()}
          >
            {props.confirm}
          </button>
          <button type="button" className="rt-button rt-button--secondary" onClick={() => props.onOpen(false)}>
            {words.deleteCancel}
          </button>
        </div>
      )}
    </>
  )
}
