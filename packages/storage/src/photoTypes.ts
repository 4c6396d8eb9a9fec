/** A photo to keep with a board: the re-encoded picture (no metadata) and what is known about it. */
export interface NewPhoto {
  id: string
  createdAt: number
  width: number
  height: number
  /** SHA-256 (hex) of the bytes as uploaded: the same upload sent twice (a phone retrying) is kept once. */
  sourceHash: string
  /** The stored picture (JPEG). */
  data: Uint8Array
}

/** A stored photo, as served. */
export interface StoredPhoto {
  id: string
  createdAt: number
  width: number
  height: number
  data: Uint8Array
}

/** A board's photo budget: most photos, and most bytes of photos, it may hold. */
export interface PhotoLimits {
  maxCount: number
  maxBytes: number
}

/** True when a photo of `bytes` bytes fits in a board's budget beside what it already `used`. */
export function fitsPhotoBudget(used: { count: number; bytes: number }, bytes: number, limits: PhotoLimits): boolean {
  return used.count + 1 <= limits.maxCount && used.bytes + bytes <= limits.maxBytes
}

/** What {@link PhotoStore.addPhoto} did. */
export type AddPhotoResult =
  | { kind: 'added' }
  /** The same upload was kept before: nothing was added; this is the photo it became. */
  | { kind: 'duplicate'; id: string; width: number; height: number; bytes: number }
  /** The board's budget has no room for it: nothing was added. */
  | { kind: 'full' }

/** Photos kept with boards. A board's photos go when the board is deleted (deleteBoard, retention). */
export interface PhotoStore {
  /** How many photos, and how many bytes of them, a board holds. */
  photoUsage(boardId: string): Promise<{ count: number; bytes: number }>
  /**
   * Keep a photo with a board, atomically within the board's budget: checked and written in one transaction, so
   * uploads racing each other (on one server or several) never take a board past it.
   */
  addPhoto(boardId: string, photo: NewPhoto, limits: PhotoLimits): Promise<AddPhotoResult>
  getPhoto(boardId: string, photoId: string): Promise<StoredPhoto | null>
}
