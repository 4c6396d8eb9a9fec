import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { PROPS_KEY, getRecordsMap, type YRecord } from '@roundtable/board'
import { ChangeAnnouncer } from '../../lib/announcer'
import type { BoardOutline } from '../../lib/boardOutline'
import type { BoardSession } from '../../sync/boardSession'

const PAUSE_STORAGE_KEY = 'roundtable:announcements-paused'

/** Which changes to an idea are news in the list: its words, its group, its colour. Moving it around is not. */
const NEWS_FIELDS = new Set(['parentId'])
const NEWS_PROPS = new Set(['richText', 'color'])

function storedPaused(): boolean {
  try {
    return window.localStorage.getItem(PAUSE_STORAGE_KEY) === '1'
  } catch {
    return false
  }
}

/**
 * Other people's changes to ideas, summed up in polite announcements (see lib/announcer.ts). Only changes that came
 * from the server count: this person's own changes, and the local copy loading, are not news.
 * Returns what to show in the live region, and the pause switch (remembered on the device).
 */
export function useChangeAnnouncements(
  session: BoardSession,
  outline: BoardOutline,
): { message: string; paused: boolean; setPaused: (paused: boolean) => void } {
  const [message, setMessage] = useState('')
  const [paused, setPausedState] = useState(storedPaused)
  const outlineRef = useRef(outline)
  outlineRef.current = outline
  const announcerRef = useRef<ChangeAnnouncer | null>(null)

  useEffect(() => {
    let clearTimer: ReturnType<typeof setTimeout> | undefined
    const announcer = new ChangeAnnouncer({
      announce: (text) => {
        // Empty the region first, so the same words said twice are announced twice.
        setMessage('')
        clearTimeout(clearTimer)
        clearTimer = setTimeout(() => setMessage(text), 100)
      },
      describe: (id) => {
        const text = readText(session.doc, id)
        if (text === null) return null
        const author = outlineRef.current.ideas.get(id)?.author ?? readAuthor(session.doc, id)
        return { text, author }
      },
    })
    announcer.setPaused(storedPaused())
    announcerRef.current = announcer
    const records = getRecordsMap(session.doc)
    // Ideas known to be ideas: a deleted record can no longer say what it was.
    const notes = new Set<string>()
    records.forEach((record, id) => {
      if (record instanceof Y.Map && record.get('type') === 'note') notes.add(id)
    })

    const onChange = (events: Array<Y.YEvent<any>>, transaction: Y.Transaction): void => {
      const remote = transaction.origin === session.provider
      for (const event of events) {
        if (event.target === records) {
          for (const [id, change] of (event as Y.YMapEvent<YRecord>).changes.keys) {
            const record = records.get(id)
            const isNote = record instanceof Y.Map && record.get('type') === 'note'
            if (change.action === 'delete') {
              if (notes.delete(id) && remote) announcer.record(id, 'removed')
            } else if (isNote) {
              const known = notes.has(id)
              notes.add(id)
              if (remote) announcer.record(id, change.action === 'add' && !known ? 'added' : 'changed')
            }
          }
          continue
        }
        if (!remote) continue
        const [id, field, prop] = event.path as [string | undefined, string | undefined, string | undefined]
        if (typeof id !== 'string' || !notes.has(id)) continue
        const changedKeys = event instanceof Y.YMapEvent ? [...event.keysChanged] : []
        const news =
          (field === undefined && changedKeys.some((key) => NEWS_FIELDS.has(key))) ||
          (field === PROPS_KEY && prop === undefined && changedKeys.some((key) => NEWS_PROPS.has(key))) ||
          (field === PROPS_KEY && typeof prop === 'string' && NEWS_PROPS.has(prop))
        if (news) announcer.record(id, 'changed')
      }
    }
    records.observeDeep(onChange)
    return () => {
      records.unobserveDeep(onChange)
      announcer.dispose()
      clearTimeout(clearTimer)
      announcerRef.current = null
    }
  }, [session])

  const setPaused = (next: boolean): void => {
    setPausedState(next)
    announcerRef.current?.setPaused(next)
    if (next) setMessage('')
    try {
      window.localStorage.setItem(PAUSE_STORAGE_KEY, next ? '1' : '0')
    } catch {
      // The choice lasts for this page only.
    }
  }

  return { message, paused, setPaused }
}

function readText(doc: Y.Doc, id: string): string | null {
  const record = getRecordsMap(doc).get(id)
  const props = record instanceof Y.Map ? record.get(PROPS_KEY) : undefined
  const text = props instanceof Y.Map ? props.get('richText') : undefined
  return text instanceof Y.Text ? text.toString() : null
}

function readAuthor(doc: Y.Doc, id: string): string | null {
  const meta = getRecordsMap(doc).get(id)?.get('meta') as { author?: unknown } | undefined
  return typeof meta?.author === 'string' && meta.author ? meta.author : null
}
