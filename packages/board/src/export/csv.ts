// The browser build: the same code as csv-stringify's Node entry, with no Node APIs needed at run time, so this
// module also runs in the web app.
import { stringify } from 'csv-stringify/browser/esm/sync'
import type { SessionSummary, SummaryAction } from './summary'
import { STATUS_LABELS } from './words'

/** The CSV's columns, in order. */
export const CSV_HEADER = [
  'What',
  'Who',
  'By when',
  'Status',
  'From idea',
  'Dots',
  'Agree',
  'Concerns',
  'Note',
] as const

/**
 * A cell a spreadsheet could take for a formula starts with one of these (OWASP, "CSV Injection"): = + - @, a tab
 * or a carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Make a cell safe to open in a spreadsheet: a cell that starts like a formula gets a leading apostrophe, so
 * Excel, LibreOffice and Google Sheets show it as the text it is and never run it. This is OWASP's advice. Note that
 * it also turns the text "-5" into "'-5": the CSV is for people to read, and a number typed into an action's text
 * is text, not a value to calculate with.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/**
 * The actions as CSV for a spreadsheet: UTF-8 with a byte order mark (without it Excel reads UTF-8 as the local
 * legacy encoding and breaks accents, right-to-left scripts and emoji), a header row, CRLF line ends (RFC 4180),
 * and quotes only where a cell needs them. New lines inside a cell are kept inside quotes.
 */
export function actionsToCsv(summary: SessionSummary): string {
  return rowsToCsv([[...CSV_HEADER], ...summary.actions.map(actionCells)])
}

/** One action's cells, in the order of {@link CSV_HEADER}. */
export function actionCells(a: SummaryAction): string[] {
  return [
    a.what,
    a.who,
    a.due ?? '',
    STATUS_LABELS[a.status],
    a.idea ? (a.idea.text ?? '(an idea that was later removed)') : '',
    a.idea ? String(a.idea.dots) : '',
    String(a.agree),
    String(a.concern),
    a.note,
  ]
}

/** Rows (the header first) as a CSV file, every cell made safe to open in a spreadsheet. */
export function rowsToCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    {
      bom: true,
      record_delimiter: 'windows',
      // csv-stringify quotes a cell holding the record delimiter (CRLF) but not a lone LF or CR; spreadsheets would
      // take those for the end of a row, so quote them too.
      quoted_match: /[\r\n]/,
      eof: true,
    },
  )
}
