import { describe, expect, it } from 'vitest'
import type { PublishedRound } from '@roundtable/board'
import { ApiError, type MyDots } from '../lib/api'
import { applyChange, messageForError, refusalFor } from './myVotes'

const open: PublishedRound = {
  id: 'round:1',
  pageId: 'page:1',
  status: 'open',
  dotsPerPerson: 3,
  maxPerIdea: 2,
  hidden: true,
  revealed: false,
  startedAt: 1,
  endsAt: null,
  closedAt: null,
  voters: 0,
  abstained: 0,
  dotsCast: 0,
  tallies: null,
}
const none: MyDots = { roundId: 'round:1', dots: {}, used: 0, remaining: 3, abstained: false }

describe('my dots', () => {
  it('adds and takes back dots the way the server will', () => {
    const one = applyChange(open, none, { kind: 'add', ideaId: 'a' })
    expect(one).toMatchObject({ dots: { a: 1 }, used: 1, remaining: 2 })
    expect(applyChange(open, one, { kind: 'remove', ideaId: 'a' })).toMatchObject({ dots: {}, used: 0, remaining: 3 })
  })

  it('gives every dot back when the person says they will not vote', () => {
    const mine = { ...none, dots: { a: 2 }, used: 2, remaining: 1 }
    expect(applyChange(open, mine, { kind: 'abstain', on: true })).toMatchObject({
      dots: {},
      used: 0,
      remaining: 3,
      abstained: true,
    })
  })

  it('says at once why a dot cannot be placed', () => {
    const full: MyDots = { ...none, dots: { a: 2, b: 1 }, used: 3, remaining: 0 }
    expect(refusalFor(open, full, { kind: 'add', ideaId: 'c' })).toMatch(/used all 3 of your dots/)
    expect(refusalFor(open, { ...none, dots: { a: 2 }, used: 2 }, { kind: 'add', ideaId: 'a' })).toMatch(/up to 2 dots/)
    expect(refusalFor(open, none, { kind: 'remove', ideaId: 'a' })).toMatch(/no dot/)
    expect(refusalFor({ ...open, status: 'closed' }, none, { kind: 'add', ideaId: 'a' })).toMatch(/ended/)
    expect(refusalFor(open, none, { kind: 'add', ideaId: 'a' })).toBeNull()
  })

  it('puts the server’s refusals into plain words', () => {
    expect(messageForError(new ApiError('this vote round is closed', 409, 'vote.closed'), open)).toMatch(/ended/)
    expect(
      messageForError(
        new ApiError('you have used all your 3 dots; take one back to move it', 409, 'vote.budget_used'),
        open,
      ),
    ).toMatch(/all 3/)
    expect(messageForError(new ApiError('any words at all', 409, 'vote.no_dot'), open)).toBe(
      messageForError(new ApiError('', 409, 'vote.no_dot'), open),
    )
    // Words alone decide nothing: without a code, the message is the general one.
    expect(messageForError(new ApiError('this vote round is closed', 409), open)).toBe(
      messageForError(new ApiError('x', 409), open),
    )
    expect(messageForError(new ApiError('network error', 0), open)).toMatch(/connection/)
  })
})
