import type { Context } from 'hono'
import type { Config } from '../env'

/** The address people use to reach this server: PUBLIC_URL when set, else the request's own origin. */
export function publicBase(c: Context, config: Config): string {
  if (config.publicUrl) return config.publicUrl
  return new URL(c.req.url).origin
}
