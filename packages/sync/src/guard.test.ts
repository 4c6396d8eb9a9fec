import {
  addIdea,
  CLIENT_WRITABLE_ROOTS,
  getLedgerMap,
  initBoardDoc,
  newPageRecord,
  putRecord,
  readRecord,
  updateIdea,
  writeRound,
  writeSession,
  type PublishedRound,
} from '@roundtable/board'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkClientUpdate, type WriteRules } from './guard'

const open: WriteRules = { allowedRoots: CLIENT_WRITABLE_ROOTS, lockedPages: new Set(), anonymous: false }

const round: PublishedRound = {
  id: 'round1', pageId: 'page:x', status: 'open', dotsPerPerson: 3, maxPerIdea: null, hidden: true, revealed: false,
  startedAt: 1, endsAt: null, closedAt: null, voters: 0, abstained: 0, dotsCast: 0, tallies: null,
}

/** A server doc with one idea and server-owned state, and a client replica of it. */
function setup() {
  const server = new Y.Doc()
  const { pageId } = initBoardDoc(server, { title: 'T', createdAt: 1 })
  const ideaId = addIdea(server, { text: 'Ramp' })
  server.transact(() => {
    writeRound(server, round)
    writeSession(server, 'settings', { anonymous: false, lockedPages: [] })
  })
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  /** Run a change on the client and return the update it produced. */
  const change = (fn: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client)
    fn(client)
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, client, change, pageId, ideaId }
}

