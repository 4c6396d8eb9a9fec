import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, RATHER_NOT_SAY, type SessionSettings } from '@roundtable/board'
import { selectWords } from '../strings'
import { ApiError, type MyAnswer } from './api'
import {
  MyAnswerStore,
  answerErrorMessage,
  answerInWords,
  checkEvidenceDraft,
  draftDiffers,
  draftFromSettings,
  groupsFromText,
  isTyping,
  myAnswerLine,
  rememberSkipped,
  sessionAsks,
  shouldAskNow,
  skipStorageKey,
  wasSkipped,
  type AnswerApi,
  type MyAnswerState,
  type SkipStorage,
} from './evidence'

const asking = (patch: Partial<SessionSettings> = {}): SessionSettings => ({
  ...DEFAULT_SETTINGS,
  evidence: { ask: true, groups: ['I draw on care and support', 'I am an unpaid carer'], threshold: 3 },
  ...patch,
})
const known = (answered: boolean, group: string | null = null): MyAnswerState => ({ status: 'known', answered, group })

function memoryStorage(): SkipStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe('whether to ask', () => {
  it('asks people who may take part, only while the question is on and names are kept', () => {
    expect(sessionAsks(asking(), 'participant')).toBe(true)
    expect(sessionAsks(asking(), 'facilitator')).toBe(true)
    expect(sessionAsks(asking(), 'view')).toBe(false)
    expect(sessionAsks(asking(), null)).toBe(false)
    expect(sessionAsks(asking({ anonymous: true }), 'participant')).toBe(false)
    expect(sessionAsks(DEFAULT_SETTINGS, 'participant')).toBe(false)
  })

  it('puts the question once: not before the answer is known, not after answering or skipping', () => {
    const base = { settings: asking(), role: 'participant' as const, skipped: false }
    expect(shouldAskNow({ ...base, answer: known(false) })).toBe(true)
    expect(shouldAskNow({ ...base, answer: { status: 'loading', answered: false, group: null } })).toBe(false)
    expect(shouldAskNow({ ...base, answer: { status: 'failed', answered: false, group: null } })).toBe(false)
    expect(shouldAskNow({ ...base, answer: known(true, RATHER_NOT_SAY) })).toBe(false)
    expect(shouldAskNow({ ...base, answer: known(false), skipped: true })).toBe(false)
    expect(shouldAskNow({ ...base, role: 'view', answer: known(false) })).toBe(false)
  })

  it('remembers a skip per board on this device, and forgets it', () => {
    const storage = memoryStorage()
    expect(wasSkipped('b1', storage)).toBe(false)
    rememberSkipped('b1', true, storage)
    expect(storage.data.get(skipStorageKey('b1'))).toBe('1')
    expect(wasSkipped('b1', storage)).toBe(true)
    expect(wasSkipped('b2', storage)).toBe(false)
    rememberSkipped('b1', false, storage)
    expect(wasSkipped('b1', storage)).toBe(false)
    // No storage at all (private browsing): never throws.
    expect(wasSkipped('b1', null)).toBe(false)
    const broken: SkipStorage = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {},
    }
    expect(() => rememberSkipped('b1', true, broken)).not.toThrow()
    expect(wasSkipped('b1', broken)).toBe(false)
  })
})

describe('words', () => {
  afterEach(() => selectWords(false))

  it('says an answer in words, "I’d rather not say" included, in easy read too', () => {
    expect(answerInWords('I am an unpaid carer')).toBe('I am an unpaid carer')
    expect(answerInWords(RATHER_NOT_SAY)).toBe('I’d rather not say')
    expect(answerInWords(null)).toBe('Not said yet')
    selectWords(true)
    expect(answerInWords(RATHER_NOT_SAY)).toBe('I do not want to say')
  })

  it('turns the server’s refusals into plain messages', () => {
    expect(answerErrorMessage(new ApiError('group: choose one of the answers', 400))).toMatch(/changed/)
    expect(answerErrorMessage(new ApiError('not asking', 409))).toMatch(/switched off/)
    expect(answerErrorMessage(new ApiError('network error', 0))).toMatch(/connection/)
    expect(answerErrorMessage(new Error('boom'))).toMatch(/try again/)
  })
})

