import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  InstancePresenceRecordType,
  createPresenceStateDerivation,
  react,
  type Signal,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  type TLUser,
} from 'tldraw'

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
  warn?: (message: string, detail?: unknown) => void
}

/**
 * An Awareness with a client id of its own, never the one the document's changes are written with: nobody can
 * tell whose pointer wrote which idea from the ids (it matters in anonymous sessions; it costs nothing elsewhere).
 */
export function separatePresence(doc: Y.Doc): Awareness {
  const awareness = new Awareness(new Y.Doc())
  // y-websocket 3.1 announces the entry of `doc.clientID` on connecting and leaving, and throws without a clock
  // for it. Its state stays empty, so that is a null entry, which the server drops.
  awareness.meta.set(doc.clientID, { clock: 0, lastUpdated: Date.now() })
  return awareness
}

/** The presence record id for an awareness client id. Derived locally, never trusted from the peer. */
export function presenceIdFor(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

/** Publish this client's presence and mirror everyone else's into the store. Returns a function that stops both. */
export function bindPresence(options: PresenceOptions): () => void {
  const { store, awareness, user } = options
  const throttleMs = options.throttleMs ?? 50
  const warn = options.warn ?? ((message: string, detail?: unknown) => console.warn(`[roundtable] ${message}`, detail ?? ''))
  const warned = new Set<number>()

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
  const mirror = (clientIds: number[]): void => {
    const puts: TLRecord[] = []
    const removes: TLRecord['id'][] = []
    const states = awareness.getStates()
    for (const clientId of clientIds) {
      if (clientId === awareness.clientID) continue
      const id = presenceIdFor(clientId)
      const presence = (states.get(clientId) as { presence?: unknown } | undefined)?.presence
      if (typeof presence !== 'object' || presence === null) {
        if (store.has(id)) removes.push(id)
        continue
      }
      const record = { ...(presence as object), id, typeName: 'instance_presence' } as TLInstancePresence
      try {
        store.schema.validateRecord(store, record, store.has(id) ? 'updateRecord' : 'createRecord', store.get(id) ?? null)
        puts.push(record)
      } catch (error) {
        if (!warned.has(clientId)) {
          warned.add(clientId)
          warn(`ignored a pointer from another person that could not be read (${clientId})`, error)
        }
      }
    }
    if (!puts.length && !removes.length) return
    try {
      store.mergeRemoteChanges(() => {
        if (puts.length) store.put(puts)
        if (removes.length) store.remove(removes)
      })
    } catch (error) {
      warn('could not show other people’s pointers', error)
    }
  }

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    mirror([...added, ...updated, ...removed])
  }
  awareness.on('change', onChange)
  mirror(Array.from(awareness.getStates().keys()))

  return () => {
    awareness.off('change', onChange)
    stopUser()
    stopPresence()
    if (timer !== undefined) clearTimeout(timer)
    if (awareness.getLocalState() !== null) awareness.setLocalStateField('presence', null)
    const ours = store.query.records('instance_presence').get().map((record) => record.id)
    if (ours.length) store.mergeRemoteChanges(() => store.remove(ours))
  }
}
