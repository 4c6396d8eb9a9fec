import { createHash } from 'node:crypto'
import {
  addIncomingPhoto,
  Errors,
  isPhotoId,
  isFirstPageLocked,
  listPhotos,
  readSettings,
  type IncomingPhoto,
} from '@roundtable/board'
import { fitsPhotoBudget } from '@roundtable/storage'
import { Hono, type Context } from 'hono'
import { customAlphabet } from 'nanoid'
import { z } from 'zod'
import { requireAccess } from '../auth/access'
import { NamedBuckets } from '../auth/sessionLimits'
import type { AppDeps, BoardEnv } from '../context'
import { httpError } from '../errors'
import { clientIp, takeToken } from '../http/guards'
import { PhotoGate, type PhotoProcess, readBoundedBody, sniffPhotoFormat } from '../services/photos'

const newPhotoId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 16)

/** Who sent it, as ideas from phones carry it (`meta.author` / `meta.authorId`); dropped in anonymous sessions. */
const authorQuery = z.object({
  authorId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'authorId must be 1 to 64 letters, digits, - or _')
    .optional(),
  authorName: z.string().trim().max(80, 'authorName is longer than 80 characters').optional(),
})

/** Seconds a caller told "busy" waits before trying again. */
const BUSY_RETRY_S = 5

/** True for the photo upload route, which reads its own (larger, bounded) body instead of the API's usual limit. */
export function isPhotoUpload(c: Context): boolean {
  return c.req.method === 'POST' && /^\/api\/boards\/[^/]+\/photos\/?$/.test(c.req.path)
}

/** The shape of a photo in the HTTP API. */
function toJson(photo: { id: string; width: number; height: number; bytes: number }, boardId: string) {
  return {
    id: photo.id,
    width: photo.width,
    height: photo.height,
    bytes: photo.bytes,
    url: `/api/boards/${boardId}/photos/${photo.id}`,
  }
}

/**
 * `POST /api/boards/:id/photos`: a photo of paper from the room, sent as the raw bytes of the picture. It is
 * checked and re-encoded (services/photos.ts), kept with the board within its budget, and put on the board in
 * "Incoming ideas". `GET /api/boards/:id/photos/:photoId`: the stored picture, for anyone who may view the board.
 */
