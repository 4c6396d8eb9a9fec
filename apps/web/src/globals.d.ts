import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'

declare global {
  /** The tldraw editor of the open board, for browser tests and debugging (`page.evaluate(() => editor…)`). */
  var editor: Editor | undefined
  /** The open board's Y.Doc, connection and id, for browser tests and debugging. */
  var roundtable: { doc: Y.Doc; provider: WebsocketProvider; boardId: string } | undefined
}

export {}
