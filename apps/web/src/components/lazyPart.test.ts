import { afterEach, describe, expect, it, vi } from 'vitest'
import { lazyPart, preloadWhenIdle } from './lazyPart'

const Section = () => null

describe('lazyPart: code fetched when first needed', () => {
  it('fetches once however often it is asked, and not before', async () => {
    const load = vi.fn(async () => Section)
    const part = lazyPart(load)
    expect(load).not.toHaveBeenCalled()
    const [first, second] = await Promise.all([part.preload(), part.preload()])
    expect(first).toBe(Section)
    expect(second).toBe(Section)
    await part.preload()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('tries again after a failed fetch (e.g. offline) instead of keeping the failure', async () => {
    let online = false
    const load = vi.fn(async () => {
      if (!online) throw new TypeError('Failed to fetch dynamically imported module')
      return Section
    })
    const part = lazyPart(load)
    await expect(part.preload()).rejects.toThrow('Failed to fetch')
    online = true
    await expect(part.preload()).resolves.toBe(Section)
    expect(load).toHaveBeenCalledTimes(2)
  })
})

describe('preloadWhenIdle', () => {
  afterEach(() => vi.useRealTimers())

  it('fetches every part after the wait, and a failure of one does not stop the others', async () => {
    vi.useFakeTimers()
    const failing = { preload: vi.fn(() => Promise.reject(new Error('offline'))) }
    const fine = { preload: vi.fn(() => Promise.resolve()) }
    preloadWhenIdle([failing, fine], 2000)
    await vi.advanceTimersByTimeAsync(1999)
    expect(fine.preload).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(failing.preload).toHaveBeenCalledTimes(1)
    expect(fine.preload).toHaveBeenCalledTimes(1)
  })

  it('says when every fetch has ended, failed ones included', async () => {
    vi.useFakeTimers()
    let finish = (): void => {}
    const slow = { preload: vi.fn(() => new Promise<void>((resolve) => (finish = resolve))) }
    const failing = { preload: vi.fn(() => Promise.reject(new Error('offline'))) }
    const fetched = vi.fn()
    preloadWhenIdle([slow, failing], 100, fetched)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetched).not.toHaveBeenCalled()
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(fetched).toHaveBeenCalledTimes(1)
  })

  it('does nothing once cancelled (the page closed first)', async () => {
    vi.useFakeTimers()
    const part = { preload: vi.fn(() => Promise.resolve()) }
    const cancel = preloadWhenIdle([part], 2000)
    cancel()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(part.preload).not.toHaveBeenCalled()
  })
})
