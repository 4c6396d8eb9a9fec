import { MAX_SERIES_NAME, MAX_TITLE, type CarriedAction, type CarriedFrom } from '@roundtable/board'
import { strings } from '../strings'
import { ApiError } from './api'

/** The body of "Start the next session": blank names are left out (the server picks them); a series name only for a new series. */
export function followOnBody(
  title: string,
  seriesName: string,
  inSeries: boolean,
): { title?: string; seriesName?: string } {
  const tidy = (value: string, max: number): string => value.replace(/\s+/g, ' ').trim().slice(0, max)
  const body: { title?: string; seriesName?: string } = {}
  const name = tidy(title, MAX_TITLE)
  if (name) body.title = name
  const series = tidy(seriesName, MAX_SERIES_NAME)
  if (series && !inSeries) body.seriesName = series
  return body
}

/** Plain words for a failed "Start the next session", by the server's code. */
export function followOnFailure(error: unknown): string {
  const code = error instanceof ApiError ? error.code : null
  if (code === 'series.full') return strings.series.full
  if (code === 'rate.limited') return strings.series.tooMany
  return strings.series.startFailed
}

/** "12 January 2027": a day in words, in the reader's language. */
export function dayInWords(ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' })
}

/** Where a carried action was agreed: "From session 1, “January meeting”, 12 January 2027". */
export function fromLine(from: CarriedFrom): string {
  return strings.series.from(from.number, from.title, dayInWords(from.createdAt))
}

/**
 * The carried actions the phone shows: those still to do, and those finished since this session began (so people
 * see them closed), without the dropped ones; each earlier session's in order.
 */
export function carriedForPhone(carried: readonly CarriedAction[]): CarriedAction[] {
  return carried.filter((a) => a.status !== 'dropped')
}

/** The session's name line for a session in a series: "Session 2 of “Carers’ forum 2027”". */
export function seriesPlace(info: { number: number; name: string } | null): string | null {
  return info ? strings.series.place(info.number, info.name) : null
}

/**
 * "Read the actions aloud": in a series, first "Still open from last time" and the earlier sessions' open actions
 * (as the Actions panel shows them; done and dropped ones are not read), then this session's own.
 */
export function spokenActions(
  actions: readonly Pick<CarriedAction, 'what' | 'who' | 'due'>[],
  carried: readonly Pick<CarriedAction, 'what' | 'who' | 'due' | 'status'>[],
): string[] {
  const say = (a: Pick<CarriedAction, 'what' | 'who' | 'due'>) =>
    strings.readAloud.spokenAction(a.what || strings.actions.noWords, a.who, a.due ?? '')
  const open = carried.filter((a) => a.status !== 'done' && a.status !== 'dropped')
  const parts = open.length > 0 ? [strings.series.spokenCarried, ...open.map(say)] : []
  parts.push(...actions.map(say))
  return parts.length > 0 ? parts : [strings.readAloud.noActions]
}

/**
 * Where to open a new session's link on this device: its path and key on the address this page came from, so a
 * laptop that opened Roundtable as localhost keeps its name and settings even when links carry the Wi-Fi address.
 */
export function onThisOrigin(link: string, origin: string): string {
  try {
    const url = new URL(link)
    return `${origin}${url.pathname}${url.search}${url.hash}`
  } catch {
    return link
  }
}
