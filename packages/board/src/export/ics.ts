import ical, { ICalEventStatus } from 'ical-generator'
import type { ActionStatus } from '../session'
import type { SessionSummary, SummaryAction } from './summary'
import { STATUS_LABELS, dotsInWords } from './words'

/** How each action status reads to a calendar: dropped actions stay in, cancelled, so a re-import updates them. */
const EVENT_STATUS: Readonly<Record<ActionStatus, ICalEventStatus>> = {
  proposed: ICalEventStatus.TENTATIVE,
  agreed: ICalEventStatus.CONFIRMED,
  'in-progress': ICalEventStatus.CONFIRMED,
  done: ICalEventStatus.CONFIRMED,
  dropped: ICalEventStatus.CANCELLED,
}

/**
 * The event id of an action: stable across exports, so importing again updates the event instead of copying it.
 * ical-generator writes UID as given, unescaped; action and board ids are already checked to be plain characters,
 * and anything else is replaced here as well, so no id can ever break the line and add properties to the file.
 */
export function actionEventUid(actionId: string, boardId: string): string {
  return `${actionId}@${boardId}.roundtable`.replace(/[^A-Za-z0-9@._:-]/g, '-')
}

/**
 * The actions that have a due date as an iCalendar file (RFC 5545): one all-day event per action on its due date
 * (DTSTART;VALUE=DATE, DTEND the next day), titled with what is to be done, described with who, its status, the
 * idea it came from and its note. ical-generator escapes text and folds long lines at 75 bytes without splitting
 * a character; it needs no Node APIs.
 */
export function actionsToIcs(summary: SessionSummary): string {
  return calendarOf(
    `${summary.board.title || 'Roundtable session'}: actions`,
    summary.board.exportedAt,
    summary.actions.map((action) => ({ action, boardId: summary.board.id, sessionTitle: summary.board.title })),
  )
}

/** One action in a calendar, with the session it belongs to. */
export interface CalendarEntry {
  action: SummaryAction
  boardId: string
  sessionTitle: string
}

/**
 * A calendar named `name` with one all-day event per dated action (see {@link actionsToIcs}); `exportedAt` (ISO)
 * stamps every event. A session's export and a series' feed are both made here, with the same event ids.
 */
export function calendarOf(name: string, exportedAt: string, entries: readonly CalendarEntry[]): string {
  const calendar = ical({
    prodId: { company: 'Roundtable', product: 'Session actions', language: 'EN' },
    // ical-generator writes the calendar's name as given (it escapes only event text), so escape it here.
    name: escapeText(name),
  })
  const stamp = new Date(exportedAt)
  for (const { action, boardId, sessionTitle } of entries) {
    if (!action.due) continue
    calendar.createEvent({
      id: actionEventUid(action.id, boardId),
      allDay: true,
      start: action.due,
      end: nextDay(action.due),
      stamp,
      summary: action.what,
      description: describe(action, sessionTitle),
      status: EVENT_STATUS[action.status],
    })
  }
  // RFC 5545 ends every content line, the last one included, with CRLF; ical-generator leaves the last one bare.
  return `${calendar.toString()}\r\n`
}

function describe(action: SummaryAction, sessionTitle: string): string {
  const lines = [`Who: ${action.who || 'nobody named yet'}`, `Status: ${STATUS_LABELS[action.status]}`]
  if (action.idea) {
    const text = action.idea.text ?? '(an idea that was later removed)'
    lines.push(`From the idea: ${text} (${dotsInWords(action.idea.dots)})`)
  }
  if (action.agree > 0 || action.concern > 0) lines.push(`${action.agree} agree, ${action.concern} with a concern`)
  if (action.note) lines.push(`Note: ${action.note}`)
  if (action.status === 'done' && action.outcome) lines.push(`What happened: ${action.outcome.note}`)
  if (sessionTitle) lines.push(`Session: ${sessionTitle}`)
  return lines.join('\n')
}

/** RFC 5545 TEXT escaping: backslash, semicolon, comma, and line breaks as \n. */
function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n')
}

/** The day after a `YYYY-MM-DD` date. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
