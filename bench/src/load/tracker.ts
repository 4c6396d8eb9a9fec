import { summarize, type Summary } from '../stats'

interface EditState {
  sentAt: number
  expected: number
  received: number
  /** Delay until the latest receiver so far saw it. */
  lastDelay: number
}

/** What a tracker saw over one measured window. */
export interface DeliveryReport {
  /** Edits sent. */
  edits: number
  /** Deliveries expected: for each edit, every other client in its board. */
  expected: number
  /** Deliveries seen (duplicates not counted). */
  received: number
  missing: number
  duplicates: number
  /** Edits that reached every other client. */
  completeEdits: number
  /** Per edit: delay until every other client had it (complete edits only), ms. */
  allSeen: Summary
  /** Per delivery: delay until one client had it, ms. */
  perDelivery: Summary
}

/**
 * Counts deliveries of marked edits. Writers register each edit with the number of clients that should see it;
 * receivers report every marker they find. One clock (performance.now in the load process) for both sides.
 */
export class DeliveryTracker {
  private readonly edits = new Map<number, EditState>()
  private deliveries: number[] = []
  private duplicates = 0
  private received = 0
  private expected = 0

  private static key(writer: number, seq: number): number {
    return writer * 10_000_000 + seq
  }

  sent(writer: number, seq: number, sentAt: number, expected: number): void {
    this.edits.set(DeliveryTracker.key(writer, seq), { sentAt, expected, received: 0, lastDelay: 0 })
    this.expected += expected
  }

  /** A receiver saw a marker. Markers of edits sent before the current window (or unknown) are ignored. */
  seen(writer: number, seq: number, sentAt: number, now: number): void {
    const edit = this.edits.get(DeliveryTracker.key(writer, seq))
    if (!edit || edit.sentAt !== sentAt) return
    if (edit.received >= edit.expected) {
      this.duplicates++
      return
    }
    edit.received++
    this.received++
    const delay = now - sentAt
    this.deliveries.push(delay)
    if (delay > edit.lastDelay) edit.lastDelay = delay
  }

  /** Deliveries still outstanding. */
  get outstanding(): number {
    return this.expected - this.received
  }

  get sentCount(): number {
    return this.edits.size
  }

  report(): DeliveryReport {
    const allSeen: number[] = []
    for (const edit of this.edits.values()) if (edit.received === edit.expected) allSeen.push(edit.lastDelay)
    return {
      edits: this.edits.size,
      expected: this.expected,
      received: this.received,
      missing: this.expected - this.received,
      duplicates: this.duplicates,
      completeEdits: allSeen.length,
      allSeen: summarize(allSeen),
      perDelivery: summarize(this.deliveries),
    }
  }

  /** Forget everything (start of a new window). */
  reset(): void {
    this.edits.clear()
    this.deliveries = []
    this.duplicates = 0
    this.received = 0
    this.expected = 0
  }
}
