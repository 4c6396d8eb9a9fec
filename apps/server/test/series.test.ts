import { CloseCodes, readCarriedActions, readSeriesInfo, SERIES_KEY } from '@roundtable/board'
import ICAL from 'ical.js'
import { afterEach, describe, expect, it } from 'vitest'
import {
  call,
  connectClient,
  createBoard,
  personSession,
  queryRows,
  startTestServer,
  tempDataDir,
  waitFor,
  type TestBoard,
} from './helpers'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function server(env: Record<string, string> = {}, dataDir = tempDataDir()) {
  const t = await startTestServer(env, dataDir)
  cleanups.push(() => t.server.close())
  return t
}

/** The board a follow-on answer describes, shaped like createBoard's. */
function boardOf(made: Record<string, any>): TestBoard {
  const keyOf = (link: string) => new URL(link).hash.replace('#key=', '')
  const keys = {
    participant: keyOf(made.links.participant),
    facilitator: keyOf(made.links.facilitator),
    view: keyOf(made.links.view),
  }
  return { id: made.id, keys, links: made.links, auth: (role) => ({ authorization: `Bearer ${keys[role]}` }) }
}

async function followOn(url: string, from: TestBoard, body: Record<string, unknown> = {}) {
  const res = await call(`${url}/api/boards/${from.id}/follow-on`, 'POST', from.auth('facilitator'), body)
  expect(res.status).toBe(201)
  return { board: boardOf(res.body), series: res.body.series }
}

const pageKeyOf = (series: { links: { page: string } }) => new URL(series.links.page).hash.replace('#key=', '')

async function carried(url: string, board: TestBoard) {
  return (await call(`${url}/api/boards/${board.id}/carried`, 'GET', board.auth('view'))).body.carried as any[]
}

async function addAgreedAction(url: string, board: TestBoard, what: string, due: string | null = '2027-03-01') {
  const api = `${url}/api/boards/${board.id}`
  const made = await call(`${api}/actions`, 'POST', board.auth('participant'), { what, who: 'Jo', due })
  expect(made.status).toBe(201)
  const id = made.body.action.id as string
  await call(`${api}/actions/${id}/status`, 'PUT', board.auth('facilitator'), { status: 'agreed' })
  return id
}

