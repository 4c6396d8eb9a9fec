import {
  buildSummary,
  CSV_HEADER,
  renderExport,
  STATUS_LABELS,
  SUMMARY_SCHEMA,
  type ExportFormat,
  type SessionSummary,
} from '@roundtable/board'
import { openSqliteStore } from '@roundtable/storage'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse as parseCsv } from 'csv-parse/sync'
import ICAL from 'ical.js'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  buildFixtureDoc,
  FIXTURE_BOARD_ID,
  FIXTURE_CREATED_AT,
  FIXTURE_KEYS,
  FIXTURE_TITLE,
  GENERATED_ACTIONS,
} from './golden/fixture'
import { pino } from 'pino'
import { parseConfig } from '../src/env'
import { startServer } from '../src/server'
import { createBoard, openStoredData, startTestServer, tempDataDir } from './helpers'
import { freePort } from './serverProcess'

const GOLDEN: Record<ExportFormat, string> = {
  csv: 'fixture-actions.csv',
  ics: 'fixture-actions.ics',
  md: 'fixture-summary.md',
  json: 'fixture-summary.json',
}
const FORMATS = Object.keys(GOLDEN) as ExportFormat[]
const goldenPath = (format: ExportFormat) => fileURLToPath(new URL(`./golden/${GOLDEN[format]}`, import.meta.url))
const BIN = fileURLToPath(new URL('../bin/roundtable.mjs', import.meta.url))
const run = promisify(execFile)

/** The fixture as stored by a server: exportedAt is the board's last stored change, its creation here. */
function fixtureSummary(): SessionSummary {
  return buildSummary(buildFixtureDoc(), { boardId: FIXTURE_BOARD_ID, exportedAt: FIXTURE_CREATED_AT })
}

