import { describe, expect, it } from 'vitest'
import { phoneBoardId, phoneJoinUrl } from '../phone/route'
import { keyOfLink, parsePresenterFragment, presenterBoardId, presenterUrl } from './route'

const view = 'v'.repeat(32)
const join = 'p'.repeat(32)

describe('shared screen and phone addresses', () => {
  it('round-trips the shared screen address and its two keys', () => {
    const url = new URL(presenterUrl('http://192.168.1.20:8787', 'abcdefghij123', view, join))
    expect(presenterBoardId(url.pathname)).toBe('abcdefghij123')
    expect(parsePresenterFragment(url.hash)).toEqual({ view, join })
  })

  it('leaves out malformed keys and paths', () => {
    expect(parsePresenterFragment('#key=short&join=<script>')).toEqual({ view: null, join: null })
    expect(presenterBoardId('/b/abcdefghij123')).toBeNull()
    expect(presenterBoardId('/b/abc/present/extra')).toBeNull()
  })

  it('builds the phone join address that the QR code carries', () => {
    const url = new URL(phoneJoinUrl('http://192.168.1.20:8787', 'abcdefghij123', join))
    expect(url.origin).toBe('http://192.168.1.20:8787')
    expect(phoneBoardId(url.pathname)).toBe('abcdefghij123')
    expect(keyOfLink(url.href)).toBe(join)
    expect(phoneBoardId('/p/')).toBeNull()
  })
})
