import {
  Errors,
  getIdea,
  listPages,
  readRounds,
  readSettings,
  writeRound,
  type PublishedRound,
} from '@roundtable/board'
import type { DotOutcome, RoundRow } from '@roundtable/storage'
import { createHmac, randomBytes } from 'node:crypto'
import { nanoid } from 'nanoid'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import { readFresh } from './fresh'
import { sameJson, watchRemoteLedger } from './remoteLedger'
import { CoalescingQueue } from './serialQueue'

export interface NewRound {
  pageId?: string | undefined
  dotsPerPerson: number
  maxPerIdea: number | null
  hidden: boolean
  durationSeconds: number | null
}

/** What one person sees of a round: their own dots only. */
export interface MyDots {
  roundId: string
  dots: Record<string, number>
  used: number
  remaining: number
  abstained: boolean
}

/**
 * Dot voting as a server-side ledger. Every dot is checked and stored by the ledger in one transaction; the board
 * only ever receives what everyone may see (totals, and tallies once visible). While a round is hidden, no
 * per-idea number leaves the server except each person's own dots, to that person.
 */
export class VoteService {
  private readonly publishing = new CoalescingQueue()
  private readonly endTimers = new Map<string, NodeJS.Timeout>()

  constructor(private readonly deps: AppDeps) {
    // With several servers, results another server publishes are checked against the ledger (see remoteLedger.ts).
    deps.rooms.onLoad((room) =>
      watchRemoteLedger(room, 'rounds', (roundId) => void this.republish(room.boardId, roundId)),
    )
  }

  async start(boardId: string, input: NewRound, now = Date.now()): Promise<PublishedRound> {
    await this.closeExpired(boardId, now)
    const existing = (await this.deps.store.listRounds(boardId)).find((r) => r.status === 'open')
    if (existing) throw httpError(Errors.VoteAlreadyOpen)
    const facts = await readFresh(
      this.deps.rooms,
      boardId,
      (room) => ({ pages: listPages(room.doc).map((p) => p.id), anonymous: readSettings(room.doc).anonymous }),
      (f) => !input.pageId || f.pages.includes(input.pageId),
    )
    if (!facts) throw httpError(Errors.BoardNotFound)
    const pageId = input.pageId ?? facts.pages[0]
    if (!pageId || !facts.pages.includes(pageId))
      throw httpError(Errors.RequestInvalid, 'pageId: no such board in this session')
    const round: RoundRow = {
      id: `round:${nanoid(12)}`,
      boardId,
      pageId,
      status: 'open',
      dotsPerPerson: input.dotsPerPerson,
      maxPerIdea: input.maxPerIdea,
      hidden: input.hidden,
      revealed: false,
      anonymous: facts.anonymous,
      // In anonymous sessions a dot is filed under a keyed hash of the person, and the key is forgotten when the
      // round closes: from then on no stored dot can be tied to anyone.
      secret: facts.anonymous ? randomBytes(32).toString('hex') : null,
      startedAt: now,
      endsAt: input.durationSeconds ? now + input.durationSeconds * 1000 : null,
      closedAt: null,
    }
    try {
      await this.deps.store.createRound(round)
    } catch {
      throw httpError(Errors.VoteAlreadyOpen)
    }
    this.scheduleEnd(round)
    return this.publish(round)
  }

  async close(boardId: string, roundId: string, now = Date.now()): Promise<PublishedRound> {
    const round = await this.mustGet(boardId, roundId)
    if (round.status === 'open') await this.deps.store.closeRound(boardId, roundId, now)
    this.clearEnd(roundId)
    return this.publish(await this.mustGet(boardId, roundId))
  }

  async reveal(boardId: string, roundId: string): Promise<PublishedRound> {
    await this.mustGet(boardId, roundId)
    await this.deps.store.revealRound(boardId, roundId)
    return this.publish(await this.mustGet(boardId, roundId))
  }

  async list(boardId: string, now = Date.now()): Promise<PublishedRound[]> {
    await this.closeExpired(boardId, now)
    const rounds = await this.deps.store.listRounds(boardId)
    return Promise.all(rounds.map((r) => this.toPublished(r)))
  }

  async place(boardId: string, roundId: string, personId: string, ideaId: string, now = Date.now()): Promise<MyDots> {
    const round = await this.openRound(boardId, roundId, now)
    await this.mustBeIdeaOnPage(boardId, round, ideaId)
    this.check(await this.deps.store.placeDot(roundId, this.voter(round, personId), ideaId, now), round)
    return this.afterChange(round, personId)
  }

  async remove(boardId: string, roundId: string, personId: string, ideaId: string, now = Date.now()): Promise<MyDots> {
    const round = await this.openRound(boardId, roundId, now)
    this.check(await this.deps.store.removeDot(roundId, this.voter(round, personId), ideaId), round)
    return this.afterChange(round, personId)
  }

  async move(
    boardId: string,
    roundId: string,
    personId: string,
    from: string,
    to: string,
    now = Date.now(),
  ): Promise<MyDots> {
    const round = await this.openRound(boardId, roundId, now)
    await this.mustBeIdeaOnPage(boardId, round, to)
    this.check(await this.deps.store.moveDot(roundId, this.voter(round, personId), from, to, now), round)
    return this.afterChange(round, personId)
  }

  async abstain(
    boardId: string,
    roundId: string,
    personId: string,
    abstain: boolean,
    now = Date.now(),
  ): Promise<MyDots> {
    const round = await this.openRound(boardId, roundId, now)
    this.check(await this.deps.store.setAbstain(roundId, this.voter(round, personId), abstain), round)
    return this.afterChange(round, personId)
  }

  async mine(boardId: string, roundId: string, personId: string): Promise<MyDots> {
    const round = await this.mustGet(boardId, roundId)
    return this.myDots(round, personId)
  }

