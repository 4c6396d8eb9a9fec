import type { Awareness } from 'y-protocols/awareness'
import { InstancePresenceRecordType, type TLInstancePresence, type TLRecord, type TLStore } from 'tldraw'

/** The presence record id for an awareness client id. Derived locally, never trusted from the peer. */
export function presenceIdFor(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

/** Where to say that another person's pointer could not be shown. */
export type PresenceWarn = (message: string, detail?: unknown) => void

const defaultWarn: PresenceWarn = (message, detail) => console.warn(`[roundtable] ${message}`, detail ?? '')

/**
 * Show everyone else's pointers and views: each peer's awareness `presence` becomes an `instance_presence` record
 * in the store (checked against the schema, merged as a remote change), removed when they leave. Used by the board
 * page (which also publishes its own, see sync/presence.ts) and the shared screen (which publishes none). Returns a
 * function that stops mirroring and removes the mirrored records.
 */
export function mirrorPresence(store: TLStore, awareness: Awareness, warn: PresenceWarn = defaultWarn): () => void {
  const warned = new Set<number>()
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
        store.schema.validateRecord(
          store,
          record,
          store.has(id) ? 'updateRecord' : 'createRecord',
          store.get(id) ?? null,
        )
        puts.push(record)
      } catch (error) {
        // A pointer from an older or newer Roundtable: leave it out rather than break the page; say so once.
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
    const mirrored = store.query
      .records('instance_presence')
      .get()
      .map((record) => record.id)
    if (mirrored.length) store.mergeRemoteChanges(() => store.remove(mirrored))
  }
}
