import type { TimerState } from '@roundtable/board'

/** Milliseconds left on the shared timer at server time `serverNow` (0 when idle or finished). */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
  switch (timer.status) {
    case 'running':
      return timer.endsAt === null ? 0 : Math.max(0, timer.endsAt - serverNow)
    case 'paused':
      return Math.max(0, timer.remainingMs)
    case 'idle':
      return 0
  }
}

/** Milliseconds until a server time `endsAt`, never below 0; null when there is no end. */
export function msUntil(endsAt: number | null, serverNow: number): number | null {
  return endsAt === null ? null : Math.max(0, endsAt - serverNow)
}

/**
 * Whole seconds shown for a remaining time. Rounded up, so "0:00" appears only when time is really up and a
 * 5-minute timer starts at "5:00", not "4:59".
 */
export function displaySeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000))
}

/** "4:05", or "1:02:03" for an hour or more. */
export function formatClock(ms: number): string {
  const total = displaySeconds(ms)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`
}

/** The same time in words, for screen readers: "4 minutes 5 seconds". */
export function spokenDuration(ms: number): string {
  const total = displaySeconds(ms)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  const parts: string[] = []
  if (hours) parts.push(part(hours, 'hour'))
  if (minutes) parts.push(part(minutes, 'minute'))
  if (seconds || parts.length === 0) parts.push(part(seconds, 'second'))
  return parts.join(' ')
}

/** How long until the display changes next, so a ticking clock re-renders once per shown second. */
export function msToNextTick(ms: number): number {
  if (ms <= 0) return 1000
  const rest = ms % 1000
  return rest === 0 ? 1000 : rest
}
