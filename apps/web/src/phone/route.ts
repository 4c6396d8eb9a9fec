/** The board id in a phone page's address, `/p/:id`, or null. */
export function phoneBoardId(pathname: string): string | null {
  return /^\/p\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname)?.[1] ?? null
}

/** The phone page's address for a board on a server, with the key people join with in the fragment. */
export function phoneJoinUrl(origin: string, boardId: string, key: string): string {
  return `${origin}/p/${encodeURIComponent(boardId)}#key=${encodeURIComponent(key)}`
}
