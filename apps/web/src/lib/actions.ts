import { addAction, MAX_ACTION_TEXT } from '@roundtable/board'
import type * as Y from 'yjs'
import type { Editor } from 'tldraw'
import { ideaText } from './ideas'

/**
 * Actions are written straight into the board's document (its `actions` part), like ideas, so several people can
 * shape one action at once and it works offline. Status and agreement are kept by the server (see lib/api.ts).
 */

/** Add an action; returns its id. */
export function createAction(doc: Y.Doc, what: string, ideaId: string | null = null): string {
  return addAction(doc, { what: what.slice(0, MAX_ACTION_TEXT), ideaId, createdAt: Date.now() })
}

/** Make an action from an idea: its words become the action's words, and the action stays linked to the idea. */
export function createActionFromIdea(doc: Y.Doc, editor: Editor, ideaId: string): string | null {
  const text = ideaText(editor, ideaId)
  if (text === null) return null
  return createAction(doc, text, ideaId)
}

/** The one idea (note) selected on the board, if exactly one is. */
export function selectedIdeaId(editor: Editor): string | null {
  const selected = editor.getSelectedShapes()
  const only = selected.length === 1 ? selected[0] : undefined
  return only && only.type === 'note' ? only.id : null
}
