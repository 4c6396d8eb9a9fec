import { describe, expect, it } from 'vitest'
import { ChangeAnnouncer, summariseChanges, type IdeaWords } from './announcer'

/** A fake clock and timer: `advance(ms)` runs timers that come due, in order. */
function fakeTime() {
  let now = 1_000_000
  let timers: { at: number; fn: () => void; id: number }[] = []
  let next = 1
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimer: (id: unknown) => {
      timers = timers.filter((t) => t.id !== id)
    },
    advance(ms: number) {
      const end = now + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const t = timers[0]
        if (!t || t.at > end) break
        timers.shift()
        now = t.at
        t.fn()
      }
      now = end
    },
  }
}

function setup(words: Record<string, IdeaWords> = {}) {
  const time = fakeTime()
  const said: string[] = []
  const announcer = new ChangeAnnouncer({
    announce: (text) => said.push(text),
    describe: (id) => words[id] ?? null,
    minGapMs: 5000,
    settleMs: 2000,
    maxWaitMs: 15_000,
    quietAfterAddMs: 30_000,
    ...time,
  })
  return { announcer, said, time }
}

describe('summariseChanges', () => {
  it('sums up a batch in plain words', () => {
    const changes = [
      { id: 'a', kind: 'added' as const },
      { id: 'b', kind: 'added' as const },
      { id: 'c', kind: 'changed' as const },
    ]
    expect(summariseChanges(changes, () => null)).toBe('2 new ideas, 1 changed')
    expect(summariseChanges([{ id: 'x', kind: 'removed' }], () => null)).toBe('1 deleted')
  })

  it('reads out a single new idea with its words and author', () => {
    expect(summariseChanges([{ id: 'a', kind: 'added' }], () => ({ text: 'Ramp at\nthe door', author: 'Sam' }))).toBe(
      'Sam added an idea: Ramp at the door',
    )
    expect(summariseChanges([{ id: 'a', kind: 'added' }], () => ({ text: 'Ramp', author: null }))).toBe(
      'New idea: Ramp',
    )
    // An idea with no words yet is still news, said as a number.
    expect(summariseChanges([{ id: 'a', kind: 'added' }], () => ({ text: ' ', author: null }))).toBe('1 new idea')
  })
})

describe('ChangeAnnouncer', () => {
  it('waits for a change to settle, then announces once', () => {
    const { announcer, said, time } = setup({ a: { text: 'Quiet room', author: 'Ben' } })
    announcer.record('a', 'added')
    time.advance(1000)
    announcer.record('a', 'changed') // Ben is still typing
    time.advance(1500)
    expect(said).toEqual([])
    time.advance(600)
    expect(said).toEqual(['Ben added an idea: Quiet room'])
  })

  it('batches a burst of changes by several people into one announcement', () => {
    const { announcer, said, time } = setup()
    announcer.record('a', 'added')
    announcer.record('b', 'added')
    announcer.record('c', 'changed')
    announcer.record('d', 'removed')
    time.advance(10_000)
    expect(said).toEqual(['2 new ideas, 1 changed, 1 deleted'])
  })

  it('never announces more often than the minimum gap', () => {
    const { announcer, said, time } = setup()
    announcer.record('a', 'changed')
    time.advance(2000)
    expect(said).toHaveLength(1)
    announcer.record('b', 'changed')
    time.advance(2000) // settled, but only 2 s after the last announcement
    expect(said).toHaveLength(1)
    time.advance(2999)
    expect(said).toHaveLength(1)
    time.advance(1) // 5 s after the last one
    expect(said).toEqual(['1 changed', '1 changed'])
  })

  it('says nothing about an idea that was added and deleted before it was announced', () => {
    const { announcer, said, time } = setup()
    announcer.record('a', 'added')
    announcer.record('a', 'removed')
    time.advance(60_000)
    expect(said).toEqual([])
  })

  it('does not announce further typing in an idea just announced as new', () => {
    const { announcer, said, time } = setup({ a: { text: 'Bus', author: null } })
    announcer.record('a', 'added')
    time.advance(2000)
    expect(said).toEqual(['New idea: Bus'])
    announcer.record('a', 'changed')
    time.advance(10_000)
    expect(said).toHaveLength(1)
    time.advance(30_000)
    announcer.record('a', 'changed') // much later: that is news
    time.advance(3000)
    expect(said).toEqual(['New idea: Bus', '1 changed'])
  })

  it('announces someone who types for a long time after the longest wait', () => {
    const { announcer, said, time } = setup()
    announcer.record('a', 'changed')
    for (let i = 0; i < 20; i++) {
      time.advance(1000)
      announcer.record('a', 'changed')
    }
    expect(said).toEqual(['1 changed'])
  })

  it('says nothing while paused, and forgets what was waiting', () => {
    const { announcer, said, time } = setup()
    announcer.record('a', 'added')
    announcer.setPaused(true)
    announcer.record('b', 'added')
    time.advance(20_000)
    expect(said).toEqual([])
    announcer.setPaused(false)
    announcer.record('c', 'removed')
    time.advance(3000)
    expect(said).toEqual(['1 deleted'])
  })
})
