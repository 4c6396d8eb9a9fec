import { Errors, type ApiErrorDef } from '@roundtable/board'
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { httpError } from '../errors'
import type { CleanPhoto } from './photoClean'

/**
 * The server side of photo work: how many uploads are let in (`PhotoGate`), reading a bounded body, and the process
 * the pictures are checked and re-encoded in (`PhotoProcess`; the work itself is photoClean.ts).
 */

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

/** What the image process answers for one photo. */
type WorkerAnswer = ({ id: number; ok: true } & CleanPhoto) | { id: number; ok: false; code: string; message: string }

/**
 * The image work, in a process of its own at the lowest CPU priority (photoWorker.ts): started on the first photo,
 * kept while the server runs, started again if it ever ends. A photo it was working on when it ended is refused as
 * `photo.unreadable`. From the sources (tsx) it runs photoWorker.ts; from the bundle, dist/photoWorker.js.
 */
export class PhotoProcess {
  private child: ChildProcess | null = null
  private readonly pending = new Map<number, { resolve: (p: CleanPhoto) => void; reject: (e: Error) => void }>()
  private nextId = 1
  private closed = false

  /** Check and re-encode a photo (photoClean.ts `cleanPhoto`), in the image process. */
  clean(input: Uint8Array, maxPixels: number): Promise<CleanPhoto> {
    if (this.closed) return Promise.reject(httpError(Errors.PhotoBusy))
    const child = this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      child.send({ id, input, maxPixels })
    })
  }

  /** Stop the image process (the server is stopping). */
  close(): void {
    this.closed = true
    this.child?.kill()
    this.child = null
  }

  private start(): ChildProcess {
    if (this.child) return this.child
    const here = import.meta.url
    const fromSources = here.endsWith('.ts')
    const entry = new URL(fromSources ? './photoWorker.ts' : './photoWorker.js', here)
    const child = fork(fileURLToPath(entry), [], {
      serialization: 'advanced',
      execArgv: fromSources ? ['--import', 'tsx'] : ['--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (answer: WorkerAnswer) => {
      const waiting = this.pending.get(answer.id)
      if (!waiting) return
      this.pending.delete(answer.id)
      if (answer.ok) waiting.resolve({ data: answer.data, width: answer.width, height: answer.height })
      else waiting.reject(httpError(errorOf(answer.code), answer.message || undefined))
    })
    child.on('exit', () => {
      if (this.child === child) this.child = null
      for (const waiting of this.pending.values()) waiting.reject(httpError(Errors.PhotoUnreadable))
      this.pending.clear()
    })
    // It never keeps the server (or a test) running by itself.
    child.unref()
    child.channel?.unref()
    this.child = child
    return child
  }
}

/** The error entry for a code the image process answered. */
function errorOf(code: string): ApiErrorDef {
  return Object.values(Errors).find((e) => e.code === code) ?? Errors.PhotoUnreadable
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