describe('a series of sessions', () => {
  it('a facilitator opens the next session; the two become a named series every session can see', async () => {
    const t = await server()
    const first = await createBoard(t.url, 'January meeting')
    const refused = await call(`${t.url}/api/boards/${first.id}/follow-on`, 'POST', first.auth('participant'), {})
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('auth.facilitator_only')
    const tooLong = await call(`${t.url}/api/boards/${first.id}/follow-on`, 'POST', first.auth('facilitator'), {
      seriesName: 'x'.repeat(121),
    })
    expect(tooLong.body.error.code).toBe('request.invalid')
    expect((await call(`${t.url}/api/boards/${first.id}/series`, 'GET', first.auth('view'))).body.series).toBeNull()
    const noSeries = await call(`${t.url}/api/boards/${first.id}/series`, 'PUT', first.auth('facilitator'), {
      name: 'x',
    })
    expect(noSeries.body.error.code).toBe('series.not_found')

    const second = await followOn(t.url, first, { title: 'February meeting', seriesName: "Carers' forum 2027" })
    expect(second.series).toMatchObject({ name: "Carers' forum 2027", number: 2 })
    expect(second.series.sessions.map((s: any) => [s.number, s.title])).toEqual([
      [1, 'January meeting'],
      [2, 'February meeting'],
    ])
    expect(second.series.links.page).toMatch(/\/s\/series\/[\w-]+#key=\w{32}$/)
    expect(second.series.links.webcal).toMatch(/^webcal:\/\/.*\/calendar\.ics\?key=\w{32}$/)

    // A facilitator of the second session opens the third; the series keeps its name, sessions stay in order.
    const third = await followOn(t.url, second.board, { seriesName: 'ignored' })
    expect(third.series).toMatchObject({ name: "Carers' forum 2027", number: 3 })
    const seen = await call(`${t.url}/api/boards/${first.id}/series`, 'GET', first.auth('participant'))
    expect(seen.body.series).toMatchObject({ number: 1, name: "Carers' forum 2027" })
    expect(seen.body.series.sessions).toHaveLength(3)
    expect(seen.body.series.links).toBeUndefined()

    // A participant link is per session: the first session's link does not open the third.
    const other = await call(`${t.url}/api/boards/${third.board.id}`, 'GET', first.auth('participant'))
    expect(other.status).toBe(403)

    const renamed = await call(`${t.url}/api/boards/${third.board.id}/series`, 'PUT', third.board.auth('facilitator'), {
      name: '  Carers\n forum  ',
    })
    expect(renamed.body.series.name).toBe('Carers forum')

    // Every session's board holds its place in the series, for the board page to read.
    const watcher = connectClient(t.wsUrl, third.board.id, { key: third.board.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    await waitFor(() => readSeriesInfo(watcher.doc)?.name === 'Carers forum')
    expect(readSeriesInfo(watcher.doc)).toMatchObject({ number: 3, count: 3 })
  })

  it('carries open actions over: one action, changed from any session, is the same everywhere', async () => {
    const t = await server()
    const first = await createBoard(t.url, 'Session one')
    const ramp = await addAgreedAction(t.url, first, 'Fit a ramp at the side door')
    const leaflet = await addAgreedAction(t.url, first, 'Write the leaflet in easy read')
    const dropped = await addAgreedAction(t.url, first, 'Move the meeting to Fridays')
    await call(`${t.url}/api/boards/${first.id}/actions/${dropped}/status`, 'PUT', first.auth('facilitator'), {
      status: 'dropped',
    })
    const amy = await personSession(t.url, first)
    await call(`${t.url}/api/boards/${first.id}/actions/${ramp}/stance`, 'PUT', amy, { stance: 'agree', name: 'Amy' })

    const second = (await followOn(t.url, first)).board
    const third = (await followOn(t.url, second)).board
    // "Still open from last time": not the dropped one; with owner, due date, status and earlier agreements.
    const inSecond = await carried(t.url, second)
    expect(inSecond.map((a) => a.what)).toEqual(['Fit a ramp at the side door', 'Write the leaflet in easy read'])
    expect(inSecond[0]).toMatchObject({
      id: ramp,
      who: 'Jo',
      due: '2027-03-01',
      status: 'agreed',
      agree: 1,
      agreedBy: ['Amy'],
      from: { boardId: first.id, number: 1, title: 'Session one' },
    })

    // Session 2's facilitator moves it on, by the carried action's id: session 1 and 3 see it at once.
    const moved = await call(
      `${t.url}/api/boards/${second.id}/actions/${ramp}/status`,
      'PUT',
      second.auth('facilitator'),
      { status: 'in-progress' },
    )
    expect(moved.status).toBe(200)
    const inFirst = (await call(`${t.url}/api/boards/${first.id}/actions`, 'GET', first.auth('view'))).body.actions
    expect(inFirst.find((a: any) => a.id === ramp).status).toBe('in-progress')
    await waitFor(async () => (await carried(t.url, third)).find((a) => a.id === ramp)?.status === 'in-progress')

    // Someone in session 3 agrees and raises a concern; counts live with the action.
    const ben = await personSession(t.url, third)
    const cat = await personSession(t.url, third)
    await call(`${t.url}/api/boards/${third.id}/actions/${ramp}/stance`, 'PUT', ben, { stance: 'agree', name: 'Ben' })
    const worried = await call(`${t.url}/api/boards/${third.id}/actions/${ramp}/stance`, 'PUT', cat, {
      stance: 'concern',
      name: 'Cat',
      note: 'The slope looks steep',
    })
    expect(worried.body.state).toMatchObject({ agree: 2, concern: 1, agreedBy: ['Amy', 'Ben'] })
    const mine = await call(`${t.url}/api/boards/${third.id}/actions/${ramp}/stance`, 'GET', ben)
    expect(mine.body.stance).toMatchObject({ stance: 'agree' })
    await waitFor(async () => (await carried(t.url, second)).find((a) => a.id === ramp)?.concern === 1)

    // A participant in session 3 marks it done with what happened.
    const empty = await call(
      `${t.url}/api/boards/${third.id}/actions/${ramp}/done`,
      'POST',
      third.auth('participant'),
      {
        note: '   ',
      },
    )
    expect(empty.body.error.code).toBe('request.invalid')
    const done = await call(`${t.url}/api/boards/${third.id}/actions/${ramp}/done`, 'POST', third.auth('participant'), {
      note: 'Ramp fitted in March',
    })
    expect(done.body.state).toMatchObject({
      status: 'done',
      outcome: { note: 'Ramp fitted in March', boardId: third.id },
    })
    const origin = (await call(`${t.url}/api/boards/${first.id}/actions`, 'GET', first.auth('view'))).body.actions
    expect(origin.find((a: any) => a.id === ramp)).toMatchObject({
      status: 'done',
      outcome: { note: 'Ramp fitted in March' },
    })
    // Sessions 2 and 3 began before it was done, so they show it done; a session begun after does not carry it.
    await waitFor(async () => (await carried(t.url, second)).find((a) => a.id === ramp)?.status === 'done')
    const fourth = (await followOn(t.url, third)).board
    expect((await carried(t.url, fourth)).map((a) => a.id)).toEqual([leaflet])

    // The earlier session's action cannot be removed from a later one; other boards know nothing of it.
    const remove = await call(
      `${t.url}/api/boards/${fourth.id}/actions/${leaflet}`,
      'DELETE',
      fourth.auth('facilitator'),
    )
    expect(remove.status).toBe(409)
    expect(remove.body.error.code).toBe('action.carried')
    const stranger = await createBoard(t.url)
    const elsewhere = await call(
      `${t.url}/api/boards/${stranger.id}/actions/${leaflet}/status`,
      'PUT',
      stranger.auth('facilitator'),
      { status: 'done' },
    )
    expect(elsewhere.body.error.code).toBe('action.not_found')
    // A facilitator of a later session may change its words; the change is made in the session it came from.
    const reworded = await call(
      `${t.url}/api/boards/${fourth.id}/actions/${leaflet}`,
      'PATCH',
      fourth.auth('facilitator'),
      {
        due: '2027-06-30',
      },
    )
    expect(reworded.body.action.due).toBe('2027-06-30')
    const leafletInFirst = (await call(`${t.url}/api/boards/${first.id}/actions`, 'GET', first.auth('view'))).body
      .actions
    expect(leafletInFirst.find((a: any) => a.id === leaflet).due).toBe('2027-06-30')

    // The mirror follows a change typed on the first board itself, over the socket.
    const typist = connectClient(t.wsUrl, first.id, { key: first.keys.participant })
    cleanups.push(() => typist.destroy())
    await typist.synced()
    const note = (typist.doc.getMap('actions').get(leaflet) as any).get('note')
    note.insert(0, 'Draft with the reading group')
    await waitFor(async () => (await carried(t.url, fourth))[0]?.note === 'Draft with the reading group')
  })

  it('bounds what the mirror copies into later sessions', async () => {
    const t = await server()
    const first = await createBoard(t.url)
    const id = await addAgreedAction(t.url, first, 'Long notes')
    const typist = connectClient(t.wsUrl, first.id, { key: first.keys.participant })
    cleanups.push(() => typist.destroy())
    await typist.synced()
    ;(typist.doc.getMap('actions').get(id) as any).get('note').insert(0, 'n'.repeat(100_000))
    const second = (await followOn(t.url, first)).board
    await waitFor(async () => (await carried(t.url, second))[0]?.note.length === 2001)
    expect((await carried(t.url, second))[0].note.endsWith('…')).toBe(true)
  })

  it('refuses changes to the series mirror from a client', async () => {
    const t = await server()
    const first = await createBoard(t.url)
    await addAgreedAction(t.url, first, 'Book the hall')
    const second = (await followOn(t.url, first)).board
    const c = connectClient(t.wsUrl, second.id, { key: second.keys.facilitator })
    cleanups.push(() => c.destroy())
    await c.synced()
    expect(readCarriedActions(c.doc)).toHaveLength(1)
    c.doc.getMap(SERIES_KEY).set('info', { id: 'x', name: 'forged' })
    await waitFor(() => c.closes.some((e) => e.code === CloseCodes.ChangeRefused))
    expect(c.closes.find((e) => e.code === CloseCodes.ChangeRefused)?.reason).toContain('change.server_owned')
  })

  it('counts follow-on sessions against the same allowance of new sessions per address', async () => {
    const t = await server({ BOARDS_PER_IP_PER_HOUR: '2' })
    const first = await createBoard(t.url)
    await followOn(t.url, first)
    const third = await call(`${t.url}/api/boards/${first.id}/follow-on`, 'POST', first.auth('facilitator'), {})
    expect(third.status).toBe(429)
    expect(third.body.error.code).toBe('rate.limited')
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})

describe('the series page, exports and calendar feed', () => {
  it('tells the story of the series from one read-only link, and its feed follows the actions', async () => {
    const t = await server()
    const first = await createBoard(t.url, 'January')
    const ramp = await addAgreedAction(t.url, first, 'Fit a ramp')
    await addAgreedAction(t.url, first, '=1+1 stays text', null)
    const made = await followOn(t.url, first, { title: 'February', seriesName: 'Carers forum' })
    const third = (await followOn(t.url, made.board, { title: 'March' })).board
    await call(`${t.url}/api/boards/${made.board.id}/actions/${ramp}/status`, 'PUT', made.board.auth('facilitator'), {
      status: 'in-progress',
    })
    await call(`${t.url}/api/boards/${third.id}/actions/${ramp}/done`, 'POST', third.auth('participant'), {
      note: 'Fitted on 3 March',
    })
    const seriesId = made.series.id as string
    const page = { authorization: `Bearer ${pageKeyOf(made.series)}` }
    const api = `${t.url}/api/series/${seriesId}`

    expect((await call(api, 'GET', {})).body.error.code).toBe('auth.key_needed')
    expect((await call(api, 'GET', first.auth('facilitator'))).body.error.code).toBe('auth.forbidden')
    expect((await call(`${t.url}/api/series/${'x'.repeat(30)}`, 'GET', page)).body.error.code).toBe('auth.forbidden')
    expect((await call(`${t.url}/api/series/bad!id`, 'GET', page)).body.error.code).toBe('series.bad_id')

    const summary = await call(api, 'GET', page)
    expect(summary.status).toBe(200)
    expect(summary.body.series).toMatchObject({ id: seriesId, name: 'Carers forum' })
    expect(summary.body.sessions.map((s: any) => [s.number, s.title, s.actions.length])).toEqual([
      [1, 'January', 2],
      [2, 'February', 0],
      [3, 'March', 0],
    ])
    expect(summary.body.sessions[0].actions[0]).toMatchObject({
      what: 'Fit a ramp',
      status: 'done',
      outcome: { note: 'Fitted on 3 March', sessionNumber: 3 },
    })
    const again = await fetch(api, { headers: { ...page, 'if-none-match': summary.headers.get('etag')! } })
    expect(again.status).toBe(304)

    const share = await call(`${api}/share`, 'GET', page)
    expect(share.body.link).toBe(made.series.links.page)
    expect(share.body.qr).toContain('<svg')
    const pageHtml = await fetch(`${t.url}/s/series/${seriesId}`)
    expect(pageHtml.status).toBe(200)
    expect(await pageHtml.text()).toContain('/s/assets/summary.js')

    // CSV and Markdown of every action across sessions, from the page key or a participant of any session.
    const csv = await call(`${api}/export?format=csv`, 'GET', page)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    // fetch's text() drops the byte order mark; the bytes keep it, as for a session's CSV.
    const bytes = new Uint8Array(await (await fetch(`${api}/export?format=csv`, { headers: page })).arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.text.split('\r\n')[0]).toBe(
      'Session,Session date,What,Who,By when,Status,From idea,Dots,Agree,Concerns,Note,What happened',
    )
    expect(csv.text).toContain('1. January')
    expect(csv.text).toContain('Fitted on 3 March')
    expect(csv.text).toContain("'=1+1 stays text")
    const md = await call(`${t.url}/api/boards/${third.id}/series/export?format=md`, 'GET', third.auth('participant'))
    expect(md.text).toContain('# Carers forum')
    expect(md.text).toContain('## Session 1: January')
    expect(md.text).toContain('What happened: Fitted on 3 March')
    expect(md.text).toContain('Marked done in session 3')
    expect((await call(`${api}/export?format=ics`, 'GET', page)).body.error.code).toBe('request.invalid')
    expect(
      (await call(`${t.url}/api/boards/${third.id}/series/export?format=md`, 'GET', third.auth('view'))).status,
    ).toBe(403)

    // The calendar feed opens with its own key in the address, never with the page key.
    const feedUrl = made.series.links.feed as string
    expect((await call(feedUrl.replace(/key=\w+/, `key=${pageKeyOf(made.series)}`), 'GET', {})).status).toBe(403)
    const feed = await fetch(feedUrl)
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()))
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e))
    expect(events).toHaveLength(1)
    expect(events[0]!.summary).toBe('Fit a ramp')
    expect(events[0]!.uid).toBe(`${ramp}@${first.id}.roundtable`)
    expect(events[0]!.startDate.toString()).toBe('2027-03-01')
    expect(events[0]!.description).toContain('What happened: Fitted on 3 March')

    // A new dated action in session 3 reaches the subscribed calendar on its next check.
    await addAgreedAction(t.url, third, 'Send the minutes', '2027-04-10')
    const etag = feed.headers.get('etag')!
    const changed = await fetch(feedUrl, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    const later = new ICAL.Component(ICAL.parse(await changed.text()))
    expect(
      later
        .getAllSubcomponents('vevent')
        .map((e) => new ICAL.Event(e).summary)
        .sort(),
    ).toEqual(['Fit a ramp', 'Send the minutes'])

    // A replaced feed key stops the old address at once.
    const replaced = await call(`${t.url}/api/boards/${first.id}/series/keys`, 'POST', first.auth('facilitator'), {
      link: 'feed',
    })
    expect(replaced.body.series.links.feed).not.toBe(feedUrl)
    expect((await fetch(feedUrl)).status).toBe(403)
    expect((await fetch(replaced.body.series.links.feed)).status).toBe(200)
  })

  it('adds up the evidence figures of the sessions, by group only', async () => {
    const t = await server()
    const first = await createBoard(t.url)
    const made = await followOn(t.url, first)
    const groups = ['I draw on care and support', 'I am an unpaid carer']
    for (const board of [first, made.board]) {
      await call(`${t.url}/api/boards/${board.id}/evidence`, 'PUT', board.auth('facilitator'), {
        ask: true,
        groups,
        threshold: 2,
      })
      for (let i = 0; i < 2; i++) {
        const person = await personSession(t.url, board)
        await call(`${t.url}/api/boards/${board.id}/me/answer`, 'PUT', person, { group: groups[0] })
        const idea = await fetch(`${t.url}/api/boards/${board.id}/ideas`, {
          method: 'POST',
          headers: { ...person, 'content-type': 'application/json' },
          body: JSON.stringify({ text: `idea ${i}` }),
        })
        expect(idea.status).toBe(201)
      }
    }
    const summary = await call(`${t.url}/api/series/${made.series.id}`, 'GET', {
      authorization: `Bearer ${pageKeyOf(made.series)}`,
    })
    expect(summary.body.evidence).toMatchObject({
      threshold: 2,
      sessionsCounted: 2,
      groups: [{ label: groups[0], people: 4, ideas: 4 }],
    })
    expect(JSON.stringify(summary.body)).not.toMatch(/personId|voter/)
  })
})

describe('deleting sessions and series', () => {
  it('deleting a session takes it and its actions out of the series; deleting the series deletes every session', async () => {
    const t = await server()
    const first = await createBoard(t.url, 'One')
    await addAgreedAction(t.url, first, 'From the first')
    const made = await followOn(t.url, first, { title: 'Two' })
    const second = made.board
    const third = (await followOn(t.url, second, { title: 'Three' })).board
    await addAgreedAction(t.url, second, 'From the second')
    await waitFor(async () => (await carried(t.url, third)).length === 2)

    const watcher = connectClient(t.wsUrl, third.id, { key: third.keys.view })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    expect((await call(`${t.url}/api/boards/${first.id}`, 'DELETE', first.auth('facilitator'))).status).toBe(200)
    expect((await carried(t.url, third)).map((a) => a.what)).toEqual(['From the second'])
    await waitFor(() => readSeriesInfo(watcher.doc)?.number === 2)
    const view = await call(`${t.url}/api/boards/${third.id}/series`, 'GET', third.auth('view'))
    expect(view.body.series.sessions.map((s: any) => [s.number, s.title])).toEqual([
      [1, 'Two'],
      [2, 'Three'],
    ])

    const page = { authorization: `Bearer ${pageKeyOf(made.series)}` }
    const gone = await call(`${t.url}/api/boards/${second.id}/series`, 'DELETE', second.auth('facilitator'))
    expect(gone.body.deleted.sort()).toEqual([second.id, third.id].sort())
    await waitFor(() => watcher.closes.some((e) => e.code === CloseCodes.BoardDeleted))
    expect((await call(`${t.url}/api/boards/${third.id}`, 'GET', third.auth('view'))).status).toBe(403)
    expect((await call(`${t.url}/api/series/${made.series.id}`, 'GET', page)).status).toBe(403)
    const rows = await queryRows<{ n: number }>(t.dataDir, 'SELECT count(*) AS n FROM series_sessions')
    expect(Number(rows[0]!.n)).toBe(0)
    expect(Number((await queryRows<{ n: number }>(t.dataDir, 'SELECT count(*) AS n FROM series'))[0]!.n)).toBe(0)
  })

  it('keeps a series while any session of it is used, and then deletes all of it', async () => {
    const dataDir = tempDataDir()
    const a = await startTestServer({ RETENTION_DAYS: '30' }, dataDir)
    const first = await createBoard(a.url)
    const made = await followOn(a.url, first)
    const alone = await createBoard(a.url)
    await a.server.close()
    const old = Date.now() - 31 * 24 * 3600 * 1000
    // The first session and a lone board are old; the second session was used lately.
    await queryRows(dataDir, 'UPDATE boards SET updated_at = ? WHERE id = ?', [old, first.id])
    await queryRows(dataDir, 'UPDATE boards SET updated_at = ? WHERE id = ?', [old, alone.id])
    const b = await server({ RETENTION_DAYS: '30' }, dataDir)
    await waitFor(async () => (await call(`${b.url}/api/boards/${alone.id}`, 'GET', alone.auth('view'))).status === 403)
    const kept = await call(`${b.url}/api/boards/${first.id}`, 'GET', first.auth('view'))
    expect(kept.status).toBe(200)
    expect(kept.body.deletesAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
    await b.server.close()

    // Once every session is old, the whole series goes.
    await queryRows(dataDir, 'UPDATE boards SET updated_at = ? WHERE id = ?', [old, made.board.id])
    const c = await server({ RETENTION_DAYS: '30' }, dataDir)
    await waitFor(async () => (await call(`${c.url}/api/boards/${first.id}`, 'GET', first.auth('view'))).status === 403)
    await waitFor(
      async () => (await call(`${c.url}/api/boards/${made.board.id}`, 'GET', made.board.auth('view'))).status === 403,
    )
    await waitFor(
      async () => Number((await queryRows<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM series'))[0]!.n) === 0,
    )
  })
})
