import { readCarriedActions } from '@roundtable/board'
import ICAL from 'ical.js'
import { afterEach, describe, expect, it } from 'vitest'
import { call, connectClient, createBoard, startTestServer, tempDataDir, waitFor } from './helpers'

// Two servers in this process on one PostgreSQL schema and one Redis channel prefix, as two machines would be.
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

describe('a series on two servers (PostgreSQL + Redis)', () => {
  it('a status change made on one server reaches the series page, feed and later sessions served by the other', async () => {
    const dataDir = tempDataDir()
    const [a, b] = [await startTestServer({}, dataDir), await startTestServer({}, dataDir)]
    for (const s of [a, b]) cleanups.push(() => s.server.close())

    const first = await createBoard(a.url, 'January')
    const action = await call(`${a.url}/api/boards/${first.id}/actions`, 'POST', first.auth('participant'), {
      what: 'Fit a ramp',
      who: 'Jo',
      due: '2027-03-01',
    })
    const id = action.body.action.id as string
    // The follow-on is made on server B; its page and feed are read there too.
    const follow = await call(`${b.url}/api/boards/${first.id}/follow-on`, 'POST', first.auth('facilitator'), {
      seriesName: 'Carers forum',
    })
    expect(follow.status).toBe(201)
    const second = follow.body
    const secondKey = (role: string) => new URL(second.links[role]).hash.replace('#key=', '')
    const page = { authorization: `Bearer ${new URL(second.series.links.page).hash.replace('#key=', '')}` }

    // Someone on server B has the second session open; its carried list is live there.
    const watcher = connectClient(b.wsUrl, second.id, { key: secondKey('view') })
    cleanups.push(() => watcher.destroy())
    await watcher.synced()
    await waitFor(() => readCarriedActions(watcher.doc)[0]?.id === id)

    const statusOf = async () => {
      const summary = await call(`${b.url}/api/series/${second.series.id}`, 'GET', page)
      return summary.body.sessions[0].actions[0].status as string
    }
    expect(await statusOf()).toBe('proposed')

    // A facilitator of the second session, connected to server A, moves the carried action on.
    const moved = await call(
      `${a.url}/api/boards/${second.id}/actions/${id}/status`,
      'PUT',
      {
        authorization: `Bearer ${secondKey('facilitator')}`,
      },
      { status: 'in-progress' },
    )
    expect(moved.status).toBe(200)
    await waitFor(async () => (await statusOf()) === 'in-progress', 10_000, 'the series page on B shows the change')
    await waitFor(() => readCarriedActions(watcher.doc)[0]?.status === 'in-progress', 10_000)

    // Done on server A with a note: server B's calendar feed says so.
    await call(`${a.url}/api/boards/${first.id}/actions/${id}/done`, 'POST', first.auth('participant'), {
      note: 'Fitted in March',
    })
    await waitFor(async () => {
      const feed = await fetch(second.series.links.feed.replace(a.url, b.url))
      const calendar = new ICAL.Component(ICAL.parse(await feed.text()))
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!)
      return event.description.includes('What happened: Fitted in March')
    }, 10_000)
    await waitFor(() => readCarriedActions(watcher.doc)[0]?.outcome?.note === 'Fitted in March', 10_000)
  })
})
