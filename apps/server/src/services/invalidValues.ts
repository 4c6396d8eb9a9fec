import type { InvalidSink } from '@roundtable/board'
import type { Logger } from '../logger'

/** How many board+kind pairs are remembered as already logged; past that the memory starts afresh. */
const REMEMBERED = 10_000

/**
 * Readers (summary, exports, ideas) skip stored values that are malformed — a board stored before values were
 * checked may hold them — and tell this sink. Each kind of problem is logged once per board, not once per request:
 * a summary page polling every 20 seconds must not flood the log.
 */
export class InvalidValueLog {
  private readonly seen = new Set<string>()

  constructor(private readonly log: Logger) {}

  /** The sink for one board's readers. */
  forBoard(boardId: string): InvalidSink {
    return (kind, detail) => {
      const key = `${boardId}\u0000${kind}`
      if (this.seen.has(key)) return
      if (this.seen.size >= REMEMBERED) this.seen.clear()
      this.seen.add(key)
      this.log.warn({ boardId, kind, detail }, 'skipped a malformed stored value while reading a board')
    }
  }
}

const logs = new WeakMap<Logger, InvalidValueLog>()

/** The one InvalidValueLog of a logger (so every route shares the memory of what was logged). */
export function invalidValueLog(log: Logger): InvalidValueLog {
  let found = logs.get(log)
  if (!found) {
    found = new InvalidValueLog(log)
    logs.set(log, found)
  }
  return found
}
