import { describe, expect, it } from 'vitest'
import { CoalescingQueue } from './serialQueue'

describe('CoalescingQueue', () => {
  it('runs once more for callers that arrive while a job runs, and those callers see that run', async () => {
    const queue = new CoalescingQueue()
    let runs = 0
    let release!: () => void
    const first = queue.run(
      'k',
      () =>
        new Promise<void>(
          (r) =>
            (release = () => {
              runs++
              r()
            }),
        ),
    )
    const second = queue.run('k', async () => void runs++)
    const third = queue.run('k', async () => void runs++)
    release()
    await Promise.all([first, second, third])
    expect(runs).toBe(2)
  })

  it('hands a failing follow-up run to its callers and leaves no rejection unhandled', async () => {
    const queue = new CoalescingQueue()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const first = queue.run('k', async () => {})
      const second = queue.run('k', async () => {
        throw new Error('server is shutting down')
      })
      await first
      await expect(second).rejects.toThrow('server is shutting down')
      await new Promise((r) => setTimeout(r, 20))
      expect(unhandled).toEqual([])
      // The queue still works afterwards.
      let ran = false
      await queue.run('k', async () => void (ran = true))
      expect(ran).toBe(true)
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
