import {
  CloseCodes,
  CloseReasons,
  addIdea,
  readRecord,
  putRecord,
  readTimer,
  listPages,
  readSettings,
} from '@roundtable/board'
import { afterEach, describe, expect, it } from 'vitest'
import { call, connectClient, createBoard, personSession, startTestServer, waitFor } from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

describe('agreed actions', () => {
  it('turns an idea into an action that people agree to and a facilitator marks agreed', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const idea = (await call(`${api}/ideas`, 'POST', board.auth('participant'), { text: 'Step-free access' })).body.idea
    const created = await call(`${api}/actions`, 'POST', board.auth('participant'), {
      what: 'Fit a ramp at the side door',
      who: 'Jo (estates)',
      due: '2027-04-30',
      ideaId: idea.id,
    })
    expect(created.status).toBe(201)
    const actionId = created.body.action.id
    expect(created.body.action).toMatchObject({ status: 'proposed', ideaText: 'Step-free access', agree: 0 })

    const [amy, ben] = await Promise.all([personSession(t.url, board), personSession(t.url, board)])
    await call(`${api}/actions/${actionId}/stance`, 'PUT', amy!, { stance: 'agree', name: 'Amy' })
    const withConcern = await call(`${api}/actions/${actionId}/stance`, 'PUT', ben!, {
      stance: 'concern',
      name: 'Ben',
      note: 'Is April too soon?',
    })
    expect(withConcern.body.state).toMatchObject({
      agree: 1,
      concern: 1,
      agreedBy: ['Amy'],
      concerns: [{ name: 'Ben', note: 'Is April too soon?' }],
    })
    const changedMind = await call(`${api}/actions/${actionId}/stance`, 'PUT', ben!, { stance: 'agree', name: 'Ben' })
    expect(changedMind.body.state).toMatchObject({ agree: 2, concern: 0, agreedBy: ['Amy', 'Ben'] })

    expect((await call(`${api}/actions/${actionId}/status`, 'PUT', amy!, { status: 'agreed' })).status).toBe(403)
    const agreed = await call(`${api}/actions/${actionId}/status`, 'PUT', board.auth('facilitator'), {
      status: 'agreed',
    })
    expect(agreed.body.state).toMatchObject({ status: 'agreed', agree: 2 })

    const watcher = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    const list = await call(`${api}/actions`, 'GET', board.auth('view'))
    expect(list.body.actions).toEqual([
      expect.objectContaining({
        id: actionId,
        what: 'Fit a ramp at the side door',
        who: 'Jo (estates)',
        due: '2027-04-30',
        status: 'agreed',
        agreedBy: ['Amy', 'Ben'],
      }),
    ])
    expect((await call(`${api}/actions/${actionId}/stance`, 'GET', amy!)).body.stance).toMatchObject({
      stance: 'agree',
    })
  })

  it('protects an action once people agree: only a facilitator changes what/who/when or removes it, a version kept first', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const p = board.auth('participant')
    const f = board.auth('facilitator')
    const id = (await call(`${api}/actions`, 'POST', p, { what: 'Fit a ramp', who: 'Jo', due: '2027-04-30' })).body
      .action.id
    const amy = await personSession(t.url, board)
    await call(`${api}/actions/${id}/stance`, 'PUT', amy, { stance: 'agree', name: 'Amy' })

    // Before this change any participant could rewrite or delete it (4 "I agree"s gone after one confirm).
    expect((await call(`${api}/actions/${id}`, 'PATCH', p, { what: 'Paint the door' })).status).toBe(403)
    expect((await call(`${api}/actions/${id}`, 'PATCH', p, { due: '2030-01-01' })).status).toBe(403)
    expect((await call(`${api}/actions/${id}`, 'DELETE', p)).status).toBe(403)
    expect((await call(`${api}/actions/${id}`, 'PATCH', p, { note: 'Quote asked for' })).status).toBe(200) // the note stays open

    // A modified client writing straight into the document is refused too.
    const writer = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => writer.destroy())
    await writer.synced()
    writer.doc.transact(() => (writer.doc.getMap('actions').get(id) as import('yjs').Map<unknown>).set('who', 'Nobody'))
    await waitFor(() => writer.closes.length > 0)
    expect(writer.closes[0]!.code).toBe(CloseCodes.ChangeRefused)

    const before = (await call(`${api}/versions`, 'GET', f)).body.versions.length
    const changed = await call(`${api}/actions/${id}`, 'PATCH', f, { what: 'Fit a ramp at the side door' })
    expect(changed.status).toBe(200)
    expect(changed.body.action).toMatchObject({ what: 'Fit a ramp at the side door', who: 'Jo', agree: 1 })
    expect(changed.body.action.changedAt).toBeGreaterThan(0)
    await waitFor(
      async () => (await call(`${api}/versions`, 'GET', f)).body.versions.length > before,
      5000,
      'a version kept',
    )
    // Agreeing again later keeps the record that the words changed.
    await call(`${api}/actions/${id}/stance`, 'PUT', amy, { stance: 'agree', name: 'Amy' })
    expect((await call(`${api}/actions`, 'GET', p)).body.actions[0].changedAt).toBe(changed.body.action.changedAt)
    const kept = (await call(`${api}/versions`, 'GET', f)).body.versions.length
    expect((await call(`${api}/actions/${id}`, 'DELETE', f)).status).toBe(200)
    await waitFor(
      async () => (await call(`${api}/versions`, 'GET', f)).body.versions.length > kept,
      5000,
      'a version kept before removal',
    )
  })

  it('validates actions: what is required, dates are real dates, statuses are known, ids exist', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}`
    const p = board.auth('participant')
    expect((await call(`${api}/actions`, 'POST', p, { who: 'x' })).status).toBe(400)
    expect((await call(`${api}/actions`, 'POST', p, { what: 'x', due: '2027-02-30' })).body.error.message).toMatch(
      /YYYY-MM-DD/,
    )
    expect((await call(`${api}/actions`, 'POST', p, { what: 'x', ideaId: 'shape:none' })).status).toBe(400)
    const id = (await call(`${api}/actions`, 'POST', p, { what: 'x' })).body.action.id
    expect(
      (await call(`${api}/actions/${id}/status`, 'PUT', board.auth('facilitator'), { status: 'finished' })).status,
    ).toBe(400)
    expect(
      (await call(`${api}/actions/action:none/status`, 'PUT', board.auth('facilitator'), { status: 'done' })).status,
    ).toBe(404)
    expect((await call(`${api}/actions/${id}`, 'PATCH', p, {})).status).toBe(400)
    expect((await call(`${api}/actions/${id}`, 'PATCH', p, { who: 'Sam' })).body.action.who).toBe('Sam')
    expect((await call(`${api}/actions/${id}`, 'DELETE', p)).status).toBe(200)
    expect((await call(`${api}/actions/${id}`, 'DELETE', p)).status).toBe(404)
  })
})

describe('facilitation tools', () => {
  it('runs a shared timer that everyone sees, and only facilitators control', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}/timer`
    const watcher = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    const started = await call(api, 'POST', board.auth('facilitator'), { action: 'start', seconds: 300 })
    expect(started.body.timer).toMatchObject({ status: 'running', durationMs: 300_000 })
    await waitFor(() => readTimer(watcher.doc).status === 'running')
    const paused = await call(api, 'POST', board.auth('facilitator'), { action: 'pause' })
    expect(paused.body.timer.status).toBe('paused')
    expect(paused.body.timer.remainingMs).toBeLessThanOrEqual(300_000)
    expect((await call(api, 'POST', board.auth('facilitator'), { action: 'pause' })).status).toBe(409)
    expect((await call(api, 'POST', board.auth('facilitator'), { action: 'resume' })).body.timer.status).toBe('running')
    expect((await call(api, 'POST', board.auth('participant'), { action: 'reset' })).status).toBe(403)
    expect((await call(api, 'POST', board.auth('facilitator'), { action: 'explode' })).status).toBe(400)
    await call(api, 'POST', board.auth('facilitator'), { action: 'reset' })
    await waitFor(() => readTimer(watcher.doc).status === 'idle')
  })

  it('locks a board: no participant can change it, even with a modified client; unlocking lets edits through', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const writer = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => writer.destroy())
    await writer.synced()
    const pageId = listPages(writer.doc)[0]!.id
    const ideaId = addIdea(writer.doc, { text: 'Before the lock' })
    const locked = await call(`${t.url}/api/boards/${board.id}/locks`, 'PUT', board.auth('facilitator'), {
      pageId,
      locked: true,
    })
    expect(locked.body.settings.lockedPages).toEqual([pageId])
    await waitFor(() => readSettings(writer.doc).lockedPages.includes(pageId))
    putRecord(writer.doc, { ...readRecord(writer.doc, ideaId)!, x: 999 })
    await waitFor(() => writer.closes.length > 0)
    expect(writer.closes[0]).toMatchObject({
      code: CloseCodes.ChangeRefused,
      reason: `${CloseReasons.ChangeRefused}: change.locked: this board is locked`,
    })

    await call(`${t.url}/api/boards/${board.id}/locks`, 'PUT', board.auth('facilitator'), { pageId, locked: false })
    const after = connectClient(t.wsUrl, board.id, { key: board.keys.participant })
    cleanups.push(() => after.destroy())
    await after.synced()
    expect(readRecord(after.doc, ideaId)!.x).not.toBe(999)
    putRecord(after.doc, { ...readRecord(after.doc, ideaId)!, x: 500 })
    const reader = connectClient(t.wsUrl, board.id, { key: board.keys.view })
    cleanups.push(() => reader.destroy())
    await waitFor(() => readRecord(reader.doc, ideaId)?.x === 500)
    expect(
      (
        await call(`${t.url}/api/boards/${board.id}/locks`, 'PUT', board.auth('facilitator'), {
          pageId: 'page:nope',
          locked: true,
        })
      ).status,
    ).toBe(400)
  })

  it('brings everyone to a facilitator’s view, and stops', async () => {
    const t = await startTestServer()
    cleanups.push(() => t.server.close())
    const board = await createBoard(t.url)
    const api = `${t.url}/api/boards/${board.id}/summon`
    const summoned = await call(api, 'POST', board.auth('facilitator'), { userId: 'user:abc', name: 'Fay' })
    expect(summoned.body.summon).toMatchObject({ userId: 'user:abc', name: 'Fay' })
    expect((await call(api, 'POST', board.auth('participant'), { userId: 'user:abc' })).status).toBe(403)
    expect((await call(api, 'DELETE', board.auth('facilitator'))).body.summon).toBeNull()
  })
})
