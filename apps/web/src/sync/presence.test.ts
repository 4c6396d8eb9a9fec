import { describe, expect, it } from 'vitest'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { separatePresence } from './presence'

describe('separatePresence', () => {
  it('gives presence a client id other than the one the document is written with, and still lets y-websocket announce the doc’s', () => {
    const doc = new Y.Doc()
    const awareness = separatePresence(doc)
    expect(awareness.clientID).not.toBe(doc.clientID)
    // What y-websocket 3.1 sends on connecting and leaving: an entry for doc.clientID, null (the server drops it).
    expect(() => encodeAwarenessUpdate(awareness, [doc.clientID])).not.toThrow()
    expect(awareness.getStates().has(doc.clientID)).toBe(false)
    awareness.doc.destroy()
  })
})
