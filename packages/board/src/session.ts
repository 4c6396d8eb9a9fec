import * as Y from 'yjs'
import { DEFAULT_EVIDENCE, type EvidenceSettings } from './evidence'

/**
 * Server-owned parts of a board's Y.Doc. Clients read them; only the server writes them (a client update that
 * touches them is refused). Each value is a whole JSON value, replaced by the server, never merged.
 *
 * - `session`: facilitator settings — `settings` (SessionSettings), `timer` (TimerState), `summon` (SummonState),
 *   `screen` (ScreenState)
 * - `ledger`: results published from the server's vote and agreement ledger —
 *     `rounds` → roundId → PublishedRound, `actions` → actionId → PublishedActionState
 */
export const SESSION_KEY = 'session'
export const LEDGER_KEY = 'ledger'

/** Roots of the document that clients may write (everything else is server-owned). */
export const CLIENT_WRITABLE_ROOTS: ReadonlySet<string> = new Set(['records', 'actions', 'meta'])

export interface SessionSettings {
  /** Ideas and dots carry no author at all, not even in storage. Set before ideas are added. */
  anonymous: boolean
  /** Pages (boards) nobody can edit until a facilitator unlocks them. */
  lockedPages: string[]
  /** Evidence of co-production: whether people are asked how they come to the session, and the answers offered. */
  evidence: EvidenceSettings
}

export const DEFAULT_SETTINGS: SessionSettings = { anonymous: false, lockedPages: [], evidence: DEFAULT_EVIDENCE }

/** The shared timer. While running, `endsAt` is a server clock time (ms); while paused, `remainingMs` is kept. */
export interface TimerState {
  status: 'idle' | 'running' | 'paused'
  durationMs: number
  endsAt: number | null
  remainingMs: number
  /** Server time when this state was written, so clients can correct for clock skew. */
  serverNow: number
}

export const IDLE_TIMER: TimerState = { status: 'idle', durationMs: 0, endsAt: null, remainingMs: 0, serverNow: 0 }

/** "Bring everyone to me": everyone's view follows this person (by their presence user id) until they stop. */
export interface SummonState {
  userId: string
  name: string
  at: number
}

/** What a facilitator asked the shared screen (projector) to show besides the board. */
export interface ScreenState {
  /** Show the summary link (with its QR code) large, so people can take it home at the end of a session. */
  summary: boolean
}

export const DEFAULT_SCREEN: ScreenState = { summary: false }

/** A vote round as everyone may see it. Tallies are null while results are hidden and not yet revealed. */
export interface PublishedRound {
  id: string
  pageId: string
  status: 'open' | 'closed'
  dotsPerPerson: number
  /** Most dots one person may put on one idea; null means no cap beyond the budget. */
  maxPerIdea: number | null
  hidden: boolean
  revealed: boolean
  startedAt: number
  endsAt: number | null
  closedAt: number | null
  /** How many people have placed at least one dot. */
  voters: number
  /** How many people said "I won't vote this round". */
  abstained: number
  /** Total dots placed so far (a count only: it says nothing about who or where). */
  dotsCast: number
  /** idea id → dots; null while hidden and not revealed. */
  tallies: Record<string, number> | null
}

export const ACTION_STATUSES = ['proposed', 'agreed', 'in-progress', 'done', 'dropped'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

/** An action's status and who agreed, as published by the server. */
export interface PublishedActionState {
  status: ActionStatus
  updatedAt: number
  agree: number
  concern: number
  /** Names of people who agreed; empty in anonymous mode (counts only). */
  agreedBy: string[]
  /** Concerns with their optional notes; no names in anonymous mode. */
  concerns: { name: string | null; note: string }[]
  /**
   * When a facilitator last changed what, who or when after people had agreed (ms since 1970); absent if never.
   * Someone whose "I agree" is older than this agreed to different words: they are told so.
   */
  changedAt?: number
  /** What happened, given when someone marked the action done (POST …/actions/:id/done); absent otherwise. */
  outcome?: ActionOutcome
}

/** A short note of what happened, given when an action was marked done. */
export interface ActionOutcome {
  note: string
  /** When it was marked done (ms since 1970). */
  at: number
  /** The session it was marked done in: its own, or a later session of its series. */
  boardId: string
}

export function getSessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SESSION_KEY)
}

