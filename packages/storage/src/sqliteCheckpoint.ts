import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How often the checkpoint thread copies the write-ahead log into the database file (ms). */
const CHECKPOINT_EVERY_MS = 1_000

/**
 * SQLite's own checkpoint, left on as a backstop should the thread fall behind: once the write-ahead log holds this
 * many pages (4 KiB each), the write that reaches it checkpoints. SQLite's default is 1,000.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

// The thread's code, a CommonJS script. It opens its own connection to the file and, every `everyMs`, copies what the
// log holds into the database file (a PASSIVE checkpoint: it never waits for, or blocks, the server's writes). When
// there is nothing new, that is a look at the log's shared index and nothing else.
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 1000')
const run = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    if (result && result.checkpointed > 0) parentPort.postMessage({ kind: 'checkpointed', pages: result.checkpointed })
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', error: String(error) })
  }
}
const timer = setInterval(run, workerData.everyMs)
parentPort.on('message', (message) => {
  if (message === 'close') {
    clearInterval(timer)
    db.close()
    parentPort.close()
  }
})
`

export interface CheckpointThread {
  /** Stop the thread and close its connection. */
  close(): Promise<void>
}

export type CheckpointEvent = { kind: 'checkpointed'; pages: number } | { kind: 'failed'; error: string }

/**
 * Checkpoints of a WAL-mode SQLite file, on a thread of their own. SQLite's automatic checkpoint runs inside the
 * commit that fills the log to 1,000 pages, and with `synchronous = NORMAL` that is where the file is synced: a
 * 3–5 ms stall, every few hundred commits, of whichever change happened to be stored then (and of everyone waiting
 * for it to be sent). Here the copying and syncing happen beside the event loop instead.
 */
export function startCheckpointThread(path: string, onEvent: (event: CheckpointEvent) => void): CheckpointThread {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(SCRIPT, { eval: true, workerData: { driver, path, everyMs: CHECKPOINT_EVERY_MS } })
  worker.unref()
  worker.on('message', onEvent)
  worker.on('error', (error) => onEvent({ kind: 'failed', error: String(error) }))
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async close() {
      worker.postMessage('close')
      // It exits once it has closed its connection (and its port); a thread stuck in a checkpoint is stopped.
      const stuck = setTimeout(() => void worker.terminate(), 5_000)
      await exited
      clearTimeout(stuck)
    },
  }
}
