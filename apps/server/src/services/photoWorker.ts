/**
 * The process that does the image work (services/photos.ts `PhotoProcess` starts it): it decodes and re-encodes
 * photos at the lowest CPU priority, so the server's own process — everyone's live changes — always comes first on
 * a busy machine, and a picture that crashed the decoder would end only this process, never the server.
 */
import { setPriority } from 'node:os'
import { ApiException } from '../errors'
import { cleanPhoto } from './photoClean'

// Linux gives each thread its own priority; threads made from now on (libvips', libuv's) take this one.
try {
  setPriority(0, 19)
} catch {
  // Not allowed here: the work still runs, at normal priority.
}

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
