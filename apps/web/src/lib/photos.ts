import { ApiError, apiErrorOf } from './api'
import { strings } from '../strings'

/**
 * Photos of paper from the room, in the browser: shrunk on the device before sending (a phone's camera makes
 * pictures of 3–12 MB; a flip chart reads well at 1600 px), then sent to the server, which checks, cleans and keeps
 * them and puts them in "Incoming ideas".
 */

/** Longest side of the picture sent. */
export const SEND_LONGEST_SIDE = 1600
/** JPEG quality of the picture sent: a flip chart at 1600 px is a few hundred KB. */
const SEND_QUALITY = 0.8
/** How long one photo may take to send on a weak Wi-Fi before it counts as "could not reach the server". */
const SEND_TIMEOUT_MS = 60_000

/** Thrown when the chosen file cannot be read as a picture by this browser. */
export class NotAPictureError extends Error {}

/**
 * Shrink a picture to at most {@link SEND_LONGEST_SIDE} px on its longest side, as a JPEG, turned the way the camera
 * held it. Everything else the camera wrote (location, device, time) stays behind: a canvas keeps only pixels.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    throw new NotAPictureError('not a picture')
  }
  try {
    const scale = Math.min(1, SEND_LONGEST_SIDE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const context = canvas.getContext('2d')
    if (!context) throw new NotAPictureError('no canvas')
    // Transparent parts (a PNG) show on white, as on paper.
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, width, height)
    context.drawImage(bitmap, 0, 0, width, height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', SEND_QUALITY))
    if (!blob) throw new NotAPictureError('could not encode')
    return blob
  } finally {
    bitmap.close()
  }
}

/** A picture as a data URL, to keep it on the device (the phone's outbox) until it is sent. */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('could not read the picture'))
    reader.readAsDataURL(blob)
  })
}

/** The picture kept in a data URL, as bytes to send. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',')
  const type = /^data:([^;,]+)/.exec(dataUrl)?.[1] ?? 'image/jpeg'
  const binary = atob(dataUrl.slice(comma + 1))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type })
}

/** A photo as the server answers it. */
export interface SentPhoto {
  id: string
  url: string
  width: number
  height: number
}

/**
 * Send a photo to the board: the server puts it in "Incoming ideas" on the first board. Uses the board's session
 * cookie. With an author (not in anonymous sessions), it counts for that person as an idea from a phone does.
 */
export async function uploadPhoto(
  boardId: string,
  picture: Blob,
  author: { id: string; name: string } | null,
): Promise<SentPhoto> {
  const query = author ? `?${new URLSearchParams({ authorId: author.id, authorName: author.name.slice(0, 80) })}` : ''
  let response: Response
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/photos${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': picture.type || 'image/jpeg' },
      body: picture,
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined,
    })
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : 'network error', 0)
  }
  if (!response.ok) throw await apiErrorOf(response)
  return ((await response.json()) as { photo: SentPhoto }).photo
}

/** Plain words for a photo the server would not take, by its code. */
export function photoRefusalWords(error: unknown): string {
  const code = error instanceof ApiError ? error.code : null
  switch (code) {
    case 'photo.not_an_image':
    case 'photo.unreadable':
      return strings.photos.notPicture
    case 'photo.too_large':
    case 'photo.too_many_pixels':
      return strings.photos.tooLarge
    case 'photo.board_full':
      return strings.photos.boardFull
    case 'photo.busy':
    case 'rate.limited':
      return strings.photos.busy
    case 'board.locked':
      return strings.room.lockedWait
    case 'auth.view_only':
      return strings.room.viewOnly
    default:
      return strings.photos.failed
  }
}

/** The image files among dropped or chosen files. */
export function pictureFiles(files: Iterable<File> | ArrayLike<File> | null | undefined): File[] {
  return Array.from(files ?? []).filter((file) => file.type.startsWith('image/'))
}
