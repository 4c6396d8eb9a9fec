import { Errors, type ApiErrorDef, type ErrorBody } from '@roundtable/board'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from './logger'

/** An HTTP error that carries its machine code from the shared table (packages/board/src/errors.ts). */
export class ApiException extends HTTPException {
  constructor(
    readonly def: ApiErrorDef,
    message: string,
  ) {
    super(def.status as ContentfulStatusCode, { message })
  }
}

/**
 * Throw this from any route for a clean JSON error: `{ "error": { "code", "message" } }` with the entry's status.
 * `words` replace the entry's default words when a more precise message helps (which field, how many dots).
 */
export function httpError(def: ApiErrorDef, words?: string): ApiException {
  return new ApiException(def, words ?? def.words)
}

/** The JSON body of an error answer. */
export function errorBody(def: ApiErrorDef, message?: string): ErrorBody {
  return { error: { code: def.code, message: message ?? def.words } }
}

/** The one place HTTP errors are shaped: always `{ error: { code, message } }`, never a stack trace. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiException) {
      return c.json(errorBody(error.def, error.message), error.def.status as ContentfulStatusCode)
    }
    if (error instanceof HTTPException) {
      // Thrown by a library's middleware rather than by a route: keep its status, name it broadly.
      const def = error.status < 500 ? Errors.RequestInvalid : Errors.ServerError
      return c.json(errorBody(def, error.message || def.words), error.status as ContentfulStatusCode)
    }
    log.error({ reqId: c.get('requestId'), err: error.message, path: c.req.path }, 'unexpected error')
    return c.json(errorBody(Errors.ServerError), 500)
  }
}
