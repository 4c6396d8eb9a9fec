import { describe, expect, it } from 'vitest'
import { ApiError } from '../lib/api'
import { strings } from '../strings'
import { classifySendError } from './phoneApi'

describe('classifySendError', () => {
  it('keeps an idea for later on a locked board or a rate limit, and gives up on a view-only link, by code', () => {
    expect(classifySendError(new ApiError('any words', 409, 'board.locked'))).toEqual({
      kind: 'network',
      message: strings.room.lockedWait,
    })
    expect(classifySendError(new ApiError('any words', 429, 'rate.limited')).kind).toBe('network')
    expect(classifySendError(new ApiError('network error', 0)).kind).toBe('network')
    expect(classifySendError(new ApiError('any words', 503, null)).kind).toBe('network')
    expect(classifySendError(new ApiError('any words', 403, 'auth.view_only'))).toEqual({
      kind: 'refused',
      message: strings.room.viewOnly,
    })
  })

  it('never decides from words, nor from a status that other codes share', () => {
    expect(classifySendError(new ApiError('this board is locked', 409, null)).kind).toBe('refused')
    expect(classifySendError(new ApiError('x', 409, 'board.anonymous_fixed')).kind).toBe('refused')
  })
})
