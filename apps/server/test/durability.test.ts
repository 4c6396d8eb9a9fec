import { addIdea, getIdea, listIdeas, putRecord, readRecord, updateIdea } from '@roundtable/board'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, createBoard, personSession, tempDataDir, waitFor, type TestBoard } from './helpers'
import { rng } from './hostileUpdates'
import { freePort, ServerProcess } from './serverProcess'

/**
 * The durability promise, tested the hard way: many clients edit as fast as they can, the server process is killed
 * with SIGKILL at several points (mid-write, mid-compaction, while boards load), and every change any client had
 * *received from the server* before the kill must be in storage. Then clients reconnect by themselves and carry on.
 * Long version (10 kills): npm run durability -w @roundtable/server
 */
const CLIENTS = Number(process.env.DURABILITY_CLIENTS ?? 50)
const KILLS = Number(process.env.DURABILITY_KILLS ?? 3)
const SEED = Number(process.env.DURABILITY_SEED ?? 7)

/** Rebuild a board from the SQLite file (read-only), as a restarted server would. */
function storedDoc(dataDir: string, boardId: string): Y.Doc {
  const db = new Database(join(dataDir, 'roundtable.sqlite'), { readonly: true })
  try {
    const doc = new Y.Doc()
    const snap = db.prepare('SELECT data, up_to_seq FROM board_snapshots WHERE board_id = ?').get(boardId) as {
      data: Buffer
      up_to_seq: number
    }
    Y.applyUpdate(doc, snap.data)
    const rows = db
      .prepare('SELECT data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq')
      .all(boardId, snap.up_to_seq) as { data: Buffer }[]
    for (const row of rows) Y.applyUpdate(doc, row.data)
    return doc
  } finally {
    db.close()
  }
}

function storedDots(dataDir: string): number {
  const db = new Database(join(dataDir, 'roundtable.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM vote_dots').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** True when `stored` already holds everything in `observed` (inserts and deletions). */
function contains(stored: Y.Doc, observed: Y.Doc): boolean {
  const probe = new Y.Doc()
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(stored))
  const before = Y.snapshot(probe)
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(observed))
  return Y.equalSnapshots(before, Y.snapshot(probe))
}

interface Client {
  doc: Y.Doc
  /** Only what this client received from the server: the changes it has *seen* from others. */
  observed: Y.Doc
  mine: string[]
  destroy(): void
  synced(): Promise<void>
  connected(): boolean
}

function client(wsUrl: string, board: TestBoard): Client {
  const c = connectClient(wsUrl, board.id, { key: board.keys.participant })
  const observed = new Y.Doc()
  c.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === c.provider) Y.applyUpdate(observed, update)
  })
  return {
    doc: c.doc,
    observed,
    mine: [],
    destroy: c.destroy,
    synced: c.synced,
    connected: () => c.provider.wsconnected && c.provider.synced,
  }
}

describe('durability under SIGKILL', () => {
  const dataDir = tempDataDir()
  let server: ServerProcess
  const clients: Client[] = []
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop('SIGKILL')
  })

  it(`loses no observed change across ${KILLS} kills with ${CLIENTS} clients editing`, async () => {
    const random = rng(SEED)
    server = new ServerProcess(await freePort(), {
      DATA_DIR: dataDir,
      COMPACT_LOG_BYTES: '1',
      COMPACT_QUIET_MS: '200',
      ROOM_IDLE_MS: '200',
    })
    await server.start()
    const board = await createBoard(server.url)
    const wsUrl = server.url.replace(/^http/, 'ws') + '/sync'
    for (let i = 0; i < CLIENTS; i++) clients.push(client(wsUrl, board))
    await Promise.all(clients.map((c) => c.synced()))
    // A few people vote too: an acknowledged dot is an observed change of the ledger.
    const round = (await (
      await fetch(`${server.url}/api/boards/${board.id}/rounds`, {
        method: 'POST',
        headers: { ...board.auth('facilitator'), 'content-type': 'application/json' },
        body: JSON.stringify({ dotsPerPerson: 50, hidden: false }),
      })
    ).json()) as { round: { id: string } }
    const voters = await Promise.all(Array.from({ length: 5 }, () => personSession(server.url, board)))
    let acknowledgedDots = 0

    let storming = true
    const storm = async () => {
      while (storming) {
        for (const c of clients) {
          if (!c.connected()) continue
          const pick = random()
          if (pick < 0.4 || c.mine.length === 0) {
            c.mine.push(
              addIdea(c.doc, { text: `idea ${Math.floor(random() * 1e6)}`, x: random() * 4000, y: random() * 4000 }),
            )
          } else if (pick < 0.7) {
            const id = c.mine[Math.floor(random() * c.mine.length)]!
            const record = readRecord(c.doc, id)
            if (record) putRecord(c.doc, { ...record, x: random() * 4000, y: random() * 4000 })
          } else {
            const id = c.mine[Math.floor(random() * c.mine.length)]!
            const idea = getIdea(c.doc, id)
            if (idea) updateIdea(c.doc, id, { text: idea.text + String.fromCharCode(97 + Math.floor(random() * 26)) })
          }
        }
        const ideas = listIdeas(clients[0]!.observed)
        if (ideas.length > 0 && random() < 0.5) {
          const voter = voters[Math.floor(random() * voters.length)]!
          void fetch(`${server.url}/api/boards/${board.id}/rounds/${round.round.id}/dots`, {
            method: 'POST',
            headers: { ...voter, 'content-type': 'application/json' },
            body: JSON.stringify({ ideaId: ideas[Math.floor(random() * ideas.length)]!.id }),
          })
            .then((res) => {
              if (res.status === 200) acknowledgedDots++
            })
            .catch(() => {})
        }
        await new Promise((r) => setTimeout(r, 15))
      }
    }

    for (let kill = 0; kill < KILLS; kill++) {
      storming = true
      const running = storm()
      // Kill at a different moment each time; the last kill comes right after a restart, while boards load.
      const duringLoad = kill === KILLS - 1 && kill > 0
      if (!duringLoad) await new Promise((r) => setTimeout(r, 800 + random() * 1500))
      else await waitFor(() => clients.some((c) => c.connected()), 20_000, 'a client back')
      await server.stop('SIGKILL')
      storming = false
      await running

      const stored = storedDoc(dataDir, board.id)
      const missing = clients.filter((c) => !contains(stored, c.observed)).length
      expect(missing, `clients whose observed changes are not all stored after kill ${kill + 1}`).toBe(0)
      expect(storedDots(dataDir)).toBeGreaterThanOrEqual(acknowledgedDots)

      await server.start()
      // Clients reconnect by themselves (the provider retries with backoff), then carry on.
      await waitFor(() => clients.every((c) => c.connected()), 30_000, 'every client reconnected')
    }

    // Finally everyone converges, and storage equals what the clients converge to.
    const reference = clients[0]!
    await waitFor(
      () =>
        clients.every((c) => Y.encodeStateVector(c.doc).toString() === Y.encodeStateVector(reference.doc).toString()),
      30_000,
      'convergence',
    )
    await waitFor(
      () =>
        contains(storedDoc(dataDir, board.id), reference.doc) && contains(reference.doc, storedDoc(dataDir, board.id)),
      30_000,
      'storage equal to the clients',
    )
    expect(listIdeas(reference.doc).length).toBeGreaterThan(CLIENTS)
  }, 240_000)
})
