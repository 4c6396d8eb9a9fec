import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
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
