import {
  addAction,
  addIdea,
  addIncomingPhoto,
  CLIENT_WRITABLE_ROOTS,
  getActionsMap,
  getMetaMap,
  getRecordsMap,
  initBoardDoc,
  newPageRecord,
  newRecordId,
  putRecord,
  readRecord,
  updateAction,
  updateIdea,
  type BoardRecord,
} from '@roundtable/board'
import { createTLSchema } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import defaults from './fixtures/tldrawDefaultProps.json' with { type: 'json' }
import { checkClientUpdate, type WriteRules } from './guard'
import { checkValues } from './values'

const rules: WriteRules = { allowedRoots: CLIENT_WRITABLE_ROOTS, lockedPages: new Set(), anonymous: false, checkValues }

/** A server doc with one idea and one action, and a client replica of it. */
function setup() {
  const server = new Y.Doc()
  const { pageId } = initBoardDoc(server, { title: 'T', createdAt: Date.UTC(2026, 0, 1) })
  const ideaId = addIdea(server, { text: 'Ramp' })
  const actionId = addAction(server, { what: 'Fit a ramp', createdAt: Date.UTC(2026, 0, 2) })
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  /** Run a change on the client and return the update it produced. */
  const change = (fn: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client)
    client.transact(() => fn(client))
    return Y.encodeStateAsUpdate(client, before)
  }
  return { server, client, change, pageId, ideaId, actionId }
}

/** A shape record as tldraw makes it: its default props, the record fields tldraw's schema fills in. */
function shape(type: keyof typeof defaults.shapes, parentId: string, extra: Partial<BoardRecord> = {}): BoardRecord {
  const record = createTLSchema().types.shape.create({
    id: newRecordId('shape') as never,
    type,
    parentId: parentId as never,
    index: 'a5' as never,
    props: structuredClone(defaults.shapes[type]) as never,
  })
  return { ...(record as unknown as BoardRecord), ...extra }
}

function binding(fromId: string, toId: string): BoardRecord {
  const record = createTLSchema().types.binding.create({
    id: newRecordId('binding') as never,
    type: 'arrow',
    fromId: fromId as never,
    toId: toId as never,
    props: { ...defaults.bindings.arrow, terminal: 'end' } as never,
  })
  return record as unknown as BoardRecord
}

function imageAsset(): BoardRecord {
  return {
    id: newRecordId('asset'),
    typeName: 'asset',
    type: 'image',
    meta: {},
    props: {
      w: 40,
      h: 30,
      name: 'ramp.png',
      isAnimated: false,
      mimeType: 'image/png',
      src: 'data:image/png;base64,iVBORw0KGgo=',
      fileSize: 12,
    },
  }
}

const refused = { ok: false, reason: expect.stringMatching(/^change\.invalid: /) }

