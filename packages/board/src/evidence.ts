/**
 * Evidence of co-production: how many ideas, dots and agreements came from each group of people ("I draw on care
 * and support", "I am an unpaid carer", …), so an organisation can show whose voices shaped the outcome.
 *
 * Optional per session and never required of anyone. Figures are for groups only, never for a person: a group with
 * fewer people than the session's threshold is folded into "everyone else", and so is the next smallest group
 * whenever "everyone else" would otherwise be a group of one or two that could be worked out by subtraction.
 * Anonymous sessions collect and show nothing.
 */

/** The stored answer of someone who said "I'd rather not say". */
export const RATHER_NOT_SAY = ''

/** Groups offered when a facilitator first switches the question on; they may change the list. */
export const DEFAULT_EVIDENCE_GROUPS: readonly string[] = [
  'I draw on care and support',
  'I am an unpaid carer',
  'I am a member of the community',
  'I work in services',
]

export const MAX_EVIDENCE_GROUPS = 12
export const MAX_GROUP_LABEL = 80
export const MIN_EVIDENCE_THRESHOLD = 2
export const MAX_EVIDENCE_THRESHOLD = 50
export const DEFAULT_EVIDENCE_THRESHOLD = 3

/** The facilitators' choices for a session (part of its settings). */
export interface EvidenceSettings {
  /** Ask people at join how they come to the session, and show the figures in the summary. */
  ask: boolean
  /** The answers offered, in order; "I'd rather not say" is always offered as well. */
  groups: string[]
  /** Groups with fewer people than this are not shown on their own. */
  threshold: number
}

export const DEFAULT_EVIDENCE: EvidenceSettings = {
  ask: false,
  groups: [...DEFAULT_EVIDENCE_GROUPS],
  threshold: DEFAULT_EVIDENCE_THRESHOLD,
}

/**
 * What storage knows, person by person. It stays on the server: only {@link aggregateEvidence}'s result, which has
 * no person in it, ever leaves.
 */
export interface EvidenceFacts {
  /** Each person's answer; RATHER_NOT_SAY for "I'd rather not say". */
  answers: { personId: string; group: string }[]
  /** Who added each idea, where known (ideas added while the question was on, by someone with a session). */
  ideaAuthors: { ideaId: string; personId: string }[]
  /** Dots each person has placed, per round and idea (anonymous rounds are never in here). */
  dots: { roundId: string; voter: string; ideaId: string; dots: number }[]
  /** Each "I agree" given to an action. */
  agreements: { actionId: string; voter: string }[]
}

/** The board as it is now, as far as the figures need it. */
export interface EvidenceBoard {
  /** Ideas on the board now; ideas since removed are not counted. */
  ideaIds: ReadonlySet<string>
  /** Rounds whose results everyone may see; dots of other rounds are not counted. */
  visibleRounds: ReadonlySet<string>
  /** Every action on the board now, with whether it was agreed (agreed, in progress or done) and its idea. */
  actions: { id: string; agreed: boolean; ideaId: string | null }[]
}

export interface EvidenceFigures {
  /** Ideas they added that are still on the board. */
  ideas: number
  /** Dots they placed, in votes whose results were shown. */
  dots: number
  /** Times they said "I agree" to an action. */
  agreements: number
  /** Agreed actions that came from an idea one of them added. */
  agreedActions: number
}

export interface EvidenceGroup extends EvidenceFigures {
  label: string
  /** People who said they come to the session this way and added something: an idea, a dot or an "I agree" (always at least the threshold). */
  people: number
}

/** Everyone not in a group shown on its own. */
export interface EvidenceOthers extends EvidenceFigures {
  /** Contributors who said "I'd rather not say", did not answer, or are in a group too small to show; null when fewer than the threshold. */
  people: number | null
}

/** The figures as the summary shows them: by group, never by person. */
export interface SummaryEvidence {
  threshold: number
  /** Groups with at least `threshold` people, in the session's order. */
  groups: EvidenceGroup[]
  /** Everyone else, including ideas nobody is known to have added; null when there is nothing to show. */
  others: EvidenceOthers | null
}

interface Bucket extends EvidenceFigures {
  people: Set<string>
}

