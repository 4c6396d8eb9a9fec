/** Percentiles of a sample, in the sample's unit. Null fields when the sample is empty. */
export interface Summary {
  count: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
  mean: number | null
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

/** p50/p95/p99/max/mean of a sample (the input is not modified). */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort()
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : null),
    mean: round(sorted.length ? sum / sorted.length : null),
  }
}

/** Round to 0.01 (milliseconds are plenty precise at that). */
export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/**
 * Results of the same shape from several rounds, as one: every number is the median of that number over the
 * rounds (the mean of the middle two for an even count; nulls left out), everything else is the first round's.
 * A disturbed round moves no figure by more than its neighbours allow.
 */
export function medianOf<T>(rounds: T[]): T {
  const first = rounds[0] as T
  if (typeof first === 'number' || first === null) {
    const numbers = (rounds as unknown[]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b)
    if (numbers.length === 0) return first
    const mid = numbers.length >> 1
    return (numbers.length % 2 ? numbers[mid]! : round((numbers[mid - 1]! + numbers[mid]!) / 2)) as T
  }
  if (typeof first !== 'object' || Array.isArray(first)) return first
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(first as object))
    out[key] = medianOf(rounds.map((r) => (r as Record<string, unknown>)[key]))
  return out as T
}
