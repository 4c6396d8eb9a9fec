import type pg from 'pg'

/** Runs `fn` in a transaction on one pooled connection; rolls back and rethrows if anything fails. */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
      client.release()
    } catch {
      client.release(true)
    }
    throw error
  }
}
