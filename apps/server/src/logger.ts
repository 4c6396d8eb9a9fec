import { hostname } from 'node:os'
import { pino, type Logger } from 'pino'

/**
 * Structured JSON logs, one object per line, each naming the host and process (several servers log side by
 * side). Keys, cookies, query strings and connection strings are never passed to it.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'roundtable', host: hostname(), pid: process.pid } })
}
export type { Logger }
