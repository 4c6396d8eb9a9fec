/**
 * Every measured edit carries a marker string `~bm:<writer>:<seq>:<sentAtMs>~` as a Y.Map value. Yjs encodes
 * strings as plain UTF-8 inside an update, merged or not, so a receiver finds markers by scanning the raw frame
 * bytes: the same cheap work for every server, and no Y.Doc needed on the hundreds of receiving clients.
 */
const PREFIX = Buffer.from('~bm:', 'latin1')
const END = 0x7e // '~'

/** The marker for one edit. `sentAt` is `performance.now()` in the load process (one clock for all clients). */
export function marker(writer: number, seq: number, sentAt: number): string {
  return `~bm:${writer}:${seq}:${sentAt.toFixed(3)}~`
}

/** Call `found` for every marker in `frame` from `offset` on. */
export function scanMarkers(
  frame: Buffer,
  offset: number,
  found: (writer: number, seq: number, sentAt: number) => void,
): void {
  let at = frame.indexOf(PREFIX, offset)
  while (at !== -1) {
    const start = at + PREFIX.length
    const end = frame.indexOf(END, start)
    if (end === -1) return
    const parts = frame.toString('latin1', start, end).split(':')
    if (parts.length === 3) found(Number(parts[0]), Number(parts[1]), Number(parts[2]))
    at = frame.indexOf(PREFIX, end + 1)
  }
}