describe('the facilitators’ form', () => {
  it('reads one answer per line, tidied, without repeats or a second “rather not say”', () => {
    expect(
      groupsFromText(
        '  I draw on care and support \n\nI am an unpaid carer\r\ni am an UNPAID carer\nI’d rather not say\nI work   in services\n',
      ),
    ).toEqual(['I draw on care and support', 'I am an unpaid carer', 'I work in services'])
    expect(groupsFromText("I'd rather not say\nPrefer not to say")).toEqual([])
  })

  it('checks the list and the number as the server will, naming the field to fix', () => {
    const ok = checkEvidenceDraft({ ask: true, groupsText: 'Carers\nStaff', thresholdText: ' 4 ' })
    expect(ok).toEqual({ ok: true, settings: { ask: true, groups: ['Carers', 'Staff'], threshold: 4 } })

    const fail = (groupsText: string, thresholdText = '3') => {
      const result = checkEvidenceDraft({ ask: true, groupsText, thresholdText })
      return result.ok ? null : result.problem.field
    }
    expect(fail('\n  \n')).toBe('groups')
    expect(fail(Array.from({ length: 13 }, (_, i) => `Group ${i}`).join('\n'))).toBe('groups')
    expect(fail(Array.from({ length: 12 }, (_, i) => `Group ${i}`).join('\n'))).toBeNull()
    expect(fail('x'.repeat(81))).toBe('groups')
    expect(fail('x'.repeat(80))).toBeNull()
    expect(fail('Carers', '1')).toBe('threshold')
    expect(fail('Carers', '51')).toBe('threshold')
    expect(fail('Carers', '2.5')).toBe('threshold')
    expect(fail('Carers', '')).toBe('threshold')
    expect(fail('Carers', '2')).toBeNull()
    expect(fail('Carers', '50')).toBeNull()
  })

  it('knows when the form says something the settings do not', () => {
    const evidence = asking().evidence
    const draft = draftFromSettings(evidence)
    expect(draft).toEqual({
      ask: true,
      groupsText: 'I draw on care and support\nI am an unpaid carer',
      thresholdText: '3',
    })
    expect(draftDiffers(draft, evidence)).toBe(false)
    expect(draftDiffers({ ...draft, groupsText: `${draft.groupsText}\n\n  ` }, evidence)).toBe(false)
    expect(draftDiffers({ ...draft, ask: false }, evidence)).toBe(true)
    expect(draftDiffers({ ...draft, thresholdText: '4' }, evidence)).toBe(true)
    expect(draftDiffers({ ...draft, groupsText: 'I am an unpaid carer\nI draw on care and support' }, evidence)).toBe(
      true,
    )
  })
})

