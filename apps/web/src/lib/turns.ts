/**
 * Taking turns ("round mode"): each person present is asked in turn to add one idea. The shared state lives in the
 * board's `meta.turns` (any participant's device may write it; it is about fairness, not security). These functions
 * are pure: every device that sees the same state and the same people present computes the same next turn, so two
 * devices passing the turn at once write the same thing.
 */

/** The shared state in `meta.turns`. */
export interface TurnsState {
  status: 'running' | 'stopped'
  /** Device ids (the person's stable id) in the order of this lap. */
  order: string[]
  /** Whose turn it is: a position in `order`. */
  index: number
  /** Counts every turn since the start: a device passes turn N only if the state still says N. */
  turn: number
  /** When this turn began, on the server's clock (ms). */
  turnStartedAt: number
  /** Time for each turn, or null for no limit. */
  secondsPerTurn: number | null
}

/** Someone present, as the turn order sees them. */
export interface TurnPerson {
  id: string
  name: string
}

/** Choices for the time each turn gets, in seconds (0 = no limit). */
export const TURN_TIMES = [0, 30, 60, 120, 180] as const

/** Read `meta.turns`, or null when it is missing or not understood. */
export function readTurns(value: unknown): TurnsState | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (v.status !== 'running' && v.status !== 'stopped') return null
  if (!Array.isArray(v.order) || !v.order.every((id) => typeof id === 'string')) return null
  const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null)
  const index = num(v.index)
  const turn = num(v.turn)
  const turnStartedAt = num(v.turnStartedAt)
  if (index === null || turn === null || turnStartedAt === null) return null
  const seconds = num(v.secondsPerTurn)
  return {
    status: v.status,
    order: v.order as string[],
    index: Math.max(0, Math.floor(index)),
    turn,
    turnStartedAt,
    secondsPerTurn: seconds !== null && seconds > 0 ? seconds : null,
  }
}

/** Names sorted as people read them; the same on every device. */
function byName(a: TurnPerson, b: TurnPerson): number {
  return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Start taking turns with the people present, in order of name. */
export function startTurns(present: readonly TurnPerson[], now: number, secondsPerTurn: number | null): TurnsState {
  return {
    status: 'running',
    order: [...present].sort(byName).map((p) => p.id),
    index: 0,
    turn: 1,
    turnStartedAt: now,
    secondsPerTurn: secondsPerTurn && secondsPerTurn > 0 ? secondsPerTurn : null,
  }
}

/** Whose turn it is (a device id), or null when not running or nobody is in the order. */
export function currentTurn(state: TurnsState | null): string | null {
  if (!state || state.status !== 'running') return null
  return state.order[state.index] ?? null
}

/**
 * The next lap: everyone still present keeps their place, people who arrived since join at the end (by name).
 */
export function nextLap(order: readonly string[], present: readonly TurnPerson[]): string[] {
  const here = new Set(present.map((p) => p.id))
  const kept = order.filter((id) => here.has(id))
  const known = new Set(kept)
  const arrived = present
    .filter((p) => !known.has(p.id))
    .sort(byName)
    .map((p) => p.id)
  return [...kept, ...arrived]
}

/** Pass the turn to the next person present; after the last, a new lap starts with everyone present then. */
export function advanceTurn(state: TurnsState, present: readonly TurnPerson[], now: number): TurnsState {
  if (state.status !== 'running') return state
  const here = new Set(present.map((p) => p.id))
  for (let i = state.index + 1; i < state.order.length; i++) {
    if (here.has(state.order[i]!)) return { ...state, index: i, turn: state.turn + 1, turnStartedAt: now }
  }
  const order = nextLap(state.order, present)
  return { ...state, order, index: 0, turn: state.turn + 1, turnStartedAt: now }
}

/** Stop taking turns. */
export function stopTurns(state: TurnsState): TurnsState {
  return { ...state, status: 'stopped' }
}

/** Milliseconds left in this turn, or null when turns have no time limit or are not running. */
export function turnRemainingMs(state: TurnsState | null, now: number): number | null {
  if (!state || state.status !== 'running' || state.secondsPerTurn === null) return null
  return Math.max(0, state.turnStartedAt + state.secondsPerTurn * 1000 - now)
}

/**
 * Whether the turn should pass now without anyone pressing anything: the time is up, or the person whose turn it
 * is has left (or the order is empty while people are here).
 */
export function shouldAdvance(state: TurnsState | null, present: readonly TurnPerson[], now: number): boolean {
  if (!state || state.status !== 'running' || present.length === 0) return false
  const current = currentTurn(state)
  if (current === null || !present.some((p) => p.id === current)) return true
  const left = turnRemainingMs(state, now)
  return left !== null && left <= 0
}

/** Where the current person is in this lap, counting only people present: "Person 2 of 5". */
export function turnPosition(state: TurnsState, present: readonly TurnPerson[]): { position: number; total: number } {
  const here = new Set(present.map((p) => p.id))
  const order = state.order.filter((id) => here.has(id))
  const current = currentTurn(state)
  return { position: current === null ? 0 : order.indexOf(current) + 1, total: order.length }
}
