import { useEffect, useReducer } from 'react'
import { msToNextTick } from './countdown'
import { serverClock } from './serverClock'

/**
 * Milliseconds left until the server time `endsAt` (null when there is no end), re-rendering each time the shown
 * second changes and when the estimate of the server clock improves. Costs nothing when `endsAt` is null.
 */
export function useRemainingMs(endsAt: number | null): number | null {
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  const remaining = endsAt === null ? null : Math.max(0, endsAt - serverClock.now())

  useEffect(() => serverClock.subscribe(rerender), [])
  useEffect(() => {
    if (remaining === null || remaining <= 0) return
    const timer = setTimeout(rerender, msToNextTick(remaining) + 15)
    return () => clearTimeout(timer)
  })
  return remaining
}