describe('export formats, against golden files', () => {
  const summary = fixtureSummary()

  // The golden files were made once with UPDATE_GOLDEN=1 and checked in; a difference is a change to review.
  it.each(FORMATS)('%s is byte for byte the golden file', (format) => {
    const body = renderExport(summary, format).body
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath(format), body)
    expect(Buffer.from(body, 'utf8').equals(readFileSync(goldenPath(format)))).toBe(true)
  })

  it('has the awkward content it is meant to test', () => {
    expect(summary.actions.length).toBe(GENERATED_ACTIONS + 8)
    const texts = summary.actions.flatMap((a) => [a.what, a.who, a.note])
    for (const needle of ['"', ',', '\n', '=SUM(A1)', '+1', '-5', '@x', '\t', '\r', 'مراجعة', '👩🏽‍🦽', '']) {
      expect(texts.some((t) => (needle === '' ? t === '' : t.includes(needle)))).toBe(true)
    }
  })

  it('CSV: BOM, header, CRLF, and every cell parses back as written, formulas neutralised', () => {
    const body = renderExport(summary, 'csv').body
    expect(Buffer.from(body, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(body.endsWith('\r\n')).toBe(true)
    // Outside quoted cells every line break is CRLF: remove the quoted cells and look.
    expect(body.replace(/"(?:[^"]|"")*"/g, '').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const rows = parseCsv(body, { bom: true, record_delimiter: '\r\n' }) as string[][]
    const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)
    const expected = [
      [...CSV_HEADER],
      ...summary.actions.map((a) =>
        [
          a.what,
          a.who,
          a.due ?? '',
          STATUS_LABELS[a.status],
          a.idea ? (a.idea.text ?? '(an idea that was later removed)') : '',
          a.idea ? String(a.idea.dots) : '',
          String(a.agree),
          String(a.concern),
          a.note,
        ].map(safe),
      ),
    ]
    expect(rows).toEqual(expected)
    const byWhat = new Map(rows.map((r) => [r[0], r]))
    expect(byWhat.get("'=SUM(A1)")).toEqual([
      "'=SUM(A1)",
      "'+1",
      '2025-12-31',
      'Agreed',
      "'=SUM(A1)",
      '3',
      '0',
      '0',
      "'-5",
    ])
    expect(byWhat.get("'\rStarts with a carriage return")?.[1]).toBe("'-")
    expect(byWhat.get("'@x")?.[1]).toBe("'\tTabbed")
    expect(byWhat.get('Quotes "inside", commas, and ; semicolons \\ backslash')?.[8]).toBe('Line 1\r\nLine 2')
  })

  it('ICS: parses, one all-day event per dated action, stable ids, lines folded at 75 bytes', () => {
    const body = renderExport(summary, 'ics').body
    const lines = body.split('\r\n')
    expect(lines.at(-1)).toBe('')
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const calendar = new ICAL.Component(ICAL.parse(body))
    const events = calendar.getAllSubcomponents('vevent')
    const dated = summary.actions.filter((a) => a.due)
    expect(events.length).toBe(dated.length)
    expect(events.length).toBeGreaterThan(600)
    const byUid = new Map(events.map((e) => [String(e.getFirstPropertyValue('uid')), new ICAL.Event(e)]))
    for (const action of dated) {
      const event = byUid.get(`${action.id}@${FIXTURE_BOARD_ID}.roundtable`)!
      expect(event.summary).toBe(action.what.replace(/\r\n?/g, '\n'))
      expect(event.startDate.isDate).toBe(true)
      expect(event.startDate.toString()).toBe(action.due)
      const end = new Date(`${action.due}T00:00:00Z`)
      end.setUTCDate(end.getUTCDate() + 1)
      expect(event.endDate.toString()).toBe(end.toISOString().slice(0, 10))
      expect(event.description).toContain(`Status: ${STATUS_LABELS[action.status]}`)
    }
    const first = byUid.get(`action:a0001@${FIXTURE_BOARD_ID}.roundtable`)!
    expect(first.description).toBe(
      `Who: Sam O'Neil, estates\nStatus: Done\nFrom the idea: Ramp at the "front" door, please (7 dots)\n5 agree, 1 with a concern\nNote: done: the ramp was fitted in March\nPhotos are in the shared folder\nSession: ${FIXTURE_TITLE}`,
    )
    expect(byUid.get(`action:a0006@${FIXTURE_BOARD_ID}.roundtable`)!.component.getFirstPropertyValue('status')).toBe(
      'CANCELLED',
    )
    // The calendar's name is TEXT, escaped like the rest (ical.js hands NAME and X-WR-CALNAME back still escaped).
    expect(calendar.getFirstPropertyValue('name')).toBe(`${FIXTURE_TITLE.replace(',', '\\,')}: actions`)
  })

  it('JSON: validates against the published schema, and leaves out hidden results', () => {
    const body = renderExport(summary, 'json').body
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    const validate = ajv.compile(SUMMARY_SCHEMA)
    const value = JSON.parse(body) as unknown
    expect(validate.errors ?? null).toBeNull()
    expect(validate(value)).toBe(true)
    expect(value).toEqual(summary)
    // Round 3 was hidden and never revealed: its planted 977 must not appear anywhere.
    expect(body).not.toContain('977,')
    expect(body).not.toMatch(/"round:r3": \d/)
    const r3 = summary.rounds.find((r) => r.id === 'round:r3')!
    expect([r3.resultsVisible, r3.results]).toEqual([false, null])
    // The schema is strict: an unknown field is an error.
    expect(validate({ ...(value as object), extra: 1 })).toBe(false)
  })

  it('Markdown: agreed first, ranked with ties, hidden results kept hidden', () => {
    const md = renderExport(summary, 'md').body
    expect(md.startsWith(`# Day centre review: "access", ramps & كرسي 🦽\n\nSession started 3 March 2025.`)).toBe(true)
    expect(md.indexOf('## What we agreed')).toBeLessThan(md.indexOf('## Ideas and votes'))
    expect(md).toContain('- **=2** · =SUM(A1) (3 dots, tied)')
    expect(md).toContain('- **1** · Ramp at the "front" door, please (7 dots: vote 1: 5, vote 2: 2)')
    expect(md).toContain('The results of this vote were kept hidden and not shown.')
    expect(md).toContain('#### Other ideas')
    expect(md).not.toContain('977 dots')
  })
})

/**
 * A server whose storage holds the fixture board (fixed id and keys), as if it had been made over HTTP. `sqlite`
 * forces a SQLite data folder whichever storage this run uses: the command line's offline mode reads that folder.
 */
async function seededServer(dataDir = tempDataDir(), sqlite = false) {
  const store = sqlite ? openSqliteStore({ dataDir }) : await openStoredData(dataDir)
  await store.createBoard(
    { id: FIXTURE_BOARD_ID, title: FIXTURE_TITLE, createdAt: FIXTURE_CREATED_AT, keys: FIXTURE_KEYS },
    Y.encodeStateAsUpdate(buildFixtureDoc()),
  )
  await store.close()
  if (!sqlite) return startTestServer({}, dataDir)
  const config = parseConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir })
  const server = await startServer(config, pino({ level: 'silent' }))
  return { server, config, dataDir, url: server.url, wsUrl: server.url.replace(/^http/, 'ws') + '/sync' }
}

