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

/**
 * The work one client update may cause, bounded before the update touches the document (see guard.ts and
 * docs/GUARANTEES.md). Every figure here is a count the guard measures on the update itself or on the few structs
 * it reaches in O(log n); none grows with the board. Honest clients stay far inside them: a y-websocket client sends
 * one update per transaction, and its largest (a reconnect's whole delete set, a paste of many notes) are measured
 * against these in guard.test.ts.
 */
export interface UpdateLimits {
  /** Structs (items, GC and skip structs) in one update. Each costs ~0.2–0.3 KB of heap once applied. */
  maxStructs: number
  /** Delete ranges one update may write (before merging). Sorting them is O(r log r). */
  maxDeleteRanges: number
  /**
   * Structs a delete set may reach after what the board already deleted is subtracted (each is deleted, once in its
   * life): at most `deleteVisitsBase + deleteVisitsPerByte` × the update's bytes, and never more than
   * `maxDeleteVisits`.
   */
  deleteVisitsBase: number
  deleteVisitsPerByte: number
  maxDeleteVisits: number
  /**
   * Deepest place a new item may sit, counting the root: `records.<id>.props.<key>` is 4. Board records nest 4
   * deep, actions 4 (`actions.<id>.what` is a Y.Text): 8 leaves room and stops chains that cost per level.
   */
  maxDepth: number
  /**
   * Yjs places a new item by scanning the items between its origin and right origin (concurrent inserts). Honest
   * updates insert between neighbours (a scan of 0, a few under concurrency; a key someone else rewrote many times
   * while this client was offline, a few hundred); a forged origin far from its right origin makes one tiny struct
   * scan a whole list. Cap on that scan per item, and over the update.
   */
  maxScanPerItem: number
  maxScanPerUpdate: number
  /**
   * Clients whose new items in one update share an origin (or the start of a list or map key): items of different
   * clients there scan each other (one client's own never do).
   */
  maxSameOrigin: number
  /**
   * Splitting or merging a struct inside a client's list of structs moves the rest of that list (an array splice):
   * the guard adds the list's length for each split an update can cause (a delete range's ends, an origin inside an
   * item) and refuses beyond this many moved entries.
   */
  maxSpliceWork: number
}

/**
 * Defaults. At the default `MAX_MESSAGE_BYTES` (1 MiB) the worst update of each shape costs tens of milliseconds
 * of CPU (figures in docs/GUARANTEES.md, measured by apps/server/test/worstFrames.ts).
 */
export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  maxStructs: 20_000,
  maxDeleteRanges: 250_000,
  deleteVisitsBase: 100_000,
  deleteVisitsPerByte: 16,
  maxDeleteVisits: 500_000,
  maxDepth: 8,
  maxScanPerItem: 4096,
  maxScanPerUpdate: 200_000,
  maxSameOrigin: 16,
  maxSpliceWork: 50_000_000,
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
  /**
   * Refuse updates that would grow the board beyond this many Yjs structs: its memory, which bytes alone do not
   * bound. A struct can be written in ~13 bytes and costs ~400–450 bytes of heap once applied (measured: 1,000,000
   * one-value map keys, 13.5 MB of updates, +447 MB of heap; one-character inserts from a client each, +405 MB), so
   * a board inside `maxBoardBytes` could otherwise take 50 MB / 13 B × 450 B ≈ 1.7 GB, most of a default heap.
   * 500,000 structs bound that to ~225 MB whatever the bytes; an honest board holds ~19,000 notes (26 structs
   * each) or a long workshop's history of moves within it: every move written stays as two or three structs
   * (about 195 bytes of heap each, measured), so the board page writes a dragged record at most every 100 ms
   * (`MOVE_WRITE_MS` in apps/web), about 80 minutes of one person dragging non-stop per 100,000 structs. Content bytes (strings) come on top and are bounded by
   * `maxBoardBytes`.
   */
  maxBoardStructs: number
  /** The work one update may cause (see `UpdateLimits`). */
  update: UpdateLimits
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxBoardBytes: 50 * 1024 * 1024,
  maxPresencesPerConnection: 4,
  maxPresenceBytes: 16 * 1024,
  // A stock client sends its own changes (the board page: a pointer at most 20 times a second) and echoes every
  // presence frame it receives (at most 40 a second, see presence.ts): 80 a second leaves room for both.
  presenceFramesPerSecond: 80,
  presenceFrameBurst: 160,
  // A pointer state is about 1 KB at 20 a second; a large selection makes it bigger.
  presenceBytesPerSecond: 64 * 1024,
  presenceByteBurst: 64 * 1024,
  maxBoardStructs: 500_000,
  update: DEFAULT_UPDATE_LIMITS,
}
