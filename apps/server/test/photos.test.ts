import { listPhotos } from '@roundtable/board'
import { execFileSync } from 'node:child_process'
import { readFileSync, existsSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { deflateSync } from 'node:zlib'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoard, queryRows, startTestServer, storageMode, type TestBoard } from './helpers'

type Started = Awaited<ReturnType<typeof startTestServer>>

/** A photo of a yellow sticky note with dark "writing", as a camera writes it: with EXIF naming the place and phone. */
async function cameraJpeg(seed = 0): Promise<Buffer> {
  const writing = Buffer.from(
    `<svg width="800" height="600"><rect width="800" height="600" fill="#f5e663"/>
     <path d="M80 200 Q 200 ${120 + seed} 320 200 T 560 200" stroke="#222" stroke-width="14" fill="none"/>
     <path d="M80 360 L 700 ${380 + seed}" stroke="#222" stroke-width="14"/></svg>`,
  )
  return sharp(writing)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Secret Phone 9', DateTime: '2026:12:07 10:30:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 2600/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 3900/100',
      },
    })
    .toBuffer()
}

/** A PNG whose header declares `width` × `height` pixels, with a tiny (and incomplete) body: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.writeUInt8(8, 8) // bit depth
  ihdr.writeUInt8(2, 9) // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    // Zeros compress about a thousand to one: a few KB would inflate to gigabytes if it were ever decoded.
    chunk('IDAT', deflateSync(Buffer.alloc(4 * 1024 * 1024))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** Resident memory of this process's child processes (the image process), from ps. */
function childrenRssBytes(): number {
  const out = execFileSync('ps', ['-o', 'rss=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  return (
    out
      .split('\n')
      .map((line) => Number(line.trim()) || 0)
      .reduce((a, b) => a + b, 0) * 1024
  )
}

/** A real JPEG whose frame header (SOF0) is rewritten to claim 65,000 × 65,000 pixels. */
async function bombJpeg(): Promise<Buffer> {
  const jpeg = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer(),
  )
  for (let i = 2; i < jpeg.length - 9; i++) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(65000, i + 5)
      jpeg.writeUInt16BE(65000, i + 7)
      return jpeg
    }
  }
  throw new Error('no frame header')
}

