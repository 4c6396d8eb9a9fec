import type { ConnectionState } from '../sync/boardSession'
import { strings } from '../strings'

const WORDS: Record<ConnectionState, string> = {
  connecting: strings.connection.connecting,
  connected: strings.connection.connected,
  reconnecting: strings.connection.reconnecting,
  offline: strings.connection.offline,
  stopped: strings.connection.stopped,
}

/**
 * A calm, always-visible line saying whether changes are reaching everyone. `role="status"` makes screen readers
 * announce changes without interrupting. Never blocks the board: people keep working while it reconnects.
 */
export function ConnectionStatus({ connection }: { connection: ConnectionState }) {
  return (
    <div className="rt-status" data-connection={connection} role="status" aria-label={strings.connection.label}>
      <span className="rt-status__dot" aria-hidden="true" />
      <span className="rt-status__text">{WORDS[connection]}</span>
    </div>
  )
}
