import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { z } from 'zod'

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/** A URL whose scheme is one of `schemes` (connection strings are never echoed: they may hold a password). */
const urlWith = (schemes: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol)
      } catch {
        return false
      }
    },
    { error: `must be a URL like ${example}` },
  )

const TRUST_PROXY_WORDS = 'must be how many reverse proxies stand in front of the server: 0 (none, the default), 1, 2…'

/**
 * Every setting Roundtable reads from the environment, validated once at start. Nothing else reads process.env.
 * The README's configuration table mirrors this schema.
 */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_URL: z.url().optional(),
    TLDRAW_LICENSE_KEY: z.string().min(1).optional(),
    WEB_DIST: z.string().min(1).default(DEFAULT_WEB_DIST),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
    ROOM_IDLE_MS: z.coerce.number().int().min(0).default(30_000),
    COMPACT_LOG_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(1024 * 1024),
    COMPACT_QUIET_MS: z.coerce.number().int().min(100).default(10_000),
    MAX_HTTP_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    MAX_PHOTO_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(64 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    MAX_PHOTO_PIXELS: z.coerce.number().int().min(1_000_000).max(268_000_000).default(40_000_000),
    PHOTOS_PER_BOARD: z.coerce.number().int().min(0).max(100_000).default(200),
    PHOTO_BYTES_PER_BOARD: z.coerce
      .number()
      .int()
      .min(0)
      .default(100 * 1024 * 1024),
    PHOTO_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    PHOTO_QUEUE: z.coerce.number().int().min(0).max(1000).default(4),
    PHOTOS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/roundtable').optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(
        /^[a-z_][a-z0-9_]{0,62}$/,
        'use lower-case letters, digits and _ (at most 63), starting with a letter or _',
      )
      .default('public'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    REDIS_URL: urlWith(['redis:', 'rediss:'], 'redis://host:6379').optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'use letters, digits and : _ . - (at most 64)')
      .default('roundtable:'),
    MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    MAX_BOARD_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(50 * 1024 * 1024),
    MAX_CONNECTIONS_PER_BOARD: z.coerce.number().int().min(1).default(500),
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(300),
    MESSAGES_PER_SECOND: z.coerce.number().min(1).default(200),
    MESSAGE_BURST: z.coerce.number().int().min(1).default(1000),
    SEND_BUFFER_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(4 * 1024 * 1024),
    WS_PING_MS: z.coerce.number().int().min(100).default(30_000),
    WS_IDLE_MS: z.coerce.number().int().min(200).default(60_000),
    HTTP_IDLE_MS: z.coerce.number().int().min(200).default(30_000),
    BOARDS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
    SESSIONS_PER_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    SESSIONS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    VERSION_EVERY_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(10 * 60 * 1000),
    VERSION_KEEP: z.coerce.number().int().min(1).default(100),
    BULK_DELETE_MIN: z.coerce.number().int().min(1).default(5),
    RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
    LAN: z
      .enum(['', '0', '1', 'true', 'false'], {
        error: 'LAN must be 1 (a session in a room, on the local network) or 0',
      })
      .default('')
      .transform((v) => v === '1' || v === 'true'),
    LAN_ADDRESS: z.ipv4({ error: 'LAN_ADDRESS must be an IPv4 address such as 192.168.1.20' }).optional(),
    TRUST_PROXY: z.coerce
      .number({ error: TRUST_PROXY_WORDS })
      .int(TRUST_PROXY_WORDS)
      .min(0, TRUST_PROXY_WORDS)
      .max(10, TRUST_PROXY_WORDS)
      .default(0),
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim().replace(/\/$/, ''))
          .filter(Boolean),
      )
      .pipe(
        z.array(z.url({ error: 'ALLOWED_ORIGINS must be a comma-separated list of origins like https://example.org' })),
      ),
  })
  .refine((e) => !e.REDIS_URL || e.DATABASE_URL, {
    path: ['REDIS_URL'],
    error: 'several servers share one PostgreSQL database: set DATABASE_URL too (SQLite is for one server)',
  })

