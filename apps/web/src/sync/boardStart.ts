import { IndexeddbPersistence } from 'y-indexeddb'
import { getClientConfig } from '../lib/api'
import { getIn, openConnection, type Connection, type GetInResult } from '../connection/core'
import { stopForClose } from '../connection/closes'

/**
 * The start of opening a board: the doc, its local copy in IndexedDB, getting in over HTTP and the socket. None of
 * it needs tldraw, so `main.tsx` starts it as soon as a board's address is known, while the board page's code (about
 * 500 KiB of tldraw) is still downloading and compiling; the board session takes it over when it opens. By then the
 * board has usually arrived (from the server or the local copy) instead of being asked for only after tldraw ran.
 */
export interface BoardStart {
  readonly boardId: string
  readonly connection: Connection
  /** The board's local copy; undefined when this browser cannot keep one. */
  readonly idb: IndexeddbPersistence | undefined
  /** Getting in: the key exchanged for a cookie, then what this board is. The socket connects once in (or offline). */
  readonly gotIn: Promise<GetInResult>
  /**
   * The close that stopped the socket for good (a permanent close code) before anyone was listening, if any. Taking
   * it stops the recording: from then on the taker listens itself (`whenStopped`).
   */
  takeEarlyStop(): CloseEvent | null
}

let started: BoardStart | null = null
/** The board a session already opened: starting it again would open a second connection nobody takes. */
let taken: string | null = null

/** Start opening `boardId` now, for the board session to take over (see `takeBoardStart`). */
export function startBoard(boardId: string): void {
  if (started?.boardId === boardId || taken === boardId) return
  started?.connection.dispose()
  started = createBoardStart(boardId)
}

/** The board started for `boardId` if there is one not yet taken (each start is taken once), else a new start. */
export function takeBoardStart(boardId: string): BoardStart {
  const waiting = started
  started = null
  taken = boardId
  if (waiting?.boardId === boardId && !waiting.connection.disposed) return waiting
  waiting?.connection.dispose()
  return createBoardStart(boardId)
}

function createBoardStart(boardId: string): BoardStart {
  const connection = openConnection(boardId, { separatePresence: true })
  const { doc, provider } = connection

  let idb: IndexeddbPersistence | undefined
  try {
    idb = new IndexeddbPersistence(`roundtable:${boardId}`, doc)
  } catch (error) {
    console.warn('[roundtable] this browser cannot keep a local copy of the board', error)
  }

  // Fetched once per page; the session reads the same answer.
  void getClientConfig()

  let earlyStop: CloseEvent | null = null
  let recording = true
  const onClose = (event: CloseEvent | null): void => {
    if (recording && event && !earlyStop && stopForClose(event.code)) earlyStop = event
  }
  provider.on('connection-close', onClose)
  const stopRecording = (): void => {
    recording = false
    provider.off('connection-close', onClose)
  }
  connection.onDispose(stopRecording)

  // A link's key is exchanged once for a cookie, then dropped from the address bar; after that the socket opens.
  // Offline or the server restarting: the socket keeps trying while the page shows what it has locally.
  const gotIn = getIn(boardId, { kind: 'link' }).then((result) => {
    if (!connection.disposed && (result.ok || result.stop === null)) provider.connect()
    return result
  })

  return {
    boardId,
    connection,
    idb,
    gotIn,
    takeEarlyStop() {
      stopRecording()
      return earlyStop
    },
  }
}
