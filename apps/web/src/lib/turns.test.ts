import { describe, expect, it } from 'vitest'
import {
  advanceTurn,
  currentTurn,
  nextLap,
  readTurns,
  shouldAdvance,
  startTurns,
  stopTurns,
  turnPosition,
  turnRemainingMs,
} from './turns'

const people = (...names: string[]) => names.map((name) => ({ id: `id-${name.toLowerCase()}`, name }))

describe('taking turns', () => {
  it('starts with everyone present, in order of name', () => {
    const state = startTurns(people('Sam', 'amina', 'Ben'), 1000, 60)
    expect(state.order).toEqual(['id-amina', 'id-ben', 'id-sam'])
    expect(currentTurn(state)).toBe('id-amina')
    expect(turnRemainingMs(state, 31_000)).toBe(30_000)
  })

  it('passes to the next person present, skipping people who left', () => {
    const all = people('Amina', 'Ben', 'Cara')
    let state = startTurns(all, 0, null)
    state = advanceTurn(state, all, 10)
    expect(currentTurn(state)).toBe('id-ben')
    expect(state.turn).toBe(2)
    expect(state.turnStartedAt).toBe(10)
    // Cara left while it was Ben's turn: after Ben, a new lap starts.
    state = advanceTurn(state, people('Amina', 'Ben'), 20)
    expect(state.index).toBe(0)
    expect(state.order).toEqual(['id-amina', 'id-ben'])
    expect(currentTurn(state)).toBe('id-amina')
  })

  it('adds people who arrived to the end of the next lap, keeping everyone else in place', () => {
    expect(nextLap(['id-sam', 'id-amina'], people('Amina', 'Dev', 'Sam', 'Ben'))).toEqual([
      'id-sam',
      'id-amina',
      'id-ben',
      'id-dev',
    ])
  })

  it('two devices passing the same turn at once write the same next turn', () => {
    const all = people('Amina', 'Ben')
    const state = startTurns(all, 0, 30)
    const here = advanceTurn(state, all, 500)
    const there = advanceTurn(state, [...all].reverse(), 500)
    expect(here).toEqual(there)
  })

  it('passes by itself when time is up or when the person whose turn it is has gone', () => {
    const all = people('Amina', 'Ben')
    const state = startTurns(all, 0, 30)
    expect(shouldAdvance(state, all, 29_999)).toBe(false)
    expect(shouldAdvance(state, all, 30_000)).toBe(true)
    expect(shouldAdvance(state, people('Ben'), 5)).toBe(true)
    expect(shouldAdvance({ ...state, secondsPerTurn: null }, all, 1e9)).toBe(false)
    expect(shouldAdvance(stopTurns(state), people('Ben'), 1e9)).toBe(false)
    expect(shouldAdvance(state, [], 1e9)).toBe(false)
  })

  it('says where the current person is in the lap, counting only people present', () => {
    const state = advanceTurn(startTurns(people('A', 'B', 'C'), 0, null), people('A', 'B', 'C'), 1)
    expect(turnPosition(state, people('B', 'C'))).toEqual({ position: 1, total: 2 })
    expect(turnPosition(state, people('A', 'B', 'C'))).toEqual({ position: 2, total: 3 })
  })

  it('reads only a well-formed shared state', () => {
    const state = startTurns(people('A'), 5, 0)
    expect(readTurns(JSON.parse(JSON.stringify(state)))).toEqual(state)
    expect(readTurns({ ...state, order: [1] })).toBeNull()
    expect(readTurns({ ...state, status: 'paused' })).toBeNull()
    expect(readTurns(null)).toBeNull()
    expect(currentTurn(stopTurns(state))).toBeNull()
  })
})
