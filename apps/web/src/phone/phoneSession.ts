import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { removeAwarenessStates } from 'y-protocols/awareness'
import { getSessionMap, readSettings } from '@roundtable/board'
import type { Role } from '../lib/api'
import { getIdentity, subscribeIdentity } from '../lib/identity'
import { followNetwork, followTitle, getIn, openConnection, whenStopped } from '../connection/core'
import { createStateStore } from '../connection/stateStore'
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

/** Seconds between tries to reach the server while a phone has not got in yet. */
const RETRY_MS = 3000

/** Open a board on a phone: exchange the link's key for a cookie, then connect and follow the board live. */
export function openPhoneSession(boardId: string): PhoneSession {
  const connection = openConnection(boardId)
  const { doc, provider } = connection
  const store = createStateStore<PhoneState>({
    phase: 'opening',
    connection: 'connecting',
    synced: false,
    title: '',
    role: null,
    anonymous: false,
  })
  const set = store.set
  const cleanups = { push: connection.onDispose }
  // The state now, kept in step for the handlers below (the store's first listener, so it runs before React's).
  let state = store.get()
  store.subscribe(() => (state = store.get()))

  const updateConnection = (): void => {
    if (!navigator.onLine) set({ connection: 'offline' })
    else if (provider.wsconnected && provider.synced) set({ connection: 'connected' })
    else set({ connection: state.synced ? 'offline' : 'connecting' })
  }
  followNetwork(connection, ({ synced }) => {
    if (synced) set({ synced: true })
    updateConnection()
  })
  whenStopped(connection, (stop) => set({ phase: stop === 'no-access' ? 'no-access' : 'not-found' }))

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
  followTitle(connection, (title) => set({ title }))

  // --- Getting in ------------------------------------------------------------------------------------------------
  let retry: ReturnType<typeof setTimeout> | undefined
  const tryGetIn = async (): Promise<void> => {
    const result = await getIn(boardId, { kind: 'link' })
    if (connection.disposed) return
    if (result.ok) {
      const { info } = result
      set({ phase: 'ready', role: info.role, anonymous: info.anonymous, title: state.title || info.title })
      publishUser()
      provider.connect()
    } else if (result.stop) {
      set({ phase: result.stop })
    } else {
      set({ connection: 'offline' })
      retry = setTimeout(() => void tryGetIn(), RETRY_MS)
    }
  }
  void tryGetIn()
  cleanups.push(() => clearTimeout(retry))

  return {
    boardId,
    doc,
    provider,
    getState: store.get,
    subscribe: store.subscribe,
    dispose() {
      connection.dispose()
      store.clear()
    },
  }
}
