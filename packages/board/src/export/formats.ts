import { actionsToCsv } from './csv'
import { actionsToIcs } from './ics'
import { summaryToMarkdown } from './markdown'
import type { SessionSummary } from './summary'

/** The export formats, by the name used in `?format=` and `--format`. */
export const EXPORT_FORMATS = ['csv', 'ics', 'md', 'json'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)
}

/** A file made from a session summary. */
export interface ExportFile {
  body: string
  /** The HTTP media type, with its charset. */
  contentType: string
  /** What the file is of, for its name: "<title>-actions.csv". */
  fileSuffix: string
}

const MEDIA: Record<ExportFormat, { contentType: string; fileSuffix: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', fileSuffix: 'actions.csv' },
  ics: { contentType: 'text/calendar; charset=utf-8', fileSuffix: 'actions.ics' },
  md: { contentType: 'text/markdown; charset=utf-8', fileSuffix: 'summary.md' },
  json: { contentType: 'application/json', fileSuffix: 'summary.json' },
}

/** Make one export file from a summary. The same summary always gives the same bytes. */
export function renderExport(summary: SessionSummary, format: ExportFormat): ExportFile {
  const body =
    format === 'csv'
      ? actionsToCsv(summary)
      : format === 'ics'
        ? actionsToIcs(summary)
        : format === 'md'
          ? summaryToMarkdown(summary)
          : `${JSON.stringify(summary, null, 2)}\n`
  return { body, ...MEDIA[format] }
}

/**
 * File names for an export: `ascii` for the plain `filename=` parameter (letters, digits and dashes only, accents
 * dropped), `unicode` for `filename*=UTF-8''…` (RFC 6266 / RFC 5987), which keeps the title's words in any
 * script, and its emoji.
 */
export function exportFileNames(title: string, fileSuffix: string): { ascii: string; unicode: string } {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
    .toLowerCase()
  // Letters, digits and marks of any script, and emoji (with their joiners and skin tones); anything else, such
  // as characters file systems refuse ("/", ":", "?"), quotes or spaces, becomes a dash.
  const unicode = Array.from(
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  )
    .slice(0, 80)
    .join('')
    .replace(/-+$/, '')
  return {
    ascii: `${ascii || 'roundtable-session'}-${fileSuffix}`,
    unicode: `${unicode || 'roundtable-session'}-${fileSuffix}`,
  }
}

/** A `Content-Disposition: attachment` value with both file names; the UTF-8 one is percent-encoded. */
export function attachmentDisposition(title: string, fileSuffix: string): string {
  const names = exportFileNames(title, fileSuffix)
  const encoded = encodeURIComponent(names.unicode).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${names.ascii}"; filename*=UTF-8''${encoded}`
}
