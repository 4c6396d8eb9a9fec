import {
  buildSummary,
  EXPORT_FORMATS,
  isBoardId,
  isExportFormat,
  readErrorBody,
  readSettings,
  renderExport,
  type ExportFormat,
} from '@roundtable/board'
import { sqliteContributions } from '@roundtable/storage'
import Database from 'better-sqlite3'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import * as Y from 'yjs'

/**
 * The `roundtable` command. `roundtable export <boardId> --format csv|ics|md|json [--out FILE]`, either from a
 * running server (`--server URL --key KEY`, through the HTTP export) or straight from a data folder
 * (`--data-dir DIR`, read-only, no server needed). Both give the same bytes for the same board state.
 *
 * Exit codes: 0 done; 1 the export could not be made (refused, not found, unreachable, unreadable, unwritable);
 * 2 the command was not written right.
 */

export const USAGE = `Usage:
  roundtable export <boardId> --format csv|ics|md|json --server <url> --key <key> [--out <file>]
  roundtable export <boardId> --format csv|ics|md|json --data-dir <folder> [--out <file>]

  --format    csv: the actions, for a spreadsheet; ics: actions with a date, for a calendar;
              md: the whole summary as Markdown; json: the whole summary as JSON
  --server    address of a running Roundtable server, e.g. http://127.0.0.1:8787
  --key       the key from a participant's or facilitator's link (the part after #key=); "-" reads it from input
  --data-dir  the server's data folder (DATA_DIR, ./data by default), read without changing anything
  --out       write to this file instead of the screen

  A board id that starts with "-" goes last, after "--":
  roundtable export --format csv --data-dir ./data -- -AbC123…
`

/** Where the command writes; replaceable in tests. */
export interface CliIo {
  stdout: { write(data: Uint8Array | string): unknown }
  stderr: { write(data: string): unknown }
  readStdin(): Promise<string>
}

const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  async readStdin() {
    let text = ''
    for await (const chunk of process.stdin) text += String(chunk)
    return text
  },
}

/** A failure to tell the person about in plain words, with its exit code. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message)
  }
}

/** Run the command with these arguments (without `node` and the script); resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const [command, ...rest] = argv
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(USAGE)
      return command === undefined ? 2 : 0
    }
    if (command !== 'export') throw new CliError(`There is no command "${command}".\n\n${USAGE}`, 2)
    await exportCommand(rest, io)
    return 0
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message.trimEnd()}\n`)
      return error.exitCode
    }
    io.stderr.write(`Something went wrong: ${(error as Error).message}\n`)
    return 1
  }
}

const EXPORT_OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  server: { type: 'string' },
  key: { type: 'string' },
  'data-dir': { type: 'string' },
} as const

async function exportCommand(args: string[], io: CliIo): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: EXPORT_OPTIONS })
  } catch (error) {
    // Older board ids may start with "-", which reads as an option: say how to write one.
    const dashId = args.find(
      (arg) => arg.startsWith('-') && isBoardId(arg) && !Object.hasOwn(EXPORT_OPTIONS, arg.slice(2)),
    )
    if (dashId)
      throw new CliError(
        `The board id ${dashId} starts with "-", so it reads as an option. Put it last, after "--":\n` +
          `  roundtable export --format csv --data-dir ./data -- ${dashId}`,
        2,
      )
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`, 2)
  }
  const { values, positionals } = parsed
  const boardId = positionals[0]
  if (!boardId || positionals.length > 1) throw new CliError(`Give one board id.\n\n${USAGE}`, 2)
  if (!isBoardId(boardId))
    throw new CliError(`"${boardId}" is not a board id (the part after /b/ in a board's link).`, 2)
  const format = values.format
  if (!isExportFormat(format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`, 2)
  const fromServer = values.server !== undefined
  const fromFolder = values['data-dir'] !== undefined
  if (fromServer === fromFolder)
    throw new CliError(`Say where the board is: either --server and --key, or --data-dir.\n\n${USAGE}`, 2)

  let bytes: Uint8Array
  if (fromServer) {
    if (!values.key) throw new CliError("--server needs --key: the key from a participant's or facilitator's link.", 2)
    const key = values.key === '-' ? (await io.readStdin()).trim() : values.key
    bytes = await exportFromServer(values.server!, key, boardId, format)
  } else {
    bytes = exportFromFolder(values['data-dir']!, boardId, format)
  }

  if (values.out) {
    try {
      writeFileSync(values.out, bytes)
    } catch (error) {
      throw new CliError(`Could not write ${values.out}: ${(error as Error).message}`, 1)
    }
    io.stderr.write(`Saved ${values.out} (${bytes.byteLength} bytes).\n`)
  } else {
    io.stdout.write(bytes)
  }
}

/** Ask a running server for the export, exactly as a browser download would. */
async function exportFromServer(
  server: string,
  key: string,
  boardId: string,
  format: ExportFormat,
): Promise<Uint8Array> {
  let url: URL
  try {
    url = new URL(`/api/boards/${encodeURIComponent(boardId)}/export`, server)
  } catch {
    throw new CliError(`"${server}" is not a web address; write it like http://127.0.0.1:8787`, 2)
  }
  url.searchParams.set('format', format)
  let res: Response
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${key}` } })
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    throw new CliError(
      `Could not reach the server at ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      1,
    )
  }
  const body = new Uint8Array(await res.arrayBuffer())
  if (!res.ok) {
    let reason = ''
    try {
      reason = readErrorBody(JSON.parse(new TextDecoder().decode(body)))?.message.replace(/\.$/, '') ?? ''
    } catch {
      reason = ''
    }
    throw new CliError(`The server said no (${res.status})${reason ? `: ${reason}` : ''}.`, 1)
  }
  return body
}

