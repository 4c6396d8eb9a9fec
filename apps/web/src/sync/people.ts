import { useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { jsonEqual } from '@roundtable/board'
import type { PresentPerson } from '../lib/equalVoice'

/**
 * Who is here, from the board's awareness (live, never stored). Each device publishes, next to its `user`
 * (see sync/presence.ts), a few facts about itself for the equal voice panel:
 * - `role`: what its link lets it do (people who can only watch are not counted as taking part);
 * - `voted`: whether it has put a dot in the open vote, from its own `/mine` answer;
 * - `abstained`: whether it said "I won't vote this round";
 * - `ideas`: how many ideas it added on this board (kept on the device; used in anonymous sessions).
 */

/** The facts a device publishes about itself. */
export interface MyFacts {
  role: string | null
  voted: boolean
  abstained: boolean
  ideas: number
}

/** A person's device id from their awareness `user.id` (tldraw writes it as `user:<id>`). */
export function deviceIdOf(userId: string): string {
  return userId.startsWith('user:') ? userId.slice('user:'.length) : userId
}

/** Publish this device's facts in its awareness state (only what changed). */
export function publishMyFacts(awareness: Awareness, facts: MyFacts): void {
  const state = awareness.getLocalState()
  if (state === null) return // the page is closing
  for (const [key, value] of Object.entries(facts)) {
    if (!jsonEqual(state[key], value)) awareness.setLocalStateField(key, value)
  }
}

/** Everyone present, one entry per person (a person with two tabs open counts once), this device included. */
export function readPeople(awareness: Awareness): PresentPerson[] {
  const people = new Map<string, PresentPerson>()
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: unknown }).user
    if (typeof user !== 'object' || user === null) continue
    const { id, name } = user as { id?: unknown; name?: unknown }
    if (typeof id !== 'string' || !id) continue
    const s = state as Record<string, unknown>
    const deviceId = deviceIdOf(id)
    const isMe = clientId === awareness.clientID
    const person: PresentPerson = {
      id: deviceId,
      name: typeof name === 'string' ? name : '',
      isMe,
      role: typeof s.role === 'string' ? s.role : null,
      voted: s.voted === true,
      abstained: s.abstained === true,
      ownIdeas: typeof s.ideas === 'number' ? s.ideas : null,
    }
    const seen = people.get(deviceId)
    // Two tabs of one person: take what either says (voted in one counts), and keep "me" if either is this tab.
    people.set(
      deviceId,
      seen
        ? {
            ...person,
            isMe: seen.isMe || isMe,
            voted: seen.voted || person.voted,
            abstained: seen.abstained && person.abstained,
            ownIdeas: Math.max(seen.ownIdeas ?? 0, person.ownIdeas ?? 0),
          }
        : person,
    )
  }
  return [...people.values()]
}

/** How often the list of people is read again while awareness changes (pointers move many times a second). */
const READ_EVERY_MS = 250

/** One shared, throttled reading of who is here per awareness, however many components ask. */
class PeopleStore {
  private people: PresentPerson[]
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly awareness: Awareness) {
    this.people = readPeople(awareness)
  }

  getSnapshot = (): PresentPerson[] => this.people

  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.awareness.on('change', this.onChange)
      this.read()
    }
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size > 0) return
      this.awareness.off('change', this.onChange)
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
    }
  }

  private onChange = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.read()
    }, READ_EVERY_MS)
  }

  private read(): void {
    const next = readPeople(this.awareness)
    if (jsonEqual(next, this.people)) return // most awareness changes are pointers moving
    this.people = next
    for (const listener of this.listeners) listener()
  }
}

const stores = new WeakMap<Awareness, PeopleStore>()

/** React hook: everyone present, re-rendering only when who is here or what they published changes. */
export function usePeople(awareness: Awareness): PresentPerson[] {
  let store = stores.get(awareness)
  if (!store) {
    store = new PeopleStore(awareness)
    stores.set(awareness, store)
  }
  return useSyncExternalStore(store.subscribe, store.getSnapshot)
}
