import { addIdea, CloseCodes, CloseReasons, initBoardDoc, listIdeas } from '@roundtable/board'
import { get } from 'node:http'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '@roundtable/storage'
import {
  call,
  connectClient,
  createBoard,
  personSession,
  queryRows,
  startTestServer,
  storedDoc,
  tempDataDir,
  waitFor,
} from './helpers'
import { freePort, ServerProcess } from './serverProcess'

const cleanups: (() => Promise<void> | void)[] = []

/** GET a text body on a connection the server closes after answering (no keep-alive). */
function getClosing(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})
async function setup(env: Record<string, string> = {}, dataDir = tempDataDir()) {
  const t = await startTestServer(env, dataDir)
  cleanups.push(() => t.server.close())
  return t
}

describe('history and restore', () => {
  it('keeps a version before someone deletes everything, and two calls bring it all back (and can be undone)', async () => {
    const t = await setup({ BULK_DELETE_MIN: '5' })
    const board = await createBoard(t.url)
    const c = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    const ids = Array.from({ length: 8 }, (_, i) => addIdea(c.doc, { text: `idea ${i}` }))
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 8,
    )
    // Select all, delete.
    c.doc.transact(() => ids.forEach((id) => c.doc.getMap('records').delete(id)))
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 0,
    )

    // Click 1: open the history. Click 2: restore the version kept just before the delete.
    const api = `${t.url}/api/boards/${board.id}/versions`
    const list = await call(api, 'GET', board.auth('facilitator'))
    const before = list.body.versions[0]
    expect(before).toMatchObject({ reason: 'before 8 items were deleted', ideas: 8, actions: 0 })
    const preview = await call(`${api}/${before.id}`, 'GET', board.auth('facilitator'))
    expect(preview.body.ideas.map((i: { text: string }) => i.text).sort()).toEqual(ids.map((_, i) => `idea ${i}`))
    const restored = await call(`${api}/${before.id}/restore`, 'POST', board.auth('facilitator'))
    expect(restored.status).toBe(200)
    await waitFor(() => listIdeas(c.doc).length === 8, 10_000, 'ideas back at the client')

    // The restore itself can be undone: the version kept just before it has the empty board.
    expect(restored.body.undo).toMatchObject({
      reason: expect.stringMatching(/^before restoring the version of /),
      ideas: 0,
    })
    await call(`${api}/${restored.body.undo.id}/restore`, 'POST', board.auth('facilitator'))
    await waitFor(() => listIdeas(c.doc).length === 0, 10_000, 'undo of the restore')
  })

  it('keeps automatic versions while people work, and only as many as configured', async () => {
    const t = await setup({ VERSION_EVERY_MS: '1000', VERSION_KEEP: '2' })
    const board = await createBoard(t.url)
    const c = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    for (let i = 0; i < 4; i++) {
      addIdea(c.doc, { text: `idea ${i}` })
      await new Promise((r) => setTimeout(r, 1100))
    }
    addIdea(c.doc, { text: 'last' })
    await waitFor(
      async () => {
        const list = await call(`${t.url}/api/boards/${board.id}/versions`, 'GET', board.auth('facilitator'))
        return (
          list.body.versions.length === 2 &&
          list.body.versions.every((v: { reason: string }) => v.reason === 'automatic')
        )
      },
      10_000,
      'two automatic versions',
    )
  })

  it('lets only facilitators see and restore versions', async () => {
    const t = await setup()
    const board = await createBoard(t.url)
    expect((await call(`${t.url}/api/boards/${board.id}/versions`, 'GET', board.auth('participant'))).status).toBe(403)
    expect(
      (await call(`${t.url}/api/boards/${board.id}/versions/version:none`, 'GET', board.auth('facilitator'))).status,
    ).toBe(404)
    expect(
      (await call(`${t.url}/api/boards/${board.id}/versions/version:none/restore`, 'POST', board.auth('facilitator')))
        .status,
    ).toBe(404)
  })
})