describe('checking a client update before it is applied', () => {
  it('allows ordinary board changes: move, recolour, typing, new ideas, actions', () => {
    const { server, change, ideaId } = setup()
    const updates = [
      change((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 400 })),
      change((d) => updateIdea(d, ideaId, { colour: 'green' })),
      change((d) => updateIdea(d, ideaId, { text: 'Ramp and rail' })),
      change((d) => addIdea(d, { text: 'New' })),
      change((d) => d.getMap('actions').set('action:1', new Y.Map())),
    ]
    for (const update of updates) {
      expect(checkClientUpdate(server, update, open)).toMatchObject({ ok: true })
      Y.applyUpdate(server, update)
    }
  })

  it('refuses writes into server-owned roots, new or existing, including overwrites and deletes', () => {
    const attempts: ((d: Y.Doc) => void)[] = [
      (d) => d.getMap('ledger').set('forged', 1),
      (d) => (getLedgerMap(d).get('rounds') as Y.Map<unknown>).set('round1', { ...round, tallies: { x: 99 } }),
      (d) => (getLedgerMap(d).get('rounds') as Y.Map<unknown>).delete('round1'),
      (d) => d.getMap('session').set('settings', { anonymous: true, lockedPages: [] }),
      (d) => d.getMap('somewhere-else').set('x', 1),
    ]
    for (const attempt of attempts) {
      const { server, change } = setup()
      expect(checkClientUpdate(server, change(attempt), open)).toMatchObject({ ok: false, reason: expect.stringMatching(/only be changed by the server/) })
    }
  })

  it('refuses changes on a locked page, and moving a note onto one, but allows other pages', () => {
    const { server, client, pageId, ideaId } = setup()
    const other = 'page:other'
    server.transact(() => putRecord(server, newPageRecord(other, 'Board 2', 'a2')))
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    const rules = { ...open, lockedPages: new Set([pageId]) }
    // Each refused update would close its connection, so every attempt here starts from the same clean client.
    const fresh = () => {
      const c = new Y.Doc()
      Y.applyUpdate(c, Y.encodeStateAsUpdate(server))
      return (fn: (doc: Y.Doc) => void) => {
        const before = Y.encodeStateVector(c)
        fn(c)
        return Y.encodeStateAsUpdate(c, before)
      }
    }
    expect(checkClientUpdate(server, fresh()((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 1 })), rules)).toMatchObject({ ok: false, reason: 'this board is locked' })
    expect(checkClientUpdate(server, fresh()((d) => addIdea(d, { text: 'sneak', pageId })), rules)).toMatchObject({ ok: false })
    expect(checkClientUpdate(server, fresh()((d) => addIdea(d, { text: 'fine', pageId: other })), rules)).toMatchObject({ ok: true })
    const onOther = setup()
    onOther.server.transact(() => putRecord(onOther.server, newPageRecord(other, 'Board 2', 'a2')))
    Y.applyUpdate(onOther.client, Y.encodeStateAsUpdate(onOther.server, Y.encodeStateVector(onOther.client)))
    const lockedOther = { ...open, lockedPages: new Set([other]) }
    const moveIn = onOther.change((d) => putRecord(d, { ...readRecord(d, onOther.ideaId)!, parentId: other }))
    expect(checkClientUpdate(onOther.server, moveIn, lockedOther)).toMatchObject({ ok: false, reason: 'this board is locked' })
  })

  it('lets a client sync after a lock even though its history holds old deletions on that page', () => {
    const { server, client, change, pageId, ideaId } = setup()
    const moved = change((d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 300 }))
    Y.applyUpdate(server, moved)
    const rules = { ...open, lockedPages: new Set([pageId]) }
    // What the client sends on reconnecting (sync step 2) carries its whole delete set, including that old move.
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))
    expect(checkClientUpdate(server, step2, rules)).toMatchObject({ ok: true })
  })

  it('counts the whole items an update deletes (to keep a version before a bulk delete)', () => {
    const { server, change, ideaId } = setup()
    const more = [addIdea(server, { text: 'b' }), addIdea(server, { text: 'c' })]
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(fresh)
    fresh.transact(() => {
      for (const id of [ideaId, ...more]) fresh.getMap('records').delete(id)
    })
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(fresh, before), open)).toMatchObject({ ok: true, deletedRecords: 3, createdRecords: [] })
    let added = ''
    const verdict = checkClientUpdate(server, change((d) => (added = addIdea(d, { text: 'x' }))), open)
    expect(verdict).toMatchObject({ ok: true, deletedRecords: 0, createdRecords: [added] })
  })

  it('refuses author fields in an anonymous session', () => {
    const { server, change, ideaId } = setup()
    const anonymous = { ...open, anonymous: true }
    const withAuthor = change((d) => putRecord(d, { ...readRecord(d, ideaId)!, meta: { author: 'Amina' } }))
    expect(checkClientUpdate(server, withAuthor, anonymous)).toMatchObject({ ok: false, reason: expect.stringMatching(/anonymous/) })
    const lastEditor = change((d) => {
      const r = readRecord(d, ideaId)!
      putRecord(d, { ...r, props: { ...(r.props as object), textLastEditedBy: 'user:1' } })
    })
    expect(checkClientUpdate(server, lastEditor, anonymous)).toMatchObject({ ok: false })
    expect(checkClientUpdate(server, withAuthor, open)).toMatchObject({ ok: true })
  })

  it('refuses updates that depend on changes the server does not have, and deletes of unknown things', () => {
    const { server, change } = setup()
    change((d) => d.getMap('records').set('x', 1))
    // The second change depends on the first, which the server never received.
    const dependent = change((d) => d.getMap('records').set('x', 2))
    expect(checkClientUpdate(server, dependent, open)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not have/) })
    // A delete aimed at the server's own future items.
    const futureDelete = craftDelete(server.clientID, Y.getState(server.store, server.clientID) + 5)
    expect(checkClientUpdate(server, futureDelete, open)).toMatchObject({ ok: false })
  })
})

/** An update with no insertions that deletes one id. */
function craftDelete(clientId: number, clock: number): Uint8Array {
  const a = new Y.Doc()
  a.clientID = clientId
  const text = a.getText('t')
  text.insert(0, 'x'.repeat(clock + 1))
  const before = Y.encodeStateVector(a)
  text.delete(clock, 1)
  const update = Y.encodeStateAsUpdate(a, before)
  return update
}
