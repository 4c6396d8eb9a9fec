import type { EvidenceFigures, EvidenceGroup, EvidenceOthers, SummaryEvidence } from '../evidence'
import { clipAction, MAX_SERIES_ACTIONS } from '../series'
import { actionCells, CSV_HEADER, rowsToCsv } from './csv'
import { calendarOf } from './ics'
import { actionLines, evidenceLines, inline } from './markdown'
import type { SessionSummary, SummaryAction } from './summary'
import { STATUS_HEADINGS, STATUS_ORDER, dateInWords } from './words'

/** An action on the series page: as in its session summary, and where it was marked done (its number). */
export interface SeriesAction extends SummaryAction {
  outcome?: { note: string; at: string; boardId: string; sessionNumber: number | null }
}

/** One session of a series, with every action written in it. */
export interface SeriesSessionSummary {
  number: number
  id: string
  title: string
  createdAt: string
  exportedAt: string
  actions: SeriesAction[]
}

/** The evidence figures of the sessions' own summaries, added up. `people` counts times people took part. */
export interface SeriesEvidence extends SummaryEvidence {
  /** How many sessions' figures are in the totals (those that asked). */
  sessionsCounted: number
}

/**
 * The "you said, we did" page of a whole series, and its exports: every session in order, what each agreed and what
 * happened next. See docs/API.md ("A series of sessions").
 */
export interface SeriesSummary {
  schemaVersion: 1
  series: { id: string; name: string; createdAt: string; exportedAt: string }
  sessions: SeriesSessionSummary[]
  /** Actions left out beyond {@link MAX_SERIES_ACTIONS} (the latest sessions' first). */
  omittedActions: number
  evidence: SeriesEvidence | null
}

/**
 * Build the series summary from its sessions' own summaries, in order. Pure: the same summaries give the same
 * bytes; `exportedAt` is the latest of theirs.
 */
export function buildSeriesSummary(
  series: { id: string; name: string; createdAt: number },
  sessions: readonly SessionSummary[],
): SeriesSummary {
  const numberOf = new Map(sessions.map((s, i) => [s.board.id, i + 1]))
  let room = MAX_SERIES_ACTIONS
  let omitted = 0
  const out: SeriesSessionSummary[] = sessions.map((s, i) => {
    const kept = s.actions.slice(0, Math.max(0, room))
    omitted += s.actions.length - kept.length
    room -= kept.length
    return {
      number: i + 1,
      id: s.board.id,
      title: s.board.title,
      createdAt: s.board.createdAt,
      exportedAt: s.board.exportedAt,
      actions: kept.map((a): SeriesAction => {
        const { outcome, ...rest } = clipAction(a)
        return outcome
          ? { ...rest, outcome: { ...outcome, sessionNumber: numberOf.get(outcome.boardId) ?? null } }
          : rest
      }),
    }
  })
  // ISO times in UTC sort as text; the latest stored change of any session stamps the whole series.
  const created = new Date(series.createdAt).toISOString()
  const latest = [created, ...sessions.map((s) => s.board.exportedAt)].sort().at(-1)!
  return {
    schemaVersion: 1,
    series: {
      id: series.id,
      name: series.name,
      createdAt: new Date(series.createdAt).toISOString(),
      exportedAt: latest,
    },
    sessions: out,
    omittedActions: omitted,
    evidence: addEvidence(sessions.map((s) => s.evidence ?? null)),
  }
}

const zero = (): EvidenceFigures => ({ ideas: 0, dots: 0, agreements: 0, agreedActions: 0 })
function add(target: EvidenceFigures, f: EvidenceFigures): void {
  target.ideas += f.ideas
  target.dots += f.dots
  target.agreements += f.agreements
  target.agreedActions += f.agreedActions
}

/**
 * Add up the sessions' figures. Each session's figures are already safe to show (groups under its threshold were
 * folded into "everyone else"), so their sums are too; nothing per person is read here.
 */
