import type * as Y from 'yjs'
import { listActions } from '../actions'
import { getBoardTitle } from '../board'
import { listIdeas, listPages } from '../ideas'
import { aggregateEvidence, type EvidenceFacts, type SummaryEvidence } from '../evidence'
import { getMetaMap } from '../layout'
import { isoTime, isStoredTime, type InvalidSink } from '../validators'
import {
  rankTallies,
  readActionStates,
  readRounds,
  readSettings,
  type ActionStatus,
  type PublishedRound,
} from '../session'

/**
 * The session summary: what a session agreed and which ideas it weighed, as one versioned, plain JSON value.
 * Every export format (CSV, iCalendar, Markdown, JSON) and the summary page are made from it, so they all say the
 * same thing. docs/EXPORTS.md documents it field by field; `SUMMARY_SCHEMA` is its JSON Schema.
 *
 * Only what everyone on the board may already see goes in: vote results of hidden rounds that were never revealed
 * are left out (their tallies are not even in the document), and anonymous sessions carry no names.
 */
export interface SessionSummary {
  /** Changes only when a field is removed or changes meaning. */
  schemaVersion: 1
  board: SummaryBoardFacts
  /** The session's boards (tldraw pages), in board order. */
  boards: SummaryBoard[]
  /** Every vote round, oldest first; results only where everyone may see them. */
  rounds: SummaryRound[]
  /** Every action, oldest first. */
  actions: SummaryAction[]
  /**
   * Evidence of co-production: ideas, dots and agreements by group of people, never by person. Null unless the
   * session asked people how they come to it (never in anonymous sessions).
   */
  evidence: SummaryEvidence | null
}

export interface SummaryBoardFacts {
  /** The session's id (the API's board id). */
  id: string
  title: string
  /** When the session was created (ISO 8601, UTC). */
  createdAt: string
  /** The moment this summary describes (ISO 8601, UTC); the server uses the time of the board's last stored change. */
  exportedAt: string
}

export interface SummaryBoard {
  id: string
  name: string
  /** Frames with ideas in them, in the order people see them; ideas outside any frame come last (frameId null). */
  clusters: SummaryCluster[]
}

export interface SummaryCluster {
  frameId: string | null
  /** The frame's title; null for ideas outside any frame. */
  title: string | null
  /** Most dots first; ideas with equal dots keep their place on the board. */
  ideas: SummaryIdea[]
}

export interface SummaryIdea {
  id: string
  text: string
  colour: string
  /** Dots in each round whose results are visible, by round id; rounds where it had no dots are left out. */
  dotsByRound: Record<string, number>
  totalDots: number
  /**
   * Its place among every idea on its board (the whole vote, not only its frame), most dots first; null when it
   * has no dots. Ideas with equal dots share a rank and are marked `tied` ("Joint 2nd").
   */
  rank: number | null
  tied: boolean
}

export interface SummaryRound {
  id: string
  /** 1 for the session's first vote, 2 for the next, … ("Vote 2"). */
  number: number
  boardId: string
  /** The board's name, or null when that board has since been removed. */
  boardName: string | null
  status: 'open' | 'closed'
  startedAt: string
  closedAt: string | null
  dotsPerPerson: number
  maxPerIdea: number | null
  /** How many people placed at least one dot, said they would not vote, and how many dots were placed. */
  voters: number
  abstained: number
  dotsCast: number
  /** False while the results of a hidden round have not been revealed: then `results` is null. */
  resultsVisible: boolean
  /** Highest first; ideas with equal dots share a rank and are marked tied. */
  results: SummaryResult[] | null
}

export interface SummaryResult {
  ideaId: string
  /** The idea's text now, or null when the idea has since been removed. */
  text: string | null
  dots: number
  rank: number
  tied: boolean
}

export interface SummaryAction {
  id: string
  what: string
  /** Free text; empty when nobody has been named. */
  who: string
  /** `YYYY-MM-DD`, or null. */
  due: string | null
  status: ActionStatus
  /** When a facilitator last set the status (ISO 8601, UTC), or null if never. */
  statusChangedAt: string | null
  note: string
  createdAt: string
  /** The idea the action came from, with its visible dots; text null when that idea has since been removed. */
  idea: { id: string; text: string | null; dots: number } | null
  agree: number
  concern: number
  /** Names of people who agreed (none in anonymous sessions). */
  agreedBy: string[]
  /** Concerns with their notes (names are null in anonymous sessions). */
  concerns: { name: string | null; note: string }[]
  /**
   * What happened, when someone marked it done with a note: the note, when (ISO 8601, UTC) and the session they did
   * it in (this one, or a later session of its series). Absent otherwise.
   */
  outcome?: { note: string; at: string; boardId: string }
}

/** What {@link buildSummary} needs besides the document. */
export interface SummaryOptions {
  boardId: string
  /** Milliseconds since 1970 (UTC): the moment the summary describes. */
  exportedAt: number
  /** What storage knows about who contributed what, for the evidence figures; without it there are none. */
  evidence?: EvidenceFacts | null
  /** Told about each stored value that was skipped or read as its default because it was malformed. */
  onInvalid?: InvalidSink
}

/** Statuses that mean the group agreed to an action. */
const AGREED_STATUSES: ReadonlySet<ActionStatus> = new Set(['agreed', 'in-progress', 'done'])

/** True when everyone may see a round's per-idea results. */
export function resultsVisible(round: PublishedRound): boolean {
  return round.tallies !== null && (!round.hidden || round.revealed)
}