describe('data care', () => {
  it('deletes a session and every trace of it from storage, telling everyone connected', async () => {
    const t = await setup({ BULK_DELETE_MIN: '1' })
    const board = await createBoard(t.url)
    const other = await createBoard(t.url)
    const c = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    const idea = addIdea(c.doc, { text: 'a personal story' })
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))).body.ideas.length === 1,
    )
    c.doc.getMap('records').delete(idea) // keeps a version
    addIdea(c.doc, { text: 'another' })
    const round = await call(`${t.url}/api/boards/${board.id}/rounds`, 'POST', board.auth('facilitator'), {})
    const p = await personSession(t.url, board)
    const ideas = await call(`${t.url}/api/boards/${board.id}/ideas`, 'GET', board.auth('view'))
    await call(`${t.url}/api/boards/${board.id}/rounds/${round.body.round.id}/dots`, 'POST', p, {
      ideaId: ideas.body.ideas[0].id,
    })
    const action = await call(`${t.url}/api/boards/${board.id}/actions`, 'POST', board.auth('participant'), {
      what: 'x',
    })
    await call(`${t.url}/api/boards/${board.id}/actions/${action.body.action.id}/stance`, 'PUT', p, {
      stance: 'agree',
      name: 'Pat',
    })
    await waitFor(
      async () =>
        (await call(`${t.url}/api/boards/${board.id}/versions`, 'GET', board.auth('facilitator'))).body.versions
          .length > 0,
    )

    expect((await call(`${t.url}/api/boards/${board.id}`, 'DELETE', board.auth('participant'))).status).toBe(403)
    const deleted = await call(`${t.url}/api/boards/${board.id}`, 'DELETE', board.auth('facilitator'))
    expect(deleted.body).toEqual({ deleted: true })
    await waitFor(() => c.closes.some((x) => x.code === CloseCodes.BoardDeleted))

    const tables = [
      'boards:id',
      'board_snapshots:board_id',
      'board_updates:board_id',
      'board_versions:board_id',
      'board_keys:board_id',
      'access_sessions:board_id',
      'vote_rounds:board_id',
      'action_stances:board_id',
    ]
    const counts: Record<string, number> = {}
    for (const spec of tables) {
      const [table, column] = spec.split(':')
      counts[table!] = Number(
        (
          await queryRows<{ n: number }>(t.dataDir, `SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, [
            board.id,
          ])
        )[0]!.n,
      )
    }
    const dots = Number((await queryRows<{ n: number }>(t.dataDir, 'SELECT count(*) AS n FROM vote_dots'))[0]!.n)
    const otherRows = Number(
      (await queryRows<{ n: number }>(t.dataDir, 'SELECT count(*) AS n FROM boards WHERE id = ?', [other.id]))[0]!.n,
    )
    expect(counts).toEqual(Object.fromEntries(tables.map((spec) => [spec.split(':')[0], 0])))
    expect(dots).toBe(0)
    expect(otherRows).toBe(1)
    // Its keys went with it: the old link is refused like any wrong key.
    expect((await call(`${t.url}/api/boards/${board.id}`, 'GET', board.auth('facilitator'))).status).toBe(403)
  })

  it('deletes boards nobody has changed for the retention period, and says when that will be', async () => {
    const dataDir = tempDataDir()
    const first = await startTestServer({ RETENTION_DAYS: '30' }, dataDir)
    const stale = await createBoard(first.url)
    const fresh = await createBoard(first.url)
    const info = await call(`${first.url}/api/boards/${fresh.id}`, 'GET', fresh.auth('view'))
    expect(info.body.deletesAt - info.body.createdAt).toBe(30 * 24 * 3600 * 1000)
    await first.server.close()
    await queryRows(dataDir, 'UPDATE boards SET updated_at = ? WHERE id = ?', [
      Date.now() - 31 * 24 * 3600 * 1000,
      stale.id,
    ])
    const second = await setup({ RETENTION_DAYS: '30' }, dataDir)
    await waitFor(
      async () => (await call(`${second.url}/api/boards/${stale.id}`, 'GET', stale.auth('view'))).status === 403,
    )
    expect((await call(`${second.url}/api/boards/${fresh.id}`, 'GET', fresh.auth('view'))).status).toBe(200)
    const off = await setup()
    const kept = await createBoard(off.url)
    expect((await call(`${off.url}/api/boards/${kept.id}`, 'GET', kept.auth('view'))).body.deletesAt).toBeNull()
  })
})

describe('graceful shutdown', () => {
  // Regression: with nobody connected, the SIGTERM handler exited before the rooms' final compaction had run, so
  // boards were left with their whole update log.
  it('on SIGTERM folds every loaded board into its snapshot even when nobody is connected any more', async () => {
    const dataDir = tempDataDir()
    // Made straight in storage, so that no HTTP connection is left open either.
    const store = openSqliteStore({ dataDir })
    cleanups.push(() => store.close())
    const initial = new Y.Doc()
    initBoardDoc(initial, { title: 'Shutdown', createdAt: 1 })
    const boardId = 'shutdownFoldTest00001'
    await store.createBoard(
      { id: boardId, title: 'Shutdown', createdAt: 1, keys: { participant: 'p', facilitator: 'f', view: 'v' } },
      Y.encodeStateAsUpdate(initial),
    )
    const server = new ServerProcess(await freePort(), { DATA_DIR: dataDir })
    cleanups.push(() => server.stop('SIGKILL'))
    await server.start()
    const c = connectClient(server.url.replace(/^http/, 'ws') + '/sync', boardId, { key: 'p' })
    await c.synced()
    for (let i = 0; i < 20; i++) addIdea(c.doc, { text: `idea ${i}` })
    await waitFor(async () => listIdeas(await storedDoc(store, boardId)).length === 20)
    c.destroy()
    // Stop only once the server has no connection left (this request's own is closed after the answer).
    await waitFor(async () => /^roundtable_connections 0$/m.test(await getClosing(`${server.url}/metrics`)))
    await server.stop('SIGTERM')
    expect((await store.loadDoc(boardId)).updates).toEqual([])
    expect(listIdeas(await storedDoc(store, boardId))).toHaveLength(20)
  })

  it('on SIGTERM stores everything and tells clients the server is restarting; they come back by themselves', async () => {
    const dataDir = tempDataDir()
    const server = new ServerProcess(await freePort(), { DATA_DIR: dataDir })
    cleanups.push(() => server.stop('SIGKILL'))
    await server.start()
    const board = await createBoard(server.url)
    const wsUrl = server.url.replace(/^http/, 'ws') + '/sync'
    const c = connectClient(wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => c.destroy())
    await c.synced()
    for (let i = 0; i < 20; i++) addIdea(c.doc, { text: `idea ${i}` })
    await new Promise((r) => setTimeout(r, 50))
    await server.stop('SIGTERM')
    expect(c.closes.at(-1)).toEqual({ code: CloseCodes.ServerRestarting, reason: CloseReasons.ServerRestarting })
    await server.start()
    await waitFor(() => c.provider.wsconnected && c.provider.synced, 20_000, 'reconnected')
    const reader = connectClient(wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => reader.destroy())
    await waitFor(() => listIdeas(reader.doc).length === 20)
  })
})
