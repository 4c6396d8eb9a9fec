import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import * as Y from 'yjs'
import { useValue, type Editor } from 'tldraw'
import {
  ACTION_STATUSES,
  MAX_ACTION_TEXT,
  MAX_OUTCOME_NOTE,
  MAX_OWNER_NAME,
  canEdit,
  canFacilitate,
  canVote,
  deleteAction,
  getActionsMap,
  isActionAgreed,
  isIsoDate,
  updateAction,
  type ActionStatus,
  type CarriedAction,
  type PublishedRound,
} from '@roundtable/board'
import { createAction, createActionFromIdea, selectedIdeaId } from '../../lib/actions'
import {
  changeAction,
  getMyStance,
  markActionDone,
  removeAction,
  setActionStatus,
  setMyStance,
  type MyStance,
} from '../../lib/api'
import { fromLine } from '../../lib/series'
import { useIdentity } from '../../lib/identity'
import { ideaText, shortText } from '../../lib/ideas'
import { latestDotsFor } from '../../lib/results'
import { useBoardOutline } from '../../sync/boardIdeas'
import {
  useActionItems,
  useCarriedActions,
  useRounds,
  useSeriesInfo,
  useSettings,
  type ActionItem,
} from '../../sync/docHooks'
import { strings } from '../../strings'
import { Icon } from '../inclusion/Icon'
import { usePanelState, useSession, useSessionState } from '../SessionContext'
import { SharedTextField } from './SharedTextField'
import { ExportSection } from './ExportSection'
import { JargonHints } from '../inclusion/JargonHints'
import { SharedTextJargon } from '../inclusion/SharedTextJargon'
import { usePlainWords } from '../../sync/sharedMeta'

/**
 * Actions: first, in a session that follows on from others, "Still open from last time" (earlier sessions' actions,
 * read live from the board's `series` root); then this session's own: what will be done, who does it and by when;
 * everyone can shape them, agree or raise a concern. Below them, for people who took part: downloads of the actions
 * and the summary.
 */
export function ActionsPanel({ editor }: { editor: Editor | null }) {
  const { session, panel } = useSession()
  const { role } = useSessionState(session)
  const actions = useActionItems(session.doc)
  const rounds = useRounds(session.doc)
  const headingId = useId()
  const editable = role !== null && canEdit(role)
  const selectedIdea = useValue('selected idea for action', () => {
    if (!editor) return null
    const id = selectedIdeaId(editor)
    return id ? { id, text: ideaText(editor, id) ?? '' } : null
  }, [editor])
  const alreadyAction = selectedIdea !== null && actions.some((a) => a.ideaId === selectedIdea.id)

  return (
    <section className="rt-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-section__title">
        {strings.actions.title}
      </h2>
      <CarriedSection />
      <p className="rt-muted">{strings.actions.intro}</p>
      {editable && selectedIdea && editor && (
        <div className="rt-callout">
          <p className="rt-small">{alreadyAction ? strings.actions.alreadyAction : strings.actions.fromIdeaHelp}</p>
          <button
            type="button"
            className={`rt-button rt-button--wide ${alreadyAction ? 'rt-button--secondary' : 'rt-button--primary'}`}
            onClick={() => {
              const id = createActionFromIdea(session.doc, editor, selectedIdea.id)
              if (id) panel.show('actions', id)
            }}
          >
            <Icon name="action" />
            {(alreadyAction ? strings.actions.fromIdeaAgain : strings.actions.fromIdea)(
              shortText(selectedIdea.text, 30) || strings.vote.emptyIdea,
            )}
          </button>
        </div>
      )}
      {actions.length === 0 ? (
        <p className="rt-lead-small">{strings.actions.none}</p>
      ) : (
        <ul className="rt-action-list">
          {actions.map((action) => (
            <li key={action.id}>
              <ActionCard action={action} editor={editor} rounds={rounds} />
            </li>
          ))}
        </ul>
      )}
      {editable && <NewAction />}
      {editable && <ExportSection editor={editor} />}
    </section>
  )
}

