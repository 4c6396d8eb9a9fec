import { Errors } from '@roundtable/board'
import sharp, { type Metadata } from 'sharp'
import { httpError } from '../errors'
import { sniffPhotoFormat } from './photos'

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
