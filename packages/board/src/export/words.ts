import type { ActionStatus } from '../session'

/** Plain words for each action status, as every export and the summary page show them. */
export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  proposed: 'Suggested',
  agreed: 'Agreed',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
}

/** The order "What we agreed" lists actions in: commitments first, then ideas for actions, then dropped ones. */
export const STATUS_ORDER: readonly ActionStatus[] = ['agreed', 'in-progress', 'done', 'proposed', 'dropped']

/** Headings for each status group in a written summary. */
export const STATUS_HEADINGS: Readonly<Record<ActionStatus, string>> = {
  agreed: 'Agreed',
  'in-progress': 'In progress',
  done: 'Done',
  proposed: 'Suggested, not agreed yet',
  dropped: 'Dropped',
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * A date in words, e.g. "3 March 2025", from `YYYY-MM-DD` or an ISO time (read in UTC). Written out by hand rather
 * than with Intl so that every machine writes the same bytes.
 */
export function dateInWords(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!match) return value
  const month = MONTHS[Number(match[2]) - 1]
  return month ? `${Number(match[3])} ${month} ${match[1]}` : value
}

/** "1 dot", "3 dots". */
export function dotsInWords(n: number): string {
  return n === 1 ? '1 dot' : `${n} dots`
}