/** Build the session summary from a board's Y.Doc. Pure: the same document and options give the same summary. */
export function buildSummary(doc: Y.Doc, options: SummaryOptions): SessionSummary {
  const onInvalid = options.onInvalid
  const ideas = listIdeas(doc, onInvalid)
  const pages = listPages(doc, onInvalid)
  const pageNames = new Map(pages.map((p) => [p.id, String(p.name ?? '')]))
  const ideaText = new Map(ideas.map((i) => [i.id, i.text]))
  const rounds = readRounds(doc).filter((round) => {
    const ok = typeof round === 'object' && round !== null && typeof round.id === 'string'
    if (!ok) onInvalid?.('round', 'a published round that is not an object was skipped')
    return ok
  })

  const dotsByIdea = new Map<string, Record<string, number>>()
  const summaryRounds: SummaryRound[] = rounds.map((round, i) => {
    const visible = resultsVisible(round)
    if (visible) {
      for (const [ideaId, dots] of Object.entries(round.tallies!)) {
        if (!(dots > 0)) continue
        const byRound = dotsByIdea.get(ideaId) ?? {}
        byRound[round.id] = dots
        dotsByIdea.set(ideaId, byRound)
      }
    }
    return {
      id: round.id,
      number: i + 1,
      boardId: round.pageId,
      boardName: pageNames.get(round.pageId) ?? null,
      status: round.status,
      startedAt: iso(round.startedAt),
      closedAt: round.closedAt === null ? null : iso(round.closedAt),
      dotsPerPerson: round.dotsPerPerson,
      maxPerIdea: round.maxPerIdea,
      voters: round.voters,
      abstained: round.abstained,
      dotsCast: round.dotsCast,
      resultsVisible: visible,
      results: visible
        ? rankTallies(round.tallies!).map((r) => ({
            ideaId: r.ideaId,
            text: ideaText.get(r.ideaId) ?? null,
            dots: r.dots,
            rank: r.rank,
            tied: r.tied,
          }))
        : null,
    }
  })
  const totalOf = (ideaId: string) => Object.values(dotsByIdea.get(ideaId) ?? {}).reduce((a, b) => a + b, 0)

  const boards: SummaryBoard[] = pages.map((page) => {
    const clusters = new Map<string | null, SummaryCluster>()
    for (const idea of ideas) {
      if (idea.pageId !== page.id) continue
      let cluster = clusters.get(idea.frameId)
      if (!cluster) {
        cluster = { frameId: idea.frameId, title: idea.frameTitle, ideas: [] }
        clusters.set(idea.frameId, cluster)
      }
      cluster.ideas.push({
        id: idea.id,
        text: idea.text,
        colour: idea.colour,
        dotsByRound: dotsByIdea.get(idea.id) ?? {},
        totalDots: totalOf(idea.id),
        rank: null,
        tied: false,
      })
    }
    // Ranks are over the whole board, as the vote was: an idea joint 2nd overall is "=2" in whichever frame it sits.
    const onBoard = [...clusters.values()].flatMap((c) => c.ideas)
    const ranks = new Map(
      rankTallies(Object.fromEntries(onBoard.map((i) => [i.id, i.totalDots]))).map((r) => [r.ideaId, r]),
    )
    for (const idea of onBoard) {
      const ranked = ranks.get(idea.id)
      if (ranked) Object.assign(idea, { rank: ranked.rank, tied: ranked.tied })
    }
    const ordered = [...clusters.values()].sort((a, b) => Number(a.frameId === null) - Number(b.frameId === null))
    // Array.prototype.sort is stable: ideas with equal dots keep their board order.
    for (const cluster of ordered) cluster.ideas.sort((a, b) => b.totalDots - a.totalDots)
    return { id: page.id, name: String(page.name ?? ''), clusters: ordered }
  })

  const states = readActionStates(doc)
  const actions: SummaryAction[] = listActions(doc, onInvalid).map((a) => {
    const changedAt = states[a.id]?.updatedAt ?? 0
    return {
      id: a.id,
      what: a.what,
      who: a.who,
      due: a.due,
      status: a.status,
      statusChangedAt: changedAt > 0 ? iso(changedAt) : null,
      note: a.note,
      createdAt: iso(a.createdAt),
      idea: a.ideaId ? { id: a.ideaId, text: a.ideaText, dots: totalOf(a.ideaId) } : null,
      agree: a.agree,
      concern: a.concern,
      agreedBy: [...a.agreedBy],
      concerns: a.concerns.map((c) => ({ name: c.name, note: c.note })),
      // Only when someone marked it done with a note: summaries of other actions keep their exact bytes.
      ...(a.outcome ? { outcome: { note: a.outcome.note, at: iso(a.outcome.at), boardId: a.outcome.boardId } } : {}),
    }
  })

  const settings = readSettings(doc)
  const evidence =
    options.evidence && settings.evidence.ask && !settings.anonymous
      ? aggregateEvidence(
          options.evidence,
          {
            ideaIds: new Set(ideas.map((i) => i.id)),
            visibleRounds: new Set(rounds.filter(resultsVisible).map((r) => r.id)),
            actions: actions.map((a) => ({
              id: a.id,
              agreed: AGREED_STATUSES.has(a.status),
              ideaId: a.idea?.id ?? null,
            })),
          },
          settings.evidence,
        )
      : null

  const createdAt = getMetaMap(doc).get('createdAt')
  if (createdAt !== undefined && !isStoredTime(createdAt))
    onInvalid?.('meta.createdAt', 'the board creation time is out of range; read as 0')
  return {
    schemaVersion: 1,
    board: {
      id: options.boardId,
      title: getBoardTitle(doc),
      createdAt: iso(createdAt),
      exportedAt: iso(options.exportedAt),
    },
    boards,
    rounds: summaryRounds,
    actions,
    evidence,
  }
}

/** A stored time as ISO 8601; one a Date cannot hold (1e20, NaN) reads as the epoch instead of throwing. */
function iso(ms: unknown): string {
  return isoTime(ms)
}
