import { useEffect, useState, useSyncExternalStore } from 'react'
import {
  MAX_EVIDENCE_GROUPS,
  MAX_EVIDENCE_THRESHOLD,
  MAX_GROUP_LABEL,
  MIN_EVIDENCE_THRESHOLD,
  RATHER_NOT_SAY,
  cleanEvidenceGroups,
  type EvidenceSettings,
  type SessionSettings,
} from '@roundtable/board'
import { ApiError, getMyAnswer, setMyAnswer, type MyAnswer, type Role } from './api'
import { strings } from '../strings'

/**
 * "How do you come to this session?": the client side of evidence of co-production. People may answer, skip, or
 * take their answer back at any time; only the server keeps answers, and only totals by group ever leave it.
 */

// --- Whether to ask ----------------------------------------------------------------------------------------------

/** Whether this session asks this person at all: the question is on, names are kept, and they are not watching. */
export function sessionAsks(settings: SessionSettings, role: Role | null): boolean {
  return settings.evidence.ask && !settings.anonymous && role !== null && role !== 'view'
}

/** Whether to put the question to this person now: the session asks, they have not answered, and not skipped it. */
export function shouldAskNow(input: {
  settings: SessionSettings
  role: Role | null
  answer: MyAnswerState
  skipped: boolean
}): boolean {
  const { settings, role, answer, skipped } = input
  return sessionAsks(settings, role) && !skipped && answer.status === 'known' && !answer.answered
}

// --- Skipping, remembered on this device ------------------------------------------------------------------------

/** Where a skip is remembered: per board, on this device only (the server never hears about a skip). */
export const skipStorageKey = (boardId: string): string => `roundtable:evidence-skipped:${boardId}`

/** The part of `localStorage` used here, so tests can pass their own. */
export type SkipStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function defaultStorage(): SkipStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    return null
  }
}

/** Whether this person skipped the question for this board on this device. */
export function wasSkipped(boardId: string, storage: SkipStorage | null = defaultStorage()): boolean {
  try {
    return storage?.getItem(skipStorageKey(boardId)) === '1'
  } catch {
    return false
  }
}

/** Remember (or forget) that this person skipped the question for this board. */
export function rememberSkipped(
  boardId: string,
  skipped: boolean,
  storage: SkipStorage | null = defaultStorage(),
): void {
  try {
    if (skipped) storage?.setItem(skipStorageKey(boardId), '1')
    else storage?.removeItem(skipStorageKey(boardId))
  } catch {
    // Storage unavailable: the skip lasts for this page only (the caller keeps it in memory too).
  }
}

// --- Words -------------------------------------------------------------------------------------------------------

/** An answer in words: the group as the facilitators typed it, or "I'd rather not say". */
export function answerInWords(group: string | null): string {
  if (group === null) return strings.evidence.notSaid
  return group === RATHER_NOT_SAY ? strings.evidence.ratherNotSay : group
}

/**
 * The line that shows a person their own answer ("How you come to this session: … Change"), on the board page's
 * People panel and on the phone: the answer in words and the button's words. Null while the answer is not known.
 */
export function myAnswerLine(mine: MyAnswerState): { words: string; action: string; actionLabel: string } | null {
  if (mine.status !== 'known' && !mine.answered) return null
  const words = answerInWords(mine.answered ? mine.group : null)
  return mine.answered
    ? { words, action: strings.evidence.change, actionLabel: strings.evidence.changeLabel(words) }
    : { words, action: strings.evidence.tell, actionLabel: strings.evidence.tellLabel }
}

/** The message for an answer the server would not take. */
export function answerErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return strings.evidence.failed
  if (error.status === 0) return strings.evidence.offline
  if (error.status === 400) return strings.evidence.listChanged
  if (error.status === 409) return strings.evidence.notAsking
  return strings.evidence.failed
}

// --- The facilitators' form ---------------------------------------------------------------------------------------

