import { Errors } from '@roundtable/board'
import { describe, expect, it } from 'vitest'
import type { AppDeps } from '../context'
import { boardExists, forgetBoardAccess, resolveAccess } from './access'

const KEYS = { participant: 'p'.repeat(32), facilitator: 'f'.repeat(32), view: 'v'.repeat(32), summary: 's'.repeat(32) }

/** Just enough of the server's dependencies for access checks: a store with one board that counts its reads. */
function fakeDeps() {
  const boards = new Map([['board-1', KEYS]])
  const reads = { keys: 0, board: 0 }
  const store = {
    async getKeys(id: string) {
      reads.keys++
      return boards.get(id) ?? null
    },
    async getBoard(id: string) {
      reads.board++
      return boards.has(id) ? { id } : null
    },
    async getSession() {
      return null
    },
  }
  return { deps: { store } as unknown as AppDeps, boards, reads }
}

describe('board access, resolved once per board', () => {
  it('reads a crowd joining one board from storage once, and gives each their own role', async () => {
    const { deps, reads } = fakeDeps()
    const keys = Array.from({ length: 300 }, (_, i) => [KEYS.participant, KEYS.view, KEYS.facilitator][i % 3]!)
    const results = await Promise.all(keys.map((key) => resolveAccess(deps, 'board-1', { key })))
    expect(results.map((r) => (r.ok ? r.access.role : r.error.code))).toEqual(
      keys.map(
        (k) => ({ [KEYS.participant]: 'participant', [KEYS.view]: 'view', [KEYS.facilitator]: 'facilitator' })[k],
      ),
    )
    expect(await boardExists(deps, 'board-1')).toBe(true)
    expect(reads).toEqual({ keys: 1, board: 1 })
  })

  it('answers an unknown board exactly like a wrong key, and a summary key as summary-only', async () => {
    const { deps } = fakeDeps()
    const unknown = await resolveAccess(deps, 'board-2', { key: KEYS.participant })
    const wrong = await resolveAccess(deps, 'board-1', { key: 'x'.repeat(32) })
    expect(unknown).toEqual(wrong)
    expect(unknown).toMatchObject({ ok: false, error: Errors.Forbidden })
    expect(await resolveAccess(deps, 'board-1', { key: KEYS.summary })).toMatchObject({ error: Errors.SummaryOnly })
    expect(await boardExists(deps, 'board-2')).toBe(false)
  })

  it('forgets a deleted board at once: its keys open nothing and it no longer exists', async () => {
    const { deps, boards } = fakeDeps()
    expect(await resolveAccess(deps, 'board-1', { key: KEYS.participant })).toMatchObject({ ok: true })
    boards.delete('board-1')
    forgetBoardAccess(deps, 'board-1')
    expect(await resolveAccess(deps, 'board-1', { key: KEYS.participant })).toMatchObject({
      ok: false,
      error: Errors.Forbidden,
    })
    expect(await boardExists(deps, 'board-1')).toBe(false)
  })

  it('does not keep a read that a deletion overtook', async () => {
    const { deps, boards, reads } = fakeDeps()
    // The read starts, the board is deleted (and forgotten) before it finishes: its answer must not be kept.
    const inFlight = resolveAccess(deps, 'board-1', { key: KEYS.participant })
    boards.delete('board-1')
    forgetBoardAccess(deps, 'board-1')
    await inFlight
    expect(await resolveAccess(deps, 'board-1', { key: KEYS.participant })).toMatchObject({ ok: false })
    expect(reads.keys).toBe(2)
  })

  it('sees a board created after its id was asked for', async () => {
    const { deps, boards } = fakeDeps()
    expect(await boardExists(deps, 'board-3')).toBe(false)
    boards.set('board-3', KEYS)
    forgetBoardAccess(deps, 'board-3')
    expect(await resolveAccess(deps, 'board-3', { key: KEYS.view })).toMatchObject({
      ok: true,
      access: { role: 'view' },
    })
  })
})
