import * as Y from 'yjs'
import { ACTION_STATUSES, type ActionOutcome, type ActionStatus, type PublishedActionState } from './session'
import { MAX_ACTION_TEXT, type Action } from './actions'

/**
 * A series of sessions: sessions of one group that follow on from each other. Membership lives in the server's
 * storage; each session's Y.Doc holds a server-owned, read-only mirror in its `series` root:
 *
 * - `series.info` → {@link SeriesInfo}: the series' name and this session's place in it
 * - `series.carried` → actionId → {@link CarriedAction}: earlier sessions' actions, as their own session has them
 *
 * The action itself stays in the session where it was written (one source of truth); the server rewrites the mirror
 * whenever the action changes there. Clients never write this root (the write guard refuses it).
 */
export const SERIES_KEY = 'series'

/** Most sessions one series holds. */
export const MAX_SERIES_SESSIONS = 200
/** Longest series name, in characters. */
export const MAX_SERIES_NAME = 120
/** Longest note of what happened, given when an action is marked done. */
export const MAX_OUTCOME_NOTE = 500
/** Most earlier actions one session's mirror holds (the earliest sessions' first). */
export const MAX_CARRIED_ACTIONS = 500
/** Most actions the series page and exports list (the earliest sessions' first). */
export const MAX_SERIES_ACTIONS = 2000
/** Most names and concerns a carried action or the series page shows per action (the counts stay whole). */
export const MAX_LISTED_PEOPLE = 50

/** This session's place in its series, as the board page shows it ("Session 3 of Carers' forum 2027"). */
export interface SeriesInfo {
  id: string
  name: string
  /** This session's number in the series, from 1. */
  number: number
  /** How many sessions the series has now. */
  count: number
  /** Earlier actions left out of `carried` because there were more than {@link MAX_CARRIED_ACTIONS}. */
  omitted: number
  /** Every session of the series, in order, with its name now. */
  sessions: { id: string; title: string; number: number; createdAt: number }[]
}

/** Where a carried action was written. */
export interface CarriedFrom {
  boardId: string
  title: string
  /** That session's number in the series. */
  number: number
  /** When that session began (ms since 1970). */
  createdAt: number
}

/**
 * An earlier session's action as a later session shows it: its fields and published state, as they are in its own
 * session now. Read-only; the action routes of the later session act on the original.
 */
export interface CarriedAction {
  id: string
  from: CarriedFrom
  what: string
  who: string
  due: string | null
  note: string
  createdAt: number
  status: ActionStatus
  /** When its status last changed (ms), 0 if never. */
  updatedAt: number
  agree: number
  concern: number
  agreedBy: string[]
  concerns: { name: string | null; note: string }[]
  changedAt: number | null
  /** What happened, when it was marked done with a note; null otherwise. */
  outcome: ActionOutcome | null
}

/** Statuses that close an action: it no longer carries over to sessions begun after that. */
const CLOSED: ReadonlySet<ActionStatus> = new Set(['done', 'dropped'])

/**
 * Whether an earlier session's action shows in a later session begun at `laterCreatedAt`: while it is still open,
 * and, once done or dropped, if that happened after the later session began (so people there see it was closed).
 */
export function carriesInto(action: Pick<Action, 'status'> & { updatedAt: number }, laterCreatedAt: number): boolean {
  return !CLOSED.has(action.status) || action.updatedAt >= laterCreatedAt
}

/** The mirror entry of an action from an earlier session (see {@link CarriedAction}). */
export function toCarried(action: Action, state: PublishedActionState | undefined, from: CarriedFrom): CarriedAction {
  const clipped = clipAction(action)
  return {
    id: action.id,
    from,
    what: clipped.what,
    who: action.who,
    due: action.due,
    note: clipped.note,
    createdAt: action.createdAt,
    status: action.status,
    updatedAt: state?.updatedAt ?? 0,
    agree: action.agree,
    concern: action.concern,
    agreedBy: clipped.agreedBy,
    concerns: clipped.concerns,
    changedAt: action.changedAt,
    outcome: action.status === 'done' ? (state?.outcome ?? null) : null,
  }
}

/**
 * An action's people-written parts cut to their limits: text written over the socket is bounded only by the board's
 * size, and a mirror copies it into every later session, so each copy is bounded here (the counts stay whole).
 */
export function clipAction<
  A extends { what: string; note: string; agreedBy: string[]; concerns: { name: string | null; note: string }[] },
>(action: A): A {
  const clip = (text: string) => (text.length > MAX_ACTION_TEXT ? `${text.slice(0, MAX_ACTION_TEXT)}…` : text)
  return {
    ...action,
    what: clip(action.what),
    note: clip(action.note),
    agreedBy: action.agreedBy.slice(0, MAX_LISTED_PEOPLE),
    concerns: action.concerns.slice(0, MAX_LISTED_PEOPLE).map((c) => ({ name: c.name, note: clip(c.note) })),
  }
}

function seriesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SERIES_KEY)
}

/** This session's place in its series, or null when it is in none. */
export function readSeriesInfo(doc: Y.Doc): SeriesInfo | null {
  const value = seriesMap(doc).get('info')
  if (typeof value !== 'object' || value === null) return null
  const info = value as Partial<SeriesInfo>
  if (typeof info.id !== 'string' || typeof info.name !== 'string') return null
  return {
    id: info.id,
    name: info.name,
    number: typeof info.number === 'number' ? info.number : 1,
    count: typeof info.count === 'number' ? info.count : 1,
    omitted: typeof info.omitted === 'number' ? info.omitted : 0,
    sessions: Array.isArray(info.sessions) ? info.sessions : [],
  }
}

/** Earlier sessions' actions shown in this one: earliest session first, then oldest first. */
export function readCarriedActions(doc: Y.Doc): CarriedAction[] {
  const carried = seriesMap(doc).get('carried')
  if (!(carried instanceof Y.Map)) return []
  const out: CarriedAction[] = []
  carried.forEach((value) => {
    const a = value as CarriedAction | null
    if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || typeof a.from !== 'object') return
    if (!(ACTION_STATUSES as readonly unknown[]).includes(a.status)) return
    out.push(a)
  })
  return out.sort((a, b) => a.from.number - b.from.number || a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** One carried action by id, or undefined. */
export function readCarriedAction(doc: Y.Doc, actionId: string): CarriedAction | undefined {
  const carried = seriesMap(doc).get('carried')
  const value = carried instanceof Y.Map ? carried.get(actionId) : undefined
  return typeof value === 'object' && value !== null ? (value as CarriedAction) : undefined
}

/**
 * Server side: make the mirror say exactly this (info, or null to leave the series; the carried actions).
 * Only entries that differ are written, so an unchanged mirror costs no update at all.
 */
export function writeSeriesMirror(doc: Y.Doc, info: SeriesInfo | null, carried: readonly CarriedAction[]): void {
  const root = seriesMap(doc)
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  if (info === null) {
    if (root.has('info')) root.delete('info')
  } else if (!same(root.get('info'), info)) root.set('info', info)
  let map = root.get('carried')
  if (!(map instanceof Y.Map)) {
    if (carried.length === 0) return
    map = new Y.Map<unknown>()
    root.set('carried', map)
  }
  const target = map as Y.Map<unknown>
  const wanted = new Map(carried.map((a) => [a.id, a]))
  for (const id of Array.from(target.keys())) if (!wanted.has(id)) target.delete(id)
  for (const [id, action] of wanted) if (!same(target.get(id), action)) target.set(id, action)
}
