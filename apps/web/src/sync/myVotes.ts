import type { PublishedRound } from '@roundtable/board'
import { ApiError, getMyDots, placeDot, removeDot, setAbstain, type MyDots } from '../lib/api'
import { strings } from '../strings'

/**
 * One person's own dots in the open vote round. Only the server knows everyone's dots; each person asks for their
 * own (`/mine`) when the round changes and gets them back after every dot they place. A dot shows at once and is
 * sent in order; if the server refuses it, the person's dots are read again and a plain message says why.
 */

/** What the vote controls show. */
export interface MyVotesState {
  /** The round followed now (the open one), or null. */
  round: PublishedRound | null
  /** This person's dots in that round; null until known. */
  mine: MyDots | null
  /** A plain message about the last dot that did not work; `messageKey` changes with every new message. */
  message: string | null
  messageKey: number
}

type Change = { kind: 'add' | 'remove'; ideaId: string } | { kind: 'abstain'; on: boolean }

/** Why a change cannot be made, checked here first so the person hears at once; null when it may be sent. */
export function refusalFor(round: PublishedRound | null, mine: MyDots | null, change: Change): string | null {
  if (!round || round.status !== 'open') return strings.vote.errors.closed
  if (!mine) return null
  if (change.kind === 'add') {
    if (mine.used >= round.dotsPerPerson) return strings.vote.errors.budget(round.dotsPerPerson)
    if (round.maxPerIdea !== null && (mine.dots[change.ideaId] ?? 0) >= round.maxPerIdea) {
      return strings.vote.errors.cap(round.maxPerIdea)
    }
  }
  if (change.kind === 'remove' && !(mine.dots[change.ideaId] ?? 0)) return strings.vote.errors.none
  return null
}

/** The person's dots after a change, as they will be if the server agrees. */
export function applyChange(round: PublishedRound, mine: MyDots, change: Change): MyDots {
  if (change.kind === 'abstain') {
    return change.on
      ? { ...mine, dots: {}, used: 0, remaining: round.dotsPerPerson, abstained: true }
      : { ...mine, abstained: false }
  }
  const dots = { ...mine.dots }
  const delta = change.kind === 'add' ? 1 : -1
  const next = (dots[change.ideaId] ?? 0) + delta
  if (next > 0) dots[change.ideaId] = next
  else delete dots[change.ideaId]
  const used = mine.used + delta
  return { ...mine, dots, used, remaining: round.dotsPerPerson - used, abstained: false }
}

/** The server's refusal in the person's words, chosen by its machine code (the server's words are never parsed). */
export function messageForError(error: unknown, round: PublishedRound | null): string {
  if (!(error instanceof ApiError)) return strings.vote.errors.failed
  if (error.status === 0) return strings.vote.errors.offline
  switch (error.code) {
    case 'vote.closed':
      return strings.vote.errors.closed
    case 'vote.budget_used':
      return round ? strings.vote.errors.budget(round.dotsPerPerson) : strings.vote.errors.failed
    case 'vote.cap':
      return round?.maxPerIdea ? strings.vote.errors.cap(round.maxPerIdea) : strings.vote.errors.failed
    case 'vote.no_dot':
      return strings.vote.errors.none
    default:
      return strings.vote.errors.failed
  }
}

/** The person's own dots for one board. Create once per open board. */
export class MyVotes {
  private state: MyVotesState = { round: null, mine: null, message: null, messageKey: 0 }
  private readonly listeners = new Set<() => void>()
  /** Changes sent but not yet answered; while any are out, answers do not overwrite what is shown. */
  private inFlight = 0
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false

  constructor(private readonly boardId: string) {}

  getState = (): MyVotesState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Follow the open round (or none). Reads this person's dots again when the round starts or ends. */
  followRound(round: PublishedRound | null): void {
    const before = this.state.round
    const sameRound = before?.id === round?.id
    this.set({ round, ...(sameRound ? {} : { mine: null, message: null }) })
    if (round && (!sameRound || before?.status !== round.status)) void this.refresh()
  }

  /** Read this person's dots from the server (skipped while their own changes are on the way). */
  async refresh(): Promise<void> {
    const round = this.state.round
    if (!round || this.inFlight > 0) return
    try {
      const mine = await getMyDots(this.boardId, round.id)
      if (this.state.round?.id === round.id && this.inFlight === 0) this.set({ mine })
    } catch {
      // Offline or not allowed to vote: the controls keep what they had; the next change tries again.
    }
  }

  addDot(ideaId: string): void {
    this.change({ kind: 'add', ideaId })
  }

  removeDot(ideaId: string): void {
    this.change({ kind: 'remove', ideaId })
  }

  setAbstain(on: boolean): void {
    this.change({ kind: 'abstain', on })
  }

  /** Forget the last message (after it has been shown for a while). */
  clearMessage(key: number): void {
    if (this.state.messageKey === key) this.set({ message: null })
  }

  dispose(): void {
    this.disposed = true
    this.listeners.clear()
  }

  private change(change: Change): void {
    const { round, mine } = this.state
    const refusal = refusalFor(round, mine, change)
    if (refusal) {
      this.say(refusal)
      return
    }
    if (!round) return
    if (mine) this.set({ mine: applyChange(round, mine, change), message: null })
    this.inFlight++
    const send = (): Promise<MyDots> => {
      switch (change.kind) {
        case 'add':
          return placeDot(this.boardId, round.id, change.ideaId)
        case 'remove':
          return removeDot(this.boardId, round.id, change.ideaId)
        case 'abstain':
          return setAbstain(this.boardId, round.id, change.on)
      }
    }
    this.queue = this.queue.then(send).then(
      (answer) => {
        this.inFlight--
        if (this.state.round?.id === round.id && this.inFlight === 0) this.set({ mine: answer })
      },
      (error: unknown) => {
        this.inFlight--
        this.say(messageForError(error, this.state.round))
        void this.refresh()
      },
    )
  }

  private say(message: string): void {
    this.set({ message, messageKey: this.state.messageKey + 1 })
  }

  private set(patch: Partial<MyVotesState>): void {
    if (this.disposed) return
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }
}
