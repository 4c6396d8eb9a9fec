import * as Y from 'yjs'
import { newRecordId } from './ids'
import { ideaTextsById } from './ideas'
import {
  ACTION_STATUSES,
  readActionState,
  readActionStates,
  type ActionOutcome,
  type ActionStatus,
  type PublishedActionState,
} from './session'
import { changeRefusal } from './errors'
import { applyTextChange } from './textDiff'
import { isActionId, isIsoDate, isRecordRef, isStoredTime, MAX_OWNER_NAME, type InvalidSink } from './validators'

/**
 * Agreed actions live in the `actions` root: action id → Y.Map with collaborative text for `what` and `note`,
 * plain values for the rest. Status and agreements are server-owned (see session.ts).
 */
export const ACTIONS_KEY = 'actions'
export const MAX_ACTION_TEXT = 2000
export { MAX_OWNER_NAME, isIsoDate }

/** An action as people see it. */
export interface Action {
  id: string
  what: string
  /** Free-text name: the owner may not be a participant. */
  who: string
  /** Optional due date, `YYYY-MM-DD`. */
  due: string | null
  /** The idea it came from, if any, with that idea's text as it is now. */
  ideaId: string | null
  ideaText: string | null
  note: string
  createdAt: number
  status: ActionStatus
  agree: number
  concern: number
  agreedBy: string[]
  concerns: { name: string | null; note: string }[]
  /** When a facilitator last changed what, who or when after people agreed (ms), or null if never. */
  changedAt: number | null
  /** What happened, while the action is done and someone said so with a note; null otherwise. */
  outcome: ActionOutcome | null
}

export interface NewAction {
  what: string
  who?: string
  due?: string | null
  ideaId?: string | null
  note?: string
  createdAt: number
}

export function getActionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ACTIONS_KEY)
}

/** Add an action; returns its id. */
export function addAction(doc: Y.Doc, input: NewAction): string {
  const id = newRecordId('action')
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    getActionsMap(doc).set(id, map)
    map.set('id', id)
    map.set('what', new Y.Text(input.what))
    map.set('who', input.who ?? '')
    map.set('due', input.due ?? null)
    map.set('ideaId', input.ideaId ?? null)
    map.set('note', new Y.Text(input.note ?? ''))
    map.set('createdAt', input.createdAt)
  })
  return id
}

/** Change some fields of an action; text fields merge with other people's typing. False if there is no such action. */
export function updateAction(
  doc: Y.Doc,
  id: string,
  change: { what?: string; who?: string; due?: string | null; note?: string },
): boolean {
  const map = getActionsMap(doc).get(id)
  if (!(map instanceof Y.Map) || !isActionId(id)) return false
  doc.transact(() => {
    if (change.what !== undefined) setText(map, 'what', change.what)
    if (change.note !== undefined) setText(map, 'note', change.note)
    if (change.who !== undefined && map.get('who') !== change.who) map.set('who', change.who)
    if (change.due !== undefined && map.get('due') !== change.due) map.set('due', change.due)
  })
  return true
}

export function deleteAction(doc: Y.Doc, id: string): boolean {
  const actions = getActionsMap(doc)
  if (!actions.has(id)) return false
  actions.delete(id)
  return true
}

function setText(map: Y.Map<unknown>, key: string, value: string): void {
  const current = map.get(key)
  if (current instanceof Y.Text) applyTextChange(current, value)
  else map.set(key, new Y.Text(value))
}

/** The published state of an action nobody has agreed to or changed the status of yet. */
export const NO_ACTION_STATE: PublishedActionState = {
  status: 'proposed',
  updatedAt: 0,
  agree: 0,
  concern: 0,
  agreedBy: [],
  concerns: [],
}

/**
 * Every action, oldest first, with its published status and agreements. Malformed entries are skipped (reported to
 * `onInvalid`): a key that is not an action id (say, one carrying a line break into a calendar), a value that is
 * not a map. Out-of-range fields read as their defaults.
 */
