import type { BusMessage, BusSubscription, RoomBus } from '@roundtable/sync'
import { Redis, type RedisOptions } from 'ioredis'
import { randomBytes } from 'node:crypto'
import type { Logger } from '../logger'
import type { Metrics } from '../metrics'

/** Options for {@link openRedisBus}. */
export interface RedisBusOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`; never logged. */
  url: string
  /** Prefix of every channel name. */
  prefix: string
  log: Logger
  metrics?: Metrics | undefined
  /** How long start-up waits for Redis before going on without it (it keeps retrying). Default 3000 ms. */
  connectTimeoutMs?: number
}

/** The Redis bus, plus what operations need. */
export interface RedisBus extends RoomBus {
  /** Resolves when both connections are up and Redis answers; rejects otherwise (for /readyz). */
  ping(): Promise<void>
  close(): Promise<void>
}

const KIND_CODES = { update: 1, awareness: 2, resync: 3 } as const
const KIND_NAMES = ['', 'update', 'awareness', 'resync'] as const
/** Bytes that say which server sent a message, so each ignores its own. */
const SENDER_BYTES = 16
/** A subscription that Redis has not confirmed in this time is left to recovery (the link is failing anyway). */
const SUBSCRIBE_WAIT_MS = 2000

/**
 * Fan-out between servers through Redis pub/sub: one channel per board (`<prefix>board:<id>`), subscribed only
 * while the board is loaded. A message is one byte of kind, 16 bytes of sender id, then the payload.
 *
 * Two connections: a subscriber (a Redis connection in subscribe mode can do nothing else) and a publisher. The
 * publisher has no offline queue, so a publish while Redis is down fails at once instead of piling up in memory;
 * the board is remembered, and once Redis is back every other server is asked to resync it. When the subscriber
 * comes back (ioredis resubscribes by itself), a PING round trip confirms the subscriptions are active again and
 * the recovery listeners run: every loaded board is reloaded from storage, so nothing missed meanwhile is lost.
 *
 * Redis pub/sub (not streams) because storage already keeps every change: the bus only has to be fast, and what it
 * drops in an outage is recovered from storage, not from Redis.
 */
export async function openRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const { log, metrics } = options
  const sender = randomBytes(SENDER_BYTES)
  const channelPrefix = `${options.prefix}board:`
  const base: RedisOptions = {
    connectionName: 'roundtable',
    // Reconnect forever, backing off to one attempt every 2 s.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    maxRetriesPerRequest: null,
  }
  const publisher = new Redis(options.url, { ...base, enableOfflineQueue: false, autoResendUnfulfilledCommands: false })
  const subscriber = new Redis(options.url, { ...base, enableOfflineQueue: true, autoResubscribe: true })

  const handlers = new Map<string, Set<(message: BusMessage) => void>>()
  /** Per channel: settles when Redis has confirmed the subscription (or SUBSCRIBE_WAIT_MS passed). */
  const confirmations = new Map<string, Promise<unknown>>()
  const recoverListeners = new Set<() => void>()
  /** Boards with a message that could not be sent; each gets a `resync` once the publisher is back. */
  const missed = new Set<string>()
  let subscribedOnce = false
  let subscriberReadyOnce = false
  let closed = false

  const updateUp = () => metrics?.busUp.set(publisher.status === 'ready' && subscriber.status === 'ready' ? 1 : 0)

  /** Logs a connection's ups and downs once per change, not once per retry. */
  const watch = (client: Redis, name: string) => {
    let down = false
    client.on('error', (error: Error) => {
      if (down || closed) return
      down = true
      log.warn({ connection: name, err: error.message }, 'lost the Redis connection; retrying')
    })
    client.on('close', () => {
      updateUp()
      if (!down && !closed) {
        down = true
        log.warn({ connection: name }, 'lost the Redis connection; retrying')
      }
    })
    client.on('ready', () => {
      updateUp()
      if (down) log.info({ connection: name }, 'the Redis connection is back')
      down = false
    })
  }
  watch(publisher, 'publisher')
  watch(subscriber, 'subscriber')

  publisher.on('ready', () => {
    for (const boardId of Array.from(missed)) {
      missed.delete(boardId)
      publish(boardId, { kind: 'resync' })
    }
  })

  subscriber.on('ready', () => {
    const first = !subscriberReadyOnce
    subscriberReadyOnce = true
    // Nothing could have been missed before the first connection unless a board was already loaded.
    if (first && !subscribedOnce) return
    // 'ready' comes before ioredis re-sends SUBSCRIBE for our channels; a PING sent after them is answered once
    // they are all active. Only then is storage read, so no message falls between the two.
    setImmediate(() => {
      subscriber.ping().then(
        () => {
          metrics?.busRecoveries.inc()
          for (const listener of recoverListeners) listener()
        },
        () => {
          // Dropped again before the answer; the next 'ready' recovers.
        },
      )
    })
  })

  subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
    const name = channel.toString()
    const set = handlers.get(name)
    if (!set || payload.length < 1 + SENDER_BYTES) return
    if (payload.subarray(1, 1 + SENDER_BYTES).equals(sender)) return
    const kind = KIND_NAMES[payload[0]!]
    if (!kind) return
    metrics?.busMessages.inc({ direction: 'in', kind })
    const data = new Uint8Array(payload.subarray(1 + SENDER_BYTES))
    const message: BusMessage = kind === 'resync' ? { kind } : { kind, data }
    for (const handler of set) handler(message)
  })

  function publish(boardId: string, message: BusMessage): void {
    if (closed) return
    if (publisher.status !== 'ready') {
      missed.add(boardId)
      return
    }
    const data = message.kind === 'resync' ? new Uint8Array(0) : message.data
    const payload = Buffer.allocUnsafe(1 + SENDER_BYTES + data.byteLength)
    payload[0] = KIND_CODES[message.kind]
    sender.copy(payload, 1)
    payload.set(data, 1 + SENDER_BYTES)
    metrics?.busMessages.inc({ direction: 'out', kind: message.kind })
    publisher.publish(channelPrefix + boardId, payload).catch(() => missed.add(boardId))
  }

  const waitFor = (client: Redis, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (client.status === 'ready') return resolve(true)
      const timer = setTimeout(() => {
        client.off('ready', onReady)
        resolve(false)
      }, ms)
      const onReady = () => {
        clearTimeout(timer)
        resolve(true)
      }
      client.once('ready', onReady)
    })

  const started = await Promise.all([publisher, subscriber].map((c) => waitFor(c, options.connectTimeoutMs ?? 3000)))
  if (!started.every(Boolean)) {
    log.error({}, 'Redis did not answer at start; going on without it and retrying (boards resync once it is back)')
  }
  updateUp()

  return {
    publish,
    async subscribe(boardId, onMessage): Promise<BusSubscription> {
      subscribedOnce = true
      const channel = channelPrefix + boardId
      let set = handlers.get(channel)
      if (!set) {
        handlers.set(channel, (set = new Set()))
        const confirmed = subscriber.subscribe(channel).catch(() => {})
        // Wait for Redis to confirm when it is up; when it is down the subscription is queued and recovery
        // reloads the board from storage once it is active.
        confirmations.set(
          channel,
          subscriber.status === 'ready'
            ? Promise.race([confirmed, new Promise((r) => setTimeout(r, SUBSCRIBE_WAIT_MS).unref())])
            : Promise.resolve(),
        )
      }
      const mine = set
      mine.add(onMessage)
      await confirmations.get(channel)
      let done = false
      return {
        async close() {
          if (done) return
          done = true
          mine.delete(onMessage)
          if (mine.size > 0 || handlers.get(channel) !== mine) return
          handlers.delete(channel)
          confirmations.delete(channel)
          if (!closed) await subscriber.unsubscribe(channel).catch(() => {})
        },
      }
    },
    onRecover(listener) {
      recoverListeners.add(listener)
      return () => recoverListeners.delete(listener)
    },
    async ping() {
      if (subscriber.status !== 'ready') throw new Error('the Redis subscriber connection is down')
      await publisher.ping()
    },
    async close() {
      if (closed) return
      closed = true
      const end = async (client: Redis) => {
        if (client.status === 'ready') {
          await Promise.race([client.quit().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())])
        }
        client.disconnect()
      }
      await Promise.all([end(publisher), end(subscriber)])
      metrics?.busUp.set(0)
    },
  }
}
