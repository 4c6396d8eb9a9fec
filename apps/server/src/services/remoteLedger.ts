import { getLedgerMap } from '@roundtable/board'
import { isRemoteOrigin, type Room } from '@roundtable/sync'
import * as Y from 'yjs'

/**
 * Calls `changed(id)` when another server's change touches one published entry of `ledger.<key>` in this room's
 * board, or `changed(null)` when it replaces the whole map.
 *
 * Why: results are published into the board by whichever server handled the request. Two servers publishing the
 * same entry at the same moment are concurrent Yjs writes, and Yjs keeps one of them by client id, not the newer.
 * So a server that receives another's write recounts from the ledger (the truth) and writes again if the board
 * shows something else; its write comes after the one it received, so it wins everywhere. Equal values are never
 * rewritten, so this settles after one round.
 */
export function watchRemoteLedger(room: Room, key: 'rounds' | 'actions', changed: (id: string | null) => void): void {
  // Only another server makes remote changes; a lone server need not build the board's doc to watch for them.
  if (!room.shared) return
  getLedgerMap(room.doc).observeDeep((events, transaction) => {
    if (!isRemoteOrigin(transaction.origin)) return
    for (const event of events) {
      // keysChanged also lists a key whose incoming write lost to ours: that is exactly the case to check.
      if (!(event instanceof Y.YMapEvent)) continue
      if (event.path.length === 0 && event.keysChanged.has(key)) changed(null)
      else if (event.path.length === 1 && event.path[0] === key)
        for (const id of event.keysChanged) changed(id as string)
    }
  })
}

/** Deep equality of JSON values, ignoring the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b)
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}
