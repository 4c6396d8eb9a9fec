import {
  buildSeriesSummary,
  carriesInto,
  Errors,
  getActionsMap,
  getAction,
  getBoardTitle,
  getLedgerMap,
  getMetaMap,
  initBoardDoc,
  listActions,
  MAX_CARRIED_ACTIONS,
  MAX_SERIES_NAME,
  MAX_SERIES_SESSIONS,
  newBoardId,
  readActionStates,
  readCarriedAction,
  readSeriesInfo,
  SERIES_KEY,
  toCarried,
  writeSeriesMirror,
  type Action,
  type CarriedAction,
  type PublishedActionState,
  type SeriesInfo,
  type SeriesSummary,
} from '@roundtable/board'
import type { BoardKeys, SeriesRow } from '@roundtable/storage'
import { isRemoteOrigin } from '@roundtable/sync'
import * as Y from 'yjs'
import { newBoardKeys, newKey } from '../auth/keys'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from './evidence'
import { deleteBoardNow } from './deleteBoard'
import { readFresh } from './fresh'
import { loadSummary } from '../summary/load'
import { CoalescingQueue } from './serialQueue'

/** How long changes to a session's actions gather before the later sessions' mirrors are rewritten. */
const REFRESH_DELAY_MS = 200
/**
 * A series' refreshes take at most 1 / (1 + REST_FACTOR) of the time: after a refresh that took T ms, the next
 * starts no sooner than REST_FACTOR × T later. Someone typing without pause into an early session of a long series
 * (each refresh reads every session) then costs the server a bounded share, and the later copies lag a little more.
 */
const REST_FACTOR = 4

/** A series as a session's people see it (`GET /api/boards/:id/series`). */
export interface SeriesView {
  id: string
  name: string
  createdAt: number
  /** The asking session's number. */
  number: number
  sessions: { id: string; title: string; number: number; createdAt: number }[]
}

/** One session's actions as the mirror needs them. */
interface SessionActions {
  boardId: string
  title: string
  createdAt: number
  carried: { action: Action; updatedAt: number; state: PublishedActionState | undefined }[]
}

/**
 * Series of sessions: making a follow-on session, keeping every session's `series` mirror true to the actions in
 * their own sessions, acting on a carried action where it lives, the series page's summary, and deleting a series.
 */
export class SeriesService {
  private readonly refreshing = new CoalescingQueue()
  /** Boards whose changes are gathering before a refresh, and whether their name changed among them. */
  private readonly waiting = new Map<string, { named: boolean }>()
  /** Every refresh started, for tests and shutdown: resolves when the last one has finished. */
  private settled: Promise<void> = Promise.resolve()
  /** When each series' last refresh finished, and how long it took. */
  private readonly lastRun = new Map<string, { at: number; ms: number }>()
  /** Readings of series summaries, shared by callers at the same moment (see `summary`), and the latest of each. */
  private readonly reading = new CoalescingQueue()
  private readonly latest = new Map<string, SeriesSummary>()

  constructor(
    private readonly deps: AppDeps,
    private readonly evidence: EvidenceService,
  ) {
    // A change to a session's actions, their status or agreements, or its name, is written into the mirrors of
    // the later sessions of its series by the server that made it.
    deps.rooms.onLoad((room) =>
      room.onChanged((transaction) => {
        const touched = touchesSeries(transaction)
        if (!isRemoteOrigin(transaction.origin)) {
          if (touched === 'actions' || touched === 'name') this.boardChanged(room.boardId, touched === 'name')
        } else if (touched === 'mirror') {
          // Another server rewrote this board's mirror. Two servers writing one entry at once are concurrent Yjs
          // writes, and Yjs keeps one by client id, not the newer: check it against the actions themselves (as
          // watchRemoteLedger does for the ledger). Equal values are never rewritten, so this settles.
          this.boardChanged(room.boardId, true)
        }
      }),
    )
  }

