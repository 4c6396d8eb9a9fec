import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket, { WebSocketServer } from 'ws'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { sendOwnPresenceOnly } from './core'

const MESSAGE_AWARENESS = 1

/** The client ids in each awareness frame a server received. */
function awarenessIds(frames: Uint8Array[]): number[][] {
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return []
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
    const ids: number[] = []
    for (let n = decoding.readVarUint(update); n > 0; n--) {
      ids.push(decoding.readVarUint(update))
      decoding.readVarUint(update)
      decoding.readVarString(update)
    }
    return [ids]
  })
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(check()).toBe(true)
}

let close: () => void = () => {}
afterEach(() => close())

describe('sendOwnPresenceOnly', () => {
  it("sends this page's own presence and never echoes other people's back to the server", async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => wss.once('listening', resolve))
    const frames: Uint8Array[] = []
    const sockets: WebSocket[] = []
    wss.on('connection', (socket) => {
      sockets.push(socket)
      socket.on('message', (data) => frames.push(new Uint8Array(data as Buffer)))
    })
    const port = (wss.address() as { port: number }).port
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'board', doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    sendOwnPresenceOnly(provider)
    close = () => {
      provider.destroy()
      doc.destroy()
      wss.close()
    }
    await until(() => sockets.length === 1 && provider.wsconnected)

    // Someone else's cursor, relayed by the server: the page applies it and shows it…
    const other = new Awareness(new Y.Doc())
    other.setLocalState({ presence: { cursor: { x: 1, y: 2 } } })
    const relay = encoding.createEncoder()
    encoding.writeVarUint(relay, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(relay, encodeAwarenessUpdate(other, [other.clientID]))
    sockets[0]!.send(encoding.toUint8Array(relay))
    await until(() => provider.awareness.getStates().has(other.clientID))

    // …and its own cursor goes out.
    provider.awareness.setLocalStateField('presence', { cursor: { x: 5, y: 6 } })
    await until(() => awarenessIds(frames).some((ids) => ids.includes(provider.awareness.clientID)))

    const sent = awarenessIds(frames)
    expect(sent.flat()).not.toContain(other.clientID)
    expect(sent.every((ids) => ids.every((id) => id === provider.awareness.clientID))).toBe(true)
    other.destroy()
  })
})