describe('GET /api/boards/:id/export', () => {
  let t: Awaited<ReturnType<typeof seededServer>>
  beforeAll(async () => {
    t = await seededServer()
  })
  afterAll(async () => {
    await t.server.close()
  })
  const get = (query: string, key?: string) =>
    fetch(`${t.url}/api/boards/${FIXTURE_BOARD_ID}/export${query}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    })

  it.each([
    ['csv', 'text/csv; charset=utf-8', 'actions.csv'],
    ['ics', 'text/calendar; charset=utf-8', 'actions.ics'],
    ['md', 'text/markdown; charset=utf-8', 'summary.md'],
    ['json', 'application/json', 'summary.json'],
  ] as const)('format=%s: %s, an attachment, the golden bytes', async (format, type, suffix) => {
    const res = await get(`?format=${format}`, FIXTURE_KEYS.participant)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="day-centre-review-access-ramps-${suffix}"; filename*=UTF-8''Day-centre-review-access-ramps-%D9%83%D8%B1%D8%B3%D9%8A-%F0%9F%A6%BD-${suffix}`,
    )
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.equals(readFileSync(goldenPath(format)))).toBe(true)
  })

  it('lets facilitators export too', async () => {
    expect((await get('?format=csv', FIXTURE_KEYS.facilitator)).status).toBe(200)
  })

  it('answers 400 JSON for a missing or unknown format', async () => {
    for (const query of ['', '?format=xlsx', '?format=CSV']) {
      const res = await get(query, FIXTURE_KEYS.participant)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toEqual({
        error: { code: 'request.invalid', message: 'format must be one of csv, ics, md, json' },
      })
    }
  })

  it('refuses no key (401), a wrong key (403), a view-only key (403) and a summary key (403)', async () => {
    expect((await get('?format=csv')).status).toBe(401)
    expect((await get('?format=csv', 'notthekey00000000000000000000000')).status).toBe(403)
    const view = await get('?format=csv', FIXTURE_KEYS.view)
    expect(view.status).toBe(403)
    expect(((await view.json()) as { error: { code: string } }).error.code).toBe('auth.view_only')
    expect((await get('?format=csv', FIXTURE_KEYS.summary)).status).toBe(403)
    const other = await createBoard(t.url)
    expect(
      (
        await fetch(`${t.url}/api/boards/${other.id}/export?format=csv`, {
          headers: { authorization: `Bearer ${FIXTURE_KEYS.participant}` },
        })
      ).status,
    ).toBe(403)
    expect(await get('?format=csv', FIXTURE_KEYS.participant).then((r) => r.status)).toBe(200)
  })

  it('answers an unknown board like a wrong key (403) and a malformed id with 400', async () => {
    expect(
      (
        await fetch(`${t.url}/api/boards/nosuchboard0000000/export?format=csv`, {
          headers: { authorization: `Bearer ${FIXTURE_KEYS.participant}` },
        })
      ).status,
    ).toBe(403)
    expect((await fetch(`${t.url}/api/boards/bad!id/export?format=csv`)).status).toBe(400)
  })
})

