import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from './logger'

/** Throw this from any route for a clean JSON error: `{ "error": message }` with the given status. */
export function httpError(status: ContentfulStatusCode, message: string): HTTPException {
  return new HTTPException(status, { message })
}

/** The one place HTTP errors are shaped: always JSON, never a stack trace. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode
      return c.json({ error: error.message || 'request refused' }, status)
    }
    log.error({ reqId: c.get('requestId'), err: error.message, path: c.req.path }, 'unexpected error')
    return c.json({ error: 'something went wrong on the server' }, 500)
  }
}
