import { useEffect } from 'react'
import { strings } from '../strings'

/** Shown for any address the app does not know. */
export function NotFoundPage() {
  useEffect(() => {
    document.title = `${strings.notFound.title} – ${strings.appName}`
  }, [])
  return (
    <main className="rt-page">
      <h1>{strings.notFound.title}</h1>
      <p>{strings.notFound.body}</p>
      <p>
        <a className="rt-button rt-button--secondary" href="/">
          {strings.notFound.goHome}
        </a>
      </p>
    </main>
  )
}
