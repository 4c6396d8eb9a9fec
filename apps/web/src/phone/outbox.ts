/**
 * Ideas typed on a phone are never lost to a dropped Wi-Fi: each one is written to the phone's own storage first,
 * then sent, oldest first, and removed only when the server has it. What is half-typed is kept too (the draft).
 * After a reload, or when the network comes back, whatever is left is sent. Photos of paper wait in the same line,
 * kept as a shrunk JPEG (a few hundred KB, as a data URL); if the phone's storage is full they wait in memory while
 * the page is open.
 */

/** An idea waiting to be sent. */
export interface PendingIdea {
  /** Local id, for React keys and removal. */
  id: string
  text: string
  /** A photo to send instead of text: the shrunk JPEG as a data URL. */
  photo?: string
  createdAt: number
  /** True once a send was tried and may have reached the server before the connection dropped. */
  tried: boolean
}

/** What the phone shows about ideas it is sending. */
export interface OutboxState {
  pending: PendingIdea[]
  /** A send is on its way. */
  sending: boolean
  /** The last try could not reach the server (or the board is locked); ideas wait on the phone. */
  waiting: boolean
  /** Why they wait, in plain words (from `classify`); null while nothing waits. */
  waitReason: string | null
  /** Ideas (and photos) that reached the board since the page opened. */
  sent: number
  /** Of those, photos. */
  sentPhotos: number
  /** The server refused an idea for good (e.g. the link only lets people watch); in plain words. */
  refused: string | null
}

/** How sending fails. */
export type SendFailure = 'network' | 'refused'

/** What the outbox needs from the page. */
export interface OutboxOptions {
  /** Send one idea; throw to fail. */
  send: (text: string) => Promise<void>
  /** Send one photo (a data URL); throw to fail. The server keeps a photo sent twice once. */
  sendPhoto?: (photo: string) => Promise<void>
  /** Sort a failure: keep it and try again later ('network'), or drop the idea and say why ('refused'). */
  classify: (error: unknown) => { kind: SendFailure; message: string }
  /**
   * True when the board already has an idea with this text. Used only for an idea whose earlier send may have
   * arrived (the answer was lost): it is not sent twice.
   */
  alreadyOnBoard?: (text: string) => boolean
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  /** Waits between tries while the server cannot be reached: grows from the first to the last. */
  retryMs?: readonly number[]
}