  /** Stop the end-of-round timers (server shutdown). */
  stop(): void {
    for (const timer of this.endTimers.values()) clearTimeout(timer)
    this.endTimers.clear()
  }

  private voter(round: RoundRow, personId: string): string {
    if (!round.anonymous) return personId
    if (!round.secret) throw httpError(Errors.VoteClosed)
    return createHmac('sha256', round.secret).update(personId).digest('hex')
  }

  private async myDots(round: RoundRow, personId: string): Promise<MyDots> {
    if (round.anonymous && !round.secret) {
      return { roundId: round.id, dots: {}, used: 0, remaining: 0, abstained: false }
    }
    const { dots, abstained } = await this.deps.store.voterDots(round.id, this.voter(round, personId))
    const used = Object.values(dots).reduce((a, b) => a + b, 0)
    return {
      roundId: round.id,
      dots,
      used,
      remaining: round.status === 'open' ? round.dotsPerPerson - used : 0,
      abstained,
    }
  }

  private async afterChange(round: RoundRow, personId: string): Promise<MyDots> {
    await this.publish(round)
    return this.myDots(round, personId)
  }

  private check(outcome: DotOutcome, round: RoundRow): void {
    switch (outcome) {
      case 'ok':
        return
      case 'closed':
        throw httpError(Errors.VoteClosed)
      case 'budget':
        throw httpError(
          Errors.VoteBudgetUsed,
          `you have used all your ${round.dotsPerPerson} dots; take one back to move it`,
        )
      case 'cap':
        throw httpError(Errors.VoteCap, `you can put at most ${round.maxPerIdea} dots on one idea`)
      case 'none':
        throw httpError(Errors.VoteNoDot)
    }
  }

  private async mustGet(boardId: string, roundId: string): Promise<RoundRow> {
    const round = await this.deps.store.getRound(boardId, roundId)
    if (!round) throw httpError(Errors.VoteNotFound)
    return round
  }

  private async openRound(boardId: string, roundId: string, now: number): Promise<RoundRow> {
    await this.closeExpired(boardId, now)
    const round = await this.mustGet(boardId, roundId)
    if (round.status !== 'open') throw httpError(Errors.VoteClosed)
    return round
  }

  private async mustBeIdeaOnPage(boardId: string, round: RoundRow, ideaId: string): Promise<void> {
    const onPage = await readFresh(
      this.deps.rooms,
      boardId,
      (room) => getIdea(room.doc, ideaId)?.pageId === round.pageId,
      Boolean,
    )
    if (!onPage) throw httpError(Errors.RequestInvalid, 'ideaId: no such idea on the board this round is about')
  }

  /** Close rounds whose time is up (a restart loses timers; this catches up on the next request). */
  private async closeExpired(boardId: string, now: number): Promise<void> {
    const open = (await this.deps.store.listRounds(boardId)).filter(
      (r) => r.status === 'open' && r.endsAt !== null && r.endsAt <= now,
    )
    for (const round of open) {
      await this.deps.store.closeRound(boardId, round.id, round.endsAt!)
      await this.publish((await this.deps.store.getRound(boardId, round.id))!)
    }
  }

  private scheduleEnd(round: RoundRow): void {
    if (round.endsAt === null) return
    const timer = setTimeout(
      () => {
        this.endTimers.delete(round.id)
        this.close(round.boardId, round.id, round.endsAt!).catch((error: unknown) => {
          this.deps.log.warn({ boardId: round.boardId, err: String(error) }, 'closing a timed round failed')
        })
      },
      Math.max(0, round.endsAt - Date.now()),
    )
    timer.unref()
    this.endTimers.set(round.id, timer)
  }

  private clearEnd(roundId: string): void {
    const timer = this.endTimers.get(roundId)
    if (timer) clearTimeout(timer)
    this.endTimers.delete(roundId)
  }

  private async toPublished(round: RoundRow): Promise<PublishedRound> {
    const totals = await this.deps.store.roundTotals(round.id)
    return {
      id: round.id,
      pageId: round.pageId,
      status: round.status,
      dotsPerPerson: round.dotsPerPerson,
      maxPerIdea: round.maxPerIdea,
      hidden: round.hidden,
      revealed: round.revealed,
      startedAt: round.startedAt,
      endsAt: round.endsAt,
      closedAt: round.closedAt,
      voters: totals.voters,
      abstained: totals.abstained,
      dotsCast: totals.dotsCast,
      tallies: round.hidden && !round.revealed ? null : totals.tallies,
    }
  }

  /** Publish one round (or every round, for null) again from the ledger; only writes what differs. */
  private async republish(boardId: string, roundId: string | null): Promise<void> {
    try {
      const rounds = roundId
        ? [await this.deps.store.getRound(boardId, roundId)]
        : await this.deps.store.listRounds(boardId)
      for (const round of rounds) if (round) await this.publish(round)
    } catch (error) {
      this.deps.log.warn({ boardId, err: String(error) }, 'checking published vote results failed')
    }
  }

  /** Write the round's public face into the board. Serialised per round so a stale total never lands last. */
  private async publish(round: RoundRow): Promise<PublishedRound> {
    let published: PublishedRound | null = null
    await this.publishing.run(round.id, async () => {
      const fresh = (await this.deps.store.getRound(round.boardId, round.id)) ?? round
      const value = await this.toPublished(fresh)
      await this.deps.rooms.withRoom(round.boardId, (room) =>
        room.change((doc) => {
          if (
            !sameJson(
              readRounds(doc).find((r) => r.id === value.id),
              value,
            )
          )
            writeRound(doc, value)
        }),
      )
      published = value
    })
    return published ?? (await this.toPublished(round))
  }
}
