import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import {
  ACTIONS_KEY,
  LEDGER_KEY,
  RECORDS_KEY,
  SERIES_KEY,
  SESSION_KEY,
  getActionsMap,
  getRecordsMap,
  isIsoDate,
  jsonEqual,
  readActionStates,
  readCarriedActions,
  readSeriesInfo,
  readOpenRound,
  readRounds,
  readSettings,
  readSummon,
  readTimer,
  type Action,
  type ActionOutcome,
  type CarriedAction,
  type SeriesInfo,
  type PublishedRound,
  type SessionSettings,
  type SummonState,
  type TimerState,
} from '@roundtable/board'
import { serverClock } from '../lib/serverClock'

/**
 * React hooks that read the board's Y.Doc. Each re-reads only when one of the named top-level parts of the doc
 * changes, and re-renders only when the value read is different.
 */

/**
 * Read `read(doc)` now and whenever the doc's top-level maps named in `roots` change. `deep: false` listens only
 * for entries added or removed directly in those maps (cheap for `records`, which changes on every keystroke).
 */
export function useDocValue<T>(doc: Y.Doc, roots: readonly string[], read: (doc: Y.Doc) => T, deep = true): T {
  const readRef = useRef(read)
  readRef.current = read
  const [value, setValue] = useState<T>(() => read(doc))
  const rootsKey = roots.join('|')

  useEffect(() => {
    let current = readRef.current(doc)
    setValue(current)
    const onChange = (): void => {
      const next = readRef.current(doc)
      if (jsonEqual(next, current)) return
      current = next
      setValue(next)
    }
    const maps = rootsKey.split('|').map((name) => doc.getMap(name))
    for (const map of maps) {
      if (deep) map.observeDeep(onChange)
      else map.observe(onChange)
    }
    return () => {
      for (const map of maps) {
        if (deep) map.unobserveDeep(onChange)
        else map.unobserve(onChange)
      }
    }
  }, [doc, rootsKey, deep])

  return value
}

const SESSION_ROOTS = [SESSION_KEY] as const
const LEDGER_ROOTS = [LEDGER_KEY] as const
const ACTION_ROOTS = [ACTIONS_KEY, LEDGER_KEY] as const
const RECORD_ROOTS = [RECORDS_KEY] as const
const SERIES_ROOTS = [SERIES_KEY] as const

/** Facilitator settings: anonymous mode and locked boards. */
export function useSettings(doc: Y.Doc): SessionSettings {
  return useDocValue(doc, SESSION_ROOTS, readSettings)
}

/** The shared timer. Its server timestamp also tells the page's server clock how far off this device is. */
export function useTimer(doc: Y.Doc): TimerState {
  const timer = useDocValue(doc, SESSION_ROOTS, readTimer)
  useEffect(() => serverClock.sawServerTimestamp(timer.serverNow), [timer.serverNow])
  return timer
}

/** "Bring everyone to me", if a facilitator has asked for it. */
export function useSummon(doc: Y.Doc): SummonState | null {
  return useDocValue(doc, SESSION_ROOTS, readSummon)
}

/** Every vote round, oldest first. */
export function useRounds(doc: Y.Doc): PublishedRound[] {
  const rounds = useDocValue(doc, LEDGER_ROOTS, readRounds)
  const newest = rounds.at(-1)?.startedAt ?? 0
  useEffect(() => serverClock.sawServerTimestamp(newest), [newest])
  return rounds
}

/** The vote round open now, if any. */
export function useOpenRound(doc: Y.Doc): PublishedRound | null {
  return useDocValue(doc, LEDGER_ROOTS, readOpenRound)
}

/**
 * An action without the text of its idea (read that from the editor, which keeps it live and cheap), with what
 * happened when it was marked done with a note (null otherwise).
 */
export type ActionItem = Omit<Action, 'ideaText'> & { outcome: ActionOutcome | null }

/**
 * Every action, oldest first, with its published status and agreements. Unlike `listActions` from the board
 * package, this does not look up each linked idea in the whole document, so it stays cheap while people type.
 */
export function readActionItems(doc: Y.Doc): ActionItem[] {
  const states = readActionStates(doc)
  const out: ActionItem[] = []
  getActionsMap(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return
    const text = (key: string): string => {
      const v = map.get(key)
      return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : ''
    }
    const state = states[id]
    const due = map.get('due')
    const ideaId = map.get('ideaId')
    const who = map.get('who')
    const createdAt = map.get('createdAt')
    out.push({
      id,
      what: text('what'),
      who: typeof who === 'string' ? who : '',
      due: typeof due === 'string' && isIsoDate(due) ? due : null,
      ideaId: typeof ideaId === 'string' ? ideaId : null,
      note: text('note'),
      createdAt: typeof createdAt === 'number' ? createdAt : 0,
      status: state?.status ?? 'proposed',
      agree: state?.agree ?? 0,
      concern: state?.concern ?? 0,
      agreedBy: state?.agreedBy ?? [],
      concerns: state?.concerns ?? [],
      changedAt: typeof state?.changedAt === 'number' && state.changedAt > 0 ? state.changedAt : null,
      outcome: state?.status === 'done' ? (state.outcome ?? null) : null,
    })
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** Every action, live. */
export function useActionItems(doc: Y.Doc): ActionItem[] {
  return useDocValue(doc, ACTION_ROOTS, readActionItems)
}

/** True when the board holds at least one idea (a note) on any page. */
export function docHasIdeas(doc: Y.Doc): boolean {
  for (const [id, record] of getRecordsMap(doc)) {
    if (id.startsWith('shape:') && record instanceof Y.Map && record.get('type') === 'note') return true
  }
  return false
}

/** Whether any idea exists, re-checked only when records are added or removed. */
export function useHasIdeas(doc: Y.Doc): boolean {
  return useDocValue(doc, RECORD_ROOTS, docHasIdeas, false)
}

/** This session's place in its series (name, number, how many), or null when it is in none; live. */
export function useSeriesInfo(doc: Y.Doc): SeriesInfo | null {
  return useDocValue(doc, SERIES_ROOTS, readSeriesInfo)
}

/** Earlier sessions' actions shown in this one ("Still open from last time"), as their own session has them; live. */
export function useCarriedActions(doc: Y.Doc): CarriedAction[] {
  return useDocValue(doc, SERIES_ROOTS, readCarriedActions)
}
