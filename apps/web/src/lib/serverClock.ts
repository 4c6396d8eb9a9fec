/**
 * How far the server's clock is from this device's, so a countdown ends at the same moment on every screen even
 * when a laptop's clock is a few minutes out.
 *
 * Every observation gives a range the true offset (server time − local time) must lie in:
 * - a server timestamp read at local time `receivedAt` (a timer's `serverNow`, a round's `startedAt`) was written
 *   before we read it, so offset ≥ serverMs − receivedAt. It holds however stale the value is (a stale one is just
 *   a weak bound), so values from the board itself can always be used;
 * - a response to a request sent at `sentAt` was stamped between `sentAt` and `receivedAt`, which bounds the
 *   offset on both sides (an HTTP `Date` header has whole-second precision, so it widens the range by a second).
 *
 * The estimate assumes the two clocks agree (offset 0) unless the evidence says otherwise, and then takes the
 * nearest offset the evidence allows. Clocks that were set right are therefore never "corrected" by network delay.
 */

/** The range the true offset lies in, in milliseconds (server − local). */
export interface OffsetRange {
  lo: number
  hi: number
}

export const UNKNOWN_OFFSET: OffsetRange = { lo: -Infinity, hi: Infinity }

/** Offset range from a server timestamp seen at local time `receivedAt` (a lower bound only). */
export function rangeFromServerTimestamp(serverMs: number, receivedAt: number): OffsetRange {
  return { lo: serverMs - receivedAt, hi: Infinity }
}

/** Offset range from a response stamped `serverMs` (± `precisionMs`) to a request sent at `sentAt`. */
export function rangeFromResponse(serverMs: number, sentAt: number, receivedAt: number, precisionMs = 0): OffsetRange {
  return { lo: serverMs - receivedAt, hi: serverMs + precisionMs - sentAt }
}

/**
 * Combine what is known with a new observation. When the two disagree (the device's clock was changed, or an old
 * answer came from a cache), the new observation wins.
 */
export function combineRanges(known: OffsetRange, next: OffsetRange): OffsetRange {
  const lo = Math.max(known.lo, next.lo)
  const hi = Math.min(known.hi, next.hi)
  return lo <= hi ? { lo, hi } : next
}

/** The offset to use: 0 when that fits the evidence, otherwise the nearest value that does. */
export function estimateOffset(range: OffsetRange): number {
  if (range.lo > 0) return range.lo
  if (range.hi < 0) return range.hi
  return 0
}

/** One page's view of the server clock. */
export class ServerClock {
  private range: OffsetRange = UNKNOWN_OFFSET
  private readonly listeners = new Set<() => void>()

  constructor(private readonly localNow: () => number = Date.now) {}

  /** A server timestamp read just now (from the board, or an API answer). */
  sawServerTimestamp(serverMs: number, receivedAt = this.localNow()): void {
    if (Number.isFinite(serverMs) && serverMs > 0) this.update(rangeFromServerTimestamp(serverMs, receivedAt))
  }

  /** A millisecond server timestamp in the answer to a request sent at `sentAt`. */
  sawResponseTimestamp(serverMs: number, sentAt: number, receivedAt = this.localNow()): void {
    if (Number.isFinite(serverMs) && serverMs > 0) this.update(rangeFromResponse(serverMs, sentAt, receivedAt))
  }

  /** An HTTP answer's `Date` header (whole seconds) to a request sent at `sentAt`. */
  sawDateHeader(header: string | null, sentAt: number, receivedAt = this.localNow()): void {
    const serverMs = header ? Date.parse(header) : NaN
    if (Number.isFinite(serverMs)) this.update(rangeFromResponse(serverMs, sentAt, receivedAt, 1000))
  }

  /** Offset in ms to add to local time to get server time. */
  offset(): number {
    return estimateOffset(this.range)
  }

  /** The server's time now, as best known. */
  now(): number {
    return this.localNow() + this.offset()
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private update(next: OffsetRange): void {
    const before = this.offset()
    this.range = combineRanges(this.range, next)
    if (this.offset() !== before) for (const listener of this.listeners) listener()
  }
}

/** The page's server clock, fed by every API answer and every server timestamp the board shows. */
export const serverClock = new ServerClock()
