import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { Awareness } from 'y-protocols/awareness'
import { getBoardTitle, getMetaMap, isFatalCloseCode } from '@roundtable/board'
import { exchangeKey, getBoard, type BoardInfo } from '../lib/api'
import { dropFragment, keyFromFragment } from '../lib/routing'
import { stopForApiError, stopForClose, type Stop } from './closes'
import { syncServerUrl } from './url'

/**
 * One client connection to a board, shared by the three pages that open one (the board page, the phone page and
 * the shared screen): the Y.Doc, the y-websocket provider, getting in over HTTP, what happens when the server
 * closes the socket for good, what the network is doing, and the session's name. Everything the room shares
 * (results, the timer, the name) lives in the doc, so each page reads it the same way from here.
 */

/** How one page connects. */
export interface ConnectionOptions {
  /** A key sent as `?key=` on the socket, for a page that never exchanges its key for a cookie (the shared screen). */
  socketKey?: string | null
  /** Keep this tab's changes off the BroadcastChannel other tabs listen on (pages that only watch). */
  disableBc?: boolean
  /** Keep presence under a client id of its own, never the one this page writes the document with (see
   * `separatePresence`): for pages that write ideas straight into the doc (the board page). */
  separatePresence?: boolean
}

/** An open connection. Nothing is sent until `provider.connect()` (after getting in). */
export interface Connection {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** Run `fn` on `dispose`, in the order added. */
  onDispose(fn: () => void): void
  /** True once `dispose` ran. */
  readonly disposed: boolean
  /** Stop listening, close the socket and free the doc. */
  dispose(): void
}

/** Open the doc and a provider for a board, not yet connected. */
export function openConnection(boardId: string, options: ConnectionOptions = {}): Connection {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, {
    // A key is exchanged (or checked) first; only then may the socket open.
    connect: false,
    // The permanent band (BoardNotFound, Unauthorized, Forbidden, ChangeRefused…): retrying cannot help.
    shouldReconnect: (event) => !isFatalCloseCode(event.code),
    ...(options.socketKey ? { params: { key: options.socketKey } } : {}),
    ...(options.disableBc ? { disableBc: true } : {}),
    ...(options.separatePresence ? { awareness: separatePresence(doc) } : {}),
  })
  sendOwnPresenceOnly(provider)
  const cleanups: Array<() => void> = []
  let disposed = false
  return {
    boardId,
    doc,
    provider,
    onDispose: (fn) => void cleanups.push(fn),
    get disposed() {
      return disposed
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const fn of cleanups.splice(0)) fn()
      provider.destroy()
      if (provider.awareness.doc !== doc) provider.awareness.doc.destroy()
      doc.destroy()
    },
  }
}

/** The changed client ids of an awareness update, as y-protocols reports them. */
interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * The stock provider sends every awareness change it applies, other people's included (yjs/yjs#732): on a board
 * of 150 people each browser would send everyone's cursors back to the server, tens of frames a second of a
 * whole room's presence. Only this page's own entry goes out; the server relays everyone's.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
  const awareness = provider.awareness
  const stock = provider._awarenessUpdateHandler
  const own = (changes: AwarenessChanges, origin: unknown) => {
    const mine = (ids: number[]) => ids.filter((id) => id === awareness.clientID)
    const only = { added: mine(changes.added), updated: mine(changes.updated), removed: mine(changes.removed) }
    if (only.added.length + only.updated.length + only.removed.length > 0) stock(only, origin)
  }
  awareness.off('update', stock)
  awareness.on('update', own)
  // destroy() removes the handler it finds here.
  provider._awarenessUpdateHandler = own
}

/**
 * An Awareness with a client id of its own, never the one the document's changes are written with: nobody can
 * tell whose pointer wrote which idea from the ids (it matters in anonymous sessions; it costs nothing elsewhere).
 */
