/**
 * Runs `fire` once `ms` have passed since the last `restart()` (a quiet spell). It never keeps the process alive.
 */
export class Countdown {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly ms: number,
    private readonly fire: () => void,
  ) {}

  /** Start the countdown, or start it over if it is running. */
  restart(): void {
    if (this.timer) {
      this.timer.refresh()
      return
    }
    this.timer = setTimeout(() => {
      this.timer = null
      this.fire()
    }, this.ms)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