function NewAction() {
  const { session, panel } = useSession()
  const [what, setWhat] = useState('')
  const extra = usePlainWords(session.doc)
  const whatField = useRef<HTMLTextAreaElement>(null)
  const ids = { title: useId(), what: useId(), jargon: useId() }
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const text = what.trim()
    if (!text) return
    const id = createAction(session.doc, text)
    setWhat('')
    panel.show('actions', id)
  }
  return (
    <form className="rt-form rt-callout" aria-labelledby={ids.title} onSubmit={submit}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.actions.addTitle}
      </h3>
      <label className="rt-label" htmlFor={ids.what}>
        {strings.actions.whatNew}
      </label>
      <textarea
        ref={whatField}
        id={ids.what}
        className="rt-input"
        rows={2}
        maxLength={MAX_ACTION_TEXT}
        aria-describedby={ids.jargon}
        value={what}
        onChange={(event) => setWhat(event.target.value)}
      />
      <JargonHints
        text={what}
        extra={extra}
        summaryId={ids.jargon}
        onReplace={(next) => setWhat(next)}
        returnFocus={() => whatField.current?.focus()}
      />
      <button type="submit" className="rt-button rt-button--primary" disabled={!what.trim()}>
        <Icon name="add" />
        {strings.actions.add}
      </button>
    </form>
  )
}