describe('values a client writes are checked, not just where they land', () => {
  it('passes honest tldraw writes: every default shape, frames, arrows and bindings, assets, pages, text and actions', () => {
    const { server, change, pageId, ideaId, actionId } = setup()
    const frame = shape('frame', pageId, { x: 400, props: { ...defaults.shapes.frame, name: 'Access' } })
    const arrow = shape('arrow', pageId)
    const asset = imageAsset()
    const writes: [string, (d: Y.Doc) => void][] = []
    for (const type of Object.keys(defaults.shapes) as (keyof typeof defaults.shapes)[]) {
      writes.push([`a ${type} shape`, (d) => putRecord(d, shape(type, pageId, { x: 10, y: -20 }))])
    }
    writes.push(
      ['a frame', (d) => putRecord(d, frame)],
      ['a note inside the frame', (d) => putRecord(d, shape('note', frame.id, { x: 20, y: 20 }))],
      [
        'an arrow and its binding',
        (d) => {
          putRecord(d, arrow)
          putRecord(d, binding(arrow.id, ideaId))
        },
      ],
      [
        'an image asset and its image',
        (d) => {
          putRecord(d, asset)
          putRecord(d, shape('image', pageId, { props: { ...defaults.shapes.image, assetId: asset.id } }))
        },
      ],
      [
        'a photo from a phone, as the server adds it (asset on this site, image shape in Incoming ideas)',
        (d) =>
          addIncomingPhoto(d, {
            boardId: 'B0ard1d0000',
            photoId: 'Ph0t0Id000000001',
            width: 1600,
            height: 1200,
            bytes: 300_000,
          }),
      ],
      ['a second page', (d) => putRecord(d, newPageRecord(newRecordId('page'), 'Board 2', 'a2'))],
      ['a move', (d) => putRecord(d, { ...readRecord(d, ideaId)!, x: 480.5, y: -33 })],
      ['a recolour', (d) => updateIdea(d, ideaId, { colour: 'green' })],
      ['typing', (d) => updateIdea(d, ideaId, { text: 'Ramp and rail\nat the door' })],
      ['a new idea', (d) => addIdea(d, { text: 'New' })],
      ['an action edit', (d) => updateAction(d, actionId, { what: 'Fit a ramp soon', who: 'Sam', due: '2026-03-01' })],
      ['a new action', (d) => addAction(d, { what: 'Call the council', createdAt: Date.UTC(2026, 0, 3) })],
      ['plain words', (d) => getMetaMap(d).set('plainWords', [{ term: 'co-production', plain: ['working together'] }])],
      [
        'taking turns',
        (d) =>
          getMetaMap(d).set('turns', {
            status: 'running',
            order: ['u1', 'u2'],
            index: 0,
            turn: 1,
            turnStartedAt: Date.UTC(2026, 0, 1),
            secondsPerTurn: null,
          }),
      ],
      ['the tldraw schema', (d) => getMetaMap(d).set('schema', createTLSchema().serialize())],
      ['a deleted record', (d) => getRecordsMap(d).delete(ideaId)],
    )
    for (const [name, write] of writes) {
      const update = change(write)
      const verdict = checkClientUpdate(server, update, rules)
      expect({ name, verdict }).toEqual({ name, verdict: expect.objectContaining({ ok: true }) })
      Y.applyUpdate(server, update)
    }
  })

  it('refuses each poisoned write from issue 12 and the like', () => {
    const deep: Record<string, unknown> = {}
    let cursor = deep
    // 100 levels: deeper than any record (the 5,000-deep case goes over a real socket in apps/server/test).
    for (let i = 0; i < 100; i++) cursor = (cursor.a = {}) as Record<string, unknown>
    const attempts: [string, (d: Y.Doc, ids: { pageId: string; ideaId: string; actionId: string }) => void][] = [
      ['action createdAt 1e20', (d, { actionId }) => getActionsMap(d).get(actionId)!.set('createdAt', 1e20)],
      ['meta.createdAt 1e300', (d) => getMetaMap(d).set('createdAt', 1e300)],
      [
        'a shape without index',
        (d, { pageId }) => {
          const { index: _index, ...rest } = shape('note', pageId)
          putRecord(d, rest as BoardRecord)
        },
      ],
      ['an index removed', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.delete('index')],
      ['JSON 100 deep in meta', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.set('meta', deep)],
      ['a Y.Map as a field value', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.set('x', new Y.Map())],
      ['a Y.Map inside meta', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.set('meta', new Y.Map())],
      ['a bad type', (d, { pageId }) => putRecord(d, { ...shape('note', pageId), type: 'evil' })],
      ['x = NaN', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.set('x', Number.NaN)],
      ['x = 1e300', (d, { ideaId }) => getRecordsMap(d).get(ideaId)!.set('x', 1e300)],
      [
        'a prop of the wrong kind',
        (d, { ideaId }) => (getRecordsMap(d).get(ideaId)!.get('props') as Y.Map<unknown>).set('color', 'plaid'),
      ],
      [
        'richText as JSON instead of text',
        (d, { ideaId }) =>
          (getRecordsMap(d).get(ideaId)!.get('props') as Y.Map<unknown>).set('richText', { type: 'doc' }),
      ],
      [
        'an embed inside text',
        (d, { ideaId }) =>
          ((getRecordsMap(d).get(ideaId)!.get('props') as Y.Map<unknown>).get('richText') as Y.Text).insertEmbed(0, {
            a: 1,
          }),
      ],
      ['a record that is not a map', (d) => getRecordsMap(d).set('shape:plain', 1 as never)],
      [
        'a session-only record kind',
        (d) => putRecord(d, { id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }),
      ],
      ['an action id with CRLF', (d) => getActionsMap(d).set('action:x\r\nATTENDEE:mailto:a@b.c', new Y.Map())],
      ['an action id too long', (d) => getActionsMap(d).set(`action:${'a'.repeat(100)}`, new Y.Map())],
      ['an action due that is no date', (d, { actionId }) => getActionsMap(d).get(actionId)!.set('due', 'tomorrow')],
      ['an unknown action field', (d, { actionId }) => getActionsMap(d).get(actionId)!.set('evil', 1)],
      ['action what as a plain string', (d, { actionId }) => getActionsMap(d).get(actionId)!.set('what', 'flat')],
      ['an unknown meta key', (d) => getMetaMap(d).set('whatever', 1)],
      ['a title of a megabyte', (d) => getMetaMap(d).set('title', 'x'.repeat(1_000_000))],
      ['a Y.Map in meta', (d) => getMetaMap(d).set('turns', new Y.Map())],
      ...(
        [
          'https://elsewhere.example/tracker.png',
          '//elsewhere.example/x.png',
          'http://127.0.0.1:8787/api/boards/B0ard1d0000/photos/Ph0t0Id000000001',
          '/api/boards/B0ard1d0000/export?format=csv',
          'asset:abc',
          'data:text/html;base64,PHNjcmlwdD4=',
        ] as const
      ).map((src): [string, (d: Y.Doc) => void] => [
        `an image asset pointing at ${src}`,
        (d) => putRecord(d, { ...imageAsset(), props: { ...(imageAsset().props as object), src } }),
      ]),
      [
        "a photo asset's address changed to another site",
        (d) => {
          const { assetId } = addIncomingPhoto(d, {
            boardId: 'B0ard1d0000',
            photoId: 'Ph0t0Id000000002',
            width: 10,
            height: 10,
            bytes: 100,
          })
          ;(getRecordsMap(d).get(assetId)!.get('props') as Y.Map<unknown>).set('src', 'https://elsewhere.example/x.jpg')
        },
      ],
      [
        'a bookmark whose picture is on another site',
        (d) =>
          putRecord(d, {
            id: newRecordId('asset'),
            typeName: 'asset',
            type: 'bookmark',
            meta: {},
            props: {
              src: 'https://example.org',
              title: '',
              description: '',
              image: 'https://elsewhere.example/p.png',
              favicon: '',
            },
          }),
      ],
      ['an unknown field named in emoji', (d, { actionId }) => getActionsMap(d).get(actionId)!.set('🦽'.repeat(60), 1)],
    ]
    for (const [name, attempt] of attempts) {
      const { server, change, pageId, ideaId, actionId } = setup()
      const verdict = checkClientUpdate(
        server,
        change((d) => attempt(d, { pageId, ideaId, actionId })),
        rules,
      )
      expect({ name, verdict }).toEqual({ name, verdict: refused })
      // The reason goes into a close frame after "change.refused: ": 123 bytes at most.
      if (!verdict.ok)
        expect(new TextEncoder().encode(`change.refused: ${verdict.reason}`).length).toBeLessThanOrEqual(123)
    }
  })

  it('a record stored before these rules can still be moved, but not made worse', () => {
    const { server, client, change, ideaId } = setup()
    // 20 levels deep: past MAX_JSON_DEPTH, as a server without value checks could have stored it.
    const legacy: Record<string, unknown> = {}
    let cursor = legacy
    for (let n = 0; n < 20; n++) cursor = (cursor.a = {}) as Record<string, unknown>
    server.transact(() => getRecordsMap(server).get(ideaId)!.set('meta', legacy))
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    expect(
      checkClientUpdate(
        server,
        change((d) => getRecordsMap(d).get(ideaId)!.set('x', 99)),
        rules,
      ),
    ).toMatchObject({ ok: true })
    expect(
      checkClientUpdate(
        server,
        change((d) => getRecordsMap(d).get(ideaId)!.set('y', Number.NaN)),
        rules,
      ),
    ).toEqual(refused)
  })

  it('costs the touched record, not the board: one move on a 2,000-shape board reads one record', () => {
    const { server, ideaId, pageId } = setup()
    const geo = shape('geo', pageId)
    server.transact(() => {
      for (let i = 0; i < 2_000; i++) putRecord(server, { ...geo, id: `shape:geo${i}`, x: i * 200 })
    })
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    client.transact(() => getRecordsMap(client).get(ideaId)!.set('x', 5))
    const update = Y.encodeStateAsUpdate(client, before)
    let reads = 0
    const records = getRecordsMap(server)
    const get = records.get.bind(records)
    records.get = (key: string) => {
      reads++
      return get(key)
    }
    expect(checkClientUpdate(server, update, rules)).toMatchObject({ ok: true })
    records.get = get
    expect(reads).toBeLessThanOrEqual(3)
  })
})
