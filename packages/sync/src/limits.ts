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

  /** Take one token; false when the bucket is empty. */
  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
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
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxBoardBytes: 50 * 1024 * 1024,
  maxPresencesPerConnection: 4,
  maxPresenceBytes: 16 * 1024,
}
