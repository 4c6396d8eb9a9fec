import type { Context } from 'hono'
import { Errors, isBoardId } from '@roundtable/board'
import type { z } from 'zod'
import { httpError } from './errors'

/** Read and validate a JSON body. Bad JSON or a body that does not fit the schema → 400 with a plain message. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? ''
  const raw = await c.req.text()
  let value: unknown = {}
  if (raw.trim().length > 0) {
    if (!type.includes('application/json')) throw httpError(Errors.RequestNotJson)
    try {
      value = JSON.parse(raw)
    } catch {
      throw httpError(Errors.RequestInvalid, 'the request body is not valid JSON')
    }
  }
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    throw httpError(Errors.RequestInvalid, `${where}${issue?.message ?? 'invalid request'}`)
  }
  return result.data
}

/** The `:id` route parameter, checked to be a well-formed board id. */
export function boardIdParam(c: Context): string {
  const id = c.req.param('id') ?? ''
  if (!isBoardId(id)) throw httpError(Errors.BoardBadId)
  return id
}
