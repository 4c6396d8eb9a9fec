import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import {
  decodeMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from './protocol'

describe('y-websocket framing', () => {
  it('decodes what it encodes', () => {
    const payload = new Uint8Array([1, 2, 3])
    expect(decodeMessage(encodeSyncStep1(payload))).toEqual({ kind: 'sync-step1', stateVector: payload })
    expect(decodeMessage(encodeSyncStep2(payload))).toEqual({ kind: 'update', update: payload })
    expect(decodeMessage(encodeUpdate(payload))).toEqual({ kind: 'update', update: payload })
    expect(decodeMessage(encodeAwareness(payload))).toEqual({ kind: 'awareness', update: payload })
    expect(decodeMessage(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' })
  })

  it('frames a payload of any size exactly as the y-websocket encoder does', () => {
    for (const size of [0, 127, 128, 300_000]) {
      const payload = new Uint8Array(size).map((_, i) => i % 251)
      const reference = encoding.createEncoder()
      encoding.writeVarUint(reference, 0)
      encoding.writeVarUint(reference, 1)
      encoding.writeVarUint8Array(reference, payload)
      // Compared as buffers: element by element, a large array takes the matcher seconds.
      expect(Buffer.compare(encodeSyncStep2(payload), encoding.toUint8Array(reference))).toBe(0)
    }
  })

  it('refuses empty, truncated, oversized-length and unknown frames with a ProtocolError', () => {
    const hugeLength = encoding.createEncoder()
    encoding.writeVarUint(hugeLength, 0)
    encoding.writeVarUint(hugeLength, 2)
    encoding.writeVarUint(hugeLength, 2 ** 31)
    const cases = [
      new Uint8Array([]),
      new Uint8Array([0]),
      new Uint8Array([0, 2, 10, 1]),
      encoding.toUint8Array(hugeLength),
      new Uint8Array([0, 7, 0]),
      new Uint8Array([9]),
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ]
    for (const frame of cases) expect(() => decodeMessage(frame)).toThrow(ProtocolError)
  })
})
