/** The logging a room needs; pino's logger fits it. Messages never contain keys or document content. */
export interface SyncLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

/** A logger that drops everything (tests, tools). */
export const silentLogger: SyncLogger = { info() {}, warn() {}, error() {} }