// Each test starts the command as its own process (tsx compiles on the way), which is slow on a busy machine.
describe('roundtable export (command line)', { timeout: 60_000 }, () => {
  let t: Awaited<ReturnType<typeof seededServer>>
  beforeAll(async () => {
    t = await seededServer(tempDataDir(), true)
  })
  afterAll(async () => {
    await t.server.close()
  })
  const cli = (args: string[]) =>
    run(process.execPath, [BIN, ...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr.toString() }),
      (e: { code: number; stdout: Buffer; stderr: Buffer }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr.toString(),
      }),
    )

  it.each(FORMATS)(
    '--format %s gives the same bytes from the server, from the data folder, and over HTTP',
    async (format) => {
      const http = Buffer.from(
        await (
          await fetch(`${t.url}/api/boards/${FIXTURE_BOARD_ID}/export?format=${format}`, {
            headers: { authorization: `Bearer ${FIXTURE_KEYS.participant}` },
          })
        ).arrayBuffer(),
      )
      const viaServer = await cli([
        'export',
        FIXTURE_BOARD_ID,
        '--format',
        format,
        '--server',
        t.url,
        '--key',
        FIXTURE_KEYS.participant,
      ])
      // Read-only, while the server has the database open.
      const viaFolder = await cli(['export', FIXTURE_BOARD_ID, '--format', format, '--data-dir', t.dataDir])
      expect([viaServer.code, viaServer.stderr]).toEqual([0, ''])
      expect([viaFolder.code, viaFolder.stderr]).toEqual([0, ''])
      expect(viaServer.stdout.equals(http)).toBe(true)
      expect(viaFolder.stdout.equals(http)).toBe(true)
      expect(http.equals(readFileSync(goldenPath(format)))).toBe(true)
    },
  )

  it('follows later changes in both modes alike, and writes --out files', async () => {
    const board = await createBoard(t.url, 'Café, "live"')
    const add = await fetch(`${t.url}/api/boards/${board.id}/actions`, {
      method: 'POST',
      headers: { ...board.auth('participant'), 'content-type': 'application/json' },
      body: JSON.stringify({ what: '=cmd|calc', who: 'Ayesha', due: '2025-05-01', note: 'first\nsecond' }),
    })
    expect(add.status).toBe(201)
    const out = join(mkdtempSync(join(tmpdir(), 'roundtable-cli-')), 'actions.csv')
    const viaFolder = await cli(['export', board.id, '--format', 'ics', '--data-dir', t.dataDir, '--out', out])
    expect(viaFolder.code).toBe(0)
    expect(viaFolder.stderr).toMatch(/^Saved .*actions\.csv \(\d+ bytes\)\.\n$/)
    const viaServer = await cli([
      'export',
      board.id,
      '--format',
      'ics',
      '--server',
      t.url,
      '--key',
      board.keys.facilitator,
    ])
    expect(readFileSync(out).equals(viaServer.stdout)).toBe(true)
    expect(viaServer.stdout.toString()).toContain('SUMMARY:=cmd|calc')
  })

  it('explains mistakes in plain words, with exit code 2 for usage and 1 for failures', async () => {
    const usage = await cli(['export', FIXTURE_BOARD_ID, '--format', 'pdf', '--data-dir', t.dataDir])
    expect([usage.code, usage.stderr]).toEqual([2, '--format must be one of csv, ics, md, json.\n'])
    const neither = await cli(['export', FIXTURE_BOARD_ID, '--format', 'csv'])
    expect(neither.code).toBe(2)
    expect(neither.stderr).toMatch(/^Say where the board is/)
    expect((await cli(['frobnicate'])).code).toBe(2)
    expect(
      (await cli(['export', FIXTURE_BOARD_ID, '--format', 'csv', '--data-dir', t.dataDir, '--colour', 'red'])).code,
    ).toBe(2)
    const refused = await cli([
      'export',
      FIXTURE_BOARD_ID,
      '--format',
      'csv',
      '--server',
      t.url,
      '--key',
      FIXTURE_KEYS.view,
    ])
    expect([refused.code, refused.stderr]).toEqual([
      1,
      'The server said no (403): This link can only view the board.\n',
    ])
    const missing = await cli(['export', 'nosuchboard0000000', '--format', 'csv', '--data-dir', t.dataDir])
    expect([missing.code, missing.stderr.startsWith('There is no board nosuchboard0000000 in ')]).toEqual([1, true])
    // Boards made before ids were letters and digits only may have ids starting with "-": they go after "--".
    const dashId = '-AbC123dEf456gHi789jK'
    const dashed = await cli(['export', dashId, '--format', 'csv', '--data-dir', t.dataDir])
    expect([dashed.code, dashed.stderr]).toEqual([2, expect.stringContaining(`-- ${dashId}\n`)])
    const afterDashes = await cli(['export', '--format', 'csv', '--data-dir', t.dataDir, '--', dashId])
    expect([afterDashes.code, afterDashes.stderr.startsWith(`There is no board ${dashId} in `)]).toEqual([1, true])
    const empty = await cli(['export', FIXTURE_BOARD_ID, '--format', 'csv', '--data-dir', tempDataDir()])
    expect([empty.code, empty.stderr]).toEqual([1, expect.stringMatching(/^There is no Roundtable data in /)])
    const closed = `http://127.0.0.1:${await freePort()}`
    const unreachable = await cli(['export', FIXTURE_BOARD_ID, '--format', 'csv', '--server', closed, '--key', 'x'])
    expect([unreachable.code, unreachable.stderr]).toEqual([
      1,
      `Could not reach the server at ${closed}: ECONNREFUSED\n`,
    ])
    // --key - reads the key from standard input, keeping it out of the shell's history.
    // (Not spawnSync: the server answering it runs in this process.)
    const child = execFile(
      process.execPath,
      [BIN, 'export', FIXTURE_BOARD_ID, '--format', 'csv', '--server', t.url, '--key', '-'],
      { encoding: 'buffer' },
    )
    const chunks: Buffer[] = []
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stdin!.end(`${FIXTURE_KEYS.participant}\n`)
    const status = await new Promise<number | null>((done) => child.on('close', done))
    expect([status, Buffer.concat(chunks).equals(readFileSync(goldenPath('csv')))]).toEqual([0, true])
    const help = await cli(['--help'])
    expect([help.code, help.stdout.toString().startsWith('Usage:')]).toEqual([0, true])
  })
})
