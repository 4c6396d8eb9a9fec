import { configDefaults, defineConfig } from 'vitest/config'
import { probePostgres, probeRedis } from './test/services.ts'

/** Tests that need several servers, PostgreSQL and Redis; they run in the PostgreSQL project only. */
const CLUSTER_TESTS = 'test/cluster.*.test.ts'
/** Tests that run the server as its own process on SQLite (SIGKILL, fuzz, hostile frames, the built artefact); once
 * is enough. */
const PROCESS_TESTS = [
  'test/durability.test.ts',
  'test/fuzz.test.ts',
  'test/hostile.test.ts',
  'test/hostileFuzz.test.ts',
  'test/artefact.test.ts',
]

/**
 * The server suite runs twice: on SQLite, and on PostgreSQL with Redis fan-out (each test server in its own
 * schema and Redis channel prefix). In CI both must run; elsewhere a missing PostgreSQL or Redis skips the second
 * run with a loud message.
 */
export default defineConfig(async () => {
  const missing = (await Promise.all([probePostgres(), probeRedis()])).filter((m): m is string => m !== null)
  if (missing.length > 0) {
    const what = `${missing.join('; ')}. Install and start PostgreSQL and Redis (apt-get install postgresql redis-server) or set TEST_DATABASE_URL and TEST_REDIS_URL`
    if (process.env.CI) throw new Error(`The server tests on PostgreSQL and Redis cannot run in CI: ${what}.`)
    console.warn(`\n!!! Server tests on PostgreSQL + Redis SKIPPED: ${what}. Only the SQLite run happens. !!!\n`)
  }
  return {
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 20_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'sqlite',
            env: { TEST_STORAGE: 'sqlite' },
            exclude: [...configDefaults.exclude, CLUSTER_TESTS],
          },
        },
        ...(missing.length === 0
          ? [
              {
                extends: true,
                test: {
                  name: 'postgres',
                  env: { TEST_STORAGE: 'postgres' },
                  globalSetup: ['test/pgGlobalSetup.ts'],
                  exclude: [...configDefaults.exclude, ...PROCESS_TESTS],
                },
              },
            ]
          : []),
      ],
    },
  }
})
