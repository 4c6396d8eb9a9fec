import type { Awareness } from 'y-protocols/awareness'
import { createPresenceStateDerivation, react, type Signal, type TLStore, type TLUser } from 'tldraw'
import { mirrorPresence, presenceIdFor, type PresenceWarn } from '../connection/presenceMirror'

/**
 * Live cursors and names over the y-websocket awareness channel (never stored in the doc).
 *
 * Each client publishes two awareness fields: `user` ({ id, name, color }) and `presence` (a tldraw
 * `instance_presence` record: cursor, selection, camera, page). Every other client's `presence` becomes an
 * `instance_presence` record in the local store (merged as a remote change), which tldraw draws as a named cursor;
 * it is removed when that client leaves or times out.
 */

/** The `user` field each client publishes in its awareness state. */
export interface AwarenessUser {
  id: string
  name: string
  color: string
}

/** Options for `bindPresence`. */
export interface PresenceOptions {
  store: TLStore
  awareness: Awareness
  /** This person, as a tldraw user record (id made with `createUserId`). */
  user: Signal<TLUser>
  /** Smallest gap between two presence messages this client sends. Cursor moves in between are merged. */
  throttleMs?: number
  warn?: PresenceWarn
}

export { presenceIdFor }

export { separatePresence } from '../connection/core'

/** Publish this client's presence and mirror everyone else's into the store. Returns a function that stops both. */
export function bindPresence(options: PresenceOptions): () => void {
  const { store, awareness, user } = options
  const throttleMs = options.throttleMs ?? 50
  const warn =
    options.warn ?? ((message: string, detail?: unknown) => console.warn(`[roundtable] ${message}`, detail ?? ''))

  // --- Publish ours ---------------------------------------------------------------------------------------------
  const $presence = createPresenceStateDerivation(user, { instanceId: presenceIdFor(awareness.clientID) })(store)
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastSent = 0

  const sendPresence = (): void => {
    timer = undefined
    lastSent = Date.now()
    if (awareness.getLocalState() === null) return // we have left (page closing)
    awareness.setLocalStateField('presence', $presence.get())
  }

  const stopUser = react('roundtable awareness user', () => {
    const { id, name, color } = user.get()
    if (awareness.getLocalState() === null) return
    awareness.setLocalStateField('user', { id, name, color } satisfies AwarenessUser)
  })

  const stopPresence = react('roundtable awareness presence', () => {
    $presence.get() // subscribe
    if (timer !== undefined) return
    const wait = lastSent + throttleMs - Date.now()
    if (wait <= 0) sendPresence()
    else timer = setTimeout(sendPresence, wait)
  })

  // --- Mirror theirs --------------------------------------------------------------------------------------------
  const stopMirror = mirrorPresence(store, awareness, warn)

  return () => {
    stopMirror()
    stopUser()
    stopPresence()
    if (timer !== undefined) clearTimeout(timer)
    if (awareness.getLocalState() !== null) awareness.setLocalStateField('presence', null)
  }
}
