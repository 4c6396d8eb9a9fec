import type { AppDeps } from '../context'

/** One answered request, as it is counted and logged. The path only: query strings (which may hold a key), headers
 * and cookies are never logged. */
export interface RequestLine {
  reqId: string
  method: string
  path: string
  status: number
  ms: number
}

/**
 * Count and log one answered request, the same way for HTTP (the app's middleware) and for WebSocket upgrades
 * (ws/upgrade.ts): failures as errors, API and sync requests as info, everything else (pages, assets) as debug.
 */
export function logRequest(deps: Pick<AppDeps, 'log' | 'metrics'>, line: RequestLine): void {
  deps.metrics.httpRequests.inc({ method: line.method, status: line.status })
  if (line.status >= 500) deps.log.error(line, 'request failed')
  else if (line.path.startsWith('/api/') || line.path.startsWith('/sync/')) deps.log.info(line, 'request')
  else deps.log.debug(line, 'request')
}