  /** Create the next session of `fromId`'s series (a series of two when it had none); returns its id and keys. */
  async followOn(
    fromId: string,
    input: { title?: string | undefined; seriesName?: string | undefined },
  ): Promise<{ id: string; title: string; keys: Required<BoardKeys>; series: SeriesRow }> {
    const fromTitle = await this.deps.rooms.withRoom(fromId, (room) => getBoardTitle(room.doc))
    if (fromTitle === null) throw httpError(Errors.BoardNotFound)
    const id = newBoardId()
    const title = input.title ?? fromTitle
    const createdAt = Date.now()
    const keys = newBoardKeys()
    const doc = new Y.Doc()
    initBoardDoc(doc, { title, createdAt })
    const candidate: SeriesRow = {
      id: newBoardId(),
      name: input.seriesName ?? fromTitle.slice(0, MAX_SERIES_NAME),
      createdAt,
      pageKey: newKey(),
      feedKey: newKey(),
    }
    const outcome = await this.deps.store.createFollowOn(
      fromId,
      candidate,
      { id, title, createdAt, keys },
      Y.encodeStateAsUpdate(doc),
      MAX_SERIES_SESSIONS,
    )
    doc.destroy()
    if (outcome === 'missing') throw httpError(Errors.BoardNotFound)
    if (outcome === 'full') throw httpError(Errors.SeriesFull, `a series holds at most ${MAX_SERIES_SESSIONS} sessions`)
    const series = await this.deps.store.seriesOfBoard(id)
    if (!series) throw httpError(Errors.BoardNotFound)
    this.deps.log.info({ boardId: id, seriesId: series.id }, 'follow-on session created')
    await this.refresh(series.id)
    return { id, title, keys, series }
  }

  /** The series `boardId` belongs to, as its people see it; null when it is in none. */
  async view(boardId: string): Promise<{ view: SeriesView; row: SeriesRow } | null> {
    const row = await this.deps.store.seriesOfBoard(boardId)
    if (!row) return null
    const sessions = await this.deps.store.listSeriesSessions(row.id)
    // Names as the sessions have them now (a rename changes the board, not the stored title).
    const titles = await this.deps.rooms.withRoom(boardId, (room) => {
      const info = readSeriesInfo(room.doc)
      return new Map((info?.sessions ?? []).map((s) => [s.id, s.title]))
    })
    const list = sessions.map((s, i) => ({
      id: s.boardId,
      title: titles?.get(s.boardId) ?? s.title,
      number: i + 1,
      createdAt: s.createdAt,
    }))
    const number = list.find((s) => s.id === boardId)?.number ?? 1
    return { row, view: { id: row.id, name: row.name, createdAt: row.createdAt, number, sessions: list } }
  }

  /** The series of a session, or 404 `series.not_found`. */
  async seriesOf(boardId: string): Promise<SeriesRow> {
    const row = await this.deps.store.seriesOfBoard(boardId)
    if (!row) throw httpError(Errors.SeriesNotFound)
    return row
  }

  async rename(boardId: string, name: string): Promise<void> {
    const row = await this.seriesOf(boardId)
    await this.deps.store.renameSeries(row.id, name)
    await this.refresh(row.id)
  }

  /** Replace the page or feed key: the old one stops working at once. */
  async replaceKey(boardId: string, which: 'page' | 'feed'): Promise<void> {
    const row = await this.seriesOf(boardId)
    await this.deps.store.setSeriesKey(row.id, which, newKey())
  }

  /** Delete every session of `boardId`'s series (people connected are told), then the series. */
  async deleteSeriesOf(boardId: string): Promise<string[]> {
    const row = await this.seriesOf(boardId)
    const sessions = await this.deps.store.listSeriesSessions(row.id)
    for (const s of sessions) {
      await deleteBoardNow(this.deps, s.boardId)
    }
    await this.deps.store.deleteSeries(row.id)
    this.deps.log.info({ seriesId: row.id, count: sessions.length }, 'series deleted by a facilitator')
    return sessions.map((s) => s.boardId)
  }

  /** After a session was deleted: the later sessions stop showing its actions, and the numbers close up. */
  async afterDelete(seriesId: string | null): Promise<void> {
    if (seriesId && (await this.deps.store.getSeries(seriesId))) await this.refresh(seriesId)
  }

