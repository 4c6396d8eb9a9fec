import { describe, expect, it } from 'vitest'
import { createBoard, queryRows, startTestServer, tempDataDir } from './helpers'

/**
 * Data written by a newer Roundtable is refused at start, with a clear message, and left as it was; data written by
 * this version (or an older one) opens and is migrated forward. Regression: nothing checked which version wrote the
 * stored schema, so going back to an older release would run it on tables it does not know.
 */
describe('storage written by another version', () => {
  it('refuses to start on a newer schema version and changes nothing', async () => {
    const dataDir = tempDataDir()
    const first = await startTestServer({}, dataDir)
    const board = await createBoard(first.url, 'Written before the downgrade')
    await first.server.close()
    const newest = (
      await queryRows<{ newest: number }>(dataDir, 'SELECT max(version) AS newest FROM schema_migrations')
    )[0]!.newest
    // What a later release would leave behind: one migration more than this version knows.
    await queryRows(dataDir, 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
      newest + 1,
      Date.now(),
    ])

    await expect(startTestServer({}, dataDir)).rejects.toThrow(
      new RegExp(
        `newer version of Roundtable \\(storage schema version ${newest + 1}; this version knows versions up to ${newest}\\)`,
      ),
    )
    expect(await queryRows(dataDir, 'SELECT id FROM boards')).toEqual([{ id: board.id }])
    expect(await queryRows(dataDir, 'SELECT max(version) AS newest FROM schema_migrations')).toEqual([
      { newest: newest + 1 },
    ])

    // Back on the version the data was written for (here: the extra row removed), it starts and the board is there.
    await queryRows(dataDir, 'DELETE FROM schema_migrations WHERE version = ?', [newest + 1])
    const again = await startTestServer({}, dataDir)
    try {
      expect((await fetch(`${again.url}/api/boards/${board.id}`, { headers: board.auth('view') })).status).toBe(200)
    } finally {
      await again.server.close()
    }
  })
})
