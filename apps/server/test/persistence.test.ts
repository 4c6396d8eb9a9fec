import { addIdea, getIdea, listIdeas, updateIdea } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, createBoard, openStoredData, startTestServer, storedDoc, tempDataDir, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** The test server's storage, opened separately to see what is really stored. */
async function inspect(dataDir: string) {
  const store = await openStoredData(dataDir)
  cleanups.push(() => store.close())
  return store
}

describe('storage', () => {
  it('keeps every board exactly as it was across a restart', async () => {
    const dataDir = tempDataDir()
    const first = await startTestServer({}, dataDir)
    const board = await createBoard(first.url, 'Carers’ café')
    const a = connectClient(first.wsUrl, board.id, { key: board.keys.participant })
    await a.synced()
    const id = addIdea(a.doc, { text: 'Café every Tuesday, with "quotes", commas, and 🎉' })
    updateIdea(a.doc, id, { colour: 'violet' })
    await waitFor(
      async () =>
        (
          (await (
            await fetch(`${first.url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })
          ).json()) as { ideas: unknown[] }
        ).ideas.length === 1,
    )
    const before = Y.encodeStateVector(a.doc)
    a.destroy()
    await first.server.close()

    const second = await startTestServer({}, dataDir)
    cleanups.push(() => second.server.close())
    const b = connectClient(second.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => b.destroy())
    await b.synced()
    expect(getIdea(b.doc, id)).toMatchObject({
      text: 'Café every Tuesday, with "quotes", commas, and 🎉',
      colour: 'violet',
    })
    expect(Y.encodeStateVector(b.doc)).toEqual(before)
    const res = await fetch(`${second.url}/api/boards/${board.id}`, { headers: board.auth('view') })
    expect(await res.json()).toMatchObject({ id: board.id, title: 'Carers’ café' })
  })

  it('has stored a change before any other client receives it', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const a = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    const b = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
    )
    await a.synced()
    await b.synced()
    const store = await inspect(t.dataDir)
    const seen: Promise<boolean>[] = []
    b.doc.on('update', () => {
      // The moment B sees anything, the database must already hold everything B now has. The read starts now
      // (on SQLite it completes now; on PostgreSQL the query is sent now).
      const seenByB = listIdeas(b.doc).length
      seen.push(storedDoc(store, board.id).then((stored) => listIdeas(stored).length >= seenByB))
    })
    for (let i = 0; i < 20; i++) addIdea(a.doc, { text: `idea ${i}` })
    await waitFor(() => listIdeas(b.doc).length === 20)
    expect(seen.length).toBeGreaterThan(0)
    expect(await Promise.all(seen)).not.toContain(false)
  })

  it('compacts the update log into a snapshot and the stored state still equals the live one', async () => {
    const t = await startTestServer({ COMPACT_LOG_BYTES: '1' })
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const a = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => a.destroy())
    await a.synced()
    for (let i = 0; i < 60; i++) {
      addIdea(a.doc, { text: `idea ${i}` })
      await new Promise((r) => setTimeout(r, 2))
    }
    const store = await inspect(t.dataDir)
    await waitFor(async () => listIdeas(await storedDoc(store, board.id)).length === 60)
    expect((await store.loadDoc(board.id)).updates.length).toBeLessThan(60)
    expect(Y.encodeStateAsUpdate(await storedDoc(store, board.id))).toEqual(Y.encodeStateAsUpdate(a.doc))
  })
})
