import { afterEach, describe, expect, it } from 'vitest'
import type { CarriedAction } from '@roundtable/board'
import { selectWords, strings } from '../strings'
import { ApiError } from './api'
import {
  carriedForPhone,
  followOnBody,
  followOnFailure,
  fromLine,
  onThisOrigin,
  seriesPlace,
  spokenActions,
} from './series'

function carried(id: string, status: CarriedAction['status'], what = `Do ${id}`): CarriedAction {
  return {
    id,
    from: { boardId: 'b1', title: 'January meeting', number: 1, createdAt: Date.UTC(2027, 0, 12, 10) },
    what,
    who: 'Amina',
    due: '2027-02-01',
    note: '',
    createdAt: 1,
    status,
    updatedAt: 0,
    agree: 0,
    concern: 0,
    agreedBy: [],
    concerns: [],
    changedAt: null,
    outcome: null,
  }
}

describe('start the next session', () => {
  it('sends tidied names, and a series name only when this makes a new series', () => {
    expect(followOnBody('  February   meeting ', ' Carers’  forum ', false)).toEqual({
      title: 'February meeting',
      seriesName: 'Carers’ forum',
    })
    expect(followOnBody('March', 'Another name', true)).toEqual({ title: 'March' })
    expect(followOnBody('   ', '  ', false)).toEqual({})
  })

  it('never sends more than the server takes', () => {
    const body = followOnBody('x'.repeat(500), 'y'.repeat(500), false)
    expect(body.title).toHaveLength(200)
    expect(body.seriesName).toHaveLength(120)
  })

  it('opens the new session on the address this page came from, key and all', () => {
    expect(onThisOrigin('http://192.168.1.20:8787/b/abc#key=xyz', 'http://localhost:8787')).toBe(
      'http://localhost:8787/b/abc#key=xyz',
    )
    expect(onThisOrigin('not a link', 'http://localhost:8787')).toBe('not a link')
  })

  it('words a failure by the server’s code', () => {
    expect(followOnFailure(new ApiError('full', 409, 'series.full'))).toBe(strings.series.full)
    expect(followOnFailure(new ApiError('slow down', 429, 'rate.limited'))).toBe(strings.series.tooMany)
    expect(followOnFailure(new ApiError('down', 0))).toBe(strings.series.startFailed)
    expect(followOnFailure(new Error('odd'))).toBe(strings.series.startFailed)
  })
})

describe('carried actions', () => {
  afterEach(() => selectWords(false))

  it('say where they came from', () => {
    const line = fromLine(carried('a', 'agreed').from)
    expect(line).toMatch(/^From session 1, “January meeting”, /)
    expect(line).toContain('2027')
  })

  it('the phone leaves out dropped ones and keeps the order', () => {
    const list = [carried('a', 'agreed'), carried('b', 'dropped'), carried('c', 'done'), carried('d', 'in-progress')]
    expect(carriedForPhone(list).map((a) => a.id)).toEqual(['a', 'c', 'd'])
  })

  it('are read aloud first, only while open, then this session’s own', () => {
    const parts = spokenActions(
      [{ what: 'Book the hall', who: '', due: null }],
      [carried('a', 'agreed', 'Fix the ramp'), carried('b', 'done', 'Print the minutes')],
    )
    expect(parts).toEqual([
      strings.series.spokenCarried,
      'Action: Fix the ramp. Who: Amina. By: 2027-02-01.',
      'Action: Book the hall.',
    ])
    expect(spokenActions([], [carried('b', 'dropped')])).toEqual([strings.readAloud.noActions])
  })

  it('the session’s place in its series, in standard and easy read words', () => {
    expect(seriesPlace(null)).toBeNull()
    expect(seriesPlace({ number: 2, name: 'Carers’ forum 2027' })).toBe('Session 2 of “Carers’ forum 2027”')
    selectWords(true)
    expect(strings.series.stillOpenIntro).not.toBe(strings.series.stillOpenTitle)
    expect(seriesPlace({ number: 3, name: 'Forum' })).toBe('Session 3 of “Forum”')
  })
})
