import { ChangeRefusals, CloseEvents, Errors } from '@roundtable/board'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const apiDoc = readFileSync(new URL('../../../docs/API.md', import.meta.url), 'utf8')

describe('the error vocabulary and its documentation', () => {
  it('lists every HTTP error code in docs/API.md with its status', () => {
    for (const error of Object.values(Errors)) expect(apiDoc, error.code).toContain(`| \`${error.code}\` | ${error.status} |`)
  })

  it('lists every change refusal and every close event, with the number the server really sends', () => {
    for (const refusal of Object.values(ChangeRefusals)) expect(apiDoc, refusal.code).toContain(`| \`${refusal.code}\` |`)
    for (const [name, event] of Object.entries(CloseEvents)) expect(apiDoc, name).toContain(`| \`${event.code}\` | \`${event.reason}\` | ${name} |`)
  })

  it('uses each code once across HTTP errors, close reasons and change refusals, except where both mean the same', () => {
    const http = Object.values(Errors).map((e) => e.code)
    const refusals = Object.values(ChangeRefusals).map((r) => r.code)
    expect(new Set(http).size).toBe(http.length)
    for (const code of refusals) expect(http).not.toContain(code)
    // A close reason may share its code with an HTTP error only when it means the same thing.
    const shared = Object.values(CloseEvents).filter((e) => http.includes(e.reason as never)).map((e) => e.reason)
    expect(shared.sort()).toEqual(['auth.forbidden', 'auth.key_needed', 'board.bad_id', 'board.not_found'])
  })
})
