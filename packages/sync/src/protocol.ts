import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The y-websocket wire protocol (the one a stock `WebsocketProvider` speaks). Every frame starts with a varint
 * message type; sync messages carry a second varint (step 1, step 2, update) and a length-prefixed payload.
 */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const

/** A frame decoded far enough to act on it. */
export type InboundMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }

/** Raised for any frame that does not follow the protocol. The connection that sent it is closed. */
export class ProtocolError extends Error {}

/** Decode one inbound frame. Throws ProtocolError on anything malformed or unknown. */
export function decodeMessage(data: Uint8Array): InboundMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.Sync) {
      const step = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (step === SyncStep.Step1) return { kind: 'sync-step1', stateVector: payload }
      if (step === SyncStep.Step2 || step === SyncStep.Update) return { kind: 'update', update: payload }
      throw new ProtocolError(`unknown sync step ${step}`)
    }
    if (type === MessageType.Awareness) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
    if (type === MessageType.QueryAwareness) return { kind: 'query-awareness' }
    throw new ProtocolError(`unknown message type ${type}`)
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError('truncated or malformed frame')
  }
}

/**
 * The header, then the payload copied once into a frame of exactly the right size (an encoder would copy a large
 * payload twice, through a buffer of its own: megabytes of garbage for every whole board sent).
 */
function frame(type: number, step: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  if (step !== null) encoding.writeVarUint(encoder, step)
  encoding.writeVarUint(encoder, payload.length)
  const header = encoding.toUint8Array(encoder)
  const out = new Uint8Array(header.length + payload.length)
  out.set(header)
  out.set(payload, header.length)
  return out
}

/** Sync step 1: "here is what I have" (a state vector). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, SyncStep.Step1, stateVector)
}

/** Sync step 2: "here is what you lack" (an update). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, SyncStep.Step2, update)
}

/** A live document update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, SyncStep.Update, update)
}

/** An awareness (presence) update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame(MessageType.Awareness, null, update)
}
