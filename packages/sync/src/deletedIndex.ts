import * as Y from 'yjs'
import type { ClockRange } from './updateFormat'

/** One client's deleted clocks: sorted, disjoint, non-touching runs [starts[i], ends[i]). */
interface Runs {
  starts: number[]
  ends: number[]
}

/**
 * What a board's document has already deleted, per client, as sorted runs of clocks. A client's delete set repeats
 * every deletion its sender knows of (a reconnecting client sends the board's whole history of deletions), and
 * walking those over the document's structs would cost the board's size on every frame. With this index the guard
 * subtracts what is already deleted in O(log n) per range, and walks (and lets Yjs walk) only what is left: new
 * deletions, which each struct can undergo once.
 *
 * Built once from the store (one pass) and kept current by `addTransaction` after every transaction on the doc.
 */
export class DeletedIndex {
  private readonly clients = new Map<number, Runs>()

  /** The index of everything deleted in a document now (one pass over its structs). */
  static fromDoc(doc: Y.Doc): DeletedIndex {
    const index = new DeletedIndex()
    const ds = Y.createDeleteSetFromStructStore(doc.store) as unknown as { clients: Map<number, ClockRange[]> }
    for (const [client, ranges] of ds.clients) index.addRanges(client, ranges)
    return index
  }

  /**
   * Record what a finished transaction deleted: its delete set (sorted and merged by Yjs before 'afterTransaction'),
   * and the structs it added that arrived already deleted (GC structs and deleted content, which Yjs does not list
   * in the transaction's delete set).
   */
  addTransaction(transaction: Y.Transaction): void {
    const ds = transaction.deleteSet as unknown as { clients: Map<number, ClockRange[]> }
    for (const [client, ranges] of ds.clients) this.addRanges(client, ranges)
    const store = transaction.doc.store
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0
      if (after <= before) continue
      const structs = store.clients.get(client) as (Y.Item | Y.GC)[] | undefined
      if (!structs) continue
      const added: ClockRange[] = []
      for (let i = Y.findIndexSS(structs as never, before); i < structs.length; i++) {
        const s = structs[i]!
        if (s.deleted) added.push({ clock: s.id.clock, len: s.length })
      }
      if (added.length > 0) this.addRanges(client, added)
    }
  }

  /** Add sorted runs for one client (merging with what is there: one pass over both). */
  private addRanges(client: number, ranges: readonly ClockRange[]): void {
    if (ranges.length === 0) return
    const old = this.clients.get(client) ?? { starts: [], ends: [] }
    const starts: number[] = []
    const ends: number[] = []
    const push = (start: number, end: number) => {
      const last = ends.length - 1
      if (last >= 0 && start <= ends[last]!) ends[last] = Math.max(ends[last]!, end)
      else {
        starts.push(start)
        ends.push(end)
      }
    }
    let i = 0
    let j = 0
    while (i < old.starts.length || j < ranges.length) {
      const r = ranges[j]
      if (i < old.starts.length && (!r || old.starts[i]! <= r.clock)) {
        push(old.starts[i]!, old.ends[i]!)
        i++
      } else {
        push(r!.clock, r!.clock + r!.len)
        j++
      }
    }
    this.clients.set(client, { starts, ends })
  }

  /**
   * Call `each` with the parts of [clock, end) of `client` that are not deleted yet, in order; stops early when
   * `each` returns false (and then returns false too). O(log n) to find the first run, then one step per part.
   */
  forEachUndeleted(client: number, clock: number, end: number, each: (clock: number, end: number) => boolean): boolean {
    const runs = this.clients.get(client)
    if (!runs) return each(clock, end)
    const { starts, ends } = runs
    // The first run ending after `clock`.
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ends[mid]! <= clock) lo = mid + 1
      else hi = mid
    }
    let at = clock
    for (let i = lo; i < starts.length && starts[i]! < end && at < end; i++) {
      if (starts[i]! > at && !each(at, starts[i]!)) return false
      at = Math.max(at, ends[i]!)
    }
    if (at < end) return each(at, end)
    return true
  }
}