/** The validated configuration. */
export interface Config {
  port: number
  host: string
  dataDir: string
  publicUrl: string | undefined
  tldrawLicenseKey: string | undefined
  webDist: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  sqliteSynchronous: 'NORMAL' | 'FULL'
  roomIdleMs: number
  /** Fold a board's update log once it holds this many bytes and as many as the snapshot, or once quiet. */
  compaction: { minLogBytes: number; quietMs: number }
  maxHttpBodyBytes: number
  /**
   * Photos of paper from the room: most bytes one upload may have, most pixels its header may declare (checked
   * before decoding), each board's budget (a count and the stored bytes), and how many are worked on at once
   * (`concurrency`) with how many more may wait (`queue`; beyond that 503 `photo.busy`), and how many uploads one
   * address may start a minute (`perIpPerMinute`; beyond that 429 `rate.limited`).
   */
  photos: {
    maxUploadBytes: number
    maxPixels: number
    perBoard: number
    bytesPerBoard: number
    concurrency: number
    queue: number
    perIpPerMinute: number
  }
  /** PostgreSQL connection string; undefined means SQLite in `dataDir`. Never logged. */
  databaseUrl: string | undefined
  databaseSchema: string
  databasePoolSize: number
  /** Redis connection string for fan-out between servers; undefined means this server is alone. Never logged. */
  redisUrl: string | undefined
  /** Prefix of every Redis channel, so several deployments (or tests) can share one Redis. */
  redisPrefix: string
  limits: {
    maxMessageBytes: number
    maxBoardBytes: number
    maxConnectionsPerBoard: number
    maxConnectionsPerIp: number
    messagesPerSecond: number
    messageBurst: number
    boardsPerIpPerHour: number
    /** New persons one link may mint per minute (in a burst of that many), at `POST /:id/session`. */
    sessionsPerKeyPerMinute: number
    /** Key exchanges one address may make per minute (in a burst of that many). */
    sessionsPerIpPerMinute: number
    /** Bytes a WebSocket may have waiting behind the frame being written before it is closed as a slow reader. */
    sendBufferBytes: number
  }
  /** Idle connections: WebSockets are pinged every `wsPingMs` and closed after `wsIdleMs` without a frame or pong;
   * HTTP connections are closed after `httpIdleMs` without a byte (including ones that never finish a request). */
  timeouts: { wsPingMs: number; wsIdleMs: number; httpIdleMs: number }
  versions: { everyMs: number; keep: number; bulkDeleteMin: number }
  /** Delete boards nobody has changed for this many days; 0 keeps them for ever. */
  retentionDays: number
  /** Bearer token that opens `/metrics`; undefined means `/metrics` answers only requests from this machine. */
  metricsToken: string | undefined
  /**
   * How many reverse proxies stand in front of the server (TRUST_PROXY, 0 by default). With N, each caller's address
   * is the one the outermost proxy saw, from X-Forwarded-For (http/guards.ts clientIp). Leave 0 when clients can
   * reach the server directly: they could then write the header themselves.
   */
  trustProxy: number
  /** Origins allowed besides the server's own (WebSocket upgrades and state-changing requests). */
  allowedOrigins: string[]
  /** A session in a room: listen on every interface and write the LAN address into links (see lan.ts). */
  lan: boolean
  /** The LAN address to use when the machine has several; otherwise the best one is picked. */
  lanAddress: string | undefined
}

/** Parse and validate the environment. Throws with every problem listed in plain words. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Roundtable cannot start: the environment has bad values:\n${problems}`)
  }
  const e = result.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    tldrawLicenseKey: e.TLDRAW_LICENSE_KEY,
    webDist: resolve(e.WEB_DIST),
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    roomIdleMs: e.ROOM_IDLE_MS,
    compaction: { minLogBytes: e.COMPACT_LOG_BYTES, quietMs: e.COMPACT_QUIET_MS },
    maxHttpBodyBytes: e.MAX_HTTP_BODY_BYTES,
    photos: {
      maxUploadBytes: e.MAX_PHOTO_BYTES,
      maxPixels: e.MAX_PHOTO_PIXELS,
      perBoard: e.PHOTOS_PER_BOARD,
      bytesPerBoard: e.PHOTO_BYTES_PER_BOARD,
      concurrency: e.PHOTO_CONCURRENCY,
      queue: e.PHOTO_QUEUE,
      perIpPerMinute: e.PHOTOS_PER_IP_PER_MINUTE,
    },
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxBoardBytes: e.MAX_BOARD_BYTES,
      maxConnectionsPerBoard: e.MAX_CONNECTIONS_PER_BOARD,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      messagesPerSecond: e.MESSAGES_PER_SECOND,
      messageBurst: e.MESSAGE_BURST,
      boardsPerIpPerHour: e.BOARDS_PER_IP_PER_HOUR,
      sessionsPerKeyPerMinute: e.SESSIONS_PER_KEY_PER_MINUTE,
      sessionsPerIpPerMinute: e.SESSIONS_PER_IP_PER_MINUTE,
      sendBufferBytes: e.SEND_BUFFER_BYTES,
    },
    timeouts: { wsPingMs: e.WS_PING_MS, wsIdleMs: e.WS_IDLE_MS, httpIdleMs: e.HTTP_IDLE_MS },
    versions: { everyMs: e.VERSION_EVERY_MS, keep: e.VERSION_KEEP, bulkDeleteMin: e.BULK_DELETE_MIN },
    retentionDays: e.RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS.map((o) => new URL(o).origin),
    lan: e.LAN,
    lanAddress: e.LAN_ADDRESS,
  }
}
