import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { canEdit, getRecordsMap, type YRecord } from '@roundtable/board'
import { useIdentity } from '../../lib/identity'
import { serverClock } from '../../lib/serverClock'
import { currentTurn, shouldAdvance, turnRemainingMs } from '../../lib/turns'
import { stampNoteAuthors } from '../../sync/authorship'
import { useSettings } from '../../sync/docHooks'
import { publishMyFacts, usePeople } from '../../sync/people'
import { readTurnsState, useTurnsState } from '../../sync/sharedMeta'
import { useMyVotes, useSession, useSessionState } from '../SessionContext'
import { passTurn, turnPeople } from './TurnNotice'

/** How long a person must be missing before their turn is passed (others' presence arrives a moment after joining). */
const ABSENT_GRACE_MS = 5000

/**
 * The quiet work behind equal voice, mounted once per open board whichever view is shown:
 * - new ideas drawn on the canvas carry their author (never in an anonymous session);
 * - this device publishes its facts for the equal voice panel (role, voted, ideas added);
 * - when it is this person's turn and they add an idea, the turn passes; when a turn's time is up, or the person
 *   whose turn it is has left, any device passes it (they all write the same next turn).
 * Renders nothing.
 */
export function InclusionKeeper() {
  const { session, votes } = useSession()
  const { role } = useSessionState(session)
  const identity = useIdentity()
  const settings = useSettings(session.doc)
  const { round, mine } = useMyVotes(votes)
  const people = usePeople(session.provider.awareness)
  const turns = useTurnsState(session.doc)
  const myIdeas = useMyIdeaCount(session.doc, session.boardId)
  const editor = role !== null && canEdit(role)

  // Latest values for callbacks registered once.
  const latest = useRef({ identity, settings, people, editor })
  latest.current = { identity, settings, people, editor }

  useEffect(
    () =>
      stampNoteAuthors(session.store, () => {
        const { identity: me, settings: now } = latest.current
        return now.anonymous ? null : { name: me.name, id: me.id }
      }),
    [session],
  )

  const voteOpen = round?.status === 'open'
  useEffect(() => {
    publishMyFacts(session.provider.awareness, {
      role,
      voted: voteOpen && mine !== null && mine.used > 0,
      abstained: voteOpen && mine?.abstained === true,
      ideas: myIdeas.count,
    })
  }, [session, role, voteOpen, mine, myIdeas.count])

  // The person whose turn it is added an idea: the turn passes.
  useEffect(() => {
    if (myIdeas.addedAt === 0) return
    const state = readTurnsState(session.doc)
    if (!latest.current.editor || currentTurn(state) !== latest.current.identity.id || !state) return
    passTurn(session.doc, turnPeople(latest.current.people), state.turn)
  }, [session, myIdeas.addedAt])

  // Time up, or the person whose turn it is has gone: pass it on.
  const absentSince = useRef<number | null>(null)
  const present = turnPeople(people)
  const currentId = currentTurn(turns)
  const currentPresent = currentId !== null && present.some((p) => p.id === currentId)
  useEffect(() => {
    if (!turns || turns.status !== 'running' || !editor) return
    const check = (): void => {
      const now = serverClock.now()
      if (!shouldAdvance(turns, present, now)) {
        absentSince.current = null
        return
      }
      const timeUp = (turnRemainingMs(turns, now) ?? 1) <= 0
      if (!timeUp) {
        absentSince.current ??= Date.now()
        if (Date.now() - absentSince.current < ABSENT_GRACE_MS) return
      }
      passTurn(session.doc, present, turns.turn)
    }
    check()
    // Check again every second while someone is missing, and just after this turn's time runs out. A little
    // jitter keeps many devices from all writing the same change in the same instant.
    const interval = currentPresent ? undefined : setInterval(check, 1000)
    const left = turnRemainingMs(turns, serverClock.now())
    const timer = left !== null ? setTimeout(check, left + 200 + Math.random() * 800) : undefined
    return () => {
      clearInterval(interval)
      clearTimeout(timer)
    }
    // `present` is rebuilt on every render; `people` says when it really changed.
  }, [session, turns, people, editor, currentPresent])

  return null
}

/** Ideas this device added on this board, kept on the device so the count survives a reload. */
function useMyIdeaCount(doc: Y.Doc, boardId: string): { count: number; addedAt: number } {
  const [value, setValue] = useState({ count: 0, addedAt: 0 })
  useEffect(() => {
    const key = `roundtable:my-ideas:${boardId}`
    let ids: Set<string>
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]')
      ids = new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [])
    } catch {
      ids = new Set()
    }
    const records = getRecordsMap(doc)
    const count = (): number => [...ids].filter((id) => records.has(id)).length
    setValue({ count: count(), addedAt: 0 })
    const onChange = (event: Y.YMapEvent<YRecord>, transaction: Y.Transaction): void => {
      let added = false
      if (transaction.local) {
        for (const [id, change] of event.changes.keys) {
          const record = records.get(id)
          if (change.action === 'add' && record instanceof Y.Map && record.get('type') === 'note') {
            ids.add(id)
            added = true
          }
        }
        if (added) {
          try {
            window.localStorage.setItem(key, JSON.stringify([...ids]))
          } catch {
            // Storage unavailable: counted for this page only.
          }
        }
      }
      const now = count()
      setValue((before) =>
        added || before.count !== now ? { count: now, addedAt: added ? Date.now() : before.addedAt } : before,
      )
    }
    records.observe(onChange)
    return () => records.unobserve(onChange)
  }, [doc, boardId])
  return value
}
