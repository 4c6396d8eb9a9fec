import { openPostgresStore, openSqliteStore, type Storage } from '@roundtable/storage'
import type { Config } from './env'
import type { Logger } from './logger'
import type { Metrics } from './metrics'

/**
 * The storage engine the configuration asks for: PostgreSQL when DATABASE_URL is set (several servers can share
 * it), else SQLite in DATA_DIR. Migrations run on open. Every write is timed for /metrics.
 */
export async function openStorage(config: Config, log: Logger, metrics: Metrics): Promise<Storage> {
  const store: Storage = config.databaseUrl
    ? await openPostgresStore({
        connectionString: config.databaseUrl,
        schema: config.databaseSchema,
        poolSize: config.databasePoolSize,
        onIdleError: (error) =>
          log.warn({ err: error.message }, 'an idle PostgreSQL connection failed; it will be replaced'),
      })
    : openSqliteStore({
        dataDir: config.dataDir,
        synchronous: config.sqliteSynchronous,
        onCheckpoint: (event) => {
          if (event.kind === 'failed')
            log.warn({ err: event.error }, 'a SQLite checkpoint failed; SQLite will checkpoint on a write instead')
        },
      })
  return {
    ...store,
    async appendUpdates(id, updates) {
      const done = metrics.storageWrite.startTimer()
      try {
        return await store.appendUpdates(id, updates)
      } finally {
        done()
      }
    },
  }
}
