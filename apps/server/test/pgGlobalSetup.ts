import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { TEST_DATABASE_URL } from './services'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Every PostgreSQL schema this run creates starts with this; all are dropped at the end. */
    pgSchemaPrefix: string
  }
}

/** Gives this run a schema prefix, and drops every schema with it once the run is over, pass or fail. */
export default function setup(project: TestProject) {
  const prefix = `rt_t${randomBytes(3).toString('hex')}_`
  project.provide('pgSchemaPrefix', prefix)
  return async () => {
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await db.connect()
    try {
      const { rows } = await db.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
        [prefix],
      )
      for (const { nspname } of rows) await db.query(`DROP SCHEMA "${nspname}" CASCADE`)
    } finally {
      await db.end()
    }
  }
}