/** "Amina", "Amina and Ben", "Amina, Ben and Chris". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} ${strings.actions.and} ${names[names.length - 1]}`
}

function ActionCard({
  action,
  editor,
  rounds,
}: {
  action: ActionItem
  editor: Editor | null
  rounds: PublishedRound[]
}) {
  const { session, panel } = useSession()
  const { role } = useSessionState(session)
  const { focusActionId } = usePanelState(panel)
  const settings = useSettings(session.doc)
  const facilitator = role !== null && canFacilitate(role)
  // Once people agree, what, who and when are what they agreed to: nobody types over them live any more (the server
  // refuses it); a facilitator changes them through "Change what was agreed".
  const agreed = isActionAgreed(action)
  const mayEdit = role !== null && canEdit(role)
  const editable = mayEdit && !agreed
  const voter = role !== null && canVote(role)
  const [changingAgreed, setChangingAgreed] = useState(false)
  const cardRef = useRef<HTMLElement>(null)
  const whatRef = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const [showNote, setShowNote] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = { what: useId(), who: useId(), due: useId(), note: useId(), jargon: useId() }

  const map = getActionsMap(session.doc).get(action.id)
  const textOf = (key: 'what' | 'note'): Y.Text | undefined => {
    const value = map instanceof Y.Map ? map.get(key) : undefined
    return value instanceof Y.Text ? value : undefined
  }
  const fromEditor = useValue('action idea', () => (editor && action.ideaId ? ideaText(editor, action.ideaId) : null), [
    editor,
    action.ideaId,
  ])
  // Without the canvas (the list view), the idea is read from the document.
  const outline = useBoardOutline(session.doc, !editor)
  const linkedText = editor
    ? fromEditor
    : action.ideaId
      ? (outline.ideas.get(action.ideaId)?.text.trim() ?? null)
      : null
  const linkedDots = action.ideaId ? latestDotsFor(rounds, action.ideaId) : null

  // A new action (just made from an idea, or added) comes into view with its words ready to change.
  useEffect(() => {
    if (focusActionId !== action.id) return
    cardRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
    if (editable) whatRef.current?.focus()
    else cardRef.current?.focus()
    panel.focusedAction()
  }, [focusActionId, action.id, editable, panel])

  const changeStatus = async (status: ActionStatus): Promise<void> => {
    setError(null)
    await setActionStatus(session.boardId, action.id, status).catch(() => setError(strings.actions.failed))
  }

  const label = strings.actions.cardLabel(shortText(action.what, 60) || strings.actions.noWords)
  const noteVisible = showNote || action.note.length > 0

  return (
    <article ref={cardRef} className="rt-action" aria-label={label} tabIndex={-1} data-status={action.status}>
      <StatusLine action={action} facilitator={facilitator} onChange={(status) => void changeStatus(status)} />

      {editable ? (
        <>
          <label className="rt-label" htmlFor={ids.what}>
            {strings.actions.what}
          </label>
          <SharedTextField
            ref={whatRef}
            doc={session.doc}
            text={textOf('what')}
            id={ids.what}
            multiline
            maxLength={MAX_ACTION_TEXT}
            aria-describedby={ids.jargon}
          />
          <SharedTextJargon
            doc={session.doc}
            text={textOf('what')}
            summaryId={ids.jargon}
            returnFocus={() => whatRef.current?.focus()}
          />
        </>
      ) : (
        <p className="rt-action__what">{action.what || strings.actions.noWords}</p>
      )}

      {action.ideaId && (
        <p className="rt-action__idea">
          {strings.actions.linkedIdea(
            linkedText === null ? strings.vote.removedIdea : shortText(linkedText, 80) || strings.vote.emptyIdea,
          )}
          {linkedDots !== null && <> · {strings.actions.linkedDots(linkedDots)}</>}
        </p>
      )}

      <div className="rt-action__row">
        <div>
          <label className="rt-label" htmlFor={ids.who}>
            {strings.actions.who}
          </label>
          {editable ? (
            <input
              id={ids.who}
              className="rt-input"
              type="text"
              maxLength={MAX_OWNER_NAME}
              value={action.who}
              onChange={(event) => updateAction(session.doc, action.id, { who: event.target.value })}
            />
          ) : (
            <p id={ids.who}>{action.who || strings.actions.nobody}</p>
          )}
        </div>
        <div>
          <label className="rt-label" htmlFor={ids.due}>
            {strings.actions.due}
          </label>
          {editable ? (
            <input
              id={ids.due}
              className="rt-input"
              type="date"
              value={action.due ?? ''}
              onChange={(event) => updateAction(session.doc, action.id, { due: event.target.value || null })}
            />
          ) : (
            <p id={ids.due}>{action.due ? formatDate(action.due) : strings.actions.noDate}</p>
          )}
        </div>
      </div>

      {agreed && (
        <p className="rt-small rt-muted">
          {action.changedAt !== null && <strong>{strings.actions.changedBadge}. </strong>}
          {strings.actions.agreedLocked}
        </p>
      )}
      {agreed && facilitator && !changingAgreed && (
        <button type="button" className="rt-button rt-button--secondary" onClick={() => setChangingAgreed(true)}>
          <Icon name="edit" />
          {strings.actions.changeAgreed}
        </button>
      )}
      {agreed && facilitator && changingAgreed && (
        <ChangeAgreed action={action} onDone={() => setChangingAgreed(false)} />
      )}

      {mayEdit && noteVisible && (
        <>
          <label className="rt-label" htmlFor={ids.note}>
            {strings.actions.note}
          </label>
          <SharedTextField
            doc={session.doc}
            text={textOf('note')}
            id={ids.note}
            multiline
            maxLength={MAX_ACTION_TEXT}
          />
        </>
      )}
      {!mayEdit && action.note && (
        <p className="rt-action__note">
          <strong>{strings.actions.note}: </strong>
          {action.note}
        </p>
      )}
      {mayEdit && !noteVisible && (
        <button type="button" className="rt-link-button rt-link-button--left" onClick={() => setShowNote(true)}>
          {strings.actions.addNote}
        </button>
      )}

      <Agreement action={action} anonymous={settings.anonymous} voter={voter} />
      <Outcome outcome={action.outcome} />
      {mayEdit && (action.status === 'agreed' || action.status === 'in-progress') && (
        <MarkDone actionId={action.id} what={action.what} />
      )}

      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}

      {(editable || (agreed && facilitator)) &&
        (confirmRemove ? (
          <div
            className="rt-confirm"
            role="group"
            aria-label={agreed ? strings.actions.removeAgreedConfirm : strings.actions.removeConfirm}
          >
            <p>{agreed ? strings.actions.removeAgreedConfirm : strings.actions.removeConfirm}</p>
            <button
              type="button"
              className="rt-button rt-button--danger"
              onClick={() => {
                if (!agreed) session.doc.transact(() => deleteAction(session.doc, action.id))
                // An agreed action goes through the server, which keeps a version first.
                else removeAction(session.boardId, action.id).catch(() => setError(strings.actions.failed))
              }}
            >
              {strings.actions.removeYes}
            </button>
            <button type="button" className="rt-button rt-button--secondary" onClick={() => setConfirmRemove(false)}>
              {strings.actions.removeNo}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="rt-link-button rt-link-button--left rt-link-button--quiet"
            onClick={() => setConfirmRemove(true)}
          >
            {strings.actions.remove}
          </button>
        ))}
    </article>
  )
}

/** A facilitator's form to change what, who or when of an agreed action; the server keeps a version first. */
function ChangeAgreed({
  action,
  onDone,
}: {
  action: Pick<ActionItem, 'id' | 'what' | 'who' | 'due'>
  onDone: () => void
}) {
  const { session } = useSession()
  const [what, setWhat] = useState(action.what)
  const [who, setWho] = useState(action.who)
  const [due, setDue] = useState(action.due ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = { title: useId(), what: useId(), who: useId(), due: useId() }
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!what.trim() || (due !== '' && !isIsoDate(due))) return
    setBusy(true)
    setError(null)
    try {
      await changeAction(session.boardId, action.id, { what: what.trim(), who: who.trim(), due: due || null })
      onDone()
    } catch {
      setError(strings.actions.failed)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="rt-form rt-callout" aria-labelledby={ids.title} onSubmit={(event) => void save(event)}>
      <h3 id={ids.title} className="rt-subtitle">
        {strings.actions.changeAgreedTitle}
      </h3>
      <p className="rt-small">{strings.actions.changeAgreedHelp}</p>
      <label className="rt-label" htmlFor={ids.what}>
        {strings.actions.what}
      </label>
      <textarea
        id={ids.what}
        className="rt-input"
        rows={2}
        maxLength={MAX_ACTION_TEXT}
        value={what}
        onChange={(event) => setWhat(event.target.value)}
        autoFocus
      />
      <label className="rt-label" htmlFor={ids.who}>
        {strings.actions.who}
      </label>
      <input
        id={ids.who}
        className="rt-input"
        type="text"
        maxLength={MAX_OWNER_NAME}
        value={who}
        onChange={(event) => setWho(event.target.value)}
      />
      <label className="rt-label" htmlFor={ids.due}>
        {strings.actions.due}
      </label>
      <input
        id={ids.due}
        className="rt-input"
        type="date"
        value={due}
        onChange={(event) => setDue(event.target.value)}
      />
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
      <div className="rt-button-row">
        <button type="submit" className="rt-button rt-button--primary" disabled={busy || !what.trim()}>
          <Icon name="done" />
          {strings.actions.saveChange}
        </button>
        <button type="button" className="rt-button rt-button--secondary" onClick={onDone}>
          {strings.actions.cancel}
        </button>
      </div>
    </form>
  )
}