  /**
   * Where an action lives, for a route on `boardId`: `boardId` itself when the action is its own, or the earlier
   * session of the same series it was carried from. 404 otherwise.
   */
  async actionHome(boardId: string, actionId: string): Promise<{ boardId: string; carried: boolean }> {
    const found = await readFresh(
      this.deps.rooms,
      boardId,
      (room) =>
        getAction(room.doc, actionId) !== undefined
          ? boardId
          : (readCarriedAction(room.doc, actionId)?.from.boardId ?? null),
      (home) => home !== null,
    )
    if (!found) throw httpError(Errors.ActionNotFound)
    if (found === boardId) return { boardId, carried: false }
    // The mirror is the server's own, but membership is checked where it is kept: a session that has since left
    // the series (or been deleted) is acted on by nobody here.
    const [here, there] = await Promise.all([
      this.deps.store.seriesOfBoard(boardId),
      this.deps.store.seriesOfBoard(found),
    ])
    if (!here || !there || here.id !== there.id) throw httpError(Errors.ActionNotFound)
    return { boardId: found, carried: true }
  }

  /**
   * The series page's summary: every session's own summary, in order, put together. It reads every session, so
   * callers at the same moment (a room scanning the QR code at once, many pages checking) share a reading: one at a
   * time per series, each caller answered by a reading that began after it asked, so it never misses a change
   * made before.
   */
  async summary(series: SeriesRow): Promise<SeriesSummary> {
    await this.reading.run(series.id, async () => {
      if (this.latest.size > 1000) this.latest.clear()
      this.latest.set(series.id, await this.readSummary(series))
    })
    return this.latest.get(series.id) ?? this.readSummary(series)
  }

  private async readSummary(series: SeriesRow): Promise<SeriesSummary> {
    const sessions = await this.deps.store.listSeriesSessions(series.id)
    const summaries = []
    for (const s of sessions) {
      try {
        summaries.push(await loadSummary(this.deps, this.evidence, s.boardId))
      } catch {
        // Deleted meanwhile: it is no longer part of the series.
      }
    }
    return buildSeriesSummary(series, summaries)
  }

  /** Resolves when every mirror refresh asked for so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.waiting.size > 0) await new Promise((r) => setTimeout(r, REFRESH_DELAY_MS))
    await this.settled
  }

  private boardChanged(boardId: string, named: boolean): void {
    const waiting = this.waiting.get(boardId)
    if (waiting) {
      waiting.named ||= named
      return
    }
    this.waiting.set(boardId, { named })
    const timer = setTimeout(() => {
      const { named: renamed } = this.waiting.get(boardId) ?? { named: true }
      this.waiting.delete(boardId)
      const run = this.deps.store
        .seriesOfBoard(boardId)
        .then(async (row) => {
          if (!row) return
          // The last session's actions carry into no other session: only its name is shown elsewhere.
          const sessions = await this.deps.store.listSeriesSessions(row.id)
          if (!renamed && sessions.at(-1)?.boardId === boardId) return
          await this.refresh(row.id)
        })
        .catch((error: unknown) => {
          this.deps.log.warn({ boardId, err: String(error) }, 'updating the series after a change failed')
        })
      this.settled = this.settled.then(() => run)
    }, REFRESH_DELAY_MS)
    timer.unref()
  }

  /**
   * Rewrite every session's mirror from the actions in their own sessions. One run at a time per series; asking
   * while one runs makes one more run, so the last change is always included.
   */
  refresh(seriesId: string): Promise<void> {
    return this.refreshing.run(seriesId, () => this.refreshNow(seriesId))
  }

