import { describe, expect, it } from 'vitest'
import { countIdeas, summariseVoices, type PresentPerson } from './equalVoice'

const person = (id: string, name: string, more: Partial<PresentPerson> = {}): PresentPerson => ({
  id,
  name,
  isMe: false,
  role: 'participant',
  voted: false,
  abstained: false,
  ownIdeas: null,
  ...more,
})

describe('equal voice', () => {
  it('counts ideas by the author id, and by name only for ideas without one', () => {
    const people = [person('a', 'Sam'), person('b', 'Ben'), person('c', 'ben')]
    const counts = countIdeas(
      [
        { authorId: 'a', author: 'Sam' },
        { authorId: 'a', author: 'Samuel' }, // renamed since: the id still says who
        { authorId: 'zzz', author: 'Sam' }, // someone else called Sam who has left
        { authorId: null, author: 'sam' },
        { authorId: null, author: 'Ben' }, // two people here are called Ben: not counted for either
        { authorId: null, author: null },
      ],
      people,
    )
    expect(Object.fromEntries(counts)).toEqual({ a: 3, b: 0, c: 0 })
  })

  it('sums up who is here, who added ideas and who voted, leaving watchers out', () => {
    const people = [
      person('a', 'Sam', { voted: true, isMe: true }),
      person('b', 'Ben', { abstained: true }),
      person('c', 'Amina', { role: 'facilitator', voted: true }),
      person('d', 'Projector', { role: 'view' }),
    ]
    const ideas = [
      { authorId: 'a', author: 'Sam' },
      { authorId: 'c', author: 'Amina' },
      { authorId: 'c', author: 'Amina' },
    ]
    const summary = summariseVoices(people, ideas, { anonymous: false, voteOpen: true })
    expect(summary).toMatchObject({ here: 3, added: 2, voted: 2, watching: 1 })
    expect(summary.rows.map((r) => [r.name, r.ideas, r.voted, r.abstained])).toEqual([
      ['Amina', 2, true, false],
      ['Ben', 0, false, true],
      ['Sam', 1, true, false],
    ])
  })

  it('shows nothing about votes when no vote is open', () => {
    const summary = summariseVoices([person('a', 'Sam', { voted: true })], [], { anonymous: false, voteOpen: false })
    expect(summary.voted).toBe(0)
    expect(summary.rows[0]!.voted).toBe(false)
  })

  it('in an anonymous session gives numbers only, from what each device says about itself', () => {
    const people = [
      person('a', '', { ownIdeas: 2, voted: true }),
      person('b', '', { ownIdeas: 0 }),
      person('c', '', { ownIdeas: null }),
    ]
    const summary = summariseVoices(people, [{ authorId: 'a', author: 'leak' }], { anonymous: true, voteOpen: true })
    expect(summary).toEqual({ here: 3, added: 1, voted: 1, watching: 0, rows: [] })
  })
})
