import { describe, expect, it, vi } from 'vitest'
import { loadOnce } from './loadOnce'

describe('loadOnce', () => {
  it('fetches once, keeps what arrived and tells subscribers', async () => {
    const fetch = vi.fn(async () => 'code')
    const once = loadOnce(fetch)
    const heard = vi.fn()
    once.subscribe(heard)
    expect(once.get()).toBeNull()
    await Promise.all([once.load(), once.load()])
    expect(once.get()).toBe('code')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(heard).toHaveBeenCalledTimes(1)
  })

  it('does not keep a failure: the next load tries again', async () => {
    let online = false
    const once = loadOnce(async () => {
      if (!online) throw new TypeError('Failed to fetch')
      return 'code'
    })
    await expect(once.load()).rejects.toThrow('Failed to fetch')
    expect(once.get()).toBeNull()
    online = true
    await expect(once.load()).resolves.toBe('code')
  })
})
