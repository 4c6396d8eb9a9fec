/**
 * Runs jobs one at a time per key, and coalesces: asking again while a job runs schedules exactly one more run.
 * Every caller's promise resolves after a run that started after its call, so what it changed is included.
 */
export class CoalescingQueue {
  private readonly state = new Map<string, { running: Promise<void>; next: Promise<void> | null }>()

  run(key: string, job: () => Promise<void>): Promise<void> {
    const current = this.state.get(key)
    if (!current) {
      const running = job().finally(() => this.advance(key))
      this.state.set(key, { running, next: null })
      return running
    }
    if (!current.next) {
      current.next = current.running.catch(() => {}).then(() => job())
    }
    return current.next
  }

  private advance(key: string): void {
    const current = this.state.get(key)
    if (!current) return
    if (current.next) {
      const running = current.next.finally(() => this.advance(key))
      // The callers await `current.next` and see its failure; this derived promise only drives the queue, so its
      // rejection must not go unhandled (that would end the process).
      running.catch(() => {})
      this.state.set(key, { running, next: null })
    } else {
      this.state.delete(key)
    }
  }
}
