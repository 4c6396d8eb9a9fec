import { rankTallies, type PublishedRound } from '@roundtable/board'

/** One line of a vote's results, ready to show. */
export interface ResultLine {
  ideaId: string
  /** What the idea says now; null when the idea has since been removed. */
  text: string | null
  dots: number
  rank: number
  tied: boolean
  /** The rank as shown: "1", or "=2" for a tie. */
  rankLabel: string
}

/** "=2" for a shared rank, "2" otherwise. */
export function rankLabel(rank: number, tied: boolean): string {
  return tied ? `=${rank}` : String(rank)
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const mod100 = n % 100
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`
  switch (n % 10) {
    case 1:
      return `${n}st`
    case 2:
      return `${n}nd`
    case 3:
      return `${n}rd`
    default:
      return `${n}th`
  }
}

/**
 * Ideas ranked by dots, highest first, equal dots sharing a rank. Ideas without dots are left out (say how many
 * with `ideasWithoutDots`). `textOf` gives each idea's current words.
 */
export function resultLines(tallies: Record<string, number>, textOf: (ideaId: string) => string | null): ResultLine[] {
  return rankTallies(tallies).map((r) => ({ ...r, text: textOf(r.ideaId), rankLabel: rankLabel(r.rank, r.tied) }))
}

/** How many of the given ideas got no dot at all. */
export function ideasWithoutDots(ideaIds: readonly string[], tallies: Record<string, number>): number {
  return ideaIds.filter((id) => !(tallies[id] && tallies[id] > 0)).length
}

/** Whether everyone may see a round's per-idea numbers now. */
export function resultsVisible(round: PublishedRound): boolean {
  return round.tallies !== null && (!round.hidden || round.revealed)
}

/** The newest round whose results are visible and that gave this idea dots; for showing dots next to an action. */
export function latestDotsFor(rounds: readonly PublishedRound[], ideaId: string): number | null {
  for (let i = rounds.length - 1; i >= 0; i--) {
    const round = rounds[i]!
    if (!resultsVisible(round) || !round.tallies) continue
    if (ideaId in round.tallies) return round.tallies[ideaId] ?? 0
  }
  return null
}
