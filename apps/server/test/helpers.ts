import { openPostgresStore, openSqliteStore, type Storage } from '@roundtable/storage'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import pg from 'pg'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino, type Logger } from 'pino'
import { inject } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { parseConfig, type Config } from '../src/env'
import { startServer, type RunningServer } from '../src/server'
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services'

/** Which storage this run of the suite uses (the Vitest project sets it): SQLite, or PostgreSQL with Redis. */
export const storageMode: 'sqlite' | 'postgres' = process.env.TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite'

/** A fresh data folder for one test (on PostgreSQL it also names the test's own schema, see storageEnv). */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'roundtable-test-'))
}

/** The PostgreSQL schema standing for a data folder: a server restarted on the same folder finds its boards. */
export function schemaFor(dataDir: string): string {
  return `${inject('pgSchemaPrefix')}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`
}

/** Environment selecting this run's storage for a data folder: SQLite in it, or its own schema and Redis prefix. */
export function storageEnv(dataDir: string): Record<string, string> {
  if (storageMode === 'sqlite') return { DATA_DIR: dataDir }
  const schema = schemaFor(dataDir)
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `${schema}:`,
  }
}

/** Start a real server on a free port with real storage: a SQLite file, or a PostgreSQL schema and Redis. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir = tempDataDir(),
  log: Logger = pino({ level: 'silent' }),
) {
  const config: Config = parseConfig({ PORT: '0', LOG_LEVEL: 'silent', ...storageEnv(dataDir), ...env })
  const server: RunningServer = await startServer(config, log)
  return { server, config, dataDir, url: server.url, wsUrl: server.url.replace(/^http/, 'ws') + '/sync' }
}

/** Opens the storage a test server used, separately from it, to check what is really stored. */
export async function openStoredData(dataDir: string): Promise<Storage> {
  return storageMode === 'sqlite'
    ? openSqliteStore({ dataDir })
    : openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: schemaFor(dataDir), poolSize: 2 })
}

/**
 * Read rows straight from a test server's tables (SQLite file or PostgreSQL schema), to check what is really
 * stored (or, for an UPDATE, to set up a case). Write the SQL with `?` placeholders, plain enough for both engines.
 */
export async function queryRows<T>(dataDir: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (storageMode === 'sqlite') {
    const writes = /^\s*(UPDATE|DELETE|INSERT)/i.test(sql)
    const db = new Database(join(dataDir, 'roundtable.sqlite'), { readonly: !writes })
    try {
      if (writes) {
        db.prepare(sql).run(...params)
        return []
      }
      return db.prepare(sql).all(...params) as T[]
    } finally {
      db.close()
    }
  }
  let n = 0
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(`SET search_path TO "${schemaFor(dataDir)}"`)
    const { rows } = await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    )
    return rows as T[]
  } finally {
    await client.end()
  }
}

/** A board's document rebuilt from what storage holds, as a restarted server would. */
export async function storedDoc(store: Storage, boardId: string): Promise<Y.Doc> {
  const stored = await store.loadDoc(boardId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

export type TestRole = 'participant' | 'facilitator' | 'view'

/** A board created over HTTP, with the keys from its three links. */
export interface TestBoard {
  id: string
  keys: Record<TestRole, string>
  links: Record<TestRole, string>
  /** `Authorization` header for API calls with a role's key. */
  auth(role: TestRole): Record<string, string>
}

/** Create a board over HTTP and read the keys out of its links' fragments. */
export async function createBoard(baseUrl: string, title?: string): Promise<TestBoard> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(title ? { title } : {}),
  })
  if (res.status !== 201) throw new Error(`board creation failed: ${res.status}`)
  const body = (await res.json()) as { id: string; links: Record<TestRole, string> }
  const keyOf = (link: string) => new URL(link).hash.replace('#key=', '')
  const keys = {
    participant: keyOf(body.links.participant),
    facilitator: keyOf(body.links.facilitator),
    view: keyOf(body.links.view),
  }
  return {
    id: body.id,
    keys,
    links: body.links,
    auth: (role) => ({ authorization: `Bearer ${keys[role]}` }),
  }
}

/** A person's session: exchange a key for the board's cookie, as a browser does; returns the Cookie header. */
export async function personSession(
  baseUrl: string,
  board: TestBoard,
  role: TestRole = 'participant',
): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/boards/${board.id}/session`, { method: 'POST', headers: board.auth(role) })
  if (res.status !== 200) throw new Error(`session exchange failed: ${res.status}`)
  const cookie = res.headers.get('set-cookie')
  if (!cookie) throw new Error('no session cookie')
  return { cookie: cookie.split(';')[0]! }
}

/** A stock y-websocket client, exactly as any other tool would connect (key in `?key=`). */
export function connectClient(
  wsUrl: string,
  boardId: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const doc = new Y.Doc()
  // A browser sends its board cookie with the upgrade request; `headers` does the same here (see personSession).
  class WebSocketWithHeaders extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocketWithHeaders as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  })
  const closes: { code: number; reason: string }[] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    provider,
    closes,
    synced: () => waitFor(() => provider.synced),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * Call the HTTP API, with a JSON body when one is given. Answers the status, the raw text, the JSON it holds (null
 * when it holds none) and the headers.
 */
export async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let json: Record<string, any> | null = null
  try {
    json = text ? (JSON.parse(text) as Record<string, any>) : null
  } catch {
    json = null
  }
  return { status: res.status, text, body: json as Record<string, any>, headers: res.headers }
}

/** Retry until the check returns true (or stops throwing), instead of sleeping a fixed time. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      if (await check()) return
    } catch (error) {
      lastError = error
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`)
}
