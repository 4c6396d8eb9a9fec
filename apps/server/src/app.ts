import { Errors } from '@roundtable/board'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { checkOrigin, perIpHourlyLimit } from './http/guards'
import { logRequest } from './http/requestLog'
import { ConnectionLimits } from './ws/connectionLimits'
import type { AppDeps } from './context'
import { errorHandler, httpError } from './errors'
import { boardRoutes } from './routes/boards'
import { configRoutes } from './routes/config'
import { actionRoutes } from './routes/actions'
import { evidenceRoutes } from './routes/evidence'
import { exportRoutes } from './routes/export'
import { facilitationRoutes } from './routes/facilitation'
import { ideaRoutes } from './routes/ideas'
import { opsRoutes } from './routes/ops'
import { isPhotoUpload, photoRoutes } from './routes/photos'
import { roundRoutes } from './routes/rounds'
import { sessionRoutes } from './routes/session'
import { seriesBoardRoutes, seriesPageRoutes, seriesRoutes } from './routes/series'
import { summaryPageRoutes, summaryRoutes } from './routes/summary'
import { ActionService } from './services/actions'
import { PhotoProcess } from './services/photos'
import { EvidenceService } from './services/evidence'
import { SeriesService } from './services/series'
import { VoteService } from './services/votes'
import type { RetentionService } from './services/retention'
import type { VersionService } from './services/versions'
import { historyRoutes } from './routes/history'
import { titleRoutes } from './routes/title'
import { mountWebApp } from './static'
import type { Server } from 'node:http'
import { WebSocketServer } from 'ws'
import { openSyncConnection } from './ws/syncConnection'
import { acceptUpgrades } from './ws/upgrade'

/** Compose the HTTP app: API routes, the sync WebSocket, the web app. Routes stay thin; packages do the work. */
export function createApp(deps: AppDeps, services: { versions: VersionService; retention: RetentionService }) {
  const app = new Hono()
  // WebSocket upgrades (GET /sync/:boardId) are taken beside the app, on the Node server (ws/upgrade.ts). A larger
  // frame than maxPayload closes its connection with 1009 (Message Too Big) before it is read into memory.
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.limits.maxMessageBytes })
  const votes = new VoteService(deps)
  const actions = new ActionService(deps)
  const evidence = new EvidenceService(deps)
  const photos = new PhotoProcess()
  const series = new SeriesService(deps, evidence)

  const connectionLimits = new ConnectionLimits(
    deps.config.limits.maxConnectionsPerBoard,
    deps.config.limits.maxConnectionsPerIp,
  )

  app.onError(errorHandler(deps.log))
  // Every request gets an id (a caller's X-Request-Id is kept if well-formed), echoed in the response and logged.
  app.use('*', requestId())
  app.use('*', async (c, next) => {
    const start = performance.now()
    await next()
    logRequest(deps, {
      reqId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    })
  })
  app.route('/', opsRoutes(deps))
  // Every answer: only this origin may supply scripts, styles, images, fonts and connections; no framing; no
  // Referer leaves the page. tldraw styles shapes inline, hence 'unsafe-inline' for styles only.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xContentTypeOptions: 'nosniff',
      xFrameOptions: 'DENY',
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
    }),
  )
  app.use('*', checkOrigin(deps.config))
  const apiBodyLimit = bodyLimit({
    maxSize: deps.config.maxHttpBodyBytes,
    onError: () => {
      throw httpError(Errors.RequestTooLarge, `the request body is larger than ${deps.config.maxHttpBodyBytes} bytes`)
    },
  })
  // A photo upload reads its own body, bounded by MAX_PHOTO_BYTES (routes/photos.ts); every other body by this.
  app.use('/api/*', (c, next) => (isPhotoUpload(c) ? next() : apiBodyLimit(c, next)))
  // One allowance of new sessions per address, whether new or following on from another.
  const newSessionLimit = perIpHourlyLimit(
    deps.config.limits.boardsPerIpPerHour,
    'new sessions',
    deps.config.trustProxy,
  )
  app.post('/api/boards', newSessionLimit)
  app.route('/api/config', configRoutes(deps))
  app.route('/api/boards', boardRoutes(deps, services.retention))
  app.route('/api/boards', sessionRoutes(deps))
  app.route('/api/boards', ideaRoutes(deps, evidence))
  app.route('/api/boards', photoRoutes(deps, photos))
  app.route('/api/boards', roundRoutes(deps, votes))
  app.route('/api/boards', actionRoutes(deps, actions, series))
  app.route('/api/boards', historyRoutes(deps, services.versions, series))
  app.route('/api/boards', seriesBoardRoutes(deps, series, newSessionLimit))
  app.route('/api/series', seriesRoutes(deps, series))
  app.route('/api/boards', facilitationRoutes(deps))
  app.route('/api/boards', titleRoutes(deps, services.versions))
  app.route('/api/boards', evidenceRoutes(deps, evidence))
  app.route('/api/boards', exportRoutes(deps, evidence))
  app.route('/api/boards', summaryRoutes(deps, evidence))
  app.all('/api/*', () => {
    throw httpError(Errors.RouteNotFound)
  })
  app.route('/s/series', seriesPageRoutes())
  app.route('/s', summaryPageRoutes())
  mountWebApp(app, deps)

  const acceptWebSockets = (server: Server) =>
    acceptUpgrades(server, wss, deps, (ws, stream, request) =>
      openSyncConnection(deps, connectionLimits, ws, stream, request),
    )
  return { app, acceptWebSockets, wss, services: { votes, actions, photos, series } }
}
