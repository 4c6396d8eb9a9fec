import type { Storage } from '@roundtable/storage'
import type { RoomManager } from '@roundtable/sync'
import type { Access } from './auth/access'
import type { Config } from './env'
import type { Logger } from './logger'
import type { Metrics } from './metrics'

/** Something /readyz checks: resolves when that dependency answers. */
export interface ReadinessCheck {
  name: string
  check(): Promise<void>
}

/** What every route needs, built once in server.ts. */
export interface AppDeps {
  config: Config
  store: Storage
  rooms: RoomManager
  log: Logger
  metrics: Metrics
  readiness: ReadinessCheck[]
}

/** Hono environment of routes under /api/boards/:id that passed `requireAccess`. */
export type BoardEnv = { Variables: { access: Access; boardId: string } }
