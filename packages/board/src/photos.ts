import * as Y from 'yjs'
import { placeInIncoming } from './incoming'
import { getRecordsMap } from './layout'
import { NOTE_SIZE } from './placement'
import { putRecord, readRecord, yRecordToJson, type BoardRecord } from './records'

/**
 * Photos of paper from the room (a flip chart, a sticky note) on the board. The server keeps the picture's bytes;
 * the board holds a tldraw image asset whose `src` is the server's address for it, and an image shape in the
 * "Incoming ideas" frame. People then type up what the photo says as ideas: until someone does, the photo is
 * "waiting" (the list view, read-aloud and the facilitator's count say so).
 */

/** `meta` marker of a photo's image shape and asset: `meta.roundtable === 'photo'`. */
export const PHOTO_META_VALUE = 'photo'
/** `meta.photoId` on the image shape: the photo's id on the server. */
export const PHOTO_ID_META = 'photoId'
/** `meta.typedUp` on the image shape: how many ideas people typed up from it (0: waiting). */
export const PHOTO_TYPED_UP_META = 'typedUp'
/** `meta.fromPhoto` on an idea typed up from a photo: that photo's id. */
export const FROM_PHOTO_META = 'fromPhoto'

/**
 * The words a screen reader hears for a photo on the canvas (tldraw's `altText`) until someone types it up; the
 * web client writes its own words (strings.ts, `photos.altTypedUp`) once they do.
 */
export const PHOTO_ALT_WAITING = 'Photo from a phone, not yet typed up'

/** A photo id: 16 letters and digits (the suffix of its asset's record id). */
const PHOTO_ID = /^[0-9A-Za-z]{16}$/

/** True when a string has the shape of a photo id. */
export function isPhotoId(value: string): boolean {
  return PHOTO_ID.test(value)
}

/** Where the server serves a photo: a path on the board's own site, opened with the board's own key or session. */
export function photoPath(boardId: string, photoId: string): string {
  return `/api/boards/${boardId}/photos/${photoId}`
}

/** The only shape of address a photo asset may point at: this site's photo route (never another site). */
const PHOTO_PATH = /^\/api\/boards\/[A-Za-z0-9_-]{10,64}\/photos\/[0-9A-Za-z]{16}$/
/** Pictures people paste onto the canvas stay inside the board as data URLs. */
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,/

/**
 * True when an asset address stays on the board's own site: empty, an inline picture, or this server's photo
 * route. Anything else (another site, a `javascript:` or `asset:` address, a relative path elsewhere) is refused
 * by the server's write checks, so nobody's browser is made to fetch from elsewhere by opening a board.
 */
export function isOnSiteAssetSrc(src: unknown): boolean {
  return src === null || src === '' || (typeof src === 'string' && (PHOTO_PATH.test(src) || INLINE_IMAGE.test(src)))
}

/** The size a photo shows at in an incoming cell: its shape, fitted into a note's square. */
export function photoShapeSize(width: number, height: number): { w: number; h: number } {
  const scale = NOTE_SIZE / Math.max(width, height, 1)
  return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) }
}

/** What the server needs to put a stored photo on the board. */
export interface IncomingPhoto {
  boardId: string
  photoId: string
  width: number
  height: number
  bytes: number
  meta?: Record<string, unknown>
}

/**
 * Put a stored photo on the board: its image asset, and an image shape in the next free cell of the "Incoming
 * ideas" frame. Returns the shape's id.
 */
export function addIncomingPhoto(doc: Y.Doc, input: IncomingPhoto): { shapeId: string; assetId: string } {
  const assetId = `asset:${input.photoId}`
  const size = photoShapeSize(input.width, input.height)
  const placed = placeInIncoming(doc, (pageId, cell) => {
    putRecord(doc, {
      id: assetId,
      typeName: 'asset',
      type: 'image',
      props: {
        name: 'photo.jpg',
        src: photoPath(input.boardId, input.photoId),
        w: input.width,
        h: input.height,
        mimeType: 'image/jpeg',
        isAnimated: false,
        fileSize: Math.max(1, input.bytes),
      },
      meta: { roundtable: PHOTO_META_VALUE },
    })
    const shapeId = `shape:photo-${input.photoId}`
    putRecord(doc, {
      id: shapeId,
      typeName: 'shape',
      type: 'image',
      parentId: pageId,
      index: 'a1',
      // Centred in the cell, which is a note's square.
      x: cell.x + Math.round((NOTE_SIZE - size.w) / 2),
      y: cell.y + Math.round((NOTE_SIZE - size.h) / 2),
      rotation: 0,
      isLocked: false,
      opacity: 1,
      meta: { ...input.meta, roundtable: PHOTO_META_VALUE, [PHOTO_ID_META]: input.photoId, [PHOTO_TYPED_UP_META]: 0 },
      props: {
        w: size.w,
        h: size.h,
        playing: true,
        url: '',
        assetId,
        crop: null,
        flipX: false,
        flipY: false,
        altText: PHOTO_ALT_WAITING,
      },
    })
    return shapeId
  })
  return { shapeId: placed.shapeId, assetId }
}

