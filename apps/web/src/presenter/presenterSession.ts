import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLStore } from 'tldraw'
import { getBoardTitle } from '@roundtable/board'
import { getClientConfig } from '../lib/api'
import { followNetwork, followTitle, getIn, openConnection, whenStopped } from '../connection/core'
import { mirrorPresence } from '../connection/presenceMirror'
import { createStateStore } from '../connection/stateStore'
import { bindStoreToDoc, docHasBoard, type YjsBinding } from '../sync/yjsBinding'
import type { PresenterKeys } from './route'

/**
 * The shared screen's connection to a board. Unlike a person's board page it:
 * - proves its role with the view key on every request (`Authorization: Bearer`, `?key=` on the socket) and never
 *   exchanges it for a cookie: the projector window usually runs in the facilitator's own browser, and a view
 *   cookie there would turn the facilitator's own board tab into a view-only one;
 * - is read-only twice over: the server drops every change from a view connection, and the canvas is read-only;
 * - publishes no presence: the projector is not a person, so it is not counted, has no pointer and no name.
 * Everyone else's presence is mirrored into the store, so the screen can follow a facilitator's view.
 */

export type PresenterPhase = 'connecting' | 'ready' | 'not-found' | 'no-access' | 'outdated'

export interface PresenterState {
  phase: PresenterPhase
  connected: boolean
  title: string
  licenseKey: string | null
}

export interface PresenterSession {
  readonly boardId: string
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly store: TLStore
  /** The view key the screen watches with (for the summary link it may show). */
  readonly viewKey: string | null
  getState(): PresenterState
  subscribe(listener: () => void): () => void
  dispose(): void
}

/** How long to wait before trying the server again while the screen has not got in. */
const RETRY_MS = 3000

export function openPresenterSession(boardId: string, keys: PresenterKeys): PresenterSession {
  const connection = openConnection(boardId, { socketKey: keys.view, disableBc: true })
  const { doc, provider } = connection
  const $mode = atom<'readonly' | 'readwrite'>('presenter mode', 'readonly')
  const store = createTLStore({
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    collaboration: { status: null, mode: $mode },
  })
  // Not a person: publish nothing about this screen.
  provider.awareness.setLocalState(null)

  const state = createStateStore<PresenterState>({
    phase: 'connecting',
    connected: false,
    title: getBoardTitle(doc),
    licenseKey: null,
  })
  let binding: YjsBinding | undefined
  let stopPresence: (() => void) | undefined
  let configLoaded = false

  followNetwork(connection, ({ synced }) => {
    state.set({ connected: provider.wsconnected && provider.synced })
    if (synced) tryStart()
  })
  whenStopped(connection, (stop) => state.set({ phase: stop === 'no-access' ? 'no-access' : 'not-found' }))
  followTitle(connection, (title) => state.set({ title }))

  const start = (): void => {
    binding = bindStoreToDoc({
      doc,
      store,
      onIncompatibleSchema: () => {
        provider.disconnect()
        state.set({ phase: 'outdated' })
      },
    })
    if (binding.status !== 'bound') return
    stopPresence = mirrorPresence(store, provider.awareness)
    state.set({ phase: 'ready' })
  }
  function tryStart(): void {
    if (connection.disposed || state.get().phase !== 'connecting' || !configLoaded) return
    if (provider.synced || docHasBoard(doc)) start()
  }

  void getClientConfig().then(({ tldrawLicenseKey }) => {
    configLoaded = true
    state.set({ licenseKey: tldrawLicenseKey })
    tryStart()
  })

  let retry: ReturnType<typeof setTimeout> | undefined
  const tryGetIn = async (): Promise<void> => {
    const result = await getIn(boardId, { kind: 'bearer', key: keys.view })
    if (connection.disposed) return
    if (result.ok) {
      if (!state.get().title && result.info.title) state.set({ title: result.info.title })
      provider.connect()
    } else if (result.stop) state.set({ phase: result.stop })
    else retry = setTimeout(() => void tryGetIn(), RETRY_MS)
  }
  void tryGetIn()
  connection.onDispose(() => clearTimeout(retry))

  return {
    boardId,
    doc,
    provider,
    store,
    viewKey: keys.view,
    getState: state.get,
    subscribe: state.subscribe,
    dispose() {
      if (connection.disposed) return
      stopPresence?.()
      binding?.dispose()
      connection.dispose()
      store.dispose()
      state.clear()
    },
  }
}