const DEFAULT_RETRY_MS = [2000, 4000, 8000, 15000, 30000] as const

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function randomId(): string {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A kept photo: a JPEG data URL (what the phone shrinks every picture to). */
function isPhotoData(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('data:image/jpeg;base64,')
}

/** The ideas one phone is sending to one board. */
export class Outbox {
  private state: OutboxState
  private readonly listeners = new Set<() => void>()
  private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  private readonly retryMs: readonly number[]
  private retries = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private flushing: Promise<void> | null = null
  private disposed = false

  constructor(
    readonly boardId: string,
    private readonly options: OutboxOptions,
  ) {
    this.storage = options.storage === undefined ? defaultStorage() : options.storage
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS
    this.state = {
      pending: this.load(),
      sending: false,
      waiting: false,
      waitReason: null,
      sent: 0,
      sentPhotos: 0,
      refused: null,
    }
  }

  private get outboxKey(): string {
    return `roundtable:phone-outbox:${this.boardId}`
  }

  private get draftKey(): string {
    return `roundtable:phone-draft:${this.boardId}`
  }

  getState = (): OutboxState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** What was being typed, as kept on the phone. */
  readDraft(): string {
    try {
      return this.storage?.getItem(this.draftKey) ?? ''
    } catch {
      return ''
    }
  }

  /** Keep what is being typed (an empty text forgets it). */
  saveDraft(text: string): void {
    try {
      if (text) this.storage?.setItem(this.draftKey, text)
      else this.storage?.removeItem(this.draftKey)
    } catch {
      // Storage full or off: the draft lasts while the page is open.
    }
  }

  /** Keep an idea on the phone, then send it (with any others still waiting, oldest first). */
  add(text: string): void {
    const idea: PendingIdea = { id: randomId(), text, createdAt: Date.now(), tried: false }
    this.set({ pending: [...this.state.pending, idea], refused: null })
    this.save()
    void this.flush()
  }

  /** Keep a photo (a JPEG data URL) on the phone, then send it in turn. */
  addPhoto(photo: string): void {
    const item: PendingIdea = { id: randomId(), text: '', photo, createdAt: Date.now(), tried: false }
    this.set({ pending: [...this.state.pending, item], refused: null })
    this.save()
    void this.flush()
  }

  /** Send whatever is waiting now (the network is back, the page was opened again). */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve()
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    this.flushing ??= this.sendAll().finally(() => {
      this.flushing = null
    })
    return this.flushing
  }

  dispose(): void {
    this.disposed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.listeners.clear()
  }

  private async sendAll(): Promise<void> {
    while (!this.disposed) {
      const next = this.state.pending[0]
      if (!next) {
        this.set({ sending: false, waiting: false, waitReason: null })
        this.retries = 0
        return
      }
      if (!next.photo && next.tried && this.options.alreadyOnBoard?.(next.text)) {
        this.remove(next.id)
        this.set({ sent: this.state.sent + 1 })
        continue
      }
      this.set({ sending: true })
      this.update(next.id, { tried: true })
      try {
        if (next.photo) {
          if (!this.options.sendPhoto) throw new Error('photos cannot be sent from here')
          await this.options.sendPhoto(next.photo)
        } else {
          await this.options.send(next.text)
        }
        this.remove(next.id)
        this.retries = 0
        this.set({
          sent: this.state.sent + 1,
          sentPhotos: this.state.sentPhotos + (next.photo ? 1 : 0),
          waiting: false,
          waitReason: null,
        })
      } catch (error) {
        const failure = this.options.classify(error)
        if (failure.kind === 'refused') {
          this.remove(next.id)
          this.set({ refused: failure.message })
          continue
        }
        const wait = this.retryMs[Math.min(this.retries, this.retryMs.length - 1)] ?? 30000
        this.retries++
        this.set({ sending: false, waiting: true, waitReason: failure.message })
        if (!this.disposed) this.timer = setTimeout(() => void this.flush(), wait)
        return
      }
    }
  }

  private update(id: string, patch: Partial<PendingIdea>): void {
    this.set({ pending: this.state.pending.map((p) => (p.id === id ? { ...p, ...patch } : p)) })
    this.save()
  }

  private remove(id: string): void {
    this.set({ pending: this.state.pending.filter((p) => p.id !== id) })
    this.save()
  }

  private load(): PendingIdea[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.outboxKey) ?? '[]')
      if (!Array.isArray(parsed)) return []
      return parsed
        .filter(
          (p): p is PendingIdea =>
            typeof p === 'object' &&
            p !== null &&
            typeof p.id === 'string' &&
            typeof p.text === 'string' &&
            (p.text.trim() !== '' || isPhotoData(p.photo)),
        )
        .map((p) => ({
          id: p.id,
          text: p.text,
          ...(isPhotoData(p.photo) ? { photo: p.photo } : {}),
          createdAt: Number(p.createdAt) || 0,
          tried: p.tried === true,
        }))
    } catch {
      return []
    }
  }

  private save(): void {
    try {
      if (this.state.pending.length) this.storage?.setItem(this.outboxKey, JSON.stringify(this.state.pending))
      else this.storage?.removeItem(this.outboxKey)
    } catch {
      // Storage full or off: ideas wait in memory while the page is open.
    }
  }

  private set(patch: Partial<OutboxState>): void {
    if (this.disposed) return
    this.state = { ...this.state, ...patch }
    for (const listener of this.listeners) listener()
  }
}
