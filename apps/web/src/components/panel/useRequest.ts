import { useState } from 'react'
import { strings } from '../../strings'

/**
 * Run a request, with a busy flag and a plain message if it fails: `messageFor` words a particular failure (by
 * default, one message for all). `reset` clears the message, e.g. once the person changes what they sent.
 */
export function useRequest(): {
  busy: boolean
  error: string | null
  run: (fn: () => Promise<unknown>, messageFor?: (error: unknown) => string) => Promise<void>
  reset: () => void
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (
    fn: () => Promise<unknown>,
    messageFor: (error: unknown) => string = () => strings.facilitate.failed,
  ): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (failure) {
      setError(messageFor(failure))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, reset: () => setError(null) }
}
