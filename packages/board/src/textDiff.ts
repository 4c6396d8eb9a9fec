import type * as Y from 'yjs'

/**
 * Bring a Y.Text to `next` with the smallest single splice (common prefix and suffix kept). Typing in the middle
 * of an idea then becomes an insert at that spot, which merges with someone else's typing instead of replacing it.
 */
export function applyTextChange(ytext: Y.Text, next: string): void {
  const prev = ytext.toString()
  if (prev === next) return
  const { start, deleteCount, insert } = splice(prev, next)
  if (deleteCount > 0) ytext.delete(start, deleteCount)
  if (insert.length > 0) ytext.insert(start, insert)
}

/**
 * Apply one person's edit — their text went from `before` to `after` — to a Y.Text that may meanwhile hold other
 * people's typing. The edit is replayed at its own place, moved past anything others inserted before it, so both
 * keep their words. Only when the two edits overlap does the person's version of that stretch win.
 */
export function applyTextEdit(ytext: Y.Text, before: string, after: string): void {
  if (before === after) return
  const current = ytext.toString()
  if (current === before) {
    applyTextChange(ytext, after)
    return
  }
  const mine = splice(before, after)
  const theirs = splice(before, current)
  const mineEnd = mine.start + mine.deleteCount
  const theirsEnd = theirs.start + theirs.deleteCount
  let start: number
  if (theirsEnd <= mine.start && !(theirs.deleteCount === 0 && theirs.start === mine.start && mine.deleteCount > 0)) {
    // Their change lies wholly before mine: shift mine by how much theirs grew or shrank the text.
    start = mine.start + theirs.insert.length - theirs.deleteCount
  } else if (theirs.start >= mineEnd) {
    // Wholly after mine: mine applies at its own place.
    start = mine.start
  } else {
    applyTextChange(ytext, after)
    return
  }
  if (mine.deleteCount > 0) ytext.delete(start, mine.deleteCount)
  if (mine.insert.length > 0) ytext.insert(start, mine.insert)
}

/** The smallest single splice turning `prev` into `next`, never splitting a surrogate pair. */
function splice(prev: string, next: string): { start: number; deleteCount: number; insert: string } {
  let start = 0
  const minLength = Math.min(prev.length, next.length)
  while (start < minLength && prev.charCodeAt(start) === next.charCodeAt(start)) start++
  let endPrev = prev.length
  let endNext = next.length
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--
    endNext--
  }
  // Never split a surrogate pair (emoji): widen the splice to whole code points.
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--
  if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
    endPrev++
    endNext++
  }
  return { start, deleteCount: endPrev - start, insert: next.slice(start, endNext) }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
