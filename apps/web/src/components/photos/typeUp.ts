import type * as Y from 'yjs'
import { FROM_PHOTO_META, markTypedUp, readRecord, type BoardPhoto } from '@roundtable/board'
import { addIdeaFromList } from '../list/listActions'
import { authorMeta, type Author } from '../../sync/authorship'
import { strings } from '../../strings'

/**
 * Turn a photo into ideas: each text becomes an idea in the same group as the photo (the "Incoming ideas" frame),
 * carrying `meta.fromPhoto`, and the photo counts them (`meta.typedUp`), in one change everyone sees at once.
 * Returns the new ideas' ids.
 */
export function typeUpPhoto(doc: Y.Doc, photo: BoardPhoto, texts: readonly string[], author: Author | null): string[] {
  const words = texts.map((t) => t.trim()).filter((t) => t !== '')
  if (words.length === 0 || !photo.pageId) return []
  const shape = readRecord(doc, photo.shapeId)
  const parent = typeof shape?.parentId === 'string' ? shape.parentId : photo.pageId
  const target = { pageId: photo.pageId, groupId: parent.startsWith('page:') ? null : parent }
  const ids: string[] = []
  doc.transact(() => {
    for (const text of words)
      ids.push(
        addIdeaFromList(doc, { text, target, meta: { ...authorMeta(author), [FROM_PHOTO_META]: photo.photoId } }),
      )
    markTypedUp(doc, photo.shapeId, ids.length, strings.photos.altTypedUp)
  })
  return ids
}