function formatDate(iso: string): string {
  const date = new Date(`${iso}T12:00:00`)
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' })
}

/** "I agree" / "I have a concern", and who agrees (names, or only how many in an anonymous session). */
function Agreement({
  action,
  anonymous,
  voter,
}: {
  action: Pick<ActionItem, 'id' | 'agree' | 'concern' | 'agreedBy' | 'concerns' | 'changedAt'>
  anonymous: boolean
  voter: boolean
}) {
  const { session } = useSession()
  const identity = useIdentity()
  const [mine, setMine] = useState<MyStance | null>(null)
  const [writingConcern, setWritingConcern] = useState(false)
  const [concernNote, setConcernNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const noteId = useId()

  useEffect(() => {
    if (!voter) return
    let live = true
    getMyStance(session.boardId, action.id).then(
      ({ stance }) => live && setMine(stance),
      () => {},
    )
    return () => {
      live = false
    }
  }, [voter, session.boardId, action.id])

  const send = async (stance: 'agree' | 'concern' | null, note = ''): Promise<void> => {
    setBusy(true)
    setError(null)
    const before = mine
    setMine(stance ? { stance, note, name: anonymous ? null : identity.name, updatedAt: Date.now() } : null)
    try {
      await setMyStance(session.boardId, action.id, { stance, note, name: anonymous ? null : identity.name })
      setWritingConcern(false)
      setConcernNote('')
    } catch {
      setMine(before)
      setError(strings.actions.failed)
    } finally {
      setBusy(false)
    }
  }

  // Agreed before a facilitator changed what, who or when: that "I agree" was for other words.
  const outdated = mine?.stance === 'agree' && action.changedAt !== null && mine.updatedAt < action.changedAt
  const named = action.agreedBy.filter(Boolean)
  const unnamed = Math.max(0, action.agree - named.length)
  const summary =
    action.agree === 0
      ? strings.actions.nobodyAgreed
      : anonymous || named.length === 0
        ? strings.actions.agreeCount(action.agree)
        : strings.actions.agreedBy(joinNames(unnamed > 0 ? [...named, strings.actions.others(unnamed)] : named))

  return (
    <div className="rt-agreement">
      <p className="rt-agreement__summary">{summary}</p>
      {action.concern > 0 && (
        <div className="rt-concerns">
          <p className="rt-small">
            <strong>{strings.actions.concernCount(action.concern)}</strong>
          </p>
          <ul>
            {action.concerns.map((c, i) => (
              <li key={i}>
                {c.note ? `“${c.note}”` : strings.actions.concernNoNote}
                {!anonymous && c.name ? ` — ${c.name}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {voter && (
        <>
          <div className="rt-agreement__buttons">
            <button
              type="button"
              className="rt-button rt-button--toggle"
              aria-pressed={mine?.stance === 'agree' && !outdated}
              disabled={busy}
              onClick={() => void send(mine?.stance === 'agree' && !outdated ? null : 'agree')}
            >
              <span className="rt-tick" aria-hidden="true" />
              {strings.actions.agree}
            </button>
            <button
              type="button"
              className="rt-button rt-button--toggle"
              aria-pressed={mine?.stance === 'concern'}
              aria-expanded={writingConcern}
              disabled={busy}
              onClick={() => {
                if (mine?.stance === 'concern') void send(null)
                else setWritingConcern((open) => !open)
              }}
            >
              <Icon name="concern" />
              {strings.actions.concern}
            </button>
          </div>
          {mine && !writingConcern && (
            <p className="rt-small rt-muted" data-outdated={outdated ? '' : undefined}>
              {outdated
                ? strings.actions.changedSinceAgreed
                : mine.stance === 'agree'
                  ? strings.actions.youAgree
                  : strings.actions.youConcern}
            </p>
          )}
          {writingConcern && (
            <form
              className="rt-form"
              onSubmit={(event) => {
                event.preventDefault()
                void send('concern', concernNote.trim())
              }}
            >
              <label className="rt-label" htmlFor={noteId}>
                {strings.actions.concernNote}
              </label>
              <textarea
                id={noteId}
                className="rt-input"
                rows={2}
                maxLength={MAX_ACTION_TEXT}
                value={concernNote}
                onChange={(event) => setConcernNote(event.target.value)}
                autoFocus
              />
              <div className="rt-button-row">
                <button type="submit" className="rt-button rt-button--primary" disabled={busy}>
                  <Icon name="done" />
                  {strings.actions.sendConcern}
                </button>
                <button
                  type="button"
                  className="rt-button rt-button--secondary"
                  onClick={() => setWritingConcern(false)}
                >
                  {strings.actions.cancel}
                </button>
              </div>
            </form>
          )}
        </>
      )}
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * "Still open from last time": the earlier sessions' actions this session carries (none outside a series). Each is
 * the one action of its own session: a status, an agreement or "done" given here changes it there and everywhere.
 */
function CarriedSection() {
  const { session } = useSession()
  const info = useSeriesInfo(session.doc)
  const carried = useCarriedActions(session.doc)
  const headingId = useId()
  if (carried.length === 0 && !info?.omitted) return null
  return (
    <section className="rt-carried" aria-labelledby={headingId}>
      <h3 id={headingId} className="rt-subtitle">
        {strings.series.stillOpenTitle}
      </h3>
      <p className="rt-small">{strings.series.stillOpenIntro}</p>
      <ul className="rt-action-list">
        {carried.map((action) => (
          <li key={action.id}>
            <CarriedCard action={action} />
          </li>
        ))}
      </ul>
      {info !== null && info.omitted > 0 && <p className="rt-small rt-muted">{strings.series.omitted(info.omitted)}</p>}
    </section>
  )
}

/** One earlier session's action: read-only words, its place of origin, its agreements and what can be done now. */
function CarriedCard({ action }: { action: CarriedAction }) {
  const { session } = useSession()
  const { role } = useSessionState(session)
  const settings = useSettings(session.doc)
  const facilitator = role !== null && canFacilitate(role)
  const mayEdit = role !== null && canEdit(role)
  const voter = role !== null && canVote(role)
  const [changing, setChanging] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [marked, setMarked] = useState(false)
  const cardRef = useRef<HTMLElement>(null)
  const open = action.status !== 'done' && action.status !== 'dropped'

  const changeStatus = async (status: ActionStatus): Promise<void> => {
    setError(null)
    await setActionStatus(session.boardId, action.id, status).catch(() => setError(strings.actions.failed))
  }

  return (
    <article
      ref={cardRef}
      tabIndex={-1}
      className="rt-action"
      aria-label={strings.series.cardLabel(shortText(action.what, 60) || strings.actions.noWords)}
      data-status={action.status}
    >
      <StatusLine action={action} facilitator={facilitator} onChange={(status) => void changeStatus(status)} />
      <p className="rt-action__what">{action.what || strings.actions.noWords}</p>
      <p className="rt-action__from">{fromLine(action.from)}</p>
      <div className="rt-action__row">
        <div>
          <p className="rt-label">{strings.actions.who}</p>
          <p>{action.who || strings.actions.nobody}</p>
        </div>
        <div>
          <p className="rt-label">{strings.actions.due}</p>
          <p>{action.due ? formatDate(action.due) : strings.actions.noDate}</p>
        </div>
      </div>
      {action.note && (
        <p className="rt-action__note">
          <strong>{strings.actions.note}: </strong>
          {action.note}
        </p>
      )}
      <Outcome outcome={action.outcome} />
      <Agreement action={action} anonymous={settings.anonymous} voter={voter} />
      {facilitator && open && !changing && (
        <button type="button" className="rt-button rt-button--secondary" onClick={() => setChanging(true)}>
          <Icon name="edit" />
          {strings.actions.changeAgreed}
        </button>
      )}
      {facilitator && changing && <ChangeAgreed action={action} onDone={() => setChanging(false)} />}
      {mayEdit && open && (
        <MarkDone
          actionId={action.id}
          what={action.what}
          onDone={() => {
            setMarked(true)
            // The button goes with the status: keep the keyboard on this card.
            cardRef.current?.focus()
          }}
        />
      )}
      <p className="rt-small" role="status">
        {marked && action.status === 'done' ? strings.series.doneSaved : ''}
      </p>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
    </article>
  )
}

/** "What happened: …", once an action was marked done with a note. */
function Outcome({ outcome }: { outcome: { note: string } | null }) {
  if (!outcome?.note) return null
  return (
    <p className="rt-action__outcome">
      <strong>{strings.series.whatHappened}: </strong>
      {outcome.note}
    </p>
  )
}

/** "Mark as done", with a short note of what happened (anyone taking part, for this session's actions or carried ones). */
function MarkDone({ actionId, what, onDone }: { actionId: string; what: string; onDone?: () => void }) {
  const { session } = useSession()
  const [writing, setWriting] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const noteId = useId()
  const field = useRef<HTMLTextAreaElement>(null)
  // The note field takes the keyboard once the person asked for it.
  useEffect(() => {
    if (writing) field.current?.focus()
  }, [writing])
  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const text = note.trim()
    if (!text) return
    setBusy(true)
    setError(null)
    try {
      await markActionDone(session.boardId, actionId, text)
      setWriting(false)
      setNote('')
      onDone?.()
    } catch {
      setError(strings.actions.failed)
    } finally {
      setBusy(false)
    }
  }
  if (!writing)
    return (
      <button
        type="button"
        className="rt-button rt-button--secondary"
        aria-label={strings.series.markDoneLabel(shortText(what, 60) || strings.actions.noWords)}
        onClick={() => setWriting(true)}
      >
        <Icon name="done" />
        {strings.series.markDone}
      </button>
    )
  return (
    <form className="rt-form rt-callout" onSubmit={(event) => void send(event)}>
      <label className="rt-label" htmlFor={noteId}>
        {strings.series.doneNote}
      </label>
      <textarea
        ref={field}
        id={noteId}
        className="rt-input"
        rows={2}
        maxLength={MAX_OUTCOME_NOTE}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
      <div className="rt-button-row">
        <button type="submit" className="rt-button rt-button--primary" disabled={busy || !note.trim()}>
          <Icon name="done" />
          {strings.series.doneSend}
        </button>
        <button type="button" className="rt-button rt-button--secondary" onClick={() => setWriting(false)}>
          {strings.actions.cancel}
        </button>
      </div>
    </form>
  )
}

/** An action's status for everyone to see, and for a facilitator the control that changes it. */
function StatusLine({
  action,
  facilitator,
  onChange,
}: {
  action: { status: ActionStatus }
  facilitator: boolean
  onChange: (status: ActionStatus) => void
}) {
  const id = useId()
  return (
    <div className="rt-action__top">
      <span className="rt-status-badge" data-status={action.status}>
        <span className="rt-visually-hidden">{strings.actions.status}: </span>
        {strings.actions.statuses[action.status]}
      </span>
      {facilitator && (
        <span className="rt-action__status">
          <label htmlFor={id} className="rt-small">
            {strings.actions.status}
          </label>
          <select
            id={id}
            className="rt-input rt-input--select-small"
            value={action.status}
            onChange={(event) => onChange(event.target.value as ActionStatus)}
          >
            {ACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {strings.actions.statuses[status]}
              </option>
            ))}
          </select>
        </span>
      )}
    </div>
  )
}
