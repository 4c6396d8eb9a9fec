import * as Y from 'yjs'
import { getActionsMap } from './actions'
import { deleteRecord, putRecord, readAllRecords } from './records'

/**
 * Make a board's content (its records and actions) equal to another copy's — a kept version — as one ordinary
 * change: items that were added since are removed, removed ones come back, changed fields go back. It is shared
 * and stored like any edit, so restoring can itself be undone by restoring the version kept just before it.
 * Server-owned parts (votes, settings) are not touched.
 */
export function restoreBoard(doc: Y.Doc, from: Y.Doc): void {
  doc.transact(() => {
    const target = new Map(readAllRecords(from).map((r) => [r.id, r]))
    for (const record of readAllRecords(doc)) if (!target.has(record.id)) deleteRecord(doc, record.id)
    for (const record of target.values()) putRecord(doc, record)

    const wanted = getActionsMap(from)
    const actions = getActionsMap(doc)
    for (const id of Array.from(actions.keys())) if (!wanted.has(id)) actions.delete(id)
    wanted.forEach((source, id) => {
      if (!(source instanceof Y.Map)) return
      let map = actions.get(id)
      if (!(map instanceof Y.Map)) {
        map = new Y.Map()
        actions.set(id, map)
      }
      const targetMap = map as Y.Map<unknown>
      for (const key of Array.from(targetMap.keys())) if (!source.has(key)) targetMap.delete(key)
      source.forEach((value, key) => {
        const current = targetMap.get(key)
        if (value instanceof Y.Text) {
          const text = value.toString()
          if (!(current instanceof Y.Text)) targetMap.set(key, new Y.Text(text))
          else if (current.toString() !== text) {
            current.delete(0, current.length)
            current.insert(0, text)
          }
        } else if (JSON.stringify(current) !== JSON.stringify(value)) {
          targetMap.set(key, value)
        }
      })
    })
  })
}