function addEvidence(each: readonly (SummaryEvidence | null)[]): SeriesEvidence | null {
  const counted = each.filter((e): e is SummaryEvidence => e !== null)
  if (counted.length === 0) return null
  const groups = new Map<string, EvidenceGroup>()
  let others: EvidenceOthers | null = null
  let othersPeopleKnown = true
  for (const e of counted) {
    for (const g of e.groups) {
      const sum = groups.get(g.label) ?? { label: g.label, people: 0, ...zero() }
      sum.people += g.people
      add(sum, g)
      groups.set(g.label, sum)
    }
    if (e.others) {
      others ??= { people: 0, ...zero() }
      add(others, e.others)
      if (e.others.people === null) othersPeopleKnown = false
      else others.people = (others.people ?? 0) + e.others.people
    }
  }
  if (others && !othersPeopleKnown) others.people = null
  return {
    threshold: Math.max(...counted.map((e) => e.threshold)),
    sessionsCounted: counted.length,
    groups: [...groups.values()],
    others,
  }
}

/** Columns of the series CSV: the session, then the session CSV's columns, then what happened. */
export const SERIES_CSV_HEADER = ['Session', 'Session date', ...CSV_HEADER, 'What happened'] as const

/** Every action of every session as CSV (the same form as a session's CSV: BOM, CRLF, safe cells). */
export function seriesToCsv(summary: SeriesSummary): string {
  const rows = summary.sessions.flatMap((s) =>
    s.actions.map((a) => [
      `${s.number}. ${s.title}`,
      s.createdAt.slice(0, 10),
      ...actionCells(a),
      a.status === 'done' && a.outcome ? a.outcome.note : '',
    ]),
  )
  return rowsToCsv([[...SERIES_CSV_HEADER], ...rows])
}

/** The series as Markdown: each session in order with what it agreed and what happened, then the figures. */
export function seriesToMarkdown(summary: SeriesSummary): string {
  const out = [`# ${inline(summary.series.name || 'Roundtable series')}`, '']
  const count = summary.sessions.length
  out.push(
    `${count} ${count === 1 ? 'session' : 'sessions'}, from ${dateInWords(summary.series.createdAt)}. This shows every session as it was on ${dateInWords(summary.series.exportedAt)}.`,
    '',
  )
  for (const s of summary.sessions) {
    out.push(`## Session ${s.number}: ${inline(s.title || 'Untitled session')} (${dateInWords(s.createdAt)})`, '')
    if (s.actions.length === 0) out.push('No actions were written down in this session.', '')
    for (const status of STATUS_ORDER) {
      const group = s.actions.filter((a) => a.status === status)
      if (group.length === 0) continue
      out.push(`### ${STATUS_HEADINGS[status]} (${group.length})`, '')
      for (const a of group) {
        const lines = actionLines(a)
        const where = a.status === 'done' ? a.outcome?.sessionNumber : null
        // A hard line break (trailing backslash) keeps the extra fact inside the action's list item.
        if (where) lines.push(`${lines.pop()}\\`, `  Marked done in session ${where}`)
        out.push(...lines)
      }
      out.push('')
    }
  }
  if (summary.omittedActions > 0)
    out.push(`${summary.omittedActions} more actions are not listed here: the series is too long for one page.`, '')
  if (summary.evidence)
    out.push(
      ...evidenceLines(
        summary.evidence,
        `Totals of what each session showed, added up over ${summary.evidence.sessionsCounted} ${summary.evidence.sessionsCounted === 1 ? 'session' : 'sessions'}. “People” counts the times people of a group took part; a group of fewer than ${summary.evidence.threshold} people in a session is counted under “Everyone else”.`,
      ),
      '',
    )
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

/** The series' calendar feed: every dated action of every session, with the same event ids as each session's. */
export function seriesToIcs(summary: SeriesSummary): string {
  return calendarOf(
    `${summary.series.name || 'Roundtable series'}: actions`,
    summary.series.exportedAt,
    summary.sessions.flatMap((s) => s.actions.map((action) => ({ action, boardId: s.id, sessionTitle: s.title }))),
  )
}
