import { strings } from '../strings'

/**
 * Polite announcements of other people's changes, for screen reader users in the list view. Announcing every
 * keystroke would drown everything else out, so changes are collected and summed up ("2 new ideas, 1 changed"):
 * - at most one announcement every `minGapMs`;
 * - an idea is announced once it has been still for `settleMs` (someone typing a new idea is announced with its
 *   words once they pause), or after `maxWaitMs` whatever happens;
 * - a new idea that is deleted before it was announced is never mentioned; further typing in an idea just
 *   announced as new is not announced again for `quietAfterAddMs`.
 */

export type ChangeKind = 'added' | 'changed' | 'removed'

/** What an announcement says about one idea. */
export interface IdeaWords {
  text: string
  author: string | null
}

export interface AnnouncerOptions {
  /** Called with the words to announce. */
  announce: (text: string) => void
  /** The idea's words now, for announcing a single new idea with what it says; null if unknown. */
  describe: (id: string) => IdeaWords | null
  minGapMs?: number
  settleMs?: number
  maxWaitMs?: number
  quietAfterAddMs?: number
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

interface Pending {
  kind: ChangeKind
  firstAt: number
  lastAt: number
}

/** The words for a batch of changes. Pure; exported for tests. */
export function summariseChanges(
  changes: ReadonlyArray<{ id: string; kind: ChangeKind }>,
  describe: (id: string) => IdeaWords | null,
): string {
  let added = 0
  let changed = 0
  let removed = 0
  for (const c of changes) {
    if (c.kind === 'added') added++
    else if (c.kind === 'changed') changed++
    else removed++
  }
  if (added === 1 && changed === 0 && removed === 0) {
    const words = describe(changes[0]!.id)
    const text = words?.text.replace(/\s+/g, ' ').trim()
    if (words && text)
      return words.author ? strings.announce.newIdeaBy(words.author, text) : strings.announce.newIdea(text)
  }
  return strings.announce.summary(added, changed, removed)
}

/** Collects changes and announces them in batches (see the module comment). */
export class ChangeAnnouncer {
  private readonly pending = new Map<string, Pending>()
  /** Ideas announced as new, and when: their own typing is not news for a while. */
  private readonly justAdded = new Map<string, number>()
  private lastAnnounced = -Infinity
  private timer: unknown = null
  private paused = false
  private readonly o: Required<Omit<AnnouncerOptions, 'announce' | 'describe'>> &
    Pick<AnnouncerOptions, 'announce' | 'describe'>

  constructor(options: AnnouncerOptions) {
    this.o = {
      minGapMs: 5000,
      settleMs: 2000,
      maxWaitMs: 15_000,
      quietAfterAddMs: 30_000,
      now: Date.now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      ...options,
    }
  }

  /** Someone else added, changed or deleted an idea. */
  record(id: string, kind: ChangeKind): void {
    if (this.paused) return
    const now = this.o.now()
    const entry = this.pending.get(id)
    if (kind === 'changed' && !entry) {
      const addedAt = this.justAdded.get(id)
      if (addedAt !== undefined && now - addedAt < this.o.quietAfterAddMs) return
    }
    if (kind === 'removed' && entry?.kind === 'added') {
      this.pending.delete(id) // came and went before anyone heard of it
      return
    }
    if (entry) {
      if (kind === 'removed') entry.kind = 'removed'
      else if (kind === 'added' && entry.kind === 'removed') entry.kind = 'changed' // put back (undo)
      entry.lastAt = now
    } else {
      this.pending.set(id, { kind, firstAt: now, lastAt: now })
    }
    this.schedule()
  }

  /** Pause (forgetting what was waiting) or resume announcements. */
  setPaused(paused: boolean): void {
    this.paused = paused
    if (paused) {
      this.pending.clear()
      this.cancel()
    }
  }

  dispose(): void {
    this.pending.clear()
    this.cancel()
  }

  private cancel(): void {
    if (this.timer !== null) this.o.clearTimer(this.timer)
    this.timer = null
  }

  /** Wake up when the next announcement could be made. */
  private schedule(): void {
    this.cancel()
    if (this.pending.size === 0) return
    const now = this.o.now()
    let ready = Infinity
    for (const p of this.pending.values())
      ready = Math.min(ready, p.lastAt + this.o.settleMs, p.firstAt + this.o.maxWaitMs)
    const at = Math.max(ready, this.lastAnnounced + this.o.minGapMs)
    this.timer = this.o.setTimer(
      () => {
        this.timer = null
        this.flush()
      },
      Math.max(0, at - now),
    )
  }

  private flush(): void {
    const now = this.o.now()
    if (now - this.lastAnnounced < this.o.minGapMs) {
      this.schedule()
      return
    }
    const due: { id: string; kind: ChangeKind }[] = []
    for (const [id, p] of this.pending) {
      if (now - p.lastAt >= this.o.settleMs || now - p.firstAt >= this.o.maxWaitMs) due.push({ id, kind: p.kind })
    }
    if (due.length > 0) {
      for (const { id } of due) this.pending.delete(id)
      for (const [id, at] of this.justAdded) if (now - at >= this.o.quietAfterAddMs) this.justAdded.delete(id)
      for (const { id, kind } of due) if (kind === 'added') this.justAdded.set(id, now)
      const text = summariseChanges(due, this.o.describe)
      if (text) {
        this.lastAnnounced = now
        this.o.announce(text)
      }
    }
    this.schedule()
  }
}