/** A photo on the board, as people see it in the list view. */
export interface BoardPhoto {
  /** The image shape's record id. */
  shapeId: string
  photoId: string
  /** The address the picture is served at. */
  src: string
  pageId: string | null
  /** How many ideas were typed up from it (0: waiting to be typed up). */
  typedUp: number
  author: string | null
}

/** True when a record is a photo's image shape. */
export function isPhotoShape(record: BoardRecord): boolean {
  const meta = (record.meta ?? {}) as Record<string, unknown>
  return (
    record.typeName === 'shape' &&
    record.type === 'image' &&
    meta.roundtable === PHOTO_META_VALUE &&
    typeof meta[PHOTO_ID_META] === 'string' &&
    isPhotoId(meta[PHOTO_ID_META] as string)
  )
}

/** Every photo on the board, in the order they were added (by id order of the records map). */
export function listPhotos(doc: Y.Doc): BoardPhoto[] {
  const records = getRecordsMap(doc)
  const photos: BoardPhoto[] = []
  records.forEach((yrecord) => {
    if (!(yrecord instanceof Y.Map) || yrecord.get('type') !== 'image') return
    const record = yRecordToJson(yrecord)
    if (!record || !isPhotoShape(record)) return
    const meta = record.meta as Record<string, unknown>
    const photoId = meta[PHOTO_ID_META] as string
    const props = (record.props ?? {}) as Record<string, unknown>
    const asset = typeof props.assetId === 'string' ? records.get(props.assetId) : undefined
    const assetProps = asset instanceof Y.Map ? asset.get('props') : undefined
    const src = assetProps instanceof Y.Map ? assetProps.get('src') : undefined
    if (typeof src !== 'string' || !isOnSiteAssetSrc(src) || src === '') return
    const typedUp = meta[PHOTO_TYPED_UP_META]
    photos.push({
      shapeId: record.id,
      photoId,
      src,
      pageId: pageOf(doc, record),
      typedUp: typeof typedUp === 'number' && Number.isFinite(typedUp) ? Math.max(0, typedUp) : 0,
      author: typeof meta.author === 'string' ? meta.author : null,
    })
  })
  return photos
}

/** The page a shape is on, following its parents (frames) up; null when the chain is broken. */
function pageOf(doc: Y.Doc, record: BoardRecord): string | null {
  let parent = record.parentId
  for (let depth = 0; depth < 32 && typeof parent === 'string'; depth++) {
    if (parent.startsWith('page:')) return parent
    const up = getRecordsMap(doc).get(parent)
    parent = up instanceof Y.Map ? up.get('parentId') : undefined
  }
  return null
}

/** How many photos still wait to be typed up. */
export function waitingPhotoCount(photos: readonly BoardPhoto[]): number {
  return photos.filter((p) => p.typedUp === 0).length
}

/**
 * Note on a photo's shape that `count` more ideas were typed up from it, with the words a screen reader now hears
 * for it (`altText(total)`). Call inside the transaction adding them.
 */
export function markTypedUp(doc: Y.Doc, shapeId: string, count: number, altText: (total: number) => string): void {
  const shape = readRecord(doc, shapeId)
  if (!shape || !isPhotoShape(shape)) return
  const meta = shape.meta as Record<string, unknown>
  const before = typeof meta[PHOTO_TYPED_UP_META] === 'number' ? (meta[PHOTO_TYPED_UP_META] as number) : 0
  const total = Math.max(0, before) + count
  const props = (shape.props ?? {}) as Record<string, unknown>
  putRecord(doc, {
    ...shape,
    meta: { ...meta, [PHOTO_TYPED_UP_META]: total },
    props: { ...props, altText: altText(total) },
  })
}
