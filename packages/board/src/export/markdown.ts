import type { EvidenceFigures, SummaryEvidence } from '../evidence'
import type { SessionSummary, SummaryAction, SummaryCluster, SummaryRound } from './summary'
import { STATUS_HEADINGS, STATUS_ORDER, dateInWords, dotsInWords } from './words'

/**
 * The session summary as Markdown, to paste into an email, a wiki or a report: the title and date, "What we agreed"
 * first (actions grouped by status), then each board's votes and ideas, ideas ranked by dots within each cluster
 * (frame) but numbered by their place on the whole board, ties shown as ties ("=2"), and ideas outside any frame last. People's text is escaped so that it reads
 * exactly as written, whatever characters it holds.
 */
export function summaryToMarkdown(summary: SessionSummary): string {
  const out: string[] = []
  const title = summary.board.title || 'Roundtable session'
  out.push(`# ${inline(title)}`, '')
  out.push(
    `Session started ${dateInWords(summary.board.createdAt)}. This summary shows the board as it was on ${dateInWords(summary.board.exportedAt)}.`,
    '',
  )

  out.push('## What we agreed', '')
  if (summary.actions.length === 0) out.push('No actions were written down in this session.', '')
  for (const status of STATUS_ORDER) {
    const group = summary.actions.filter((a) => a.status === status)
    if (group.length === 0) continue
    out.push(`### ${STATUS_HEADINGS[status]} (${group.length})`, '')
    for (const action of group) out.push(...actionLines(action))
    out.push('')
  }

  out.push('## Ideas and votes', '')
  for (const board of summary.boards) {
    out.push(`### ${inline(board.name || 'Untitled board')}`, '')
    const rounds = summary.rounds.filter((r) => r.boardId === board.id)
    for (const round of rounds) out.push(...roundLines(round, summary.rounds.length > 1), '')
    if (board.clusters.length === 0) out.push('No ideas on this board.', '')
    const framed = board.clusters.filter((c) => c.frameId !== null)
    for (const cluster of board.clusters) {
      // A board without frames has one list of ideas and needs no heading for it.
      if (cluster.frameId !== null) out.push(`#### ${inline(cluster.title || 'Untitled group')}`, '')
      else if (framed.length > 0) out.push('#### Other ideas', '')
      out.push(...clusterLines(cluster, summary.rounds), '')
    }
  }
  const elsewhere = summary.rounds.filter((r) => !summary.boards.some((b) => b.id === r.boardId))
  if (elsewhere.length > 0) {
    out.push('### Votes on boards that were later removed', '')
    for (const round of elsewhere) out.push(...roundLines(round, true), '')
  }
  if (summary.evidence) out.push(...evidenceLines(summary.evidence), '')
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

/** "Whose voices shaped this": a table of figures by group (never by person). */
export function evidenceLines(evidence: SummaryEvidence, intro?: string): string[] {
  const lines = ['## Whose voices shaped this', '']
  lines.push(
    intro ??
      `People could say how they come to this session. These are totals for each group; a group of fewer than ${evidence.threshold} people is counted under “Everyone else” so that nobody can be singled out.`,
    '',
  )
  const rows: [string, string, EvidenceFigures][] = evidence.groups.map((g) => [inline(g.label), String(g.people), g])
  if (evidence.others)
    rows.push([
      'Everyone else',
      evidence.others.people === null ? `fewer than ${evidence.threshold}` : String(evidence.others.people),
      evidence.others,
    ])
  if (rows.length === 0) return [...lines, 'Nobody has taken part yet.']
  lines.push(
    '| Group | People | Ideas | Dots | Said “I agree” | Agreed actions from their ideas |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  )
  for (const [label, people, f] of rows)
    lines.push(`| ${label} | ${people} | ${f.ideas} | ${f.dots} | ${f.agreements} | ${f.agreedActions} |`)
  return lines
}

/** One action as a Markdown list item: what, who, by when, agreements, idea, note, concerns, what happened. */
export function actionLines(a: SummaryAction): string[] {
  const facts = [
    a.who ? `Who: ${inline(a.who)}` : 'Who: nobody named yet',
    a.due ? `By ${dateInWords(a.due)}` : 'No date set',
  ]
  if (a.agree > 0 || a.concern > 0) facts.push(`${a.agree} agree, ${a.concern} with a concern`)
  const lines = [`- **${block(a.what, 2)}**`, `  ${facts.join(' · ')}`]
  if (a.idea)
    lines.push(
      `  From the idea: ${a.idea.text === null ? '(an idea that was later removed)' : `“${block(a.idea.text, 2)}”`} (${dotsInWords(a.idea.dots)})`,
    )
  if (a.note) lines.push(`  Note: ${block(a.note, 2)}`)
  if (a.status === 'done' && a.outcome)
    lines.push(`  What happened: ${block(a.outcome.note, 2)} (${dateInWords(a.outcome.at)})`)
  for (const c of a.concerns)
    if (c.note) lines.push(`  Concern${c.name ? ` from ${inline(c.name)}` : ''}: ${block(c.note, 2)}`)
  // A hard line break (trailing backslash) between the facts of one action, so each shows on its own line.
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\\` : line))
}

function roundLines(round: SummaryRound, numbered: boolean): string[] {
  const name = numbered ? `Vote ${round.number}` : 'Vote'
  const when = round.status === 'open' ? 'still open' : `closed ${dateInWords(round.closedAt ?? round.startedAt)}`
  const who = `${round.voters} ${round.voters === 1 ? 'person' : 'people'} voted${round.abstained > 0 ? `, ${round.abstained} chose not to` : ''}`
  const head = `**${name}** (${when}): ${who}, ${dotsInWords(round.dotsCast)} in all.`
  if (!round.results) return [head, '', 'The results of this vote were kept hidden and not shown.']
  if (round.results.length === 0) return [head]
  return [
    head,
    '',
    ...round.results.map(
      (r) =>
        `- ${rankMark(r.rank, r.tied)} ${r.text === null ? '(an idea that was later removed)' : block(r.text, 2)} (${dotsInWords(r.dots)}${r.tied ? ', tied' : ''})`,
    ),
  ]
}

function clusterLines(cluster: SummaryCluster, rounds: SummaryRound[]): string[] {
  const numberOf = new Map(rounds.map((r) => [r.id, r.number]))
  return cluster.ideas.map((idea) => {
    // The summary ranks each idea over its whole board (the vote), not within this frame.
    const rank = idea.rank === null ? null : { rank: idea.rank, tied: idea.tied }
    if (!rank) return `- ${idea.text.trim() ? block(idea.text, 2, true) : '(empty note)'}`
    const text = idea.text.trim() ? block(idea.text, 2) : '(empty note)'
    const perRound = Object.entries(idea.dotsByRound)
    const detail =
      perRound.length > 1 ? `: ${perRound.map(([id, n]) => `vote ${numberOf.get(id) ?? '?'}: ${n}`).join(', ')}` : ''
    return `- ${rankMark(rank.rank, rank.tied)} ${text} (${dotsInWords(idea.totalDots)}${detail}${rank.tied ? ', tied' : ''})`
  })
}

/** "**1** ·" or, for a tie, "**=2** ·". Bold rather than "1." so a rank is never taken for a numbered list. */
function rankMark(rank: number, tied: boolean): string {
  return `**${tied ? '=' : ''}${rank}** ·`
}

/**
 * Escape Markdown in one line of people's text so it shows as written: emphasis, code, links, HTML, tables and
 * entities anywhere; at the start of a line (`lineStart`), also what would begin a heading, quote, list or rule.
 */
export function inline(text: string, lineStart = false): string {
  const escaped = text.replace(/[\r\n\t]+/g, ' ').replace(/[\\`*_[\]<>|~]|&(?=#?[A-Za-z0-9]+;)/g, (c) => `\\${c}`)
  return lineStart ? escaped.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2') : escaped
}

/**
 * People's text that may span lines, inside a list item: each line escaped, and lines joined by hard breaks with
 * the item's indent so they stay in the item. Line breaks before and after the text are dropped. `startsLine`: the
 * text begins a line (right after a list marker), so its first line is escaped as a line start too.
 */
function block(text: string, indent: number, startsLine = false): string {
  const pad = ' '.repeat(indent)
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^\n+|\n+$/g, '')
    .split('\n')
    .map((line, i) => inline(line, i > 0 || startsLine))
    .join(`\\\n${pad}`)
}