export function photoRoutes(deps: AppDeps, work: PhotoProcess): Hono<BoardEnv> {
  const app = new Hono<BoardEnv>()
  const limits = deps.config.photos
  const gate = new PhotoGate(limits.concurrency, limits.queue)
  const budget = { maxCount: limits.perBoard, maxBytes: limits.bytesPerBoard }
  const byAddress = new NamedBuckets(limits.perIpPerMinute)

  app.post('/:id/photos', requireAccess(deps, 'edit'), async (c) => {
    const boardId = c.var.boardId
    const query = authorQuery.safeParse(c.req.query())
    if (!query.success) throw httpError(Errors.RequestInvalid, query.error.issues[0]?.message)
    // A refusal before the body is read: the connection closes after the answer, so the rest is never taken in.
    const refuseEarly = (error: Error): never => {
      c.header('Connection', 'close')
      throw error
    }
    // A flood from one address is turned away for the price of a map lookup, before it takes a place in the gate
    // (a whole room's phones behind one Wi-Fi share an address, hence a generous allowance).
    try {
      takeToken(c, byAddress, clientIp(c, deps.config.trustProxy), 'photos from your address')
    } catch (error) {
      return refuseEarly(error as Error)
    }
    const ticket = gate.admit()
    if (!ticket) {
      c.header('Retry-After', String(BUSY_RETRY_S))
      refuseEarly(httpError(Errors.PhotoBusy))
    }
    try {
      const locked = await deps.rooms.withRoom(boardId, (room) => isFirstPageLocked(room.doc))
      if (locked === null) refuseEarly(httpError(Errors.BoardNotFound))
      if (locked) refuseEarly(httpError(Errors.BoardLocked))
      const used = await deps.store.photoUsage(boardId)
      if (!fitsPhotoBudget(used, 1, budget)) refuseEarly(httpError(Errors.PhotoBoardFull, boardFullWords(budget)))
      let upload: Uint8Array
      try {
        upload = await readBoundedBody(c.req.raw, limits.maxUploadBytes)
      } catch (error) {
        return refuseEarly(error as Error)
      }
      // Told by the first bytes, before anything goes to the image process.
      if (!sniffPhotoFormat(upload)) throw httpError(Errors.PhotoNotImage)
      const clean = await ticket!.run(() => work.clean(upload, limits.maxPixels))
      const sourceHash = createHash('sha256').update(upload).digest('hex')
      const photoId = newPhotoId()
      const kept = await deps.store.addPhoto(
        boardId,
        { id: photoId, createdAt: Date.now(), width: clean.width, height: clean.height, sourceHash, data: clean.data },
        budget,
      )
      if (kept.kind === 'full') throw httpError(Errors.PhotoBoardFull, boardFullWords(budget))
      const photo =
        kept.kind === 'duplicate'
          ? { id: kept.id, width: kept.width, height: kept.height, bytes: kept.bytes }
          : { id: photoId, width: clean.width, height: clean.height, bytes: clean.data.byteLength }
      const placed = await deps.rooms.withRoom(boardId, async (room) => {
        if (isFirstPageLocked(room.doc)) throw httpError(Errors.BoardLocked)
        // The same upload sent again (a phone retrying after a lost answer) is not put on the board twice.
        if (kept.kind === 'duplicate' && listPhotos(room.doc).some((p) => p.photoId === photo.id)) return true
        const settings = readSettings(room.doc)
        const q = query.data
        const meta =
          q.authorId && !settings.anonymous ? { author: q.authorName ?? '', authorId: q.authorId } : undefined
        const input: IncomingPhoto = {
          boardId,
          photoId: photo.id,
          width: photo.width,
          height: photo.height,
          bytes: photo.bytes,
          ...(meta ? { meta } : {}),
        }
        await room.change((doc) => {
          addIncomingPhoto(doc, input)
        })
        return true
      })
      if (placed === null) throw httpError(Errors.BoardNotFound)
      return c.json({ photo: toJson(photo, boardId) }, kept.kind === 'duplicate' ? 200 : 201)
    } finally {
      ticket!.leave()
    }
  })

  app.get('/:id/photos/:photoId', requireAccess(deps, 'view'), async (c) => {
    const photoId = c.req.param('photoId')
    if (!isPhotoId(photoId)) throw httpError(Errors.PhotoNotFound)
    const etag = `"${photoId}"`
    // A photo never changes once kept (its id is its version), but whether the asker may still see it can: the
    // browser keeps its copy (private: never a shared cache) and asks each time, getting a bodiless 304 while its
    // key or session still opens the board, and nothing once the board is deleted.
    c.header('Cache-Control', 'private, no-cache')
    c.header('ETag', etag)
    if (c.req.header('if-none-match') === etag && (await deps.store.getPhoto(c.var.boardId, photoId)))
      return c.body(null, 304)
    const photo = await deps.store.getPhoto(c.var.boardId, photoId)
    if (!photo) {
      c.header('Cache-Control', 'no-store')
      throw httpError(Errors.PhotoNotFound)
    }
    c.header('Content-Type', 'image/jpeg')
    c.header('Content-Length', String(photo.data.byteLength))
    c.header('Content-Disposition', 'inline; filename="photo.jpg"')
    c.header('Cross-Origin-Resource-Policy', 'same-origin')
    return c.body(photo.data as Uint8Array<ArrayBuffer>)
  })

  return app
}

function boardFullWords(budget: { maxCount: number; maxBytes: number }): string {
  return `this board has no room for more photos (at most ${budget.maxCount} photos, ${Math.round(budget.maxBytes / (1024 * 1024))} MB in all)`
}