const emptyBucket = (): Bucket => ({ people: new Set(), ideas: 0, dots: 0, agreements: 0, agreedActions: 0 })

/**
 * Add up contributions by group and hide what could single someone out. Pure: the same facts, board and settings
 * always give the same figures.
 */
export function aggregateEvidence(
  facts: EvidenceFacts,
  board: EvidenceBoard,
  settings: EvidenceSettings,
): SummaryEvidence {
  const threshold = settings.threshold
  const groupOf = new Map<string, string>()
  for (const answer of facts.answers) groupOf.set(answer.personId, answer.group)
  const offered = new Set(settings.groups)
  const buckets = new Map<string, Bucket>(settings.groups.map((label) => [label, emptyBucket()]))
  const others = emptyBucket()
  // A person whose answer is no longer offered (the list changed) or who would rather not say counts as "everyone else".
  const bucketOf = (personId: string | undefined): Bucket => {
    const group = personId === undefined ? undefined : groupOf.get(personId)
    return group !== undefined && offered.has(group) ? buckets.get(group)! : others
  }
  const contributor = (personId: string | undefined): Bucket => {
    const bucket = bucketOf(personId)
    if (personId !== undefined) bucket.people.add(personId)
    return bucket
  }
  // An answer alone makes nobody a contributor: people are counted for what they added (an idea, a dot, an
  // "I agree"). Otherwise two empty answers beside one real contributor would make a group of three, and its
  // figures would be that one person's.

  const authorOf = new Map(facts.ideaAuthors.map((a) => [a.ideaId, a.personId]))
  for (const ideaId of board.ideaIds) contributor(authorOf.get(ideaId)).ideas += 1
  for (const dot of facts.dots) {
    if (board.visibleRounds.has(dot.roundId)) contributor(dot.voter).dots += dot.dots
  }
  const actionIds = new Set(board.actions.map((a) => a.id))
  for (const agreement of facts.agreements) {
    if (actionIds.has(agreement.actionId)) contributor(agreement.voter).agreements += 1
  }
  for (const action of board.actions) {
    if (action.agreed && action.ideaId !== null && board.ideaIds.has(action.ideaId))
      bucketOf(authorOf.get(action.ideaId)).agreedActions += 1
  }

  // Small groups join everyone else; then, while everyone else is itself a handful of people (who could be worked
  // out by subtracting the groups shown from the board's totals), the smallest group shown joins them too.
  const shown = settings.groups.filter((label) => buckets.get(label)!.people.size >= threshold)
  for (const label of settings.groups) if (!shown.includes(label)) mergeInto(others, buckets.get(label)!)
  while (others.people.size > 0 && others.people.size < threshold && shown.length > 0) {
    const smallest = shown.reduce((a, b) => (buckets.get(b)!.people.size <= buckets.get(a)!.people.size ? b : a))
    shown.splice(shown.indexOf(smallest), 1)
    mergeInto(others, buckets.get(smallest)!)
  }

  const hasOthers = others.people.size > 0 || others.ideas + others.dots + others.agreements + others.agreedActions > 0
  return {
    threshold,
    groups: shown.map((label) => ({ label, ...figures(buckets.get(label)!), people: buckets.get(label)!.people.size })),
    others: hasOthers
      ? { ...figures(others), people: others.people.size >= threshold ? others.people.size : null }
      : null,
  }
}

function mergeInto(target: Bucket, source: Bucket): void {
  for (const person of source.people) target.people.add(person)
  target.ideas += source.ideas
  target.dots += source.dots
  target.agreements += source.agreements
  target.agreedActions += source.agreedActions
}

function figures(bucket: Bucket): EvidenceFigures {
  return { ideas: bucket.ideas, dots: bucket.dots, agreements: bucket.agreements, agreedActions: bucket.agreedActions }
}

/** Tidy a list of groups typed by a facilitator: trimmed, no blanks, no repeats (ignoring case). */
export function cleanEvidenceGroups(groups: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of groups) {
    const label = raw.replace(/\s+/g, ' ').trim()
    const key = label.toLocaleLowerCase()
    if (label === '' || seen.has(key)) continue
    seen.add(key)
    out.push(label)
  }
  return out
}
