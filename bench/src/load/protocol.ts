import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** The servers a run can measure. */
export const SERVER_KINDS = ['roundtable', 'y-websocket-server', 'hocuspocus', 'relay'] as const
export type ServerKind = (typeof SERVER_KINDS)[number]

/** An inbound frame decoded just far enough for a load client to act on it. */
export type Inbound =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  /** A live update; `offset` is where the update bytes start inside the frame (markers are scanned from there). */
  | { kind: 'update'; update: Uint8Array; offset: number }
  /** A presence (awareness) frame; `offset` is where the awareness update starts (its length prefix first). */
  | { kind: 'awareness'; offset: number }
  | { kind: 'other' }

/**
 * What a load client needs to know to talk to one kind of server. Roundtable and y-websocket-server speak the
 * plain y-websocket protocol; Hocuspocus prefixes every frame with the document name and wants an auth message
 * first; the relay has no protocol at all and just forwards the frames writers send.
 */
export interface WireProtocol {
  /** Whether the server keeps document state (and so answers a sync handshake). */
  readonly hasState: boolean
  /** WebSocket URL for a board, given the server's base `ws://host:port`. */
  url(base: string, boardId: string): string
  /** Frames to send as soon as the socket opens. */
  opening(boardId: string, stateVector: Uint8Array): Uint8Array[]
  /** Sync step 1 ("here is what I have"). */
  step1(boardId: string, stateVector: Uint8Array): Uint8Array
  /** Sync step 2 ("here is what you lack"), the answer to the server's step 1. */
  step2(boardId: string, update: Uint8Array): Uint8Array
  /** A live document update. */
  update(boardId: string, update: Uint8Array): Uint8Array
  /** A presence (y-protocols awareness) update, framed as the server's own client library frames it. */
  awareness(boardId: string, update: Uint8Array): Uint8Array
  classify(frame: Uint8Array): Inbound
}

const SYNC = 0
const AWARENESS = 1
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

function syncFrame(prefix: string | null, type: number, step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  if (prefix !== null) encoding.writeVarString(encoder, prefix)
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/**
 * y-websocket's `messageAwareness` (1) followed by the length-prefixed awareness update, as y-websocket's provider
 * sends it; Hocuspocus's provider (AwarenessMessage) writes the document name first and then the same.
 */
function awarenessFrame(prefix: string | null, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  if (prefix !== null) encoding.writeVarString(encoder, prefix)
  encoding.writeVarUint(encoder, AWARENESS)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

function classifySync(decoder: decoding.Decoder, frame: Uint8Array): Inbound {
  const step = decoding.readVarUint(decoder)
  if (step === STEP1) return { kind: 'step1', stateVector: decoding.readVarUint8Array(decoder) }
  if (step === STEP2) return { kind: 'step2', update: decoding.readVarUint8Array(decoder) }
  if (step === UPDATE) {
    const update = decoding.readVarUint8Array(decoder)
    return { kind: 'update', update, offset: frame.byteLength - update.byteLength }
  }
  return { kind: 'other' }
}

/** The stock y-websocket protocol (message type, then sync step, then a length-prefixed payload). */
function yWebsocket(path: (boardId: string) => string): WireProtocol {
  return {
    hasState: true,
    url: (base, boardId) => `${base}${path(boardId)}`,
    opening: (_boardId, sv) => [syncFrame(null, SYNC, STEP1, sv)],
    step1: (_boardId, sv) => syncFrame(null, SYNC, STEP1, sv),
    step2: (_boardId, update) => syncFrame(null, SYNC, STEP2, update),
    update: (_boardId, update) => syncFrame(null, SYNC, UPDATE, update),
    awareness: (_boardId, update) => awarenessFrame(null, update),
    classify(frame) {
      const decoder = decoding.createDecoder(frame)
      const type = decoding.readVarUint(decoder)
      if (type === AWARENESS) return { kind: 'awareness', offset: decoder.pos }
      if (type !== SYNC) return { kind: 'other' }
      return classifySync(decoder, frame)
    },
  }
}

/**
 * Hocuspocus framing, read from @hocuspocus/server 4 (ClientConnection, MessageReceiver, OutgoingMessage) and
 * @hocuspocus/provider 4 (AuthenticationMessage, onOpen → sendToken → startSync):
 * every frame starts with varString(documentName); the first frame must be
 * `Auth(2) · Token(0) · varString(token) · varString(providerVersion)`; sync frames are `Sync(0)` or
 * `SyncReply(4)` followed by the y-protocols sync message; the server acks each applied update with `SyncStatus(8)`.
 * Presence is `Awareness(1)` followed by the length-prefixed y-protocols awareness update, both ways (server:
 * OutgoingMessage.createAwarenessUpdateMessage; it re-encodes each inbound update through a scratch Awareness,
 * then relays the changed states to every connection, the sender included, once per event loop turn).
 */
const HP_AUTH = 2
const HP_AUTH_TOKEN = 0
const HP_SYNC_REPLY = 4
const HP_PROVIDER_VERSION = '4.7.0'

const hocuspocus: WireProtocol = {
  hasState: true,
  url: (base) => `${base}/`,
  opening(boardId, sv) {
    const auth = encoding.createEncoder()
    encoding.writeVarString(auth, boardId)
    encoding.writeVarUint(auth, HP_AUTH)
    encoding.writeVarUint(auth, HP_AUTH_TOKEN)
    encoding.writeVarString(auth, '')
    encoding.writeVarString(auth, HP_PROVIDER_VERSION)
    return [encoding.toUint8Array(auth), syncFrame(boardId, SYNC, STEP1, sv)]
  },
  step1: (boardId, sv) => syncFrame(boardId, SYNC, STEP1, sv),
  step2: (boardId, update) => syncFrame(boardId, SYNC, STEP2, update),
  update: (boardId, update) => syncFrame(boardId, SYNC, UPDATE, update),
  awareness: (boardId, update) => awarenessFrame(boardId, update),
  classify(frame) {
    const decoder = decoding.createDecoder(frame)
    decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    if (type === AWARENESS) return { kind: 'awareness', offset: decoder.pos }
    if (type !== SYNC && type !== HP_SYNC_REPLY) return { kind: 'other' }
    return classifySync(decoder, frame)
  },
}

/** The relay forwards whatever writers send; writers send y-websocket update frames. */
const relay: WireProtocol = {
  ...yWebsocket((boardId) => `/${boardId}`),
  hasState: false,
  opening: () => [],
}

/** The wire protocol for each kind of server. */
export const PROTOCOLS: Record<ServerKind, WireProtocol> = {
  roundtable: yWebsocket((boardId) => `/sync/${boardId}`),
  'y-websocket-server': yWebsocket((boardId) => `/${boardId}`),
  hocuspocus,
  relay,
}