/**
 * Read a board straight from a data folder, read-only (safe while the server runs: SQLite's WAL lets a reader see
 * the last committed state), rebuild its document from the snapshot and the updates after it, and format it here.
 */
function exportFromFolder(dataDir: string, boardId: string, format: ExportFormat): Uint8Array {
  const file = join(resolve(dataDir), 'roundtable.sqlite')
  if (!existsSync(file))
    throw new CliError(`There is no Roundtable data in ${resolve(dataDir)} (no roundtable.sqlite).`, 1)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new CliError(`Could not open ${file}: ${(error as Error).message}`, 1)
  }
  try {
    const read = db.transaction(() => {
      const board = db.prepare('SELECT updated_at FROM boards WHERE id = ?').get(boardId) as
        | { updated_at: number }
        | undefined
      if (!board) return null
      const snapshot = db.prepare('SELECT data, up_to_seq FROM board_snapshots WHERE board_id = ?').get(boardId) as
        | { data: Buffer; up_to_seq: number }
        | undefined
      const updates = db
        .prepare('SELECT data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq')
        .all(boardId, snapshot?.up_to_seq ?? 0) as { data: Buffer }[]
      return { updatedAt: board.updated_at, snapshot: snapshot?.data ?? null, updates: updates.map((u) => u.data) }
    })
    const stored = read()
    if (!stored) throw new CliError(`There is no board ${boardId} in ${resolve(dataDir)}.`, 1)
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, new Uint8Array(stored.snapshot))
    for (const update of stored.updates) Y.applyUpdate(doc, new Uint8Array(update))
    const settings = readSettings(doc)
    // Evidence figures need the ledger's contributions, read from the same folder.
    const evidence = settings.evidence.ask && !settings.anonymous ? sqliteContributions(db)(boardId) : null
    const summary = buildSummary(doc, { boardId, exportedAt: stored.updatedAt, evidence })
    doc.destroy()
    return new TextEncoder().encode(renderExport(summary, format).body)
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(`Could not read board ${boardId} from ${file}: ${(error as Error).message}`, 1)
  } finally {
    db.close()
  }
}
