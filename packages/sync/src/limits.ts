/**
 * A token bucket: `ratePerSecond` tokens are added continuously up to `burst`; each message takes one. Used to
 * keep one connection from flooding a room (including with presence updates) without slowing honest clients,
 * whose bursts (a paste, a drag) fit within `burst`.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Take `n` tokens (one by default); false when the bucket holds fewer. */
  take(n = 1): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}

/** Limits a room applies to what connections send it. */
export interface RoomLimits {
  /** Refuse updates that would grow the stored board beyond this many bytes. */
  maxBoardBytes: number
  /** Most presence (awareness) client ids one connection may speak for. */
  maxPresencesPerConnection: number
  /** Largest presence state, in bytes of JSON, accepted for one client id. */
  maxPresenceBytes: number
  /** Presence frames one connection may send per second, and in a burst; frames over the rate are dropped. */
  presenceFramesPerSecond: number
  presenceFrameBurst: number
  /** Bytes of its own presence states one connection may have relayed per second, and in a burst; states over
   * the budget are held back (latest per client id) until it allows. */
  presenceBytesPerSecond: number
  presenceByteBurst: number
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxBoardBytes: 50 * 1024 * 1024,
  maxPresencesPerConnection: 4,
  maxPresenceBytes: 16 * 1024,
  // A stock client sends its own changes (a pointer: about 20 a second) and echoes every presence frame it
  // receives (at most 20 a second, see presence.ts): 60 a second leaves room for both.
  presenceFramesPerSecond: 60,
  presenceFrameBurst: 120,
  // A pointer state is about 1 KB at 20 a second; a large selection makes it bigger.
  presenceBytesPerSecond: 64 * 1024,
  presenceByteBurst: 64 * 1024,
}
