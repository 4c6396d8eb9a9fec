import type { Awareness } from 'y-protocols/awareness'
import type { TLInstancePresence, TLRecord, TLStore } from 'tldraw'
import { presenceIdFor } from '../sync/presence'

/**
 * Show everyone else's pointers and views on a screen that publishes none of its own (the shared screen): each
 * peer's awareness `presence` becomes an `instance_presence` record in the store, checked against the schema,
 * and is removed when they leave. The same mirroring as `bindPresence` in sync/presence.ts, without the publishing
 * half. Returns a function that stops it and removes the mirrored records.
 */
export function mirrorPresence(store: TLStore, awareness: Awareness): () => void {
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
      } catch {
        // A pointer from an older or newer Roundtable: leave it out rather than break the screen.
      }
    }
    if (!puts.length && !removes.length) return
    try {
      store.mergeRemoteChanges(() => {
        if (puts.length) store.put(puts)
        if (removes.length) store.remove(removes)
      })
    } catch (error) {
      console.warn('[roundtable] could not show other people’s pointers', error)
    }
  }
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    mirror([...added, ...updated, ...removed])
  }
  awareness.on('change', onChange)
  mirror(Array.from(awareness.getStates().keys()))
  return () => {
    awareness.off('change', onChange)
    const mirrored = store.query.records('instance_presence').get().map((record) => record.id)
    if (mirrored.length) store.mergeRemoteChanges(() => store.remove(mirrored))
  }
}
