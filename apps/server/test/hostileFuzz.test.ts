import { addIdea, CloseCodes, listIdeas } from '@roundtable/board'
import { encodeUpdate } from '@roundtable/sync'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { call, connectClient, createBoard, storedDoc, openStoredData, tempDataDir, waitFor } from './helpers'
import { HOSTILE_KINDS, randomHostileUpdate, rng, viewOf } from './hostileUpdates'
import { freePort, ServerProcess } from './serverProcess'

/**
 * Random VALID-LOOKING Yjs updates (hostileUpdates.ts: delete sets with repeats and overlaps, deep nesting, wide
 * maps, huge strings, many clients, references to missing items, far origins) sent to one board of a real server
 * while an honest pair keeps syncing on another. Seeded and bounded: HOSTILE_FRAMES (default 600), HOSTILE_SEED,
 * HOSTILE_MAX_BYTES (largest frame, default 128 KB).
 */
const FRAMES = Number(process.env.HOSTILE_FRAMES ?? 600)
const SEED = Number(process.env.HOSTILE_SEED ?? 4321)
const MAX_BYTES = Number(process.env.HOSTILE_MAX_BYTES ?? 128 * 1024)
const NAMED = new Set<number>([
  CloseCodes.BadMessage,
  CloseCodes.ChangeRefused,
  CloseCodes.BoardFull,
  CloseCodes.RateLimited,
])

describe('random hostile Yjs updates', () => {
  let server: ServerProcess
  const cleanups: (() => void)[] = []
  afterAll(async () => {
    for (const fn of cleanups) fn()
    await server?.stop('SIGKILL')
  })

  it(`survives ${FRAMES} structure-aware hostile updates on one board while an honest pair syncs on another`, async () => {
    const random = rng(SEED)
    const dataDir = tempDataDir()
    server = new ServerProcess(await freePort(), {
      DATA_DIR: dataDir,
      MESSAGES_PER_SECOND: '2000',
      MESSAGE_BURST: '2000',
    })
    await server.start()
    const wsUrl = server.url.replace(/^http/, 'ws') + '/sync'
    const honestBoard = await createBoard(server.url)
    const hostileBoard = await createBoard(server.url)
    const pair = [0, 1].map(() => connectClient(wsUrl, honestBoard.id, { key: honestBoard.keys.participant }))
    // Someone working on the hostile board too, so the attacks have real items, lists and histories to aim at.
    const resident = connectClient(wsUrl, hostileBoard.id, { key: hostileBoard.keys.participant })
    cleanups.push(...[...pair, resident].map((c) => () => c.destroy()))
    await Promise.all([...pair, resident].map((c) => c.synced()))
    resident.doc.transact(() => {
      for (let i = 0; i < 200; i++) addIdea(resident.doc, { text: `resident ${i}` })
    })

    let honestRunning = true
    const honestIds: string[] = []
    let roundTrips = 0
    const honestWork = (async () => {
      while (honestRunning) {
        const id = addIdea(pair[roundTrips % 2]!.doc, { text: `honest ${honestIds.length}` })
        honestIds.push(id)
        await waitFor(
          () => listIdeas(pair[(roundTrips + 1) % 2]!.doc).some((i) => i.id === id),
          20_000,
          'an honest round trip',
        )
        roundTrips++
      }
    })()

    const kinds = new Map<string, number>()
    const closes = new Map<number, number>()
    let sent = 0
    while (sent < FRAMES) {
      const ws = new WebSocket(`${wsUrl}/${hostileBoard.id}?key=${hostileBoard.keys.participant}`)
      ws.on('error', () => {})
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
      await new Promise((resolve) => ws.once('open', resolve))
      const view = viewOf(resident.doc)
      const burst = 1 + Math.floor(random() * 20)
      for (let i = 0; i < burst && sent < FRAMES; i++, sent++) {
        const { kind, update } = randomHostileUpdate(random, view, Math.floor(MAX_BYTES * (0.05 + 0.95 * random())))
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        ws.send(encodeUpdate(update))
      }
      // Wait until the server has dealt with the burst: it closed the socket, or answers a state-vector request.
      const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(0), 300))])
      if (code !== 0) closes.set(code, (closes.get(code) ?? 0) + 1)
      ws.terminate()
    }
    honestRunning = false
    await honestWork

    // The server is up, every refusal was named, the honest pair kept syncing and lost nothing.
    expect((await fetch(`${server.url}/api/config`)).status).toBe(200)
    expect([...closes.keys()].filter((code) => !NAMED.has(code) && code !== 1005 && code !== 1006)).toEqual([])
    expect(roundTrips).toBeGreaterThan(0)
    const reader = connectClient(wsUrl, honestBoard.id, { key: honestBoard.keys.view })
    cleanups.push(() => reader.destroy())
    await waitFor(() => reader.provider.synced, 30_000, 'a new client syncing the honest board')
    await waitFor(() => listIdeas(reader.doc).length === honestIds.length, 20_000, 'honest convergence')
    expect(new Set(listIdeas(reader.doc).map((i) => i.id))).toEqual(new Set(honestIds))
    // The hostile board still loads for a new client, and its ideas route answers.
    const late = connectClient(wsUrl, hostileBoard.id, { key: hostileBoard.keys.view })
    cleanups.push(() => late.destroy())
    await waitFor(() => late.provider.synced, 30_000, 'a new client syncing the attacked board')
    expect(
      (await call(`${server.url}/api/boards/${hostileBoard.id}/ideas`, 'GET', hostileBoard.auth('view'))).status,
    ).toBe(200)
    for (const format of ['json', 'csv', 'md', 'ics']) {
      const exported = await call(
        `${server.url}/api/boards/${hostileBoard.id}/export?format=${format}`,
        'GET',
        hostileBoard.auth('participant'),
      )
      expect(exported.status, `${format} export`).toBe(200)
    }
    // What is stored for the honest board is what the pair saw.
    await server.stop('SIGTERM')
    const store = await openStoredData(dataDir)
    const stored = await storedDoc(store, honestBoard.id)
    expect(listIdeas(stored).length).toBe(honestIds.length)
    console.log(
      `hostile updates: ${sent} frames (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}); closes ${[...closes].map(([c, n]) => `${c}×${n}`).join(', ')}; ` +
        `${roundTrips} honest round trips`,
    )
    expect([...kinds.keys()].sort()).toEqual([...HOSTILE_KINDS].sort())
  }, 600_000)
})
