import { useEffect, useId, useState } from 'react'
import type { Editor } from 'tldraw'
import { canFacilitate, exportFileNames, type ExportFormat } from '@roundtable/board'
import { getExport, getLinks } from '../../lib/api'
import { saveBlob } from '../../lib/download'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'

const words = strings.exports
const FILES: readonly ExportFormat[] = ['csv', 'ics', 'md', 'json']
const PICTURES = ['png', 'svg'] as const
type Picture = (typeof PICTURES)[number]

/**
 * Download: the actions and the summary in the server's four formats, a picture of the board made by tldraw's own
 * export (named like the server's files), and (for facilitators) the printable summary page. For people who took part; never for view-only links.
 */
export function ExportSection({ editor }: { editor: Editor | null }) {
  const { session } = useSession()
  const { role, title } = useSessionState(session)
  const titleId = useId()
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')
  const [summaryLink, setSummaryLink] = useState<string | null>(null)
  const facilitator = role !== null && canFacilitate(role)

  useEffect(() => {
    if (!facilitator) return
    let live = true
    getLinks(session.boardId).then(
      (answer) => live && setSummaryLink(answer.links.summary ?? null),
      () => {},
    )
    return () => {
      live = false
    }
  }, [facilitator, session.boardId])

  const run = async (make: () => Promise<{ blob: Blob; fileName: string } | null>) => {
    setBusy(true)
    setMessage(words.working)
    try {
      const file = await make()
      if (!file) return setMessage(words.empty)
      saveBlob(file.blob, file.fileName)
      setMessage(words.done(file.fileName))
    } catch {
      setMessage(words.failed)
    } finally {
      setBusy(false)
    }
  }

  const downloadFile = (format: ExportFormat) =>
    run(async () => {
      const { blob, fileName } = await getExport(session.boardId, format)
      const suffix = format === 'csv' || format === 'ics' ? `actions.${format}` : `summary.${format}`
      return { blob, fileName: fileName ?? exportFileNames(title, suffix).unicode }
    })

  const downloadPicture = (format: Picture) =>
    run(async () => {
      if (!editor) return null
      const ids = [...editor.getCurrentPageShapeIds()]
      if (ids.length === 0) return null
      const { blob } = await editor.toImage(ids, { format, background: true, padding: 32 })
      return { blob, fileName: exportFileNames(title, `board.${format}`).unicode }
    })

  return (
    <div className="rt-callout" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {words.title}
      </h3>
      <p className="rt-muted">{words.intro}</p>
      <div className="rt-button-column">
        {FILES.map((format) => (
          <ExportButton
            key={format}
            label={words[format]}
            help={words.help[format]}
            disabled={busy}
            onClick={() => void downloadFile(format)}
          />
        ))}
        {editor && (
          <>
            <p className="rt-small">{words.pictureHelp}</p>
            {PICTURES.map((format) => (
              <ExportButton
                key={format}
                label={words[format]}
                help={words.help[format]}
                disabled={busy}
                onClick={() => void downloadPicture(format)}
              />
            ))}
          </>
        )}
      </div>
      {summaryLink && (
        <p>
          <a href={summaryLink} target="_blank" rel="noopener noreferrer">
            {words.summaryLink}
          </a>
          <br />
          <span className="rt-small rt-muted">{words.summaryHelp}</span>
        </p>
      )}
      <p className="rt-small" role="status">
        {message}
      </p>
    </div>
  )
}

/** One download, with the plain sentence saying what the file is for right under it (and read with it). */
function ExportButton({
  label,
  help,
  disabled,
  onClick,
}: {
  label: string
  help: string
  disabled: boolean
  onClick: () => void
}) {
  const helpId = useId()
  return (
    <div className="rt-export">
      <button
        type="button"
        className="rt-button rt-button--secondary rt-button--wide"
        aria-describedby={helpId}
        disabled={disabled}
        onClick={onClick}
      >
        {label}
      </button>
      <p id={helpId} className="rt-small rt-muted rt-export__help">
        {help}
      </p>
    </div>
  )
}