describe(`photos from the room (${storageMode})`, () => {
  let started: Started
  let board: TestBoard

  const upload = (
    body: Uint8Array | string,
    options: { type?: string; key?: string; query?: string; id?: string } = {},
  ) =>
    fetch(`${started.url}/api/boards/${options.id ?? board.id}/photos${options.query ?? ''}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.key ?? board.keys.participant}`,
        'content-type': options.type ?? 'image/jpeg',
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    })
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

  beforeAll(async () => {
    started = await startTestServer({ PHOTOS_PER_BOARD: '4' })
    board = await createBoard(started.url)
  })
  afterAll(async () => {
    await started.server.close()
  })

  it('keeps a camera JPEG without any of its metadata (no GPS, no device, no time), and puts it in Incoming ideas', async () => {
    const original = await cameraJpeg()
    const before = await sharp(original).metadata()
    expect(before.exif?.toString('latin1')).toContain('Secret Phone 9')
    const res = await upload(original, { query: '?authorId=phone-1&authorName=Sam' })
    expect(res.status).toBe(201)
    const { photo } = (await res.json()) as { photo: { id: string; url: string; width: number; height: number } }
    expect(photo).toMatchObject({ width: 800, height: 600, url: `/api/boards/${board.id}/photos/${photo.id}` })

    const served = await fetch(`${started.url}${photo.url}`, { headers: board.auth('view') })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('cache-control')).toBe('private, no-cache')
    // Asked again with its ETag: a bodiless 304, after the same key check.
    const again = await fetch(`${started.url}${photo.url}`, {
      headers: { ...board.auth('view'), 'if-none-match': served.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    expect(
      (await fetch(`${started.url}${photo.url}`, { headers: { 'if-none-match': served.headers.get('etag')! } })).status,
    ).toBe(401)
    const stored = Buffer.from(await served.arrayBuffer())
    const after = await sharp(stored).metadata()
    expect(after.format).toBe('jpeg')
    expect({ exif: after.exif, xmp: after.xmp, iptc: after.iptc, icc: after.icc }).toEqual({
      exif: undefined,
      xmp: undefined,
      iptc: undefined,
      icc: undefined,
    })
    for (const word of ['Secret Phone', 'PhoneMaker', '2026:12:07', 'Exif']) expect(stored.includes(word)).toBe(false)

    const onBoard = await started.server.rooms.withRoom(board.id, (room) => listPhotos(room.doc))
    expect(onBoard).toEqual([expect.objectContaining({ photoId: photo.id, src: photo.url, typedUp: 0, author: 'Sam' })])
    const frameName = await started.server.rooms.withRoom(board.id, (room) => {
      const shape = room.doc.getMap<any>('records').get(onBoard![0]!.shapeId)
      return (room.doc.getMap<any>('records').get(shape.get('parentId'))?.get('props') as any)?.get('name')
    })
    expect(frameName).toBe('Incoming ideas')
  })

  it('takes a PNG named .jpg and sent as image/jpeg as the PNG it is, and keeps it as JPEG', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#3366cc' } })
      .png()
      .toBuffer()
    const res = await upload(png, { type: 'image/jpeg' })
    expect(res.status).toBe(201)
    const { photo } = (await res.json()) as { photo: { url: string } }
    const served = Buffer.from(
      await (await fetch(`${started.url}${photo.url}`, { headers: board.auth('view') })).arrayBuffer(),
    )
    expect((await sharp(served).metadata()).format).toBe('jpeg')
  })

  it('refuses text, HTML and SVG, whatever they are named or said to be (415 photo.not_an_image)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    for (const body of ['just some words', '<!doctype html><script>alert(1)</script>', svg, `\uFEFF${svg}`]) {
      const res = await upload(body, { type: 'image/jpeg' })
      expect(res.status).toBe(415)
      expect(await errorCode(res)).toBe('photo.not_an_image')
    }
    // JPEG's first bytes in front of something else entirely.
    const res = await upload(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<html>')]))
    expect([400, 415]).toContain(res.status)
    expect(['photo.unreadable', 'photo.not_an_image']).toContain(await errorCode(res))
  })

  it('refuses a decompression bomb from its header, before decoding, quickly and without the memory (413)', async () => {
    for (const bomb of [bombPng(100_000, 100_000), await bombJpeg()]) {
      expect(bomb.length).toBeLessThan(200_000)
      const rssBefore = process.memoryUsage().rss
      const start = performance.now()
      const res = await upload(bomb)
      const ms = performance.now() - start
      expect(res.status).toBe(413)
      expect(await errorCode(res)).toBe('photo.too_many_pixels')
      // Decoding 10 gigapixels would take minutes and tens of gigabytes; refusing takes a header read. (Both
      // bounds are generous: the test server runs in this process, so its memory is ours.)
      expect(ms).toBeLessThan(2000)
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024)
      // The image process (a child of this one, as the test server runs here) did not decode it either: decoding
      // would take 30 GB.
      expect(childrenRssBytes()).toBeLessThan(400 * 1024 * 1024)
    }
  })

  it('refuses a photo cut short, and one damaged inside (400 photo.unreadable)', async () => {
    const whole = await cameraJpeg(7)
    const cut = await upload(whole.subarray(0, Math.floor(whole.length / 2)))
    expect(cut.status).toBe(400)
    expect(await errorCode(cut)).toBe('photo.unreadable')
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const damaged = Buffer.from(png)
    damaged.fill(0x41, 40, damaged.length - 12)
    const res = await upload(damaged)
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('photo.unreadable')
  })

  it('refuses an upload over the byte limit as soon as it says so, without reading it (413 photo.too_large)', async () => {
    const url = new URL(`${started.url}/api/boards/${board.id}/photos`)
    const declared = 64 * 1024 * 1024
    const answer = await new Promise<{ status: number; body: string; sentBytes: number }>((resolve, reject) => {
      let sent = 0
      const req = httpRequest(
        url,
        {
          method: 'POST',
          headers: { ...board.auth('participant'), 'content-type': 'image/jpeg', 'content-length': declared },
        },
        (res) => {
          let body = ''
          res.on('data', (d) => (body += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes: sent }))
        },
      )
      req.on('error', () => {})
      // One megabyte, then wait for the answer: the server must not wait for the other 63.
      const first = Buffer.alloc(1024 * 1024, 0xff)
      sent += first.length
      req.write(first)
      setTimeout(() => reject(new Error('no answer before the body was sent')), 5000)
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.code).toBe('photo.too_large')
    expect(answer.sentBytes).toBeLessThan(declared)
  })

  it('refuses a body without a length once it passes the limit (413 photo.too_large)', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0xff)
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength
        if (pulled > 40 * 1024 * 1024) controller.close()
        else controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${started.url}/api/boards/${board.id}/photos`, {
      method: 'POST',
      headers: { ...board.auth('participant'), 'content-type': 'image/jpeg' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(await errorCode(res)).toBe('photo.too_large')
  })

  it('keeps the same upload once (a phone retrying), answers the same photo, and puts it on the board once', async () => {
    const fresh = await createBoard(started.url)
    const jpeg = await cameraJpeg(11)
    const first = await upload(jpeg, { id: fresh.id, key: fresh.keys.participant })
    const again = await upload(jpeg, { id: fresh.id, key: fresh.keys.participant })
    expect([first.status, again.status]).toEqual([201, 200])
    const a = ((await first.json()) as { photo: { id: string } }).photo.id
    const b = ((await again.json()) as { photo: { id: string } }).photo.id
    expect(b).toBe(a)
    expect(await started.server.rooms.withRoom(fresh.id, (room) => listPhotos(room.doc).length)).toBe(1)
  })

  it('keeps a board within its photo budget (409 photo.board_full)', async () => {
    const fresh = await createBoard(started.url)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push((await upload(await cameraJpeg(20 + i), { id: fresh.id, key: fresh.keys.participant })).status)
    expect(statuses).toEqual([201, 201, 201, 201, 409])
    const res = await upload(await cameraJpeg(40), { id: fresh.id, key: fresh.keys.participant })
    expect(await errorCode(res)).toBe('photo.board_full')
    expect(await started.server.rooms.withRoom(fresh.id, (room) => listPhotos(room.doc).length)).toBe(4)
  })

  it('serves a photo only with a key or session of its own board', async () => {
    const other = await createBoard(started.url)
    const res = await upload(await cameraJpeg(50))
    const { photo } = (await res.json()) as { photo: { id: string; url: string } }
    expect((await fetch(`${started.url}${photo.url}`)).status).toBe(401)
    expect((await fetch(`${started.url}${photo.url}`, { headers: other.auth('facilitator') })).status).toBe(403)
    // Another board's key on its own board: the photo is not there.
    const elsewhere = await fetch(`${started.url}/api/boards/${other.id}/photos/${photo.id}`, {
      headers: other.auth('facilitator'),
    })
    expect(elsewhere.status).toBe(404)
    expect(await errorCode(elsewhere)).toBe('photo.not_found')
    const bad = await fetch(`${started.url}/api/boards/${board.id}/photos/..%2F..%2Fetc`, {
      headers: board.auth('view'),
    })
    expect(bad.status).toBe(404)
  })

  it('refuses uploads from a view-only link (403) and with a bad author (400)', async () => {
    const jpeg = await cameraJpeg(60)
    const view = await upload(jpeg, { key: board.keys.view })
    expect(view.status).toBe(403)
    expect(await errorCode(view)).toBe('auth.view_only')
    const bad = await upload(jpeg, { query: '?authorId=%0d%0aevil' })
    expect(bad.status).toBe(400)
    expect(await errorCode(bad)).toBe('request.invalid')
  })

  it('deletes the photo bytes with the board', async () => {
    const fresh = await createBoard(started.url)
    const res = await upload(await cameraJpeg(70), { id: fresh.id, key: fresh.keys.participant })
    const { photo } = (await res.json()) as { photo: { url: string } }
    const stored = Buffer.from(
      await (await fetch(`${started.url}${photo.url}`, { headers: fresh.auth('view') })).arrayBuffer(),
    )
    const count = async () =>
      Number(
        (
          await queryRows<{ n: number | string }>(
            started.dataDir,
            'SELECT COUNT(*) AS n FROM board_photos WHERE board_id = ?',
            [fresh.id],
          )
        )[0]?.n,
      )
    expect(await count()).toBe(1)
    const deleted = await fetch(`${started.url}/api/boards/${fresh.id}`, {
      method: 'DELETE',
      headers: fresh.auth('facilitator'),
    })
    expect(deleted.status).toBeLessThan(300)
    expect(await count()).toBe(0)
    if (storageMode === 'sqlite') {
      // Not just unlinked: the bytes are gone from the database file and its write-ahead log.
      const sample = stored.subarray(Math.floor(stored.length / 2), Math.floor(stored.length / 2) + 64)
      for (const file of ['roundtable.sqlite', 'roundtable.sqlite-wal']) {
        const path = join(started.dataDir, file)
        if (existsSync(path)) expect(readFileSync(path).includes(sample)).toBe(false)
      }
    }
  })
})

describe(`photo work is bounded (${storageMode})`, () => {
  let started: Started
  beforeAll(async () => {
    started = await startTestServer({ PHOTO_CONCURRENCY: '1', PHOTO_QUEUE: '0', PHOTOS_PER_IP_PER_MINUTE: '1000' })
  })
  afterAll(async () => {
    await started.server.close()
  })

  it('answers 503 photo.busy with Retry-After when as many uploads as allowed are in progress', async () => {
    const board = await createBoard(started.url)
    const url = new URL(`${started.url}/api/boards/${board.id}/photos`)
    // One upload in progress: its body is still coming.
    const slow = httpRequest(url, {
      method: 'POST',
      headers: { ...board.auth('participant'), 'content-type': 'image/jpeg', 'content-length': 100_000 },
    })
    const slowAnswer = new Promise<number>((resolve) => slow.on('response', (res) => resolve(res.statusCode ?? 0)))
    slow.on('error', () => {})
    slow.write(Buffer.from([0xff, 0xd8, 0xff]))
    // Until it is let in, a second upload could itself take the one place: wait until the server holds it.
    let busy: Response | null = null
    for (let tries = 0; tries < 100 && !busy; tries++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...board.auth('participant'), 'content-type': 'image/jpeg' },
        body: new Uint8Array(await cameraJpeg(tries)),
      })
      if (res.status === 503) busy = res
      else await res.arrayBuffer()
    }
    expect(busy?.status).toBe(503)
    expect(busy?.headers.get('retry-after')).toBe('5')
    expect(((await busy!.json()) as { error: { code: string } }).error.code).toBe('photo.busy')
    // Everything else still answers meanwhile.
    expect((await fetch(`${started.url}/api/boards/${board.id}/ideas`, { headers: board.auth('view') })).status).toBe(
      200,
    )
    slow.end(Buffer.alloc(100_000 - 3))
    expect(await slowAnswer).toBe(400)
  })
})

describe(`photo uploads per address (${storageMode})`, () => {
  let started: Started
  beforeAll(async () => {
    started = await startTestServer({ PHOTOS_PER_IP_PER_MINUTE: '3' })
  })
  afterAll(async () => {
    await started.server.close()
  })

  it('turns a flood from one address away with 429 rate.limited and Retry-After, on any board, without reading it', async () => {
    const boards = [await createBoard(started.url), await createBoard(started.url)]
    const send = (i: number) =>
      fetch(`${started.url}/api/boards/${boards[i % 2]!.id}/photos`, {
        method: 'POST',
        headers: { ...boards[i % 2]!.auth('participant'), 'content-type': 'image/jpeg' },
        body: 'not read',
      })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await send(i)).status)
    // The allowance is taken by every upload started, whatever becomes of it (these are refused as not images).
    expect(statuses).toEqual([415, 415, 415])
    const refused = await send(3)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate.limited')
    // Other requests from the same address still answer.
    expect(
      (await fetch(`${started.url}/api/boards/${boards[0]!.id}/ideas`, { headers: boards[0]!.auth('view') })).status,
    ).toBe(200)
  })
})
