import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, type TLStore } from 'tldraw'
import { closeCodeName, getBoardTitle, getMetaMap, isFatalCloseCode } from '@roundtable/board'
import { ApiError, getClientConfig, type BoardInfo } from '../lib/api'
import { serverClock } from '../lib/serverClock'
import { bindStoreToDoc, docHasBoard, type YjsBinding } from '../sync/yjsBinding'
import { mirrorPresence } from './mirrorPresence'
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
  getState(): PresenterState
  subscribe(listener: () => void): () => void
  dispose(): void
}

function syncUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/sync`
}

/** `GET /api/boards/:id` with the view key (or, without one, whatever session this browser has). */
async function getBoardWithKey(boardId: string, key: string | null): Promise<BoardInfo> {
  let response: Response
  const sentAt = Date.now()
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
      credentials: 'same-origin',
      headers: key ? { authorization: `Bearer ${key}` } : {},
    })
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'network error', 0)
  }
  serverClock.sawDateHeader(response.headers.get('date'), sentAt)
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`, response.status)
  return (await response.json()) as BoardInfo
}

export function openPresenterSession(boardId: string, keys: PresenterKeys): PresenterSession {
  const doc = new Y.Doc()
  const $mode = atom<'readonly' | 'readwrite'>('presenter mode', 'readonly')
  const store = createTLStore({
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    collaboration: { status: null, mode: $mode },
  })
  const provider = new WebsocketProvider(syncUrl(), boardId, doc, {
    connect: false,
    params: keys.view ? { key: keys.view } : {},
    shouldReconnect: (event) => !isFatalCloseCode(event.code),
    disableBc: true,
  })
  // Not a person: publish nothing about this screen.
  provider.awareness.setLocalState(null)

  let state: PresenterState = { phase: 'connecting', connected: false, title: getBoardTitle(doc), licenseKey: null }
  const listeners = new Set<() => void>()
  const set = (patch: Partial<PresenterState>): void => {
    const next = { ...state, ...patch }
    if ((Object.keys(patch) as Array<keyof PresenterState>).every((k) => next[k] === state[k])) return
    state = next
    for (const listener of listeners) listener()
  }
  const cleanups: Array<() => void> = []
  let binding: YjsBinding | undefined
  let stopPresence: (() => void) | undefined
  let configLoaded = false
  let disposed = false

  const onStatus = (): void => set({ connected: provider.wsconnected && provider.synced })
  provider.on('status', onStatus)
  cleanups.push(() => provider.off('status', onStatus))
  provider.on('connection-close', (event) => {
    if (!event || !isFatalCloseCode(event.code)) return
    const name = closeCodeName(event.code)
    provider.disconnect()
    set({ phase: name === 'Forbidden' || name === 'Unauthorized' ? 'no-access' : 'not-found' })
  })

  const start = (): void => {
    binding = bindStoreToDoc({
      doc,
      store,
      onIncompatibleSchema: () => {
        provider.disconnect()
        set({ phase: 'outdated' })
      },
    })
    if (binding.status !== 'bound') return
    stopPresence = mirrorPresence(store, provider.awareness)
    set({ phase: 'ready' })
  }
  const tryStart = (): void => {
    if (disposed || state.phase !== 'connecting' || !configLoaded) return
    if (provider.synced || docHasBoard(doc)) start()
  }
  const onSync = (synced: boolean): void => {
    onStatus()
    if (synced) tryStart()
  }
  provider.on('sync', onSync)
  cleanups.push(() => provider.off('sync', onSync))

  void getClientConfig().then(({ tldrawLicenseKey }) => {
    configLoaded = true
    set({ licenseKey: tldrawLicenseKey })
    tryStart()
  })

  let retry: ReturnType<typeof setTimeout> | undefined
  const getIn = (): void => {
    getBoardWithKey(boardId, keys.view).then(
      (info) => {
        if (disposed) return
        if (!state.title && info.title) set({ title: info.title })
        provider.connect()
      },
      (error: unknown) => {
        if (disposed) return
        if (error instanceof ApiError && error.status === 404) set({ phase: 'not-found' })
        else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) set({ phase: 'no-access' })
        else retry = setTimeout(getIn, 3000)
      },
    )
  }
  getIn()
  cleanups.push(() => clearTimeout(retry))

  const meta = getMetaMap(doc)
  const onMeta = (): void => {
    const title = getBoardTitle(doc)
    if (title) set({ title })
  }
  meta.observe(onMeta)
  cleanups.push(() => meta.unobserve(onMeta))

  return {
    boardId,
    doc,
    provider,
    store,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      if (disposed) return
      disposed = true
      for (const cleanup of cleanups.splice(0)) cleanup()
      stopPresence?.()
      binding?.dispose()
      provider.destroy()
      doc.destroy()
      store.dispose()
      listeners.clear()
    },
  }
}
