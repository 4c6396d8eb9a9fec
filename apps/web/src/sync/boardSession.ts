import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { removeAwarenessStates } from 'y-protocols/awareness'
import {
  TLINSTANCE_ID,
  atom,
  computed,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  type Signal,
  type TLStore,
  type TLUser,
} from 'tldraw'
import {
  closeCodeName,
  getBoardTitle,
  getSessionMap,
  readSettings,
  refusalCode,
  type SessionSettings,
} from '@roundtable/board'
import { getClientConfig, type Role } from '../lib/api'
import { followNetwork, followTitle, whenStopped } from '../connection/core'
import { stopForClose, type Stop } from '../connection/closes'
import { takeBoardStart } from './boardStart'
import { createStateStore } from '../connection/stateStore'
import { createRoundtableUser, type RoundtableUser } from '../lib/tldrawUser'
import { bindStoreToDoc, docHasBoard, type YjsBinding } from './yjsBinding'
import { visitUserId } from '../lib/visitUserId'
import { bindPresence } from './presence'

/**
 * Everything one open board needs, outside React: the Y.Doc, its local copy in IndexedDB, the connection to the
 * server, the tldraw store and the bindings between them. React reads `getState()` through `subscribe`.
 */

/** Where the page is in opening the board. */
export type BoardPhase =
  /** Waiting for the server's copy (or a local copy that already has a page). */
  | 'connecting'
  /** The store holds the board; mount the editor. */
  | 'ready'
  /** The server says there is no such board. */
  | 'not-found'
  /** No valid key: the person needs an invitation link. */
  | 'no-access'
  /** The board needs a newer version of Roundtable. */
  | 'outdated'
  /**
   * The server refused a change (a locked board, names in an anonymous session). The local copy has been
   * cleared; open the board again from the server and say why (`refusal`).
   */
  | 'refused'

/** Why the server refused a change, from the reason it gave when it closed the connection. */
export type Refusal = 'locked' | 'anonymous' | 'other'

/** Why a change was refused (close code ChangeRefused), from the refusal code in the close reason. */
export function classifyRefusal(reason: string): Refusal {
  const code = refusalCode(reason)
  if (code === 'change.locked') return 'locked'
  if (code === 'change.anonymous') return 'anonymous'
  return 'other'
}

/** How the connection to the server is doing, in words a person understands. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'stopped'

/** What the board page shows; replaced (never mutated) on every change. */
export interface BoardSessionState {
  phase: BoardPhase
  connection: ConnectionState
  /** True once the board became outdated while open: show a reload banner over the (read-only) board. */
  outdatedWhileOpen: boolean
  /** True when opening takes longer than usual. */
  slow: boolean
  title: string
  licenseKey: string | null
  /** What this person may do here; null until the server has said. */
  role: Role | null
  /** When the server will delete this board if nobody changes it (ms); null when it is kept until deleted. */
  deletesAt: number | null
  /** Set with phase `refused`: why the last change was not kept. */
  refusal: Refusal | null
}

/** One open board. Create with `openBoardSession`, end with `dispose`. */
export interface BoardSession {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly store: TLStore
  readonly user: RoundtableUser
  /** True while the board (tldraw page) shown on this device is locked by a facilitator. */
  readonly $pageLocked: Signal<boolean>
  getState(): BoardSessionState
  subscribe(listener: () => void): () => void
  dispose(): void
}

/** How long "Connecting…" may take before we say it is slow. */
const SLOW_AFTER_MS = 8000

export { syncServerUrl } from '../connection/url'

/**
 * Open a board: take over what `main.tsx` started for it (the local copy, getting in, the socket; see boardStart.ts)
 * or start it now.
 */
