import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import type { CursorsResult } from '../src/load/cursors'
import type { FanoutResult } from '../src/load/fanout'
import { marker, scanMarkers } from '../src/load/markers'
import { startLoad, targetOf } from '../src/loadProcess'
import { startServer } from '../src/servers'

describe('edit stamps', () => {
  it('are found in merged Yjs updates, once each', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.getMap('records').set('a', { bench: marker(1, 1, 10.5) })
    doc.getMap('records').set('b', { bench: marker(2, 7, 11.25) })
    const found: [number, number, number][] = []
    scanMarkers(Buffer.from(Y.mergeUpdates(updates)), 0, (w, s, t) => found.push([w, s, t]))
    expect(found.sort()).toEqual([
      [1, 1, 10.5],
      [2, 7, 11.25],
    ])
  })
})

describe('the harness, end to end', () => {
  for (const kind of ['roundtable', 'relay'] as const) {
    it(`counts every delivery of a tiny fan-out against ${kind}`, async () => {
      const server = await startServer(kind)
      const load = startLoad()
      try {
        const result = await load.call<FanoutResult>('fanout', targetOf(server), {
          clients: 5,
          writers: 2,
          ratePerWriter: 10,
          durationMs: 1000,
          warmupMs: 0,
          joinConcurrency: 5,
        })
        expect(result.joinFailures).toBe(0)
        expect(result.sent).toBe(20)
        expect(result.deliveries.expected).toBe(20 * 4)
        expect(result.deliveries.received).toBe(result.deliveries.expected)
        expect(result.deliveries.duplicates).toBe(0)
        expect(result.deliveries.completeEdits).toBe(20)
      } finally {
        await load.stop()
        await server.stop()
      }
    })
  }
})

describe('the cursors harness, end to end', () => {
  for (const kind of ['roundtable', 'y-websocket-server', 'hocuspocus', 'relay'] as const) {
    it(`counts every cursor move and edit of a tiny board against ${kind}`, async () => {
      const server = await startServer(kind)
      const load = startLoad()
      try {
        const result = await load.call<CursorsResult>('cursors', targetOf(server), {
          clients: 6,
          editors: 2,
          cursorRate: 10,
          editRate: 5,
          durationMs: 1000,
          warmupMs: 0,
          joinConcurrency: 6,
        })
        expect(result.joinFailures).toBe(0)
        // 6 people × 10 moves, each to be seen by the 5 others.
        expect(result.cursors.moves).toBe(60)
        expect(result.cursors.expected).toBe(60 * 5)
        expect(result.cursors.received).toBe(result.cursors.expected)
        expect(result.cursors.perDelivery.count).toBe(300)
        // 2 editors × 5 edits, each to be seen by the 5 others.
        expect(result.edits.expected).toBe(10 * 5)
        expect(result.edits.received).toBe(result.edits.expected)
      } finally {
        await load.stop()
        await server.stop()
      }
    })
  }
})
