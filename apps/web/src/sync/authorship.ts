import { AUTHOR_META_KEYS } from '@roundtable/board'
import type { TLStore } from 'tldraw'

/**
 * Who added an idea. In a session that keeps names, a new idea carries `meta.author` (the name shown then) and
 * `meta.authorId` (the device's stable id, so a later name change still counts for the same person). In an
 * anonymous session it carries neither: the server refuses ideas with an author there.
 */

/** The person adding ideas on this device, or null in an anonymous session. */
export interface Author {
  name: string
  id: string
}

/** The meta for a new idea: the author's name and id, or nothing in an anonymous session. */
export function authorMeta(author: Author | null): Record<string, string> {
  return author ? { author: author.name, authorId: author.id } : {}
}

/** `meta` with every author field taken out (e.g. an idea pasted from another board into an anonymous one). */
export function withoutAuthor(meta: Record<string, unknown>): Record<string, unknown> {
  if (!AUTHOR_META_KEYS.some((key) => key in meta)) return meta
  const rest = { ...meta }
  for (const key of AUTHOR_META_KEYS) delete rest[key]
  return rest
}

/**
 * Stamp every note this person creates on the canvas (drawn, pasted or duplicated) with its author, or strip any
 * author in an anonymous session. Runs before tldraw stores the note, so the first write to the board already
 * carries it. Other people's notes (source "remote") are left as they are. Returns a function that stops it.
 */
export function stampNoteAuthors(store: TLStore, getAuthor: () => Author | null): () => void {
  return store.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'note') return shape
    const author = getAuthor()
    const meta = withoutAuthor(shape.meta as Record<string, unknown>)
    return { ...shape, meta: author ? { ...meta, ...authorMeta(author) } : meta } as typeof shape
  })
}

/** The author of this person's new ideas: their name and device id, or null in an anonymous session. */
export function authorFor(identity: { name: string; id: string }, anonymous: boolean): Author | null {
  return anonymous ? null : { name: identity.name, id: identity.id }
}
