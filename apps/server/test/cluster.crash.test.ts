import { addIdea, listIdeas } from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { failoverClient, ServerProcess } from './cluster'
import { createBoard, openStoredData, storedDoc, tempDataDir, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

const texts = (doc: Y.Doc) => new Set(listIdeas(doc).map((i) => i.text))

describe('one of two servers killed with SIGKILL mid-session', () => {
  it('its clients carry on through the other server, and nothing anyone observed is lost', {
    timeout: 60_000,
  }, async () => {
    const dataDir = tempDataDir()
    const [doomed, survivor] = await Promise.all([ServerProcess.start(dataDir), ServerProcess.start(dataDir)])
    cleanups.push(
      () => doomed.stop('SIGKILL'),
      () => survivor.stop(),
    )
    const board = await createBoard(doomed.url)
    const params = { key: board.keys.participant }
    // A and C start on the server that will die; A fails over to the survivor, C's person closes the page at the
    // crash (whatever C typed that nobody received may be lost; whatever anyone received must not be).
    const a = failoverClient([doomed.wsUrl, survivor.wsUrl], board.id, params)
    const b = failoverClient([survivor.wsUrl, doomed.wsUrl], board.id, params)
    const c = failoverClient([doomed.wsUrl], board.id, params)
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
      () => c.destroy(),
    )
    await Promise.all([a.synced(), b.synced(), c.synced()])

    // Everyone keeps adding ideas, every few milliseconds, before, during and after the crash.
    let typing = true
    const made = { a: [] as string[], b: [] as string[] }
    const typist = async (who: 'a' | 'b', doc: Y.Doc) => {
      for (let i = 0; typing; i++) {
        const text = `${who} ${i}`
        addIdea(doc, { text })
        made[who].push(text)
        await new Promise((r) => setTimeout(r, 8))
      }
    }
    const typing1 = typist('a', a.doc)
    const typing2 = typist('b', b.doc)
    for (let i = 0; i < 15; i++) addIdea(c.doc, { text: `c ${i}` })
    await waitFor(
      () => listIdeas(b.doc).filter((i) => i.text.startsWith('a ')).length >= 20,
      10_000,
      'A’s ideas reaching B',
    )
    await waitFor(
      () => listIdeas(b.doc).filter((i) => i.text.startsWith('c ')).length === 15,
      10_000,
      'C’s ideas reaching B',
    )

    await doomed.stop('SIGKILL')
    // What each client had received at the moment of the crash.
    const observed = [...texts(b.doc), ...texts(c.doc), ...texts(a.doc)]
    c.destroy()

    await waitFor(
      () => a.serverUrl === survivor.wsUrl && a.provider.wsconnected && a.provider.synced,
      15_000,
      'A reconnected to the survivor',
    )
    await new Promise((r) => setTimeout(r, 300))
    typing = false
    await Promise.all([typing1, typing2])

    // A and B converge on everything both of them wrote, the ideas written through the crash included.
    const everyone = [...made.a, ...made.b]
    await waitFor(() => [a, b].every((x) => everyone.every((t) => texts(x.doc).has(t))), 15_000, 'A and B converge')
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc))

    // Storage holds everything anyone observed, and everything A and B wrote.
    const store = await openStoredData(dataDir)
    cleanups.push(() => store.close())
    const stored = texts(await storedDoc(store, board.id))
    const missing = [...observed, ...everyone].filter((t) => !stored.has(t))
    expect(missing).toEqual([])
  })
})
