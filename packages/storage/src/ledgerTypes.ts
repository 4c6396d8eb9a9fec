import type { NewBoard } from './types'
/** The secret keys of a board, one per role. */
export interface BoardKeys {
  participant: string
  facilitator: string
  view: string
  /**
   * Opens only the read-only session summary (`/s/<id>`), never the board. Absent on boards created before summary
   * links existed. Stored in `board_keys` like the others (role `summary`), so it needs no migration.
   */
  summary?: string
}

export type StoredRole = 'facilitator' | 'participant' | 'view'

/** A person's session on one board, made when a link's key is exchanged for a cookie. */
export interface AccessSession {
  boardId: string
  role: StoredRole
  /** Random, server-issued; the unit of "one person, one vote". Not a name. */
  personId: string
  createdAt: number
}

/** A vote round as stored. `secret` exists only in anonymous rounds while they are open. */
export interface RoundRow {
  id: string
  boardId: string
  pageId: string
  status: 'open' | 'closed'
  dotsPerPerson: number
  maxPerIdea: number | null
  hidden: boolean
  revealed: boolean
  anonymous: boolean
  secret: string | null
  startedAt: number
  endsAt: number | null
  closedAt: number | null
}

export type DotOutcome = 'ok' | 'closed' | 'budget' | 'cap' | 'none'

/** Totals of a round: says nothing about who voted where. */
export interface RoundTotals {
  tallies: Record<string, number>
  voters: number
  abstained: number
  dotsCast: number
}

export type Stance = 'agree' | 'concern'

export interface StanceRow {
  stance: Stance
  name: string | null
  note: string
  updatedAt: number
}

/**
 * Who may do what, and the server-side ledger of votes and agreements. Every check that makes votes fair
 * (round open, budget, per-idea cap) happens inside one transaction with the write.
 */
export interface LedgerStore {
  getKeys(boardId: string): Promise<BoardKeys | null>
  /** Store a session under the hash of its token (the token itself is never stored). */
  createSession(tokenHash: string, session: AccessSession): Promise<void>
  getSession(tokenHash: string): Promise<AccessSession | null>

  /** Fails when the board already has an open round. */
  createRound(round: RoundRow): Promise<void>
  getRound(boardId: string, roundId: string): Promise<RoundRow | null>
  listRounds(boardId: string): Promise<RoundRow[]>
  /** Close a round: status closed, closedAt set, and the anonymous secret forgotten. */
  closeRound(boardId: string, roundId: string, closedAt: number): Promise<void>
  revealRound(boardId: string, roundId: string): Promise<void>

  /** Place one dot if the round is open and the voter is within budget and cap. */
  placeDot(roundId: string, voter: string, ideaId: string, now: number): Promise<DotOutcome>
  /** Take back one dot from an idea ('none' when the voter has no dot there). */
  removeDot(roundId: string, voter: string, ideaId: string): Promise<DotOutcome>
  /** Move one dot between ideas in one transaction. */
  moveDot(roundId: string, voter: string, fromIdea: string, toIdea: string, now: number): Promise<DotOutcome>
  /** "I won't vote this round" (clears the voter's dots), or take it back. */
  setAbstain(roundId: string, voter: string, abstain: boolean): Promise<DotOutcome>
  voterDots(roundId: string, voter: string): Promise<{ dots: Record<string, number>; abstained: boolean }>
  roundTotals(roundId: string): Promise<RoundTotals>

  setStance(boardId: string, actionId: string, voter: string, stance: StanceRow | null): Promise<void>
  listStances(boardId: string, actionId: string): Promise<StanceRow[]>
  voterStance(boardId: string, actionId: string, voter: string): Promise<StanceRow | null>
}

/** Who contributed what on a board, person by person; the server turns it into figures by group, never by person. */
export interface ContributionFacts {
  /** Each person's answer to "how do you come to this session?" ('' for "I'd rather not say"). */
  answers: { personId: string; group: string }[]
  ideaAuthors: { ideaId: string; personId: string }[]
  /** Dots per person, round and idea, in rounds that were not anonymous. */
  dots: { roundId: string; voter: string; ideaId: string; dots: number }[]
  /** Each "I agree" given to an action. */
  agreements: { actionId: string; voter: string }[]
}

/** Evidence of co-production: people's answers and who added which idea, kept only while a session asks. */
export interface EvidenceStore {
  /** Store a person's answer, or forget it (null). */
  setAnswer(boardId: string, personId: string, group: string | null, now: number): Promise<void>
  getAnswer(boardId: string, personId: string): Promise<string | null>
  /** Remember who added an idea; the first author recorded stays. */
  recordIdeaAuthor(boardId: string, ideaId: string, personId: string): Promise<void>
  contributions(boardId: string): Promise<ContributionFacts>
}

/** A series of sessions as stored: its name and its two read-only keys. */
export interface SeriesRow {
  id: string
  name: string
  createdAt: number
  /** Opens the series page and its exports. */
  pageKey: string
  /** Opens only the calendar feed. */
  feedKey: string
}

/** One session of a series, in order. `position` only orders; people see numbers 1, 2, 3… */
export interface SeriesSession {
  boardId: string
  position: number
  title: string
  createdAt: number
  updatedAt: number
}

/** Sessions that follow on from each other. A board is in at most one series. */
export interface SeriesStore {
  /**
   * Create `board` (as `createBoard` does) as the last session of the series `from` belongs to, in one transaction;
   * when `from` is in no series, `series` is created first with `from` as its first session. 'full' when the series
   * already has `maxSessions`; 'missing' when `from` is gone.
   */
  createFollowOn(
    from: string,
    series: SeriesRow,
    board: NewBoard,
    initialState: Uint8Array,
    maxSessions: number,
  ): Promise<'ok' | 'full' | 'missing'>
  getSeries(seriesId: string): Promise<SeriesRow | null>
  /** The series a board belongs to, or null. */
  seriesOfBoard(boardId: string): Promise<SeriesRow | null>
  /** A series' sessions, in order. */
  listSeriesSessions(seriesId: string): Promise<SeriesSession[]>
  renameSeries(seriesId: string, name: string): Promise<void>
  setSeriesKey(seriesId: string, which: 'page' | 'feed', key: string): Promise<void>
  /** Delete the series row only (its sessions must be deleted first, each with `deleteBoard`). */
  deleteSeries(seriesId: string): Promise<void>
}
