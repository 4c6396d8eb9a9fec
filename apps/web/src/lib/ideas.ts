import type * as Y from 'yjs'
import type { Editor, TLPageId, TLShape, TLShapeId } from 'tldraw'
import { readRecord } from '@roundtable/board'

/**
 * Ideas (tldraw notes) read from the editor, which holds them already parsed. Inside `useValue` these reads are
 * reactive: a result updates as soon as someone types in a note.
 */

/** The words of an idea, or null when there is no such idea. */
export function ideaText(editor: Editor, ideaId: string): string | null {
  const shape = editor.getShape(ideaId as TLShapeId)
  if (!shape || shape.type !== 'note') return null
  return (editor.getShapeUtil(shape).getText?.(shape) ?? '').trim()
}

/** The ideas on one board (page), including those inside frames, in reading order: top to bottom, left to right. */
export function ideasOnPage(editor: Editor, pageId: string): TLShape[] {
  const notes: { shape: TLShape; x: number; y: number }[] = []
  for (const id of editor.getPageShapeIds(pageId as TLPageId)) {
    const shape = editor.getShape(id)
    if (!shape || shape.type !== 'note') continue
    const point = editor.getShapePageTransform(shape).point()
    notes.push({ shape, x: point.x, y: point.y })
  }
  // Ideas in a row rarely line up exactly; treat tops within half a note of each other as one row.
  const ROW = 100
  notes.sort((a, b) => Math.round(a.y / ROW) - Math.round(b.y / ROW) || a.x - b.x || a.y - b.y)
  return notes.map((n) => n.shape)
}

/** The name of a board (tldraw page), or an empty string when it is gone. Without an editor (the list view), read from `doc`. */
export function pageName(editor: Editor | null, pageId: string, doc?: Y.Doc): string {
  if (editor) return editor.getPage(pageId as TLPageId)?.name ?? ''
  const name = doc ? readRecord(doc, pageId)?.name : undefined
  return typeof name === 'string' ? name : ''
}

/** A short version of an idea's words for buttons and labels. */
export function shortText(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > max ? `${oneLine.slice(0, max - 1).trimEnd()}…` : oneLine
}
