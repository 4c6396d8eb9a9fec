/**
 * The process that does the image work (services/photos.ts `PhotoProcess` starts it): it decodes and re-encodes
 * photos at the lowest CPU priority, so the server's own process — everyone's live changes — always comes first on
 * a busy machine, and a picture that crashed the decoder would end only this process, never the server.
 */
import { readdirSync } from 'node:fs'
import { setPriority } from 'node:os'
import { ApiException } from '../errors'
import { cleanPhoto } from './photoClean'

/**
 * Lowest priority for every thread of this process. Linux gives each thread its own priority, and some (libuv's
 * pool, which runs sharp's work; V8's) exist before this code runs; threads made later (libvips') take their
 * maker's. Elsewhere the process's priority is set, which covers its threads.
 */
function lowestPriority(): void {
  const threads = (() => {
    try {
      return readdirSync('/proc/self/task').map(Number)
    } catch {
      return [0]
    }
  })()
  for (const thread of threads) {
    try {
      setPriority(thread, 19)
    } catch {
      // Not allowed here: the work still runs, at normal priority.
    }
  }
}
lowestPriority()

/** A request from the server. */
interface Job {
  id: number
  input: Uint8Array
  maxPixels: number
}

process.on('message', (message: Job) => {
  void cleanPhoto(message.input, message.maxPixels).then(
    (clean) => process.send?.({ id: message.id, ok: true, ...clean }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        ok: false,
        code: error instanceof ApiException ? error.def.code : 'photo.unreadable',
        message: error instanceof Error ? error.message : '',
      }),
  )
})
// The server is gone: so is this.
process.on('disconnect', () => process.exit(0))
