import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { removeAwarenessStates } from 'y-protocols/awareness'
import { closeCodeName, getBoardTitle, getMetaMap, getSessionMap, isFatalCloseCode, readSettings } from '@roundtable/board'
import { ApiError, exchangeKey, getBoard, type Role } from '../lib/api'
import { getIdentity, subscribeIdentity } from '../lib/identity'
import { dropFragment, keyFromFragment } from '../lib/routing'
import { visitUserId } from '../lib/visitUserId'

/**
 * One board, opened on a phone. No tldraw here: the phone reads the board's Y.Doc directly (ideas, the open vote,
 * actions) over the same y-websocket connection as everyone else, and changes things only through the HTTP API
 * (add an idea, put a dot, agree an action), so the server places and checks everything.
 *
 * The phone says who is here through awareness (`user` and `role`, no pointer), so the shared screen can count
 * the people in the room.
 */

/** Where the phone page is in opening the board. */
export type PhonePhase = 'opening' | 'ready' | 'not-found' | 'no-access'

/** How the connection is doing. */
export type PhoneConnection = 'connecting' | 'connected' | 'offline'

/** What the phone page shows; replaced, never mutated. */
export interface PhoneState {
  phase: PhonePhase
  connection: PhoneConnection
  /** True once the board's content has arrived at least once. */
  synced: boolean
  title: string
  role: Role | null
  anonymous: boolean
}

/** An open board on a phone. */
export interface PhoneSession {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  getState(): PhoneState
  subscribe(listener: () => void): () => void
  dispose(): void
}

/** The WebSocket address of the sync endpoint on this page's own server. */
function syncUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/sync`
}

/** Seconds between tries to reach the server while a phone has not got in yet. */
const RETRY_MS = 3000

/** Open a board on a phone: exchange the link's key for a cookie, then connect and follow the board live. */
export function openPhoneSession(boardId: string): PhoneSession {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(syncUrl(), boardId, doc, {
    connect: false,
    shouldReconnect: (event) => !isFatalCloseCode(event.code),
  })
  let state: PhoneState = { phase: 'opening', connection: 'connecting', synced: false, title: '', role: null, anonymous: false }
  const listeners = new Set<() => void>()
  const set = (patch: Partial<PhoneState>): void => {
    const next = { ...state, ...patch }
    if ((Object.keys(patch) as Array<keyof PhoneState>).every((k) => next[k] === state[k])) return
    state = next
    for (const listener of listeners) listener()
  }
  const cleanups: Array<() => void> = []
  let disposed = false

  const updateConnection = (): void => {
    if (!navigator.onLine) set({ connection: 'offline' })
    else if (provider.wsconnected && provider.synced) set({ connection: 'connected' })
    else set({ connection: state.synced ? 'offline' : 'connecting' })
  }
  const onStatus = (): void => updateConnection()
  const onSync = (synced: boolean): void => {
    if (synced) set({ synced: true })
    updateConnection()
  }
  // A lost network is known long before a silent socket times out; drop it so the page says "offline" at once.
  const onOffline = (): void => {
    provider.ws?.close()
    updateConnection()
  }
  const onOnline = (): void => {
    if (provider.shouldConnect && provider.ws === null) provider.connect()
    updateConnection()
  }
  provider.on('status', onStatus)
  provider.on('sync', onSync)
  window.addEventListener('online', onOnline)
  window.addEventListener('offline', onOffline)
  cleanups.push(() => {
    provider.off('status', onStatus)
    provider.off('sync', onSync)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
  })

  provider.on('connection-close', (event) => {
    if (!event || !isFatalCloseCode(event.code)) return
    const name = closeCodeName(event.code)
    provider.disconnect()
    set({ phase: name === 'Forbidden' || name === 'Unauthorized' ? 'no-access' : 'not-found' })
  })

  // --- Who is here (awareness): a name and a role, never a pointer ---------------------------------------------
  const anonymousUserId = visitUserId()
  const publishUser = (): void => {
    if (provider.awareness.getLocalState() === null) return
    const me = getIdentity()
    // In an anonymous session the device's id stays on the device: presence carries one made for this visit.
    const id = state.anonymous ? anonymousUserId : `user:${me.id}`
    provider.awareness.setLocalStateField('user', { id, name: state.anonymous ? '' : me.name, color: me.color })
    if (state.role) provider.awareness.setLocalStateField('role', state.role)
  }
  cleanups.push(subscribeIdentity(publishUser))
  const onPageHide = (): void => removeAwarenessStates(provider.awareness, [provider.awareness.clientID], 'page closed')
  window.addEventListener('pagehide', onPageHide)
  cleanups.push(() => window.removeEventListener('pagehide', onPageHide))

  // --- Anonymous sessions: no name on this phone's presence either ---------------------------------------------
  const sessionMap = getSessionMap(doc)
  const onSettings = (): void => {
    const anonymous = readSettings(doc).anonymous
    if (anonymous === state.anonymous) return
    set({ anonymous })
    publishUser()
  }
  sessionMap.observe(onSettings)
  cleanups.push(() => sessionMap.unobserve(onSettings))

  // --- Title -----------------------------------------------------------------------------------------------------
  const meta = getMetaMap(doc)
  const onMeta = (): void => {
    const title = getBoardTitle(doc)
    if (title) set({ title })
  }
  meta.observe(onMeta)
  cleanups.push(() => meta.unobserve(onMeta))

  // --- Getting in ------------------------------------------------------------------------------------------------
  // The key is dropped from the address bar only once it has been exchanged: a phone that scanned the code while
  // the Wi-Fi was down keeps it and tries again.
  const key = keyFromFragment()
  let retry: ReturnType<typeof setTimeout> | undefined
  const getIn = async (): Promise<void> => {
    try {
      if (key) await exchangeKey(boardId, key)
      dropFragment()
      const info = await getBoard(boardId)
      if (disposed) return
      set({ phase: 'ready', role: info.role, anonymous: info.anonymous, title: state.title || info.title })
      publishUser()
      provider.connect()
    } catch (error) {
      if (disposed) return
      if (error instanceof ApiError && error.status === 404) set({ phase: 'not-found' })
      else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) set({ phase: 'no-access' })
      else {
        set({ connection: 'offline' })
        retry = setTimeout(() => void getIn(), RETRY_MS)
      }
    }
  }
  void getIn()
  cleanups.push(() => clearTimeout(retry))

  return {
    boardId,
    doc,
    provider,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const cleanup of cleanups.splice(0)) cleanup()
      provider.destroy()
      doc.destroy()
      listeners.clear()
    },
  }
}