export function listActions(doc: Y.Doc, onInvalid?: InvalidSink): Action[] {
  const states = readActionStates(doc)
  const texts = ideaTextsById(doc)
  const out: Action[] = []
  getActionsMap(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map) || !isActionId(id)) {
      onInvalid?.('action', 'an action with a malformed id or value was skipped')
      return
    }
    const action = readAction(texts, id, map, states[id] ?? NO_ACTION_STATE, onInvalid)
    if (action) out.push(action)
  })
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
}

/** One action by id. */
export function getAction(doc: Y.Doc, id: string): Action | undefined {
  const map = getActionsMap(doc).get(id)
  if (!(map instanceof Y.Map) || !isActionId(id)) return undefined
  return readAction(ideaTextsById(doc), id, map, readActionStates(doc)[id] ?? NO_ACTION_STATE)
}

function readAction(
  ideaTexts: Map<string, string>,
  id: string,
  map: Y.Map<unknown>,
  state: PublishedActionState,
  onInvalid?: InvalidSink,
): Action | undefined {
  const text = (key: string) => {
    const v = map.get(key)
    return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : ''
  }
  const rawIdea = map.get('ideaId')
  const ideaId = isRecordRef(rawIdea) ? rawIdea : null
  const due = map.get('due')
  const who = map.get('who')
  const createdAt = map.get('createdAt')
  if (createdAt !== undefined && !isStoredTime(createdAt))
    onInvalid?.('action.createdAt', 'an action time out of range read as 0')
  return {
    id,
    what: text('what'),
    who: typeof who === 'string' ? who.slice(0, MAX_OWNER_NAME) : '',
    due: typeof due === 'string' && isIsoDate(due) ? due : null,
    ideaId,
    ideaText: ideaId ? (ideaTexts.get(ideaId) ?? null) : null,
    note: text('note'),
    createdAt: isStoredTime(createdAt) ? createdAt : 0,
    status: (ACTION_STATUSES as readonly unknown[]).includes(state.status) ? state.status : 'proposed',
    agree: state.agree,
    concern: state.concern,
    agreedBy: state.agreedBy,
    concerns: state.concerns,
    changedAt: typeof state.changedAt === 'number' && state.changedAt > 0 ? state.changedAt : null,
    outcome: state.status === 'done' && isOutcome(state.outcome) ? state.outcome : null,
  }
}

function isOutcome(value: unknown): value is ActionOutcome {
  const o = value as ActionOutcome | undefined
  return typeof o === 'object' && o !== null && typeof o.note === 'string' && typeof o.at === 'number'
}

/** Statuses a facilitator sets once the group has agreed to an action. */
const AGREED_STATUSES: ReadonlySet<ActionStatus> = new Set(['agreed', 'in-progress', 'done'])

/**
 * True once people have agreed to an action: someone said "I agree", or a facilitator marked it agreed (or in
 * progress, or done). From then on only a facilitator may change what, who or when, or remove it.
 */
export function isActionAgreed(state: Pick<PublishedActionState, 'agree' | 'status'> | undefined): boolean {
  return state !== undefined && (state.agree > 0 || AGREED_STATUSES.has(state.status))
}

/** Parts of an agreed action that anyone may still change directly: the note (how it is going). */
const OPEN_AFTER_AGREEMENT: ReadonlySet<string> = new Set(['note'])

/** Why a change to an agreed action sent over the WebSocket is refused (a refusal code and words). */
export const AGREED_ACTION_REFUSAL = changeRefusal('Agreed')

/**
 * Write rule for the client-writable `actions` root, for the write guard: a change at `path` (root, action id,
 * field, …) to an action people have agreed to is refused, unless it is to the note. Facilitators change agreed
 * actions through the server's routes instead, which keep a version first and tell the people who agreed.
 * Returns the reason, or null when the change may go ahead.
 */
export function agreedActionWriteRefusal(doc: Y.Doc, path: readonly (string | null)[]): string | null {
  if (path[0] !== ACTIONS_KEY || typeof path[1] !== 'string') return null
  if (typeof path[2] === 'string' && OPEN_AFTER_AGREEMENT.has(path[2])) return null
  return isActionAgreed(readActionState(doc, path[1])) ? AGREED_ACTION_REFUSAL : null
}
