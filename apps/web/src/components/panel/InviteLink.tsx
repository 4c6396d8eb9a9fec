import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { strings } from '../../strings'

/** Copy text to the clipboard; falls back to selecting it where the clipboard API is missing (plain http). */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
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

/** One link to pass on: what it is for, the link itself (selected on focus) and a copy button, and anything more below. */
export function InviteLink({
  title,
  help,
  url,
  children,
}: {
  title: string
  help: string
  url: string
  children?: ReactNode
}) {
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
      {children}
    </div>
  )
}
