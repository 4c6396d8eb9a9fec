import { strings } from '../../strings'
import { ApiError } from '../../lib/api'
import { NotAPictureError, photoRefusalWords, pictureFiles, shrinkPhoto, uploadPhoto } from '../../lib/photos'
import type { Author } from '../../sync/authorship'

/** What the board page shows about pictures it is sending. */
export interface PhotoUploadState {
  /** Pictures still being shrunk or sent. */
  busy: number
  /** The last outcome in plain words (null before any). */
  message: string | null
  /** True when that outcome is a refusal or a failure. */
  failed: boolean
}

/** How many times a picture is sent while the server is busy, before giving up with words. */
const SEND_ATTEMPTS = 6

/**
 * Pictures added from a laptop (dropped on the board or the list, or chosen with the "Add a photo" button): shrunk
 * in the browser, then sent one at a time; the server puts each in "Incoming ideas".
 */
export class PhotoUploads {
  private state: PhotoUploadState = { busy: 0, message: null, failed: false }
  private readonly listeners = new Set<() => void>()
  private queue: Promise<void> = Promise.resolve()

  constructor(
    readonly boardId: string,
    private readonly getAuthor: () => Author | null,
    /** How long to wait before sending again after a "busy" answer (replaceable in tests). */
    private readonly retryDelayMs = (attempt: number) => 5_000 * attempt,
  ) {}

  getState = (): PhotoUploadState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Send the pictures among `files`; anything else is refused in words. Resolves when they are all done. */
  add(files: Iterable<File> | ArrayLike<File>): Promise<void> {
    const all = Array.from(files)
    const pictures = pictureFiles(all)
    if (pictures.length === 0) {
      if (all.length > 0) this.set({ message: strings.photos.notPicture, failed: true })
      return this.queue
    }
    this.set({ busy: this.state.busy + pictures.length, message: strings.photos.uploading, failed: false })
    for (const file of pictures) {
      this.queue = this.queue.then(async () => {
        try {
          await this.send(await shrinkPhoto(file))
          this.set({ busy: this.state.busy - 1, message: strings.photos.uploaded, failed: false })
        } catch (error) {
          const message = error instanceof NotAPictureError ? strings.photos.notPicture : photoRefusalWords(error)
          this.set({ busy: this.state.busy - 1, message, failed: true })
        }
      })
    }
    return this.queue
  }

  /**
   * Send one shrunk picture. While the server says it is busy with other photos (503 `photo.busy`) or this address
   * has sent many (429 `rate.limited`), wait and send it again, as the words shown meanwhile promise.
   */
  private async send(photo: Blob): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await uploadPhoto(this.boardId, photo, this.getAuthor())
        return
      } catch (error) {
        const waitable = error instanceof ApiError && (error.code === 'photo.busy' || error.code === 'rate.limited')
        if (!waitable || attempt >= SEND_ATTEMPTS) throw error
        this.set({ message: photoRefusalWords(error), failed: false })
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs(attempt)))
      }
    }
  }

  private set(patch: Partial<PhotoUploadState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }
}