describe('MyAnswerStore', () => {
  function fakeApi(start: MyAnswer = { ask: true, answered: false, group: null }) {
    let stored = start
    const calls: (string | null)[] = []
    const pending: (() => void)[] = []
    const api: AnswerApi & { hold: boolean } = {
      hold: false,
      get: async () => {
        if (api.hold) await new Promise<void>((resolve) => pending.push(resolve))
        return stored
      },
      set: async (_board, group) => {
        calls.push(group)
        if (group === 'Not offered') throw new ApiError('group: choose one of the answers', 400)
        stored = { ask: true, answered: group !== null, group }
        return { answered: group !== null, group }
      },
    }
    return { api, calls, release: () => pending.splice(0).forEach((r) => r()) }
  }

  it('loads, saves, takes back and tells its listeners', async () => {
    const { api, calls } = fakeApi()
    const store = new MyAnswerStore('b1', api)
    let heard = 0
    store.subscribe(() => heard++)
    expect(store.getState().status).toBe('unknown')
    await store.load()
    expect(store.getState()).toEqual({ status: 'known', answered: false, group: null })
    await store.save(RATHER_NOT_SAY)
    expect(store.getState()).toEqual({ status: 'known', answered: true, group: '' })
    await store.save(null)
    expect(store.getState()).toEqual({ status: 'known', answered: false, group: null })
    expect(calls).toEqual(['', null])
    expect(heard).toBeGreaterThanOrEqual(3)
  })

  it('passes a refusal on and keeps what it knew', async () => {
    const { api } = fakeApi({ ask: true, answered: true, group: 'Carers' })
    const store = new MyAnswerStore('b1', api)
    await store.load()
    await expect(store.save('Not offered')).rejects.toBeInstanceOf(ApiError)
    expect(store.getState()).toEqual({ status: 'known', answered: true, group: 'Carers' })
  })

  it('never lets a late answer overwrite a reset (the question was switched off meanwhile)', async () => {
    const { api, release } = fakeApi({ ask: true, answered: true, group: 'Carers' })
    const store = new MyAnswerStore('b1', api)
    api.hold = true
    const loading = store.load()
    expect(store.getState().status).toBe('loading')
    store.reset()
    release()
    await loading
    expect(store.getState()).toEqual({ status: 'unknown', answered: false, group: null })
  })

  it('says when the server could not be reached', async () => {
    const store = new MyAnswerStore('b1', {
      get: () => Promise.reject(new ApiError('network error', 0)),
      set: () => Promise.reject(new Error('no')),
    })
    await store.load()
    expect(store.getState().status).toBe('failed')
  })
})

describe('isTyping: a question waits only while someone is in the middle of writing', () => {
  it('counts a focused text field or editable text only when it holds words', () => {
    expect(isTyping(null)).toBe(false)
    expect(isTyping({ tagName: 'TEXTAREA', value: '' })).toBe(false)
    expect(isTyping({ tagName: 'TEXTAREA', value: '  \n' })).toBe(false)
    expect(isTyping({ tagName: 'TEXTAREA', value: 'A ramp at the' })).toBe(true)
    expect(isTyping({ tagName: 'INPUT', type: 'text', value: 'Sam' })).toBe(true)
    expect(isTyping({ tagName: 'INPUT', type: 'search', value: '' })).toBe(false)
    expect(isTyping({ tagName: 'DIV', isContentEditable: true, textContent: 'Quiet room' })).toBe(true)
    expect(isTyping({ tagName: 'DIV', isContentEditable: true, textContent: '' })).toBe(false)
  })

  it('never counts buttons, choices or other elements', () => {
    expect(isTyping({ tagName: 'BUTTON' })).toBe(false)
    expect(isTyping({ tagName: 'INPUT', type: 'radio', value: 'on' })).toBe(false)
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox', value: 'on' })).toBe(false)
    expect(isTyping({ tagName: 'INPUT', type: 'submit', value: 'Save' })).toBe(false)
    expect(isTyping({ tagName: 'BODY', textContent: 'everything' })).toBe(false)
  })
})

describe('myAnswerLine: a person’s own answer, on the board page and the phone', () => {
  it('says the answer and offers to change it, or offers to answer; nothing while not known', () => {
    expect(myAnswerLine({ status: 'unknown', answered: false, group: null })).toBeNull()
    expect(myAnswerLine(known(true, 'I am an unpaid carer'))).toEqual({
      words: 'I am an unpaid carer',
      action: 'Change',
      actionLabel: 'Change how you come to this session (now: I am an unpaid carer)',
    })
    expect(myAnswerLine(known(false))).toEqual({
      words: 'Not said yet',
      action: 'Answer',
      actionLabel: 'Say how you come to this session',
    })
    expect(myAnswerLine(known(true, RATHER_NOT_SAY))?.words).toBe('I’d rather not say')
  })
})
