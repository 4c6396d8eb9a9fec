import { ChangeRefusals, CloseEvents, Errors } from '@roundtable/board'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { readFileSync } from 'node:fs'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { errorHandler, httpError } from '../src/errors'

const apiDoc = readFileSync(new URL('../../../docs/API.md', import.meta.url), 'utf8')

describe('the error vocabulary and its documentation', () => {
  it('lists every HTTP error code in docs/API.md with its status', () => {
    for (const error of Object.values(Errors))
      expect(apiDoc, error.code).toContain(`| \`${error.code}\` | ${error.status} |`)
  })

  it('lists every change refusal and every close event, with the number the server really sends', () => {
    for (const refusal of Object.values(ChangeRefusals))
      expect(apiDoc, refusal.code).toContain(`| \`${refusal.code}\` |`)
    for (const [name, event] of Object.entries(CloseEvents))
      expect(apiDoc, name).toContain(`| \`${event.code}\` | \`${event.reason}\` | ${name} |`)
  })

  it('uses each code once across HTTP errors, close reasons and change refusals, except where both mean the same', () => {
    const http = Object.values(Errors).map((e) => e.code)
    const refusals = Object.values(ChangeRefusals).map((r) => r.code)
    expect(new Set(http).size).toBe(http.length)
    for (const code of refusals) expect(http).not.toContain(code)
    // A close reason may share its code with an HTTP error only when it means the same thing.
    const shared = Object.values(CloseEvents)
      .filter((e) => http.includes(e.reason as never))
      .map((e) => e.reason)
    expect(shared.sort()).toEqual(['auth.forbidden', 'auth.key_needed', 'board.bad_id', 'board.not_found'])
  })
})

describe('errorHandler', () => {
  const app = new Hono()
  app.onError(errorHandler(pino({ level: 'silent' })))
  app.get('/cap', () => {
    throw httpError(Errors.VoteCap, 'you can put at most 2 dots on one idea')
  })
  app.get('/locked', () => {
    throw httpError(Errors.BoardLocked)
  })
  app.get('/library', () => {
    throw new HTTPException(408, { message: 'too slow' })
  })
  app.get('/bug', () => {
    throw new Error('secret internal detail')
  })

  it("shapes every error as { error: { code, message } } with the entry's status, and hides unexpected ones", async () => {
    const body = async (path: string) => {
      const res = await app.request(path)
      return [res.status, await res.json()]
    }
    expect(await body('/cap')).toEqual([
      409,
      { error: { code: 'vote.cap', message: 'you can put at most 2 dots on one idea' } },
    ])
    expect(await body('/locked')).toEqual([409, { error: { code: 'board.locked', message: Errors.BoardLocked.words } }])
    expect(await body('/library')).toEqual([408, { error: { code: 'request.invalid', message: 'too slow' } }])
    expect(await body('/bug')).toEqual([500, { error: { code: 'server.error', message: Errors.ServerError.words } }])
  })
})
