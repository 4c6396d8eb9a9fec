import { useEffect, useState } from 'react'
import { createBoard } from '../lib/api'
import { navigate } from '../lib/routing'
import { strings } from '../strings'

/** The start page: one line about Roundtable and a button that starts a new session. */
export function HomePage() {
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    document.title = strings.appName
  }, [])

  const start = async (): Promise<void> => {
    setBusy(true)
    setFailed(false)
    try {
      // Whoever starts a session is its first facilitator; they can invite others from the board.
      const { links } = await createBoard()
      const url = new URL(links.facilitator)
      navigate(url.pathname + url.hash)
    } catch {
      setFailed(true)
      setBusy(false)
    }
  }

  return (
    <main className="rt-page rt-home">
      <h1>{strings.home.title}</h1>
      <p className="rt-lead">{strings.home.intro}</p>
      <button
        type="button"
        className="rt-button rt-button--primary rt-button--big"
        onClick={() => void start()}
        disabled={busy}
        aria-describedby={failed ? 'start-error' : undefined}
      >
        {busy ? strings.home.starting : strings.home.start}
      </button>
      <p id="start-error" className="rt-error" role="alert">
        {failed ? strings.home.startFailed : ''}
      </p>
    </main>
  )
}
