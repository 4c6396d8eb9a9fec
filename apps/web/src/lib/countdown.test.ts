import { describe, expect, it } from 'vitest'
import { IDLE_TIMER, type TimerState } from '@roundtable/board'
import { displaySeconds, formatClock, msToNextTick, msUntil, spokenDuration, timerRemainingMs } from './countdown'
import { ServerClock } from './serverClock'

const running = (endsAt: number): TimerState => ({
  status: 'running',
  durationMs: 300_000,
  endsAt,
  remainingMs: 300_000,
  serverNow: endsAt - 300_000,
})

describe('countdown', () => {
  it('counts down to the server end time, not the device clock', () => {
    const timer = running(1_300_000) // started at server time 1 000 000 for 5 minutes
    // This device's clock is 2 minutes behind the server.
    const clock = new ServerClock(() => 880_000 + 60_000)
    clock.sawServerTimestamp(timer.serverNow, 880_000)
    expect(timerRemainingMs(timer, clock.now())).toBe(240_000)
    expect(formatClock(timerRemainingMs(timer, clock.now()))).toBe('4:00')
  })

  it('keeps the remaining time while paused, and shows nothing when idle or over', () => {
    expect(timerRemainingMs({ ...running(0), status: 'paused', endsAt: null, remainingMs: 65_000 }, 9e12)).toBe(65_000)
    expect(timerRemainingMs(IDLE_TIMER, 5)).toBe(0)
    expect(timerRemainingMs(running(1_000), 5_000)).toBe(0)
    expect(msUntil(null, 1)).toBeNull()
    expect(msUntil(10_000, 4_000)).toBe(6_000)
  })

  it('shows a full first second and 0:00 only when time is up', () => {
    expect(formatClock(300_000)).toBe('5:00')
    expect(formatClock(299_001)).toBe('5:00')
    expect(formatClock(299_000)).toBe('4:59')
    expect(formatClock(1)).toBe('0:01')
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(-5)).toBe('0:00')
    expect(formatClock(3_723_000)).toBe('1:02:03')
    expect(displaySeconds(1_500)).toBe(2)
  })

  it('says the time in words for screen readers', () => {
    expect(spokenDuration(245_000)).toBe('4 minutes 5 seconds')
    expect(spokenDuration(60_000)).toBe('1 minute')
    expect(spokenDuration(0)).toBe('0 seconds')
    expect(spokenDuration(3_601_000)).toBe('1 hour 1 second')
  })

  it('ticks when the shown second changes', () => {
    expect(msToNextTick(4_250)).toBe(250)
    expect(msToNextTick(4_000)).toBe(1_000)
    expect(msToNextTick(0)).toBe(1_000)
  })
})
