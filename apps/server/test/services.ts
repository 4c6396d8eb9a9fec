/**
 * The real PostgreSQL and Redis the tests use: where they are, and whether they answer. Used by the Vitest config
 * (to decide whether the PostgreSQL project runs) and by the tests themselves.
 */
import { Redis } from 'ioredis'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A URL without its password, for messages. */
export function printable(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return '(unparsable URL)'
  }
}

/** Resolves to null when PostgreSQL answers, else to what went wrong. */
export async function probePostgres(url = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return null
  } catch (error) {
    return `no PostgreSQL at ${printable(url)} (${(error as Error).message})`
  } finally {
    await client.end().catch(() => {})
  }
}

/** Resolves to null when Redis answers, else to what went wrong. */
export async function probeRedis(url = TEST_REDIS_URL): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return null
  } catch (error) {
    return `no Redis at ${printable(url)} (${(error as Error).message})`
  } finally {
    client.disconnect()
  }
}
