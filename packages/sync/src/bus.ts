/**
 * Fan-out between server processes that hold the same board. A room publishes every change once it is stored, and
 * applies what other processes publish (without storing it again). Rooms never know what carries the messages.
 */

/** What one server tells the others about a board. */
export type BusMessage =
  /** A Yjs update that is already stored. */
  | { kind: 'update'; data: Uint8Array }
  /** A y-protocols awareness update (presence). */
  | { kind: 'awareness'; data: Uint8Array }
  /** "Reload this board from storage": the sender could not publish some stored changes. */
  | { kind: 'resync' }

/** An active subscription to one board. */
export interface BusSubscription {
  /** Stop receiving. Safe to call more than once. */
  close(): Promise<void>
}

/**
 * How server processes holding the same board reach each other. Delivery is best effort: while the bus is down,
 * messages are lost. Rooms make up for it from storage, which holds every change: when the bus recovers it calls
 * the `onRecover` listeners (every room reloads from storage), and a bus that failed to send a board's message
 * sends that board a `resync` once it can (every other holder reloads).
 */
export interface RoomBus {
  /** Send to every other process subscribed to the board. Never throws and never waits. */
  publish(boardId: string, message: BusMessage): void
  /**
   * Receive the board's messages from other processes (never this process's own). When the bus is up, resolves
   * once every message published from then on will be delivered; when it is down, resolves at once (recovery
   * covers the gap).
   */
  subscribe(boardId: string, onMessage: (message: BusMessage) => void): Promise<BusSubscription>
  /** Listen for recoveries (the bus is back after losing messages). Returns a function that stops listening. */
  onRecover(listener: () => void): () => void
}

/**
 * An in-process bus linking several room managers, as if each were its own server. For tests and tools; a real
 * deployment uses a bus that crosses processes (apps/server uses Redis). `outage()` and `restore()` act out the bus
 * going down and coming back, with the same recovery steps a real bus takes.
 */
export class MemoryBusHub {
  private readonly subscribers = new Map<string, Set<{ from: object; onMessage: (message: BusMessage) => void }>>()
  private readonly buses = new Set<{ self: object; missed: Set<string>; listeners: Set<() => void> }>()
  private down = false

  /** A bus for one "server". Messages it publishes reach every other bus of this hub. */
  connect(): RoomBus {
    const bus = { self: {}, missed: new Set<string>(), listeners: new Set<() => void>() }
    this.buses.add(bus)
    return {
      publish: (boardId, message) => {
        if (this.down) bus.missed.add(boardId)
        else this.deliver(bus.self, boardId, message)
      },
      subscribe: async (boardId, onMessage) => {
        const entry = { from: bus.self, onMessage }
        let set = this.subscribers.get(boardId)
        if (!set) this.subscribers.set(boardId, (set = new Set()))
        set.add(entry)
        return {
          close: async () => {
            set.delete(entry)
          },
        }
      },
      onRecover: (listener) => {
        bus.listeners.add(listener)
        return () => bus.listeners.delete(listener)
      },
    }
  }

  /** From now on every message is lost. */
  outage(): void {
    this.down = true
  }

  /** The bus is back: each bus asks the others to resync the boards it failed to publish, then recovers. */
  restore(): void {
    this.down = false
    for (const bus of this.buses) {
      for (const boardId of bus.missed) this.deliver(bus.self, boardId, { kind: 'resync' })
      bus.missed.clear()
    }
    for (const bus of this.buses) for (const listener of bus.listeners) listener()
  }

  private deliver(from: object, boardId: string, message: BusMessage): void {
    for (const sub of this.subscribers.get(boardId) ?? []) {
      // Delivered on a later turn, as a network would.
      if (sub.from !== from) queueMicrotask(() => sub.onMessage(message))
    }
  }
}
