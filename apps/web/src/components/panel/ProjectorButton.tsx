import { useId, useState } from 'react'
import type { BoardLinks } from '../../lib/api'
import { keyOfLink, presenterUrl } from '../../presenter/route'
import { strings } from '../../strings'

/**
 * "Open the projector view": the shared screen in a window of its own, to drag onto the projector and make full
 * screen. It watches with the view key (nobody can change the board from it) and shows the participant link as
 * the QR code people scan to join. It opens on the address in the links, which is the one phones can reach (the
 * laptop's Wi-Fi address when Roundtable runs for a room), so the code on the screen works from phones too.
 */
export function ProjectorButton({ boardId, links }: { boardId: string; links: BoardLinks }) {
  const [blocked, setBlocked] = useState(false)
  const titleId = useId()
  const view = keyOfLink(links.view)
  const join = keyOfLink(links.participant)
  if (!view || !join) return null
  const url = presenterUrl(new URL(links.view).origin, boardId, view, join)
  const open = (): void => {
    const opened = window.open(url, `roundtable-present-${boardId}`, 'popup,width=1280,height=720')
    if (opened) {
      opened.opener = null
      setBlocked(false)
    } else {
      setBlocked(true)
    }
  }
  return (
    <div className="rt-callout rt-invite" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} className="rt-subtitle">
        {strings.room.projectorTitle}
      </h3>
      <p className="rt-small">{strings.room.projectorHelp}</p>
      <button type="button" className="rt-button rt-button--primary" onClick={open}>
        {strings.room.openProjector}
      </button>
      {blocked && (
        <p className="rt-small" role="alert">
          {strings.room.projectorBlocked}{' '}
          <a href={url} target="_blank" rel="noopener">
            {strings.room.openProjector}
          </a>
        </p>
      )}
    </div>
  )
}
