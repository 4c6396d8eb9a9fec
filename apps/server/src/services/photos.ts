import { Errors } from '@roundtable/board'
import sharp, { type Metadata } from 'sharp'
import { httpError } from '../errors'

/**
 * Photos of paper from the room, made safe to keep: only real pictures (JPEG, PNG or WebP, told by their first
 * bytes and by the decoder, never by a name or Content-Type), bounded in bytes and in pixels (read from the
 * header before anything is decoded, so a small file declaring a huge picture costs nothing), and re-encoded to a
 * plain JPEG, which drops every metadata block the upload carried (EXIF location, device, time; XMP; IPTC; ICC).
 */

// The image work shares two cores with every board's sync: one libvips thread per picture, and no cache of
// decoded pictures between requests (each photo is seen once).
sharp.concurrency(1)
sharp.cache(false)

/** The longest side a stored photo keeps (phones already send about 1600 px). */
export const STORED_LONGEST_SIDE = 2048
/** JPEG quality of the stored copy: text on a flip chart stays sharp at a few hundred KB. */
const STORED_QUALITY = 82

/** The picture kinds accepted, as the first bytes tell them. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp'

/** What the first bytes say the upload is; null when it is not one of the accepted kinds. */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v)
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'jpeg'
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  // RIFF....WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp'
  return null
}

/** A photo ready to keep. */
export interface CleanPhoto {
  data: Uint8Array
  width: number
  height: number
}

/**
 * Check an upload and re-encode it. Throws `photo.not_an_image` (not a picture, or not the kind its first bytes
 * claim), `photo.too_many_pixels` (its header declares more than `maxPixels`, refused before decoding) or
 * `photo.unreadable` (cut short or damaged).
 */
export async function cleanPhoto(input: Uint8Array, maxPixels: number): Promise<CleanPhoto> {
  const claimed = sniffPhotoFormat(input)
  if (!claimed) throw httpError(Errors.PhotoNotImage)
  let header: Metadata
  try {
    // Reads the header only: nothing is decoded yet.
    header = await sharp(input, { limitInputPixels: false }).metadata()
  } catch {
    throw httpError(Errors.PhotoUnreadable)
  }
  if (header.format !== claimed) throw httpError(Errors.PhotoNotImage)
  const { width, height } = header
  if (!width || !height) throw httpError(Errors.PhotoUnreadable)
  if (width * height > maxPixels)
    throw httpError(
      Errors.PhotoTooManyPixels,
      `this picture is ${width} × ${height} pixels; a photo may have at most ${maxPixels.toLocaleString('en-GB')} pixels`,
    )
  try {
    const { data, info } = await sharp(input, {
      // The decoder checks the bound again, whatever the header above said.
      limitInputPixels: maxPixels,
      failOn: 'truncated',
      sequentialRead: true,
    })
      // Turn the picture the way the camera held it, since the orientation tag goes with the rest of the metadata.
      .rotate()
      .resize({ width: STORED_LONGEST_SIDE, height: STORED_LONGEST_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      // No keepMetadata/withMetadata: sharp writes none of the input's metadata.
      .jpeg({ quality: STORED_QUALITY })
      .toBuffer({ resolveWithObject: true })
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    }
  } catch {
    throw httpError(Errors.PhotoUnreadable)
  }
}

/**
 * Bounds the server's image work so uploads can never stall anything else: at most `concurrency` photos are
 * worked on at once, and at most `queue` more uploads are let in to wait (their bytes are read only once let in).
 * Beyond that, `admit` answers null and the route refuses at once with 503 `photo.busy`.
 */
export class PhotoGate {
  private admitted = 0
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  /** Uploads let in and not yet finished. */
  get size(): number {
    return this.admitted
  }

  /** Let an upload in, or null when the server already holds as many as it may. Call `leave` when done. */
  admit(): { run<T>(work: () => Promise<T>): Promise<T>; leave(): void } | null {
    if (this.admitted >= this.concurrency + this.queue) return null
    this.admitted++
    let left = false
    return {
      run: (work) => this.run(work),
      leave: () => {
        if (left) return
        left = true
        this.admitted--
      },
    }
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.running++
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next upload waiting (running stays the same), or is freed.
      if (next) next()
      else this.running--
    }
  }
}

/**
 * Read a request body of at most `max` bytes. A declared Content-Length over it is refused before a byte is read;
 * a body without one is read chunk by chunk and refused as soon as it passes `max`, so no more than `max` bytes
 * are ever held.
 */
export async function readBoundedBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  const tooLarge = () =>
    httpError(
      Errors.PhotoTooLarge,
      `this photo is larger than ${Math.floor(max / (1024 * 1024))} MB; send a smaller one`,
    )
  if (declared !== null && (!/^\d{1,15}$/.test(declared) || Number(declared) > max)) throw tooLarge()
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}