  private async refreshNow(seriesId: string): Promise<void> {
    const last = this.lastRun.get(seriesId)
    const rest = last ? last.at + REST_FACTOR * last.ms - Date.now() : 0
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest).unref())
    const started = performance.now()
    try {
      await this.rewriteMirrors(seriesId)
    } finally {
      if (this.lastRun.size > 10_000) this.lastRun.clear()
      this.lastRun.set(seriesId, { at: Date.now(), ms: performance.now() - started })
    }
  }

  private async rewriteMirrors(seriesId: string): Promise<void> {
    const row = await this.deps.store.getSeries(seriesId)
    if (!row) return
    const sessions = await this.deps.store.listSeriesSessions(seriesId)
    const read: SessionActions[] = []
    for (const s of sessions) {
      const facts = await this.deps.rooms.withRoom(s.boardId, (room) => {
        const states = readActionStates(room.doc)
        return {
          boardId: s.boardId,
          title: getBoardTitle(room.doc),
          createdAt: s.createdAt,
          carried: listActions(room.doc).map((action) => ({
            action,
            updatedAt: states[action.id]?.updatedAt ?? 0,
            state: states[action.id],
          })),
        }
      })
      if (facts) read.push(facts)
    }
    const list = read.map((s, i) => ({ id: s.boardId, title: s.title, number: i + 1, createdAt: s.createdAt }))
    for (const [k, later] of read.entries()) {
      const carried: CarriedAction[] = []
      let omitted = 0
      for (const [i, earlier] of read.slice(0, k).entries()) {
        const from = { boardId: earlier.boardId, title: earlier.title, number: i + 1, createdAt: earlier.createdAt }
        for (const { action, updatedAt, state } of earlier.carried) {
          if (!carriesInto({ status: action.status, updatedAt }, later.createdAt)) continue
          if (carried.length >= MAX_CARRIED_ACTIONS) omitted++
          else carried.push(toCarried(action, state, from))
        }
      }
      const info: SeriesInfo = {
        id: row.id,
        name: row.name,
        number: k + 1,
        count: read.length,
        omitted,
        sessions: list,
      }
      await this.deps.rooms.withRoom(later.boardId, async (room) => {
        if (mirrorIs(room.doc, info, carried)) return
        await room.change((doc) => writeSeriesMirror(doc, info, carried))
      })
    }
  }
}

/** True when the board's mirror already says exactly this (so nothing is written). */
function mirrorIs(doc: Y.Doc, info: SeriesInfo, carried: readonly CarriedAction[]): boolean {
  const root = doc.getMap('series')
  const map = root.get('carried')
  const current = map instanceof Y.Map ? map : null
  if (JSON.stringify(root.get('info')) !== JSON.stringify(info)) return false
  if ((current?.size ?? 0) !== carried.length) return false
  return carried.every((a) => JSON.stringify(current?.get(a.id)) === JSON.stringify(a))
}

/**
 * Whether a transaction changed what the mirrors show: the `actions` root, `ledger.actions`, or the session's
 * name. Votes, ideas and the rest do not.
 */
function touchesSeries(transaction: Y.Transaction): 'actions' | 'name' | 'mirror' | null {
  const doc = transaction.doc
  const mirror = doc.getMap(SERIES_KEY) as unknown as Y.AbstractType<unknown>
  const actions = getActionsMap(doc) as unknown as Y.AbstractType<unknown>
  const ledger = getLedgerMap(doc) as unknown as Y.AbstractType<unknown>
  const meta = getMetaMap(doc) as unknown as Y.AbstractType<unknown>
  let found: 'actions' | null = null
  for (const [type, keys] of transaction.changed) {
    if (type === meta) {
      if (keys.has('title')) return 'name'
      continue
    }
    if (type === mirror || (type as Y.AbstractType<unknown>)._item?.parent === mirror) return 'mirror'
    if (type === actions || (type === ledger && keys.has('actions'))) found = 'actions'
    if (type === actions || type === ledger) continue
    // A nested type: climb to its root, remembering the key under which it hangs there.
    let child: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>
    while (child._item && child._item.parent instanceof Y.AbstractType && child._item.parent._item)
      child = child._item.parent as Y.AbstractType<unknown>
    const root = child._item?.parent
    if (root === actions || (root === ledger && child._item?.parentSub === 'actions')) found = 'actions'
  }
  return found
}
