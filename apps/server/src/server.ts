import { serve } from '@hono/node-server'
import { CloseCodes, CloseReasons } from '@roundtable/board'
import { DEFAULT_ROOM_LIMITS, RoomManager } from '@roundtable/sync'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from './app'
import type { AppDeps, ReadinessCheck } from './context'
import { RetentionService } from './services/retention'
import { VersionService } from './services/versions'
import { openRedisBus, type RedisBus } from './bus/redisBus'
import type { Config } from './env'
import { createLogger, type Logger } from './logger'
import { Metrics } from './metrics'
import { keepAlive } from './ws/liveness'
import { openStorage } from './storage'

/** A running Roundtable server. */
export interface RunningServer {
  /** The address to open in a browser, e.g. http://127.0.0.1:8787 */
  url: string
  port: number
  rooms: RoomManager
  metrics: Metrics
  /** Graceful stop: refuse new work, store everything, tell clients "server restarting", close. */
  close(): Promise<void>
}

/**
 * Start one server process's worth of Roundtable: storage, rooms, HTTP and WebSocket on one port. With REDIS_URL,
 * rooms share changes and presence with every other server on the same Redis and database.
 */
export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  let rooms: RoomManager | null = null
  const metrics = new Metrics(() => rooms?.loadedCount ?? 0)
  const store = await openStorage(config, log, metrics)
  let bus: RedisBus | undefined
  try {
    bus = config.redisUrl
      ? await openRedisBus({ url: config.redisUrl, prefix: config.redisPrefix, log, metrics })
      : undefined
  } catch (error) {
    await store.close()
    throw error
  }
  const versions = new VersionService({ config, store, log })
  rooms = new RoomManager({
    store,
    log,
    idleMs: config.roomIdleMs,
    compaction: config.compaction,
    bus,
    limits: { ...DEFAULT_ROOM_LIMITS, maxBoardBytes: config.limits.maxBoardBytes },
    versions: versions.policy(),
  })
  const readiness: ReadinessCheck[] = [{ name: 'storage', check: () => store.ping() }]
  if (bus) readiness.push({ name: 'redis', check: () => bus.ping() })
  const deps: AppDeps = { config, store, rooms, log, metrics, readiness }
  const retention = new RetentionService(deps)
  const { app, acceptWebSockets, wss, services } = createApp(deps, { versions, retention })
  retention.start()

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server))
  })
  acceptWebSockets(server)

  // A connection that never sends a whole request (or anything) is closed; WebSockets opt out of this on upgrade
  // and are watched by ping instead.
  server.timeout = config.timeouts.httpIdleMs
  server.headersTimeout = Math.min(server.headersTimeout, config.timeouts.httpIdleMs)
  server.requestTimeout = Math.min(server.requestTimeout || Infinity, 2 * config.timeouts.httpIdleMs)
  const stopPings = keepAlive(wss, { pingMs: config.timeouts.wsPingMs, idleMs: config.timeouts.wsIdleMs }, metrics)

  const port = (server.address() as AddressInfo).port
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  const url = config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    rooms,
    metrics,
    close() {
      closing ??= (async () => {
        stopPings()
        services.votes.stop()
        services.photos.close()
        retention.stop()
        // Series mirrors still being rewritten are finished while storage is open.
        await services.series.idle()
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections?.()
        // Awaited even when nobody is connected (server.close alone would then resolve at once and storage would
        // be closed under the rooms' final flush and compaction). Closing the rooms closes every WebSocket, which
        // lets server.close finish.
        await rooms!.shutdown(CloseCodes.ServerRestarting, CloseReasons.ServerRestarting)
        for (const socket of wss.clients) socket.close(CloseCodes.ServerRestarting, CloseReasons.ServerRestarting)
        server.closeAllConnections?.()
        await stopped
        await bus?.close()
        await store.close()
      })()
      return closing
    },
  }
}
