import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { deviceIdOf, publishMyFacts, readPeople } from './people'

describe('people present', () => {
  it('counts a person with two tabs once, and reads what each device published', () => {
    const mine = new Awareness(new Y.Doc())
    mine.setLocalState({ user: { id: 'user:me', name: 'Sam', color: '#000' } })
    publishMyFacts(mine, { role: 'participant', voted: true, abstained: false, ideas: 2 })
    // Other devices' states, as they arrive over the network.
    mine.states.set(101, { user: { id: 'user:ben', name: 'Ben' }, role: 'participant', voted: false, ideas: 1 })
    mine.states.set(102, { user: { id: 'user:ben', name: 'Ben' }, role: 'participant', voted: true, ideas: 0 })
    mine.states.set(103, { user: { id: 'user:screen', name: '' }, role: 'view' })
    mine.states.set(104, { presence: {} }) // no user yet: not counted
    const people = readPeople(mine)
    expect(people.map((p) => [p.id, p.name, p.isMe, p.role, p.voted, p.ownIdeas])).toEqual([
      ['me', 'Sam', true, 'participant', true, 2],
      ['ben', 'Ben', false, 'participant', true, 1],
      ['screen', '', false, 'view', false, null],
    ])
  })

  it('takes the device id out of tldraw’s user id', () => {
    expect(deviceIdOf('user:abc')).toBe('abc')
    expect(deviceIdOf('abc')).toBe('abc')
  })
})
