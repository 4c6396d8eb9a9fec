import { useMemo, useRef, useSyncExternalStore } from 'react'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { getRecordsMap, type SummonState } from '@roundtable/board'

/** The person a presence belongs to, as the shared screen needs it. */
export interface Leader {
  /** tldraw user id (the presence's `userId`), for `startFollowingUser`. */
  userId: string
  name: string
}

interface PeerState {
  user?: { id?: unknown; name?: unknown }
  role?: unknown
  presence?: { userId?: unknown } | null
}

/** Re-render on every awareness change; returns a counter that changes with it. */
function useAwarenessVersion(awareness: Awareness): number {
  const version = useRef(0)
  const subscribe = (listener: () => void) => {
    const onChange = (): void => {
      version.current++
      listener()
    }
    awareness.on('change', onChange)
    return () => awareness.off('change', onChange)
  }
  return useSyncExternalStore(subscribe, () => version.current)
}

/** How many people are here now: everyone who says who they are (board pages and phones), each person once. */
export function countPeople(awareness: Awareness): number {
  const ids = new Set<string>()
  awareness.getStates().forEach((value, clientId) => {
    if (clientId === awareness.clientID) return
    const state = value as PeerState
    if (!state.user || typeof state.user !== 'object') return
    ids.add(typeof state.user.id === 'string' ? state.user.id : `client:${clientId}`)
  })
  return ids.size
}

/** React hook: the number of people here, live. */
export function usePeopleHere(awareness: Awareness): number {
  useAwarenessVersion(awareness)
  return countPeople(awareness)
}

/**
 * The facilitator whose view the shared screen follows: the one who asked everyone to follow them ("bring everyone
 * to me"), else the first facilitator this screen saw who is still here. Only people whose presence says role
 * "facilitator" (every board page publishes its role, see sync/people.ts) and who have a view (a board page, not
 * a phone) count.
 */
export function pickLeader(
  awareness: Awareness,
  summon: SummonState | null,
  firstSeen: Map<string, number>,
): Leader | null {
  const candidates: Leader[] = []
  awareness.getStates().forEach((value, clientId) => {
    if (clientId === awareness.clientID) return
    const state = value as PeerState
    const userId = state.presence && typeof state.presence.userId === 'string' ? state.presence.userId : null
    if (state.role !== 'facilitator' || !userId) return
    if (!firstSeen.has(userId)) firstSeen.set(userId, firstSeen.size)
    candidates.push({ userId, name: typeof state.user?.name === 'string' ? state.user.name : '' })
  })
  const summoner = summon ? candidates.find((c) => c.userId === summon.userId) : undefined
  if (summoner) return summoner
  candidates.sort((a, b) => (firstSeen.get(a.userId) ?? 0) - (firstSeen.get(b.userId) ?? 0))
  return candidates[0] ?? null
}

/** React hook: the facilitator to follow, live (a new object only when the person or their name changes). */
export function useLeader(awareness: Awareness, summon: SummonState | null): Leader | null {
  useAwarenessVersion(awareness)
  const firstSeen = useRef(new Map<string, number>())
  const leader = pickLeader(awareness, summon, firstSeen.current)
  const userId = leader?.userId ?? null
  const name = leader?.name ?? ''
  return useMemo(() => (userId ? { userId, name } : null), [userId, name])
}

/** How many ideas (notes) the session holds, on every board. */
export function countIdeas(doc: Y.Doc): number {
  let n = 0
  getRecordsMap(doc).forEach((record, id) => {
    if (id.startsWith('shape:') && record instanceof Y.Map && record.get('type') === 'note') n++
  })
  return n
}

/** True when the person (or the machine) asked for less motion. */
export function useReducedMotion(): boolean {
  const query = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-reduced-motion: reduce)') : null
  return useSyncExternalStore(
    (listener) => {
      query?.addEventListener('change', listener)
      return () => query?.removeEventListener('change', listener)
    },
    () => query?.matches ?? false,
  )
}