export function openBoardSession(boardId: string): BoardSession {
  const begun = takeBoardStart(boardId)
  const { connection, idb } = begun
  const { doc, provider } = connection
  const user = createRoundtableUser()
  // tldraw is read-only for a view-only link, for a board that needs a newer client, and on a locked board.
  const $viewOnly = atom('roundtable view only', false)
  const $stopped = atom('roundtable stopped', false)
  const $settings = atom<SessionSettings>('roundtable settings', readSettings(doc))
  let store: TLStore
  const $pageLocked = computed('roundtable page locked', () => {
    const pageId = store.get(TLINSTANCE_ID)?.currentPageId
    return pageId !== undefined && $settings.get().lockedPages.includes(pageId)
  })
  const $mode = computed<'readonly' | 'readwrite'>('roundtable collaboration mode', () =>
    $viewOnly.get() || $stopped.get() || $pageLocked.get() ? 'readonly' : 'readwrite',
  )
  store = createTLStore({
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    // Turns on tldraw's collaboration UI (people menu, follow, cursor chat). Status is shown by Roundtable itself.
    collaboration: { status: null, mode: $mode },
  })
  stripTextAuthors(store)

  const anonymousUserId = visitUserId() as TLUser['id']

  const store$ = createStateStore<BoardSessionState>({
    phase: 'connecting',
    connection: 'connecting',
    outdatedWhileOpen: false,
    slow: false,
    title: getBoardTitle(doc),
    licenseKey: null,
    role: null,
    deletesAt: null,
    refusal: null,
  })
  const setState = store$.set
  // The state now, kept in step for the handlers below (the store's first listener, so it runs before React's).
  let state = store$.get()
  store$.subscribe(() => (state = store$.get()))

  let binding: YjsBinding | undefined
  let stopPresence: (() => void) | undefined
  let configLoaded = false
  let everConnected = false
  const cleanups = { push: connection.onDispose }

  // --- Connection status ---------------------------------------------------------------------------------------
  const updateConnection = (): void => {
    let now: ConnectionState
    if (!provider.shouldConnect) now = 'stopped'
    else if (!navigator.onLine) now = 'offline'
    else if (provider.wsconnected && provider.synced) now = 'connected'
    else now = everConnected ? 'reconnecting' : 'connecting'
    setState({ connection: now })
  }
  followNetwork(connection, ({ connected, synced }) => {
    if (connected) {
      everConnected = true
      // y-websocket announces the doc's client id on connecting, not presence's own (see separatePresence): say who
      // we are again, with a new clock, so others see us at once after a reconnect.
      if (provider.awareness.getLocalState() !== null)
        provider.awareness.setLocalState(provider.awareness.getLocalState())
    }
    updateConnection()
    if (synced) tryStart()
  })

  const showNotFound = (): void => {
    provider.disconnect()
    setState({ phase: 'not-found' })
    updateConnection()
    // Do not leave an empty local copy behind for a board that does not exist.
    if (idb && !docHasBoard(doc)) void idb.clearData().catch(() => {})
  }

  const showNoAccess = (): void => {
    provider.disconnect()
    setState({ phase: 'no-access' })
    updateConnection()
  }

  // The server refused a change and closed the connection. Sending it again would be refused again, so stop,
  // forget the local copy that holds it, and let the page open the board afresh from the server's copy.
  const refuseChange = (refusal: Refusal): void => {
    provider.disconnect()
    $stopped.set(true)
    updateConnection()
    const cleared = idb ? idb.clearData().catch(() => {}) : Promise.resolve()
    void cleared.then(() => {
      if (!connection.disposed) setState({ phase: 'refused', refusal })
    })
  }

  // Fatal codes stop and say so. ServerRestarting, StorageFailed and BadMessage are not: the provider reconnects
  // by itself with backoff and the status line says "Reconnecting…".
  const onStop = (stop: Stop, event: CloseEvent): void => {
    console.warn(`[roundtable] the server closed the connection: ${closeCodeName(event.code) ?? event.code}`)
    if (stop === 'refused') refuseChange(classifyRefusal(event.reason ?? ''))
    else if (stop === 'no-access') showNoAccess()
    else showNotFound()
  }
  whenStopped(connection, onStop)

  // --- Becoming ready ------------------------------------------------------------------------------------------
  const start = (): void => {
    binding = bindStoreToDoc({
      doc,
      store,
      onIncompatibleSchema: () => {
        $stopped.set(true)
        if (state.phase === 'ready') {
          setState({ outdatedWhileOpen: true })
        } else {
          provider.disconnect() // nothing to show or send until the page is reloaded with a newer Roundtable
          setState({ phase: 'outdated' })
        }
      },
    })
    if (binding.status !== 'bound') return
    // In an anonymous session a live cursor carries no name either: otherwise everyone could watch who types what.
    const $presenceUser = computed('roundtable presence user', () => {
      const me = user.$user.get()
      return $settings.get().anonymous ? { ...me, id: anonymousUserId, name: '' } : me
    })
    stopPresence = bindPresence({ store, awareness: provider.awareness, user: $presenceUser })
    setState({ phase: 'ready' })
  }

  function tryStart(): void {
    if (connection.disposed || state.phase !== 'connecting' || !configLoaded) return
    // Wait for data: an empty store makes tldraw invent its own document and page (a duplicate "Board 1").
    if (provider.synced || docHasBoard(doc)) start()
  }

  idb?.whenSynced.then(tryStart, (error: unknown) => console.warn('[roundtable] could not read the local copy', error))

  void getClientConfig().then(({ tldrawLicenseKey }) => {
    configLoaded = true
    setState({ licenseKey: tldrawLicenseKey })
    tryStart()
  })

  // Getting in started with the connection (boardStart.ts), which opens the socket once in or offline.
  void begun.gotIn.then((result) => {
    if (connection.disposed) return
    if (result.ok) {
      const { info } = result
      setState({
        role: info.role,
        deletesAt: info.deletesAt ?? null,
        ...(!state.title && info.title ? { title: info.title } : {}),
      })
      if (info.role === 'view') $viewOnly.set(true)
    } else if (result.stop === 'not-found') showNotFound()
    else if (result.stop === 'no-access') showNoAccess()
    // Offline or the server restarting: open what we have locally while the socket keeps trying.
  })

  // What happened on the socket before this session was listening: a permanent close, or the connection (and the
  // first sync, which `tryStart` checks for itself once the configuration is in).
  const earlyStop = begun.takeEarlyStop()
  const earlyStopKind = earlyStop ? stopForClose(earlyStop.code) : null
  if (earlyStop && earlyStopKind) {
    provider.disconnect()
    onStop(earlyStopKind, earlyStop)
  } else {
    everConnected = provider.wsconnected
    updateConnection()
  }

  const slowTimer = setTimeout(() => {
    if (state.phase === 'connecting') setState({ slow: true })
  }, SLOW_AFTER_MS)
  cleanups.push(() => clearTimeout(slowTimer))

  // --- Settings (locked boards) --------------------------------------------------------------------------------
  const sessionMap = getSessionMap(doc)
  const onSettings = (): void => {
    const next = readSettings(doc)
    const before = $settings.get()
    if (next.anonymous !== before.anonymous || next.lockedPages.join('|') !== before.lockedPages.join('|'))
      $settings.set(next)
  }
  sessionMap.observe(onSettings)
  cleanups.push(() => sessionMap.unobserve(onSettings))

  // --- Title ---------------------------------------------------------------------------------------------------
  followTitle(connection, (title) => setState({ title }))

  // --- Leaving -------------------------------------------------------------------------------------------------
  // Tell others we left as the page closes, so our cursor disappears at once rather than after a timeout.
  const onPageHide = (): void => removeAwarenessStates(provider.awareness, [provider.awareness.clientID], 'page closed')
  // Back from the browser's page cache: say who we are again; the cursor follows with the next pointer move.
  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || provider.awareness.getLocalState() !== null) return
    const { id, name, color } = user.$user.get()
    provider.awareness.setLocalState({
      user: $settings.get().anonymous ? { id: anonymousUserId, name: '', color } : { id, name, color },
    })
  }
  window.addEventListener('pagehide', onPageHide)
  window.addEventListener('pageshow', onPageShow)
  cleanups.push(() => {
    window.removeEventListener('pagehide', onPageHide)
    window.removeEventListener('pageshow', onPageShow)
  })

  return {
    boardId,
    doc,
    provider,
    store,
    user,
    $pageLocked,
    getState: store$.get,
    subscribe: store$.subscribe,
    dispose() {
      if (connection.disposed) return
      stopPresence?.()
      binding?.dispose()
      void idb?.destroy()
      connection.dispose()
      user.dispose()
      store.dispose()
      store$.clear()
    },
  }
}

/**
 * tldraw writes the id of whoever last typed in a note into `props.textLastEditedBy`. Roundtable never keeps it:
 * in an anonymous session the server refuses it, and elsewhere it would tie a device's id to every idea.
 * Cleared in the store itself, so what this device shows matches what everyone else sees.
 */
export function stripTextAuthors(store: TLStore): () => void {
  const clear = <T extends { type: string; props: object }>(shape: T): T =>
    shape.type === 'note' && (shape.props as { textLastEditedBy?: unknown }).textLastEditedBy != null
      ? { ...shape, props: { ...shape.props, textLastEditedBy: null } }
      : shape
  const offCreate = store.sideEffects.registerBeforeCreateHandler('shape', (shape) => clear(shape))
  const offChange = store.sideEffects.registerBeforeChangeHandler('shape', (_prev, next) => clear(next))
  return () => {
    offCreate()
    offChange()
  }
}