/** "I'd rather not say" is always offered by itself; a facilitator who types it in the list does not need it twice. */
const RATHER_NOT_SAY_WORDS = /^(i['’]?d|i would) rather not say\.?$|^i do not want to say\.?$|^prefer not to say\.?$/i

/** The answers typed in the text box (one on each line), tidied: no blanks, no repeats, no "rather not say". */
export function groupsFromText(text: string): string[] {
  return cleanEvidenceGroups(text.split(/\r?\n/)).filter((label) => !RATHER_NOT_SAY_WORDS.test(label))
}

/** The answers as the text box shows them. */
export function groupsToText(groups: readonly string[]): string {
  return groups.join('\n')
}

/** What the facilitator has typed in the form. The threshold is kept as typed, so a half-typed number is allowed. */
export interface EvidenceDraft {
  ask: boolean
  groupsText: string
  thresholdText: string
}

/** The form filled in from the session's settings. */
export function draftFromSettings(evidence: EvidenceSettings): EvidenceDraft {
  return { ask: evidence.ask, groupsText: groupsToText(evidence.groups), thresholdText: String(evidence.threshold) }
}

/** Why the form cannot be saved, and which field to fix. */
export type EvidenceProblem = { field: 'groups' | 'threshold'; message: string }

/** Check the form as the server will, so the facilitator hears at once and in plain words. */
export function checkEvidenceDraft(
  draft: EvidenceDraft,
): { ok: true; settings: EvidenceSettings } | { ok: false; problem: EvidenceProblem } {
  const groups = groupsFromText(draft.groupsText)
  const words = strings.evidence.errors
  if (groups.length === 0) return { ok: false, problem: { field: 'groups', message: words.noGroups } }
  if (groups.length > MAX_EVIDENCE_GROUPS)
    return { ok: false, problem: { field: 'groups', message: words.tooManyGroups(MAX_EVIDENCE_GROUPS) } }
  if (groups.some((g) => [...g].length > MAX_GROUP_LABEL)) {
    return { ok: false, problem: { field: 'groups', message: words.groupTooLong(MAX_GROUP_LABEL) } }
  }
  const threshold = Number(draft.thresholdText.trim())
  if (
    draft.thresholdText.trim() === '' ||
    !Number.isInteger(threshold) ||
    threshold < MIN_EVIDENCE_THRESHOLD ||
    threshold > MAX_EVIDENCE_THRESHOLD
  ) {
    return {
      ok: false,
      problem: { field: 'threshold', message: words.threshold(MIN_EVIDENCE_THRESHOLD, MAX_EVIDENCE_THRESHOLD) },
    }
  }
  return { ok: true, settings: { ask: draft.ask, groups, threshold } }
}

/** Whether the form says something other than the settings (ignoring blank lines and spaces). */
export function draftDiffers(draft: EvidenceDraft, evidence: EvidenceSettings): boolean {
  const groups = groupsFromText(draft.groupsText)
  return (
    draft.ask !== evidence.ask ||
    draft.thresholdText.trim() !== String(evidence.threshold) ||
    groups.length !== evidence.groups.length ||
    groups.some((g, i) => g !== evidence.groups[i])
  )
}

// --- This person's answer ----------------------------------------------------------------------------------------

/** What the page knows of this person's answer. */
export interface MyAnswerState {
  /** `unknown` until asked (or while the session does not ask); `failed` when the server could not be reached. */
  status: 'unknown' | 'loading' | 'known' | 'failed'
  answered: boolean
  /** The group chosen (`RATHER_NOT_SAY` for "I'd rather not say"), or null. */
  group: string | null
}

/** The calls the store makes; tests pass their own. */
export interface AnswerApi {
  get(boardId: string): Promise<MyAnswer>
  set(boardId: string, group: string | null): Promise<Pick<MyAnswer, 'answered' | 'group'>>
}

const httpApi: AnswerApi = { get: getMyAnswer, set: setMyAnswer }

const UNKNOWN: MyAnswerState = { status: 'unknown', answered: false, group: null }

/** This person's answer on one board, shared by the question, the People panel and the phone page. */
export class MyAnswerStore {
  private state: MyAnswerState = UNKNOWN
  private readonly listeners = new Set<() => void>()
  /** Bumped on every load and reset, so an answer that arrives late never overwrites a newer one. */
  private generation = 0

  constructor(
    private readonly boardId: string,
    private readonly api: AnswerApi = httpApi,
  ) {}

  getState = (): MyAnswerState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private set(next: MyAnswerState): void {
    if (next.status === this.state.status && next.answered === this.state.answered && next.group === this.state.group)
      return
    this.state = next
    for (const listener of this.listeners) listener()
  }

  /** Ask the server for this person's answer (when the question is switched on, or the page opens). */
  async load(): Promise<void> {
    const mine = ++this.generation
    this.set({ ...this.state, status: 'loading' })
    try {
      const answer = await this.api.get(this.boardId)
      if (mine !== this.generation) return
      this.set({ status: 'known', answered: answer.answered, group: answer.answered ? answer.group : null })
    } catch {
      if (mine !== this.generation) return
      this.set({ ...this.state, status: 'failed' })
    }
  }

  /** Save an answer, or take it back with null. Throws `ApiError` when the server does not take it. */
  async save(group: string | null): Promise<void> {
    const mine = ++this.generation
    const answer = await this.api.set(this.boardId, group)
    if (mine !== this.generation) return
    this.set({ status: 'known', answered: answer.answered, group: answer.answered ? answer.group : null })
  }

  /** Forget what is known (the question was switched off): it is asked for again when switched back on. */
  reset(): void {
    this.generation++
    this.set(UNKNOWN)
  }
}

/** React hook: this person's answer, re-rendering when it changes. */
export function useMyAnswer(store: MyAnswerStore): MyAnswerState {
  return useSyncExternalStore(store.subscribe, store.getState)
}

/** How long to wait before asking the server again when it could not be reached. */
const RETRY_MS = 15_000

/**
 * React hook: keep this person's answer known while the session asks (`asks`), forget it when it stops asking,
 * and try again now and then while the server cannot be reached. Returns the answer.
 */
export function useAnswerWhileAsked(store: MyAnswerStore, asks: boolean): MyAnswerState {
  const state = useMyAnswer(store)
  useEffect(() => {
    if (asks) void store.load()
    else store.reset()
  }, [asks, store])
  const failed = asks && state.status === 'failed'
  useEffect(() => {
    if (!failed) return
    const timer = setTimeout(() => void store.load(), RETRY_MS)
    return () => clearTimeout(timer)
  }, [failed, store])
  return state
}

/** The parts of a focused element that tell whether someone is in the middle of writing in it. */
export interface FocusedElement {
  tagName: string
  type?: string
  value?: string
  isContentEditable?: boolean
  textContent?: string | null
}

const NOT_TEXT_INPUTS = ['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image', 'hidden']

/**
 * Whether the person is in the middle of writing: a text field (or editable text) has focus and holds words.
 * An empty field that merely has focus — the phone puts the cursor in its idea box — is not writing, so a question
 * can appear without cutting into anything.
 */
export function isTyping(
  active: FocusedElement | null = typeof document === 'undefined' ? null : document.activeElement,
): boolean {
  if (!active) return false
  if (active.isContentEditable) return (active.textContent ?? '').trim() !== ''
  const tag = active.tagName.toLowerCase()
  const textField =
    tag === 'textarea' || (tag === 'input' && !NOT_TEXT_INPUTS.includes((active.type ?? 'text').toLowerCase()))
  return textField && (active.value ?? '').trim() !== ''
}

/**
 * True once `wanted` holds and the person is not in the middle of writing (checked every second; `busy` may add another reason to
 * wait, such as editing an idea on the canvas), so a question never cuts into someone's words.
 */
export function useCalmMoment(wanted: boolean, busy?: () => boolean): boolean {
  const [calm, setCalm] = useState(false)
  useEffect(() => {
    setCalm(false)
    if (!wanted) return
    const check = (): boolean => {
      const quiet = !isTyping() && !busy?.()
      if (quiet) setCalm(true)
      return quiet
    }
    if (check()) return
    const timer = setInterval(() => {
      if (check()) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [wanted, busy])
  return wanted && calm
}
