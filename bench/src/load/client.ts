import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { scanMarkers } from './markers'
import type { WireProtocol } from './protocol'

/** Origin given to updates that came from the server, so they are not sent back. */
const REMOTE = Symbol('remote')
const EMPTY_STATE_VECTOR = new Uint8Array([0])
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

export interface ClientOptions {
  protocol: WireProtocol
  /** `ws://127.0.0.1:<port>` */
  base: string
  boardId: string
  /**
   * A full client keeps a Y.Doc (it can edit, and it applies what it receives), as a browser tab does. A light
   * client keeps no document: it answers the handshake as an empty client would and only scans updates for
   * markers. Receivers are light so that hundreds of them fit in one load process.
   */
  full: boolean
  /**
   * Full clients only: apply live updates from others (default true). Writers that only move their own notes
   * set it to false: they still apply the initial state, but merely scan later updates, so that at high rates the
   * load process measures the server rather than its own Yjs work.
   */
  applyRemote?: boolean
  /** This client's writer number, so that it ignores its own edits coming back. -1 for receivers. */
  writer?: number
  /** Called for every marker found in a live update from someone else. */
  onMarker?: (writer: number, seq: number, sentAt: number, receivedAt: number) => void
  /** Called with every presence (awareness) frame, raw, and where its awareness update starts. */
  onAwareness?: (frame: Buffer, offset: number, receivedAt: number) => void
}

/**
 * One simulated person on a board, speaking whichever wire protocol the server needs. `synced` resolves once
 * the server's answer to the opening sync step 1 arrived (the relay: once the socket is open).
 */
export class BenchClient {
  doc: Y.Doc | null
  readonly ws: WebSocket
  readonly synced: Promise<void>
  readonly closed: Promise<void>
  /** Close code, when the server closed the socket. */
  closeCode: number | null = null
  /** Bytes received (frames' payloads). */
  bytesIn = 0
  private readonly options: ClientOptions
  private readonly writer: number
  private step2Waiters: (() => void)[] = []

  constructor(options: ClientOptions) {
    this.options = options
    this.writer = options.writer ?? -1
    this.doc = options.full ? new Y.Doc() : null
    const { protocol, boardId } = options
    this.ws = new WebSocket(protocol.url(options.base, boardId), { perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    let resolveSynced!: () => void
    let rejectSynced!: (error: Error) => void
    this.synced = new Promise<void>((resolve, reject) => {
      resolveSynced = resolve
      rejectSynced = reject
    })
    this.synced.catch(() => undefined)
    this.closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()))

    this.ws.on('open', () => {
      const sv = this.doc ? Y.encodeStateVector(this.doc) : EMPTY_STATE_VECTOR
      for (const frame of protocol.opening(boardId, sv)) this.ws.send(frame)
      if (!protocol.hasState) resolveSynced()
      else this.step2Waiters.push(resolveSynced)
    })
    this.ws.on('error', (error) => rejectSynced(error))
    this.ws.on('close', (code) => {
      this.closeCode = code
      rejectSynced(new Error(`socket closed (${code}) before the first sync`))
    })
    this.ws.on('message', (data: Buffer) => this.receive(data))

    if (this.doc) {
      this.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.send(protocol.update(boardId, update))
      })
    }
  }

  /** Send a frame if the socket is open. */
  send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
  }

  /**
   * Ask the server what this client lacks, given a state vector, and resolve when the answer arrives. Servers
   * handle one connection's frames in order, so the answer also means every frame sent before was handled.
   */
  requestSync(stateVector: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      this.step2Waiters.push(resolve)
      this.send(this.options.protocol.step1(this.options.boardId, stateVector))
    })
  }

  /** Drop the document (the client stays connected as a light client), freeing the load process's memory. */
  releaseDocument(): void {
    this.doc?.destroy()
    this.doc = null
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000)
    this.doc?.destroy()
    return this.closed
  }

  private receive(data: Buffer): void {
    const receivedAt = performance.now()
    this.bytesIn += data.byteLength
    const { protocol, boardId } = this.options
    const message = protocol.classify(data)
    switch (message.kind) {
      case 'update':
        if (this.options.onMarker) {
          scanMarkers(data, message.offset, (writer, seq, sentAt) => {
            if (writer !== this.writer) this.options.onMarker!(writer, seq, sentAt, receivedAt)
          })
        }
        if (this.doc && this.options.applyRemote !== false) Y.applyUpdate(this.doc, message.update, REMOTE)
        return
      case 'awareness':
        this.options.onAwareness?.(data, message.offset, receivedAt)
        return
      case 'step1': {
        const answer = this.doc ? Y.encodeStateAsUpdate(this.doc, message.stateVector) : EMPTY_UPDATE
        this.send(protocol.step2(boardId, answer))
        return
      }
      case 'step2':
        if (this.doc) Y.applyUpdate(this.doc, message.update, REMOTE)
        this.step2Waiters.shift()?.()
        return
      case 'other':
        return
    }
  }
}

/** Open clients with at most `concurrency` handshakes in flight; resolves once every one is synced. */
export async function connectAll<T extends BenchClient>(
  count: number,
  make: (index: number) => T,
  concurrency = 50,
): Promise<{ clients: T[]; joinMs: number[] }> {
  const clients: T[] = new Array(count)
  const joinMs: number[] = new Array(count)
  let next = 0
  const lane = async () => {
    while (next < count) {
      const index = next++
      const started = performance.now()
      const client = make(index)
      clients[index] = client
      await client.synced
      joinMs[index] = performance.now() - started
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return { clients, joinMs }
}
