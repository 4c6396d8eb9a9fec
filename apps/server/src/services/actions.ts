import {
  Errors,
  getAction,
  NO_ACTION_STATE,
  readActionStates,
  readSettings,
  writeActionState,
  type ActionOutcome,
  type ActionStatus,
  type PublishedActionState,
} from '@roundtable/board'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import { readFresh } from './fresh'
import { sameJson, watchRemoteLedger } from './remoteLedger'
import { CoalescingQueue } from './serialQueue'

/**
 * Action status (set by facilitators) and each person's "I agree" / "I have a concern" (one per person), published
 * into the board as counts and, outside anonymous mode, names.
 */
export class ActionService {
  private readonly publishing = new CoalescingQueue()

  constructor(private readonly deps: AppDeps) {
    // With several servers, agreement counts another server publishes are checked against the ledger.
    deps.rooms.onLoad((room) =>
      watchRemoteLedger(room, 'actions', (actionId) => {
        const ids = actionId ? [actionId] : Object.keys(readActionStates(room.doc))
        for (const id of ids) {
          this.publish(room.boardId, id).catch((error: unknown) => {
            this.deps.log.warn({ boardId: room.boardId, err: String(error) }, 'checking published agreements failed')
          })
        }
      }),
    )
  }

  /**
   * Set an action's status (facilitators). With `outcome`, the status is done and says what happened: anyone taking
   * part may do that, in the action's own session or in a later session of its series (`outcome.boardId`).
   */
  async setStatus(
    boardId: string,
    actionId: string,
    status: ActionStatus,
    now = Date.now(),
    outcome?: ActionOutcome,
  ): Promise<PublishedActionState> {
    await this.mustExist(boardId, actionId)
    let state: PublishedActionState = { ...NO_ACTION_STATE, status, updatedAt: now }
    // Status lives only in the board (durable with it); agreement counts are left as published. What happened
    // (the note given with "done") stays only while the action is done.
    await this.deps.rooms.withRoom(boardId, (room) =>
      room.change((doc) => {
        const { outcome: before, ...previous } = readActionStates(doc)[actionId] ?? NO_ACTION_STATE
        const kept = outcome ?? (status === 'done' ? before : undefined)
        state = { ...previous, ...(kept ? { outcome: kept } : {}), status, updatedAt: now }
        writeActionState(doc, actionId, state)
      }),
    )
    return state
  }

  async setStance(
    boardId: string,
    actionId: string,
    personId: string,
    stance: { stance: 'agree' | 'concern'; note: string; name: string | null } | null,
    now = Date.now(),
  ): Promise<PublishedActionState> {
    const anonymous = await this.mustExist(boardId, actionId)
    await this.deps.store.setStance(
      boardId,
      actionId,
      personId,
      stance
        ? { stance: stance.stance, note: stance.note, name: anonymous ? null : stance.name, updatedAt: now }
        : null,
    )
    return this.publish(boardId, actionId)
  }

  /** The caller's own stance on an action. */
  async myStance(boardId: string, actionId: string, personId: string) {
    await this.mustExist(boardId, actionId)
    return this.deps.store.voterStance(boardId, actionId, personId)
  }

  /** Returns whether the session is anonymous; 404 when there is no such action. */
  private async mustExist(boardId: string, actionId: string): Promise<boolean> {
    const found = await readFresh(
      this.deps.rooms,
      boardId,
      (room) => ({ exists: getAction(room.doc, actionId) !== undefined, anonymous: readSettings(room.doc).anonymous }),
      (f) => f.exists,
    )
    if (!found?.exists) throw httpError(Errors.ActionNotFound)
    return found.anonymous
  }

  /** Recount agreements from the ledger and publish them. Serialised per action so stale counts never land last. */
  private async publish(boardId: string, actionId: string): Promise<PublishedActionState> {
    let result: PublishedActionState | null = null
    const run = async () => {
      const stances = await this.deps.store.listStances(boardId, actionId)
      await this.deps.rooms.withRoom(boardId, (room) =>
        room.change((doc) => {
          const previous = readActionStates(doc)[actionId]
          const anonymous = readSettings(doc).anonymous
          const agreeing = stances.filter((s) => s.stance === 'agree')
          const concerned = stances.filter((s) => s.stance === 'concern')
          const state: PublishedActionState = {
            status: previous?.status ?? 'proposed',
            updatedAt: previous?.updatedAt ?? Date.now(),
            agree: agreeing.length,
            concern: concerned.length,
            agreedBy: anonymous ? [] : agreeing.map((s) => s.name ?? '').filter(Boolean),
            concerns: concerned.map((s) => ({ name: anonymous ? null : s.name, note: s.note })),
            ...(previous?.changedAt ? { changedAt: previous.changedAt } : {}),
            ...(previous?.outcome ? { outcome: previous.outcome } : {}),
          }
          if (!sameJson(previous, state)) writeActionState(doc, actionId, state)
          result = state
        }),
      )
    }
    await this.publishing.run(`${boardId}/${actionId}`, run)
    // A call coalesced into another caller's run finds the state that run published on the board.
    result ??= (await this.deps.rooms.withRoom(boardId, (room) => readActionStates(room.doc)[actionId])) ?? null
    if (!result) throw httpError(Errors.ActionNotFound)
    return result
  }
}
