import type * as Y from 'yjs'
import { LEDGER_KEY, RECORDS_KEY, listIdeas, readRounds, type PublishedRound } from '@roundtable/board'
import { strings } from '../strings'
import { ordinal, resultLines, resultsVisible, type ResultLine } from './results'

/**
 * The results of a vote as the room sees them (the shared screen and phones, which have no editor): the newest
 * round whose results everyone may see, ranked, with each idea's words as they are now. Ties share a place and
 * say so ("Joint 2nd").
 */

/** The roots of the doc the room's results are read from. */
export const ROOM_RESULT_ROOTS = [LEDGER_KEY, RECORDS_KEY] as const

/** A vote's results, ready for the room. */
export interface RoomResults {
  round: PublishedRound
  /** The board (tldraw page) the vote was on. */
  boardName: string
  lines: ResultLine[]
}

/** The newest closed round whose results are visible to everyone, or null (none yet, or still hidden). */
export function latestResults(doc: Y.Doc): RoomResults | null {
  const round = readRounds(doc)
    .filter((r) => r.status === 'closed' && resultsVisible(r))
    .at(-1)
  if (!round?.tallies) return null
  const ideas = listIdeas(doc)
  const byId = new Map(ideas.map((idea) => [idea.id, idea]))
  const lines = resultLines(round.tallies, (id) => byId.get(id)?.text.trim() || null)
  const boardName = ideas.find((idea) => idea.pageId === round.pageId)?.pageName ?? ''
  return { round, boardName, lines }
}

/** "1st", "Joint 2nd": the place as people say it. */
export function placeWords(line: Pick<ResultLine, 'rank' | 'tied'>): string {
  return strings.inRoom.place(ordinal(line.rank), line.tied)
}

/** The results as sentences to read aloud, one utterance each. */
export function resultsToSpeak(results: RoomResults): string[] {
  return results.lines.map(
    (line) => `${placeWords(line)}: ${line.text ?? strings.inRoom.removedIdea}. ${strings.inRoom.dots(line.dots)}.`,
  )
}

const plainDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** A calendar date (YYYY-MM-DD) in plain words: "15 January 2027". Anything else is returned as it is. */
export function dateInWords(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  return /^\d{4}-\d{2}-\d{2}$/.test(isoDate) && !Number.isNaN(date.getTime()) ? plainDate.format(date) : isoDate
}
