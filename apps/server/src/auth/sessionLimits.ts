/**
 * Token buckets by name (a key, an address), for `POST /:id/session`: each name may take `perMinute` tokens in a
 * burst, refilled evenly over a minute. Kept in memory, per server; the map is pruned of full buckets so a flood
 * of distinct names cannot grow it without end.
 */
export class NamedBuckets {
  private readonly buckets = new Map<string, { tokens: number; last: number }>()
  private readonly perMs: number

  constructor(
    private readonly perMinute: number,
    private readonly maxNames = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.perMs = perMinute / 60_000
  }

  /** Take one token for `name`: 0 when taken, else the milliseconds until one will be there. */
  take(name: string): number {
    const t = this.now()
    const bucket = this.buckets.get(name) ?? { tokens: this.perMinute, last: t }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (t - bucket.last) * this.perMs)
    bucket.last = t
    if (bucket.tokens < 1) return Math.ceil((1 - bucket.tokens) / this.perMs)
    bucket.tokens -= 1
    this.buckets.set(name, bucket)
    if (this.buckets.size > this.maxNames) this.prune(t)
    return 0
  }

  private prune(t: number): void {
    for (const [name, bucket] of this.buckets) {
      if (bucket.tokens + (t - bucket.last) * this.perMs >= this.perMinute) this.buckets.delete(name)
    }
    // Still too many busy names (a flood of addresses): forget the oldest; they start again with a full bucket.
    for (const name of this.buckets.keys()) {
      if (this.buckets.size <= this.maxNames) break
      this.buckets.delete(name)
    }
  }
}