export function separatePresence(doc: Y.Doc): Awareness {
  const awareness = new Awareness(new Y.Doc())
  // y-websocket 3.1 announces the entry of `doc.clientID` on connecting and leaving, and throws without a clock
  // for it. Its state stays empty, so that is a null entry, which the server drops.
  awareness.meta.set(doc.clientID, { clock: 0, lastUpdated: Date.now() })
  return awareness
}

/**
 * Call `onStop` when the server closes the socket for good (a permanent close code), after stopping the provider
 * from trying again. Branches on the close code's name only; `event.reason` is passed on for the one case that
 * needs the detail (which change was refused).
 */
export function whenStopped(connection: Connection, onStop: (stop: Stop, event: CloseEvent) => void): void {
  const { provider } = connection
  const onClose = (event: CloseEvent | null): void => {
    if (!event) return
    const stop = stopForClose(event.code)
    if (!stop) return
    provider.disconnect()
    onStop(stop, event)
  }
  provider.on('connection-close', onClose)
  connection.onDispose(() => provider.off('connection-close', onClose))
}

/**
 * Call `onChange` whenever the connection may have changed: the socket's status, the first sync, the browser
 * going on- or offline. A lost network is known long before a silent socket times out (30 s in y-websocket), so the
 * socket is dropped at once and the page can say "offline"; the provider reconnects as soon as the network is back.
 * Nothing is lost either way: on reconnect both sides exchange what the other lacks.
 */
export function followNetwork(
  connection: Connection,
  onChange: (event: { connected?: boolean; synced?: boolean }) => void,
): void {
  const { provider } = connection
  const onStatus = ({ status }: { status: string }): void => onChange({ connected: status === 'connected' })
  const onSync = (synced: boolean): void => onChange({ synced })
  const onOffline = (): void => {
    provider.ws?.close()
    onChange({})
  }
  const onOnline = (): void => {
    if (provider.shouldConnect && provider.ws === null) provider.connect()
    onChange({})
  }
  provider.on('status', onStatus)
  provider.on('sync', onSync)
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onOffline)
  connection.onDispose(() => {
    provider.off('status', onStatus)
    provider.off('sync', onSync)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
  })
}

/** Call `onTitle` with the session's name whenever a facilitator renames it (never with an empty one). */
export function followTitle(connection: Connection, onTitle: (title: string) => void): void {
  const meta = getMetaMap(connection.doc)
  const onMeta = (): void => {
    const title = getBoardTitle(connection.doc)
    if (title) onTitle(title)
  }
  meta.observe(onMeta)
  connection.onDispose(() => meta.unobserve(onMeta))
}

/** How a page proves who it is on the way in. */
export type Credentials =
  /** The link's key in the address (`#key=`), exchanged for the board's cookie, then dropped from the address bar. */
  | { kind: 'link' }
  /** A key sent with every request and never turned into a cookie (the shared screen); null for none. */
  | { kind: 'bearer'; key: string | null }

/** What came of a try to get in. */
export type GetInResult =
  | { ok: true; info: BoardInfo }
  | { ok: false; stop: Exclude<Stop, 'refused'> | null; error: unknown }

/**
 * Get in over HTTP: exchange or present the key, then ask what this board is and what this person may do there.
 * `stop` says when trying again cannot help (no such board, no access); null means offline or a passing failure.
 * With `{ kind: 'link' }` the key is dropped from the address bar only once exchanged, so a phone that scanned the
 * code while the Wi-Fi was down keeps it and can try again.
 */
export async function getIn(boardId: string, credentials: Credentials): Promise<GetInResult> {
  try {
    if (credentials.kind === 'link') {
      const key = keyFromFragment()
      if (key) await exchangeKey(boardId, key)
      dropFragment()
      return { ok: true, info: await getBoard(boardId) }
    }
    return { ok: true, info: await getBoard(boardId, credentials.key) }
  } catch (error) {
    return { ok: false, stop: stopForApiError(error), error }
  }
}
