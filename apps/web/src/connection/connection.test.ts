import { describe, expect, it, vi } from 'vitest'
import { CloseCodes } from '@roundtable/board'
import { ApiError } from '../lib/api'
import { stopForApiError, stopForClose } from './closes'
import { createStateStore } from './stateStore'
import { syncServerUrl } from './url'

describe('the connection core', () => {
  it('stops on permanent close codes by their name, and lets the provider retry on everything else', () => {
    expect(stopForClose(CloseCodes.Unauthorized)).toBe('no-access')
    expect(stopForClose(CloseCodes.Forbidden)).toBe('no-access')
    expect(stopForClose(CloseCodes.ChangeRefused)).toBe('refused')
    expect(stopForClose(CloseCodes.BoardNotFound)).toBe('not-found')
    expect(stopForClose(CloseCodes.BoardDeleted)).toBe('not-found')
    for (const code of [
      1000,
      1006,
      CloseCodes.ServerRestarting,
      CloseCodes.StorageFailed,
      CloseCodes.RateLimited,
      CloseCodes.Idle,
    ]) {
      expect([code, stopForClose(code)]).toEqual([code, null])
    }
  })

  it('stops on 404 and 401/403 when getting in, and tries again on anything else', () => {
    expect(stopForApiError(new ApiError('gone', 404))).toBe('not-found')
    expect(stopForApiError(new ApiError('no', 401))).toBe('no-access')
    expect(stopForApiError(new ApiError('no', 403))).toBe('no-access')
    expect(stopForApiError(new ApiError('offline', 0))).toBeNull()
    expect(stopForApiError(new ApiError('busy', 503))).toBeNull()
    expect(stopForApiError(new Error('something else'))).toBeNull()
  })

  it('tells listeners only about real changes', () => {
    const store = createStateStore({ phase: 'opening', title: '' })
    const listener = vi.fn()
    store.subscribe(listener)
    store.set({ title: '' })
    expect(listener).not.toHaveBeenCalled()
    const before = store.get()
    store.set({ title: 'Day centre' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.get()).toEqual({ phase: 'opening', title: 'Day centre' })
    expect(before.title).toBe('') // replaced, never mutated
  })

  it('builds the socket address from the page address', () => {
    expect(syncServerUrl({ protocol: 'https:', host: 'rt.example:8443' })).toBe('wss://rt.example:8443/sync')
    expect(syncServerUrl({ protocol: 'http:', host: '192.168.1.20:3000' })).toBe('ws://192.168.1.20:3000/sync')
  })
})
