import type * as Y from 'yjs'
import { getIndexAbove, type IndexKey } from 'tldraw'
import {
  MAX_IDEA_TEXT,
  addIdea,
  deleteRecord,
  getRecordsMap,
  patchRecord,
  readRecord,
  type IdeaColour,
} from '@roundtable/board'
import { placeIdea } from '../../lib/boardOutline'
import { readOutlineRecords } from '../../sync/boardIdeas'

/**
 * What the list view changes on the board, written straight into the Y.Doc (the canvas, when someone else has it
 * open, shows it at once): add an idea in a group, move it to another group, delete it.
 */

/** Where an idea goes: a board (page) and a group (frame) on it, or no group. */
export interface IdeaTarget {
  pageId: string
  groupId: string | null
}

/** Put the idea in `target` at a free spot, growing the frame if it is full. Call inside a transaction. */
function placeInto(doc: Y.Doc, ideaId: string, target: IdeaTarget): void {
  const spot = placeIdea(readOutlineRecords(doc), target, ideaId)
  const before = readRecord(doc, ideaId)
  if (!before) return
  const index = getIndexAbove((spot.topIndex ?? null) as IndexKey | null)
  patchRecord(doc, before, { ...before, parentId: spot.parentId, x: spot.x, y: spot.y, index })
  if (spot.growFrame) {
    const frame = readRecord(doc, spot.growFrame.id)
    if (frame) {
      const props = (frame.props ?? {}) as Record<string, unknown>
      patchRecord(doc, frame, { ...frame, props: { ...props, w: spot.growFrame.w, h: spot.growFrame.h } })
    }
  }
}

/** Add an idea from the list. Returns its id. */
export function addIdeaFromList(
  doc: Y.Doc,
  input: { text: string; target: IdeaTarget; meta: Record<string, unknown>; colour?: IdeaColour },
): string {
  let id = ''
  doc.transact(() => {
    id = addIdea(doc, {
      text: input.text.slice(0, MAX_IDEA_TEXT),
      pageId: input.target.pageId,
      meta: input.meta,
      ...(input.colour ? { colour: input.colour } : {}),
    })
    if (input.target.groupId) placeInto(doc, id, input.target)
  })
  return id
}

/** Move an idea to another group (or out of any group), keeping its words, colour and author. */
export function moveIdea(doc: Y.Doc, ideaId: string, target: IdeaTarget): void {
  doc.transact(() => placeInto(doc, ideaId, target))
}

/** Delete an idea for everyone, with any arrows tied to it (as the canvas does). */
export function deleteIdea(doc: Y.Doc, ideaId: string): void {
  doc.transact(() => {
    const records = getRecordsMap(doc)
    for (const [id, record] of records) {
      if (!id.startsWith('binding:')) continue
      if (record.get('fromId') === ideaId || record.get('toId') === ideaId) deleteRecord(doc, id)
    }
    deleteRecord(doc, ideaId)
  })
}
