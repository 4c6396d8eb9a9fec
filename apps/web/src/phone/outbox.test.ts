import { describe, expect, it } from 'vitest'
import { Outbox, type OutboxOptions } from './outbox'

/** A Storage stand-in: a phone's localStorage that survives "reloads" (new Outbox objects). */
function memoryStorage() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  }
}

const offline = new Error('network')
const classify: OutboxOptions['classify'] = (error) =>
  error === offline ? { kind: 'network', message: 'offline' } : { kind: 'refused', message: 'not allowed' }

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('Outbox', () => {
  it('keeps ideas on the phone while the server cannot be reached, and sends them in order when it can', async () => {
    const storage = memoryStorage()
    let online = false
    const board: string[] = []
    const send = async (text: string) => {
      if (!online) throw offline
      board.push(text)
    }
    const outbox = new Outbox('b1', { send, classify, storage, retryMs: [10_000] })
    outbox.add('Ramp at the front door')
    await until(() => outbox.getState().waiting)
    outbox.add('Quiet room')
    await until(() => outbox.getState().pending.length === 2 && !outbox.getState().sending)
    expect(outbox.getState().waiting).toBe(true)
    expect(board).toEqual([])

    // The page is reloaded while still offline: nothing typed is lost.
    outbox.dispose()
    const again = new Outbox('b1', { send, classify, storage, retryMs: [10_000] })
    expect(again.getState().pending.map((p) => p.text)).toEqual(['Ramp at the front door', 'Quiet room'])

    online = true
    await again.flush()
    expect(board).toEqual(['Ramp at the front door', 'Quiet room'])
    expect(again.getState()).toMatchObject({ pending: [], waiting: false, sent: 2 })
    expect(storage.data.has('roundtable:phone-outbox:b1')).toBe(false)
  })

  it('keeps a photo on the phone while offline, in line with the ideas, and sends it when back', async () => {
    const storage = memoryStorage()
    let online = false
    const sent: string[] = []
    const send = async (text: string) => {
      if (!online) throw offline
      sent.push(`idea: ${text}`)
    }
    const sendPhoto = async (photo: string) => {
      if (!online) throw offline
      sent.push(`photo: ${photo}`)
    }
    const photo = 'data:image/jpeg;base64,/9j/4AAQSkZJRg=='
    const outbox = new Outbox('b2', { send, sendPhoto, classify, storage, retryMs: [10_000] })
    outbox.add('Before the photo')
    outbox.addPhoto(photo)
    await until(() => outbox.getState().pending.length === 2 && !outbox.getState().sending)
    outbox.dispose()
    // A reload while offline: the photo is still there, after the idea typed before it.
    const again = new Outbox('b2', { send, sendPhoto, classify, storage, retryMs: [10_000] })
    expect(again.getState().pending.map((p) => p.photo ?? p.text)).toEqual(['Before the photo', photo])
    online = true
    await again.flush()
    expect(sent).toEqual(['idea: Before the photo', `photo: ${photo}`])
    expect(again.getState()).toMatchObject({ pending: [], sent: 2 })
  })

  it('does not send an idea twice when the first send arrived but its answer was lost', async () => {
    const storage = memoryStorage()
    const board: string[] = []
    let dropAnswer = true
    const send = async (text: string) => {
      board.push(text)
      if (dropAnswer) throw offline
    }
    const outbox = new Outbox('b2', {
      send,
      classify,
      storage,
      retryMs: [10_000],
      alreadyOnBoard: (t) => board.includes(t),
    })
    outbox.add('Bus on time')
    await until(() => outbox.getState().waiting)
    dropAnswer = false
    await outbox.flush()
    expect(board).toEqual(['Bus on time'])
    expect(outbox.getState()).toMatchObject({ pending: [], sent: 1 })
  })

  it('drops an idea the server refuses for good and says why, then carries on', async () => {
    const board: string[] = []
    const send = async (text: string) => {
      if (text === 'bad') throw new Error('403')
      board.push(text)
    }
    const outbox = new Outbox('b3', { send, classify, storage: memoryStorage() })
    outbox.add('bad')
    outbox.add('good')
    await until(() => outbox.getState().pending.length === 0)
    expect(board).toEqual(['good'])
    expect(outbox.getState().refused).toBe('not allowed')
  })

  it('keeps an idea while the board is locked, says why, and sends it once it is open again', async () => {
    let locked = true
    const board: string[] = []
    const lockedError = new Error('409')
    const send = async (text: string) => {
      if (locked) throw lockedError
      board.push(text)
    }
    const outbox = new Outbox('b5', {
      send,
      classify: (error) => (error === lockedError ? { kind: 'network', message: 'board locked' } : classify(error)),
      storage: memoryStorage(),
      retryMs: [10_000],
    })
    outbox.add('Later, please')
    await until(() => outbox.getState().waiting)
    expect(outbox.getState()).toMatchObject({ waitReason: 'board locked', refused: null })
    expect(outbox.getState().pending).toHaveLength(1)
    locked = false
    await outbox.flush()
    expect(board).toEqual(['Later, please'])
    expect(outbox.getState()).toMatchObject({ waiting: false, waitReason: null, pending: [] })
  })

  it('keeps the draft being typed, per board', () => {
    const storage = memoryStorage()
    const a = new Outbox('b4', { send: async () => {}, classify, storage })
    a.saveDraft('half an ide')
    expect(new Outbox('b4', { send: async () => {}, classify, storage }).readDraft()).toBe('half an ide')
    expect(new Outbox('other', { send: async () => {}, classify, storage }).readDraft()).toBe('')
    a.saveDraft('')
    expect(a.readDraft()).toBe('')
  })
})
