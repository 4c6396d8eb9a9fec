import { networkInterfaces } from 'node:os'
import { parseConfig } from './env'
import { lanBanner, lanCandidates, lanConfig, lanUrl } from './lan'
import { createLogger } from './logger'
import { startServer, type RunningServer } from './server'

let config
try {
  // `--lan` (npm run start:lan) is the same switch as LAN=1, and works in every shell.
  config = parseConfig(process.argv.includes('--lan') ? { ...process.env, LAN: '1' } : process.env)
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exit(1)
}

// A session in a room: every interface, and the address phones on the same Wi-Fi can reach in every link.
const lanAddresses = config.lan ? lanCandidates(networkInterfaces()).map((c) => c.address) : []
const lanAddress = config.lanAddress ?? lanAddresses[0] ?? null
if (config.lan) config = lanConfig(config, lanAddress, lanAddresses)

const log = createLogger(config.logLevel)
let server: RunningServer
try {
  server = await startServer(config, log)
} catch (error) {
  // Storage that cannot be opened (unreachable, or written by a newer version) stops the start with its reason.
  log.fatal({ err: String(error) }, 'could not start')
  process.stderr.write(`\nRoundtable cannot start: ${(error as Error).message}\n`)
  process.exit(1)
}
// Where data is kept, without the connection string (it may hold a password).
const storage = config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : config.dataDir
log.info({ url: server.url, storage, redis: config.redisUrl ? 'on' : 'off', lan: config.lan }, 'Roundtable is running')
if (config.lan) {
  const url = config.publicUrl ?? (lanAddress ? lanUrl(lanAddress, server.port) : null)
  const others = lanAddresses.filter((a) => a !== lanAddress).map((a) => lanUrl(a, server.port))
  process.stdout.write(lanBanner({ url, localUrl: `http://127.0.0.1:${server.port}`, others, dataDir: storage }))
} else {
  process.stdout.write(
    `\n  Roundtable is running. Open ${server.url} in your browser.\n  Data is kept in ${storage}\n\n`,
  )
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping: saving every board')
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: String(error) }, 'stopping failed')
        process.exit(1)
      },
    )
  })
}
