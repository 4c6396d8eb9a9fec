/**
 * Hocuspocus 4 with its default configuration (in memory, no extensions), except the idle timeout: Hocuspocus
 * closes a connection that has sent nothing for `timeout` ms (60 s by default; its provider keeps the line busy
 * with awareness renewals every 15 s). Benchmark receivers only listen, so the timeout is raised instead of
 * adding traffic that the other servers would not get. Prints `listening on <port>` when ready.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  timeout: 30 * 60_000,
  stopOnSignals: false,
})
await server.listen()
process.stdout.write(`listening on ${server.address.port}\n`)
process.on('SIGTERM', () => process.exit(0))