export function getLedgerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(LEDGER_KEY)
}

function getNested(doc: Y.Doc, key: string): Y.Map<unknown> {
  const ledger = getLedgerMap(doc)
  let map = ledger.get(key)
  if (!(map instanceof Y.Map)) {
    map = new Y.Map()
    ledger.set(key, map)
  }
  return map as Y.Map<unknown>
}

/** Read the session settings (defaults when unset). */
export function readSettings(doc: Y.Doc): SessionSettings {
  const value = getSessionMap(doc).get('settings') as Partial<SessionSettings> | undefined
  return { ...DEFAULT_SETTINGS, ...(value ?? {}), evidence: { ...DEFAULT_EVIDENCE, ...(value?.evidence ?? {}) } }
}

export function readTimer(doc: Y.Doc): TimerState {
  return (getSessionMap(doc).get('timer') as TimerState | undefined) ?? IDLE_TIMER
}

export function readSummon(doc: Y.Doc): SummonState | null {
  return (getSessionMap(doc).get('summon') as SummonState | null | undefined) ?? null
}

/** What the shared screen shows besides the board (defaults when unset or unreadable). */
export function readScreen(doc: Y.Doc): ScreenState {
  const value = getSessionMap(doc).get('screen') as Partial<ScreenState> | null | undefined
  return { summary: value?.summary === true }
}

/** Every published round, oldest first. */
export function readRounds(doc: Y.Doc): PublishedRound[] {
  const rounds = getLedgerMap(doc).get('rounds')
  if (!(rounds instanceof Y.Map)) return []
  return (Array.from(rounds.values()) as PublishedRound[]).sort((a, b) => a.startedAt - b.startedAt)
}

/** The round that is open now, if any. */
export function readOpenRound(doc: Y.Doc): PublishedRound | null {
  return readRounds(doc).find((r) => r.status === 'open') ?? null
}

export function readActionStates(doc: Y.Doc): Record<string, PublishedActionState> {
  const states = getLedgerMap(doc).get('actions')
  if (!(states instanceof Y.Map)) return {}
  return Object.fromEntries(states.entries()) as Record<string, PublishedActionState>
}

/** One action's published state, or undefined (read without copying every action's state). */
export function readActionState(doc: Y.Doc, actionId: string): PublishedActionState | undefined {
  const states = getLedgerMap(doc).get('actions')
  const state = states instanceof Y.Map ? states.get(actionId) : undefined
  return typeof state === 'object' && state !== null ? (state as PublishedActionState) : undefined
}

/** Server side: write settings, timer, summon or what the shared screen shows. */
export function writeSession(doc: Y.Doc, key: 'settings' | 'timer' | 'summon' | 'screen', value: unknown): void {
  getSessionMap(doc).set(key, value)
}

/** Server side: publish a round. */
export function writeRound(doc: Y.Doc, round: PublishedRound): void {
  getNested(doc, 'rounds').set(round.id, round)
}

/** Server side: publish an action's status and agreements. */
export function writeActionState(doc: Y.Doc, actionId: string, state: PublishedActionState): void {
  getNested(doc, 'actions').set(actionId, state)
}

/** Server side: remove an action's published state. */
export function deleteActionState(doc: Y.Doc, actionId: string): void {
  getNested(doc, 'actions').delete(actionId)
}

/** One line of a ranked result. Equal dots share a rank ("=2"), shown as ties. */
export interface RankedIdea {
  ideaId: string
  dots: number
  rank: number
  tied: boolean
}

/** Rank ideas by dots, highest first; ideas with equal dots share a rank and are marked as tied. */
export function rankTallies(tallies: Record<string, number>): RankedIdea[] {
  const entries = Object.entries(tallies)
    .filter(([, dots]) => dots > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const counts = new Map<number, number>()
  for (const [, dots] of entries) counts.set(dots, (counts.get(dots) ?? 0) + 1)
  const out: RankedIdea[] = []
  entries.forEach(([ideaId, dots], i) => {
    const previous = out[i - 1]
    const rank = previous && previous.dots === dots ? previous.rank : i + 1
    out.push({ ideaId, dots, rank, tied: (counts.get(dots) ?? 0) > 1 })
  })
  return out
}
