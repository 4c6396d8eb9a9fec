/**
 * Equal voice: for each person here, how many ideas they added and whether they have voted in the open round.
 * Shown to everyone, live, and never exported. In an anonymous session only the totals are shown.
 */

/** A person present, from their device's awareness state. */
export interface PresentPerson {
  /** Stable device id (the same id as `meta.authorId` on their ideas). */
  id: string
  name: string
  isMe: boolean
  /** What their link lets them do; people who can only watch are not counted as taking part. */
  role: string | null
  /** Whether they have put a dot in the open vote (their device says so). */
  voted: boolean
  /** Whether they said they won't vote this round. */
  abstained: boolean
  /** How many ideas their device says it added (used in anonymous sessions, where ideas carry no author). */
  ownIdeas: number | null
}

/** Who added an idea, as stored in `meta.author` / `meta.authorId`. */
export interface IdeaAuthorship {
  author: string | null
  authorId: string | null
}

/** One line of the equal voice panel. */
export interface VoiceRow {
  id: string
  name: string
  isMe: boolean
  ideas: number
  voted: boolean
  abstained: boolean
}

export interface VoiceSummary {
  /** People taking part (watchers left out). */
  here: number
  /** How many of them added at least one idea. */
  added: number
  /** How many of them voted in the open round. */
  voted: number
  /** People who can only watch. */
  watching: number
  /** One row per person, by name; empty in anonymous sessions. */
  rows: VoiceRow[]
}

/**
 * Ideas per person. An idea counts for the person whose device id is its `authorId`; an older idea with only a
 * name counts for the person of that name, if exactly one person here has it.
 */
export function countIdeas(ideas: Iterable<IdeaAuthorship>, people: readonly PresentPerson[]): Map<string, number> {
  const counts = new Map<string, number>(people.map((p) => [p.id, 0]))
  const byName = new Map<string, string | null>()
  for (const p of people) {
    const key = p.name.trim().toLowerCase()
    byName.set(key, byName.has(key) ? null : p.id)
  }
  for (const idea of ideas) {
    let id: string | null | undefined = null
    if (idea.authorId) id = counts.has(idea.authorId) ? idea.authorId : null
    else if (idea.author) id = byName.get(idea.author.trim().toLowerCase())
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

/** The panel's numbers and rows. */
export function summariseVoices(
  people: readonly PresentPerson[],
  ideas: Iterable<IdeaAuthorship>,
  options: { anonymous: boolean; voteOpen: boolean },
): VoiceSummary {
  const taking = people.filter((p) => p.role !== 'view')
  const counts = options.anonymous ? null : countIdeas(ideas, taking)
  const ideasOf = (p: PresentPerson): number => (counts ? (counts.get(p.id) ?? 0) : (p.ownIdeas ?? 0))
  const rows = options.anonymous
    ? []
    : taking
        .map((p) => ({
          id: p.id,
          name: p.name,
          isMe: p.isMe,
          ideas: ideasOf(p),
          voted: options.voteOpen && p.voted,
          abstained: options.voteOpen && p.abstained,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.id < b.id ? -1 : 1))
  return {
    here: taking.length,
    added: taking.filter((p) => ideasOf(p) > 0).length,
    voted: options.voteOpen ? taking.filter((p) => p.voted).length : 0,
    watching: people.length - taking.length,
    rows,
  }
}
