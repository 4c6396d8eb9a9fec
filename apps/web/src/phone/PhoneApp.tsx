import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from 'react'
import type * as Y from 'yjs'
import {
  canEdit,
  canVote,
  listIdeas,
  MAX_IDEA_TEXT,
  RECORDS_KEY,
  type Idea,
  type PublishedRound,
} from '@roundtable/board'
import { getMyDots, getMyStance, setMyStance, type MyStance } from '../lib/api'
import { formatClock } from '../lib/countdown'
import { setEasyRead, useEasyRead } from '../lib/easyRead'
import { readAloud, useReadAloud } from '../lib/readAloud'
import {
  dateInWords,
  latestResults,
  placeWords,
  resultsToSpeak,
  ROOM_RESULT_ROOTS,
  type RoomResults,
} from '../lib/roomResults'
import { getIdentity, updateIdentity, useIdentity } from '../lib/identity'
import { blobToDataUrl, dataUrlToBlob, NotAPictureError, shrinkPhoto, uploadPhoto } from '../lib/photos'
import { useRemainingMs } from '../lib/useRemaining'
import {
  MyAnswerStore,
  myAnswerLine,
  rememberSkipped,
  sessionAsks,
  shouldAskNow,
  useAnswerWhileAsked,
  useCalmMoment,
  useMyAnswer,
  wasSkipped,
} from '../lib/evidence'
import {
  useActionItems,
  useCarriedActions,
  useDocValue,
  useOpenRound,
  useSettings,
  useTimer,
  type ActionItem,
} from '../sync/docHooks'
import { carriedForPhone } from '../lib/series'
import { MyVotes, type MyVotesState } from '../sync/myVotes'
import { strings } from '../strings'
import { Outbox, type OutboxState } from './outbox'
import { classifySendError, postIncomingIdea } from './phoneApi'
import { PhoneGroupForm } from './PhoneGroupForm'
import { openPhoneSession, type PhoneSession, type PhoneState } from './phoneSession'

/**
 * The phone page (`/p/:id`): what a person needs from their own phone in the room, and nothing else. Add an idea,
 * see the ideas so far, vote with dots while a vote is open, and agree actions. No canvas: the board itself is on
 * the shared screen. Big touch targets, one column, one hand.
 */
export function PhoneApp({ boardId }: { boardId: string }) {
  const [session, setSession] = useState<PhoneSession | null>(null)
  useEffect(() => {
    const opened = openPhoneSession(boardId)
    globalThis.roundtable = { doc: opened.doc, provider: opened.provider, boardId }
    setSession(opened)
    return () => {
      if (globalThis.roundtable?.doc === opened.doc) globalThis.roundtable = undefined
      opened.dispose()
    }
  }, [boardId])
  if (!session) return <Message title={strings.room.opening} />
  return <PhoneView key={session.doc.guid} session={session} />
}

type Tab = 'idea' | 'vote' | 'actions'

function usePhoneState(session: PhoneSession): PhoneState {
  return useSyncExternalStore(session.subscribe, session.getState)
}

function PhoneView({ session }: { session: PhoneSession }) {
  const state = usePhoneState(session)
  // Re-render every word when easy read is switched (the words are read at render time).
  useEasyRead()
  const [tab, setTab] = useState<Tab>('idea')
  const round = useOpenRound(session.doc)
  const mine = useRef(new Set<string>())

  const outbox = useMemo(
    () =>
      new Outbox(session.boardId, {
        send: async (text) => {
          const idea = await postIncomingIdea(session.boardId, text)
          mine.current.add(idea.id)
        },
        sendPhoto: async (photo) => {
          const me = getIdentity()
          const author = session.getState().anonymous ? null : { id: me.id, name: me.name }
          await uploadPhoto(session.boardId, dataUrlToBlob(photo), author)
        },
        classify: classifySendError,
        alreadyOnBoard: (text) =>
          session.getState().synced && listIdeas(session.doc).some((idea) => idea.text === text.trim()),
      }),
    [session],
  )
  useEffect(() => () => outbox.dispose(), [outbox])
  // Whatever is waiting goes as soon as the board is open and whenever the connection comes back.
  useEffect(() => {
    if (state.phase === 'ready' && state.connection === 'connected') void outbox.flush()
  }, [outbox, state.phase, state.connection])
  useEffect(() => {
    const onOnline = (): void => void outbox.flush()
    window.addEventListener('online', onOnline)
    return () => window.removeEventListener('online', onOnline)
  }, [outbox])

  useEffect(() => {
    document.title = strings.room.phoneTitle(state.title)
  }, [state.title])

  // "How do you come to this session?": the same question as on the board page, asked once, before the idea box.
  // Phones have the board's session cookie, so the answer is this person's like anywhere else.
  const settings = useSettings(session.doc)
  const answer = useMemo(() => new MyAnswerStore(session.boardId), [session])
  const asks = state.phase === 'ready' && sessionAsks(settings, state.role)
  const myAnswer = useAnswerWhileAsked(answer, asks)
  const [skipped, setSkipped] = useState(() => wasSkipped(session.boardId))
  const askGroup = useCalmMoment(shouldAskNow({ settings, role: state.role, answer: myAnswer, skipped }))
  const question: GroupQuestion | null = askGroup
    ? {
        answer,
        groups: settings.evidence.groups,
        threshold: settings.evidence.threshold,
        onSkip: () => {
          rememberSkipped(session.boardId, true)
          setSkipped(true)
        },
      }
    : null

  if (state.phase === 'not-found') return <Message title={strings.room.notFoundTitle} body={strings.room.notFound} />
  if (state.phase === 'no-access') return <Message title={strings.room.noAccessTitle} body={strings.room.noAccess} />
  if (state.phase === 'opening')
    return (
      <Message title={strings.room.opening} body={state.connection === 'offline' ? strings.room.offline : undefined} />
    )

  const role = state.role
  const tabs: Tab[] = ['idea', 'vote', 'actions']
  return (
    <div className="ph">
      <header className="ph-top">
        <div className="ph-top__row">
          <h1 className="ph-title">{state.title || strings.appName}</h1>
          <EasyReadSwitch />
        </div>
        <ConnectionLine connection={state.connection} />
        <SharedTimer doc={session.doc} />
        {!state.anonymous && <NameLine />}
        {asks && !askGroup && (
          <AnswerLine
            answer={answer}
            groups={settings.evidence.groups}
            threshold={settings.evidence.threshold}
            onTakenBack={() => {
              // As on the board page: taking an answer back counts as skipping, so the question does not come back.
              rememberSkipped(session.boardId, true)
              setSkipped(true)
            }}
          />
        )}
      </header>
      <main className="ph-main" id="ph-main">
        {tab === 'idea' && (
          <IdeaTab
            session={session}
            outbox={outbox}
            canAdd={role !== null && canEdit(role)}
            round={round}
            onVote={() => setTab('vote')}
            askName={!state.anonymous && role !== null && canEdit(role)}
            question={question}
            mine={mine.current}
          />
        )}
        {tab === 'vote' && <VoteTab session={session} round={round} canVote={role !== null && canVote(role)} />}
        {tab === 'actions' && (
          <ActionsTab session={session} canAgree={role !== null && canVote(role)} anonymous={state.anonymous} />
        )}
      </main>
      <nav className="ph-tabs" aria-label={strings.room.sectionsLabel}>
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            className="ph-tab"
            aria-current={t === tab ? 'page' : undefined}
            onClick={() => {
              setTab(t)
              window.scrollTo(0, 0)
            }}
          >
            <span className={`ph-tab__icon ph-tab__icon--${t}`} aria-hidden="true" />
            <span>{strings.room.tabs[t]}</span>
            {t === 'vote' && round && <span className="ph-tab__badge" aria-label={strings.room.voteBanner} />}
          </button>
        ))}
      </nav>
    </div>
  )
}

function Message({ title, body }: { title: string; body?: string | undefined }) {
  return (
    <main className="ph-message">
      <h1>{title}</h1>
      {body && <p role="alert">{body}</p>}
    </main>
  )
}

function ConnectionLine({ connection }: { connection: PhoneState['connection'] }) {
  const text =
    connection === 'connected'
      ? strings.room.connected
      : connection === 'offline'
        ? strings.room.offline
        : strings.room.connecting
  return (
    <p className={`ph-connection ph-connection--${connection}`} role="status">
      <span className="ph-connection__dot" aria-hidden="true" />
      {text}
    </p>
  )
}

/** Easy read on the phone too: the same setting as on the board page, kept on this device. */
function EasyReadSwitch() {
  const on = useEasyRead()
  return (
    <button type="button" className="ph-link ph-easy" aria-pressed={on} onClick={() => setEasyRead(!on)}>
      {strings.inRoom.easyRead}
    </button>
  )
}

/** The shared timer a facilitator started, as on the shared screen: time left, or paused. */
function SharedTimer({ doc }: { doc: Y.Doc }) {
  const timer = useTimer(doc)
  const left = useRemainingMs(timer.status === 'running' ? timer.endsAt : null)
  if (timer.status === 'idle') return null
  const text =
    timer.status === 'paused'
      ? strings.inRoom.paused(formatClock(timer.remainingMs))
      : left !== null && left > 0
        ? strings.top.timerLeft(formatClock(left))
        : strings.top.timeUp
  return (
    <p className="ph-timer" role="timer" aria-label={strings.inRoom.timerTitle}>
      <span className="ph-timer__label">{strings.inRoom.timerTitle}</span>{' '}
      <strong className="ph-timer__clock">{text}</strong>
    </p>
  )
}

function NameLine() {
  const identity = useIdentity()
  const [editing, setEditing] = useState(false)
  if (editing) return <NameForm onDone={() => setEditing(false)} />
  return (
    <p className="ph-name">
      <span>{strings.room.you(identity.name)}</span>
      <button type="button" className="ph-link" onClick={() => setEditing(true)}>
        {strings.room.changeName}
      </button>
    </p>
  )
}

/**
 * "How you come to this session: I am an unpaid carer · Change" under the name, so an answer given on the phone can
 * be changed or taken back later (and a skipped question answered after all). Only this person's own answer.
 */
function AnswerLine(props: {
  answer: MyAnswerStore
  groups: readonly string[]
  threshold: number
  onTakenBack: () => void
}) {
  const { answer, groups, threshold, onTakenBack } = props
  const mine = useMyAnswer(answer)
  const [changing, setChanging] = useState(false)
  const line = myAnswerLine(mine)
  if (!line) return null
  if (changing) {
    return (
      <PhoneGroupForm
        mode="change"
        current={mine.answered ? mine.group : null}
        answer={answer}
        groups={groups}
        threshold={threshold}
        onSkip={() => setChanging(false)}
        onSaved={(group) => {
          if (group === null) onTakenBack()
          setChanging(false)
        }}
      />
    )
  }
  return (
    <p className="ph-name ph-my-answer">
      <span>
        {strings.evidence.yours} <strong dir="auto">{line.words}</strong>
      </span>
      <button type="button" className="ph-link" aria-label={line.actionLabel} onClick={() => setChanging(true)}>
        {line.action}
      </button>
    </p>
  )
}

function NameForm({ onDone, first = false }: { onDone: () => void; first?: boolean }) {
  const identity = useIdentity()
  const [name, setName] = useState(identity.hasChosenName ? identity.name : '')
  const ids = { field: useId(), help: useId() }
  const save = (event: FormEvent): void => {
    event.preventDefault()
    updateIdentity({ name })
    onDone()
  }
  return (
    <form className="ph-card ph-name-form" onSubmit={save}>
      {first && <h2 className="ph-h2">{strings.room.nameTitle}</h2>}
      <label className="ph-label" htmlFor={ids.field}>
        {strings.room.nameLabel}
      </label>
      <input
        id={ids.field}
        className="ph-input"
        type="text"
        autoComplete="nickname"
        maxLength={40}
        value={name}
        aria-describedby={ids.help}
        onChange={(event) => setName(event.target.value)}
      />
      <p id={ids.help} className="ph-help">
        {strings.room.nameHelp}
      </p>
      <div className="ph-row">
        <button type="submit" className="ph-button ph-button--primary">
          {strings.room.nameSave}
        </button>
        <button
          type="button"
          className="ph-button ph-button--secondary"
          onClick={() => {
            updateIdentity({ name: '' })
            onDone()
          }}
        >
          {strings.room.nameSkip}
        </button>
      </div>
    </form>
  )
}

// --- Add an idea -----------------------------------------------------------------------------------------------

/** The question to put before the idea box, when there is one. */
interface GroupQuestion {
  answer: MyAnswerStore
  groups: readonly string[]
  threshold: number
  onSkip: () => void
}

function useOutbox(outbox: Outbox): OutboxState {
  return useSyncExternalStore(outbox.subscribe, outbox.getState)
}

function IdeaTab(props: {
  session: PhoneSession
  outbox: Outbox
  canAdd: boolean
  round: PublishedRound | null
  onVote: () => void
  askName: boolean
  question: GroupQuestion | null
  mine: ReadonlySet<string>
}) {
  const { session, outbox, canAdd, round, onVote, askName, question, mine } = props
  const identity = useIdentity()
  const [text, setText] = useState(() => outbox.readDraft())
  const sent = useOutbox(outbox)
  const [justSent, setJustSent] = useState(false)
  const ids = { field: useId(), help: useId(), status: useId() }
  const field = useRef<HTMLTextAreaElement>(null)
  // Ideas only: a photo says it was sent in its own card.
  const ideasSent = sent.sent - sent.sentPhotos
  const sentBefore = useRef(ideasSent)

  useEffect(() => {
    if (ideasSent === sentBefore.current) return
    sentBefore.current = ideasSent
    setJustSent(true)
    const timer = setTimeout(() => setJustSent(false), 6000)
    return () => clearTimeout(timer)
  }, [ideasSent])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const idea = text.trim()
    if (!idea) {
      field.current?.focus()
      return
    }
    outbox.add(idea)
    setText('')
    outbox.saveDraft('')
    setJustSent(false)
  }

  const pendingIdeas = sent.pending.filter((p) => !p.photo).length
  const waiting = pendingIdeas > 0 && (sent.waiting || !navigator.onLine)
  const waitReason = navigator.onLine && sent.waitReason ? sent.waitReason : strings.room.saved
  const status = useRef<HTMLDivElement>(null)
  // Say where the idea is at the moment it matters: keep the message in view after pressing the button.
  useEffect(() => {
    if (waiting || justSent) status.current?.scrollIntoView?.({ block: 'nearest' })
  }, [waiting, justSent])
  return (
    <>
      {round && (
        <button type="button" className="ph-banner" onClick={onVote}>
          <span className="ph-banner__dot" aria-hidden="true" />
          <span>
            {strings.room.voteBanner}. {strings.room.goVote}
          </span>
          <span aria-hidden="true">›</span>
        </button>
      )}
      {askName && !identity.hasChosenName && <NameForm first onDone={() => field.current?.focus()} />}
      {question && !(askName && !identity.hasChosenName) && (
        <PhoneGroupForm
          answer={question.answer}
          groups={question.groups}
          threshold={question.threshold}
          onSkip={() => {
            question.onSkip()
            field.current?.focus()
          }}
          onSaved={() => field.current?.focus()}
        />
      )}
      {canAdd ? (
        <form className="ph-card" onSubmit={submit}>
          <label className="ph-label ph-label--big" htmlFor={ids.field}>
            {strings.room.ideaLabel}
          </label>
          <textarea
            ref={field}
            id={ids.field}
            className="ph-textarea"
            rows={3}
            maxLength={MAX_IDEA_TEXT}
            value={text}
            aria-describedby={`${ids.help} ${ids.status}`}
            onChange={(event) => {
              setText(event.target.value)
              outbox.saveDraft(event.target.value)
            }}
          />
          <p id={ids.help} className="ph-help">
            {strings.room.ideaHelp}
          </p>
          <button type="submit" className="ph-button ph-button--primary ph-button--wide">
            {strings.room.send}
          </button>
          <div ref={status} id={ids.status} className="ph-status" role="status" aria-live="polite">
            {waiting ? (
              <div className="ph-saved">
                <p>{waitReason}</p>
                <p className="ph-help">{strings.room.waiting(pendingIdeas)}</p>
                <button type="button" className="ph-button ph-button--secondary" onClick={() => void outbox.flush()}>
                  {strings.room.sendNow}
                </button>
              </div>
            ) : pendingIdeas > 0 ? (
              <p>{strings.room.sending}</p>
            ) : sent.refused ? (
              <p className="ph-error">{sent.refused}</p>
            ) : justSent ? (
              <p className="ph-ok">{strings.room.sent}</p>
            ) : null}
          </div>
        </form>
      ) : (
        <p className="ph-card">{strings.room.viewOnly}</p>
      )}
      {canAdd && <PhotoCard outbox={outbox} />}
      <RecentIdeas doc={session.doc} synced={session.getState().synced} mine={mine} />
    </>
  )
}

/**
 * "Add a photo": a picture of a flip chart or a paper sticky note, taken with the phone's camera (or chosen from
 * its photos). It is shrunk on the phone, shown for a last look, then kept in the outbox and sent like an idea.
 */
function PhotoCard({ outbox }: { outbox: Outbox }) {
  const state = useOutbox(outbox)
  const [phase, setPhase] = useState<'idle' | 'preparing' | 'ready' | 'sent'>('idle')
  const [photo, setPhoto] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const ids = { title: useId(), help: useId(), status: useId() }
  const input = useRef<HTMLInputElement>(null)
  const pendingPhotos = state.pending.filter((p) => p.photo).length

  const choose = async (file: File | undefined): Promise<void> => {
    if (input.current) input.current.value = ''
    if (!file) return
    setProblem(null)
    setPhase('preparing')
    try {
      setPhoto(await blobToDataUrl(await shrinkPhoto(file)))
      setPhase('ready')
    } catch (error) {
      setPhase('idle')
      setProblem(error instanceof NotAPictureError ? strings.photos.notPicture : strings.photos.failed)
    }
  }
  const send = (): void => {
    if (!photo) return
    outbox.addPhoto(photo)
    setPhase('sent')
  }

  const status =
    problem ??
    (phase === 'preparing'
      ? strings.photos.preparing
      : phase !== 'sent'
        ? null
        : pendingPhotos > 0 && state.waiting
          ? `${state.waitReason ?? strings.room.saved}. ${strings.photos.waitingPhotos(pendingPhotos)}`
          : pendingPhotos > 0
            ? strings.photos.uploading
            : state.refused
              ? state.refused
              : strings.photos.sent)
  return (
    <section className="ph-card ph-photo" aria-labelledby={ids.title}>
      <h2 id={ids.title} className="ph-label ph-label--big">
        {strings.photos.phoneTitle}
      </h2>
      <p id={ids.help} className="ph-help">
        {strings.photos.phoneHelp}
      </p>
      {photo && phase !== 'idle' && <img className="ph-photo__preview" src={photo} alt={strings.photos.preview} />}
      {/* The camera's file input lies, unseen, over the "Take a photo" face, so touching or focusing the face is
          touching or focusing the input itself. It stays in the page (hidden) while a photo is shown, so "Take
          another" can open the camera again. */}
      <div className={phase === 'ready' ? 'ph-photo__take ph-photo__take--hidden' : 'ph-photo__take'}>
        <span className="ph-button ph-button--secondary ph-photo__face" aria-hidden="true">
          <span className="ph-photo__icon" />
          {strings.photos.take}
        </span>
        <input
          ref={input}
          className="ph-photo__input"
          type="file"
          accept="image/*"
          capture="environment"
          aria-label={strings.photos.take}
          aria-describedby={ids.help}
          disabled={phase === 'preparing'}
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </div>
      {phase === 'ready' && (
        <div className="ph-row">
          <button type="button" className="ph-button ph-button--primary" onClick={send}>
            {strings.photos.send}
          </button>
          <button type="button" className="ph-button ph-button--secondary" onClick={() => input.current?.click()}>
            {strings.photos.again}
          </button>
        </div>
      )}
      <p id={ids.status} className={problem ? 'ph-error' : 'ph-status'} role="status" aria-live="polite">
        {status ?? ''}
      </p>
    </section>
  )
}

const RECORD_ROOTS = [RECORDS_KEY] as const
/** How many ideas the phone lists; the rest are on the shared screen. */
const RECENT_LIMIT = 30

/**
 * Ideas so far, newest first as this phone saw them arrive (ideas carry no time of their own): the ideas already
 * there when the phone joined keep the board's reading order, below anything that arrived since.
 */
function RecentIdeas({ doc, synced, mine }: { doc: Y.Doc; synced: boolean; mine: ReadonlySet<string> }) {
  const ideas = useDocValue(doc, RECORD_ROOTS, listIdeas)
  const seen = useRef(new Map<string, number>())
  const counter = useRef(0)
  const headingId = useId()
  for (const idea of ideas) {
    if (!seen.current.has(idea.id)) seen.current.set(idea.id, synced ? ++counter.current : 0)
  }
  const order = new Map(ideas.map((idea, i) => [idea.id, i]))
  const sorted = [...ideas]
    .filter((idea) => idea.text.trim())
    .sort(
      (a, b) =>
        (seen.current.get(b.id) ?? 0) - (seen.current.get(a.id) ?? 0) ||
        (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
    )
  const shown = sorted.slice(0, RECENT_LIMIT)
  const speech = useReadAloud()
  return (
    <section className="ph-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="ph-h2">
        {strings.room.recentTitle} <span className="ph-count">{sorted.length}</span>
      </h2>
      {speech.available && shown.length > 0 && (
        <button
          type="button"
          className="ph-button ph-button--secondary ph-button--wide"
          onClick={() =>
            readAloud.read(
              strings.readAloud.allName,
              shown.map((idea) => idea.text),
            )
          }
        >
          {strings.readAloud.all}
        </button>
      )}
      {shown.length === 0 ? (
        <p className="ph-help">{strings.room.noIdeas}</p>
      ) : (
        <ul className="ph-ideas">
          {shown.map((idea) => (
            <li key={idea.id} className={`ph-idea ph-idea--${colourClass(idea.colour)}`}>
              <span className="ph-idea__text">{idea.text}</span>
              {mine.has(idea.id) && <span className="ph-idea__mine">{strings.room.yours}</span>}
            </li>
          ))}
        </ul>
      )}
      {sorted.length > shown.length && <p className="ph-help">{strings.room.more(sorted.length - shown.length)}</p>}
    </section>
  )
}

function colourClass(colour: string): string {
  return /^[a-z-]+$/.test(colour) ? colour : 'yellow'
}

// --- Vote --------------------------------------------------------------------------------------------------------

function useMyVotes(votes: MyVotes): MyVotesState {
  return useSyncExternalStore(votes.subscribe, votes.getState)
}

function VoteTab({
  session,
  round,
  canVote: voter,
}: {
  session: PhoneSession
  round: PublishedRound | null
  canVote: boolean
}) {
  const votes = useMemo(() => new MyVotes(session.boardId), [session])
  useEffect(() => () => votes.dispose(), [votes])
  useEffect(() => votes.followRound(voter ? round : null), [votes, voter, round])
  const mine = useMyVotes(votes)
  const remaining = useRemainingMs(round?.status === 'open' ? round.endsAt : null)
  const ideas = useDocValue(session.doc, RECORD_ROOTS, listIdeas)
  const results = useDocValue(session.doc, ROOM_RESULT_ROOTS, latestResults)
  const headingId = useId()

  useEffect(() => {
    if (!mine.message) return
    const key = mine.messageKey
    const timer = setTimeout(() => votes.clearMessage(key), 6000)
    return () => clearTimeout(timer)
  }, [votes, mine.message, mine.messageKey])

  if (!round) {
    if (results) return <PhoneResults boardId={session.boardId} results={results} />
    return (
      <section className="ph-section" aria-labelledby={headingId}>
        <h2 id={headingId} className="ph-h2">
          {strings.vote.title}
        </h2>
        <p className="ph-card">{strings.vote.noRound}</p>
        <p className="ph-help">{strings.vote.noRoundHelp}</p>
      </section>
    )
  }
  const onBoard = ideas.filter((idea) => idea.pageId === round.pageId && idea.text.trim())
  const boardName = onBoard[0]?.pageName ?? ideas.find((i) => i.pageId === round.pageId)?.pageName ?? ''
  const my = mine.mine
  return (
    <section className="ph-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="ph-h2">
        {strings.room.voteOn(boardName)}
      </h2>
      <div className="ph-card ph-vote-head">
        {remaining !== null && <p className="ph-big">{strings.vote.timeLeft(formatClock(remaining))}</p>}
        {voter && my && !my.abstained && (
          <p className="ph-big">{strings.vote.dotsLeft(my.remaining, round.dotsPerPerson)}</p>
        )}
        {voter && round.maxPerIdea !== null && <p className="ph-help">{strings.vote.cap(round.maxPerIdea)}</p>}
        {!voter && <p>{strings.room.viewOnly}</p>}
        {round.hidden && !round.revealed && <p className="ph-help">{strings.vote.hiddenWhileOpen}</p>}
      </div>
      <p className="ph-message-line" role="alert">
        {mine.message ?? ''}
      </p>
      {onBoard.length === 0 ? (
        <p className="ph-help">{strings.vote.noIdeas}</p>
      ) : (
        <ul className="ph-ideas">
          {onBoard.map((idea) => (
            <VoteIdea
              key={idea.id}
              idea={idea}
              round={round}
              votes={votes}
              mine={my?.dots[idea.id] ?? 0}
              voter={voter && !my?.abstained}
            />
          ))}
        </ul>
      )}
      {voter && my && (
        <button
          type="button"
          className="ph-button ph-button--secondary ph-button--wide"
          onClick={() => votes.setAbstain(!my.abstained)}
        >
          {my.abstained ? strings.vote.voteAfterAll : strings.vote.notVoting}
        </button>
      )}
      {my?.abstained && <p className="ph-help">{strings.vote.notVotingYes}</p>}
    </section>
  )
}

/**
 * The results of the last vote once everyone may see them: the same ranking as the shared screen, with this
 * person's own dots beside each idea (asked from the server, which alone knows whose dots are whose).
 */
function PhoneResults({ boardId, results }: { boardId: string; results: RoomResults }) {
  const headingId = useId()
  const roundId = results.round.id
  const [mine, setMine] = useState<Record<string, number> | null>(null)
  const { available } = useReadAloud()
  useEffect(() => {
    let live = true
    setMine(null)
    getMyDots(boardId, roundId).then(
      (answer) => {
        if (live) setMine(answer.dots)
      },
      () => {}, // A view-only phone has no dots of its own; the ranking is still shown.
    )
    return () => {
      live = false
    }
  }, [boardId, roundId])
  return (
    <section className="ph-section ph-results" aria-labelledby={headingId}>
      <h2 id={headingId} className="ph-h2">
        {strings.inRoom.resultsTitle(results.boardName)}
      </h2>
      <p className="ph-help">
        {strings.inRoom.lastVote} · {strings.inRoom.voted(results.round.voters)}
      </p>
      {available && (
        <button
          type="button"
          className="ph-button ph-button--secondary ph-button--wide"
          onClick={() => readAloud.read(strings.inRoom.resultsSpoken, resultsToSpeak(results))}
        >
          {strings.inRoom.readResults}
        </button>
      )}
      {results.lines.length === 0 ? (
        <p className="ph-card">{strings.inRoom.noDots}</p>
      ) : (
        <ol className="ph-ranking">
          {results.lines.map((line) => (
            <li key={line.ideaId} className="ph-rank" data-tied={line.tied ? '' : undefined}>
              <span className="ph-rank__place">{placeWords(line)}</span>
              <span className="ph-rank__text" dir="auto">
                {line.text ?? strings.inRoom.removedIdea}
              </span>
              <span className="ph-rank__dots">{strings.inRoom.dots(line.dots)}</span>
              {mine && <span className="ph-rank__mine">{strings.inRoom.yourDots(mine[line.ideaId] ?? 0)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function VoteIdea({
  idea,
  round,
  votes,
  mine,
  voter,
}: {
  idea: Idea
  round: PublishedRound
  votes: MyVotes
  mine: number
  voter: boolean
}) {
  const total = round.tallies?.[idea.id]
  return (
    <li className={`ph-idea ph-idea--vote ph-idea--${colourClass(idea.colour)}`}>
      <span className="ph-idea__text">{idea.text}</span>
      {total !== undefined && <span className="ph-help">{strings.room.dotsSoFar(total)}</span>}
      {voter && (
        <div className="ph-dots">
          <button
            type="button"
            className="ph-button ph-button--secondary ph-dot"
            aria-label={strings.vote.removeDotLabel(idea.text)}
            disabled={mine === 0}
            onClick={() => votes.removeDot(idea.id)}
          >
            {strings.vote.removeDot}
          </button>
          <span className="ph-dots__count" aria-live="polite">
            {strings.room.dotsOnIdea(mine)}
          </span>
          <button
            type="button"
            className="ph-button ph-button--primary ph-dot"
            aria-label={strings.vote.addDotLabel(idea.text)}
            onClick={() => votes.addDot(idea.id)}
          >
            {strings.vote.addDot}
          </button>
        </div>
      )}
    </li>
  )
}

// --- Actions -----------------------------------------------------------------------------------------------------

function ActionsTab({
  session,
  canAgree,
  anonymous,
}: {
  session: PhoneSession
  canAgree: boolean
  anonymous: boolean
}) {
  const actions = useActionItems(session.doc).filter((a) => a.status !== 'dropped')
  // Earlier sessions' actions (a session in a series): the same cards, with where each came from.
  const carried = carriedForPhone(useCarriedActions(session.doc))
  const headingId = useId()
  const carriedId = useId()
  return (
    <section className="ph-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="ph-h2">
        {strings.actions.title}
      </h2>
      {carried.length > 0 && (
        <section aria-labelledby={carriedId}>
          <h3 id={carriedId} className="ph-h3">
            {strings.series.stillOpenTitle}
          </h3>
          <ul className="ph-actions">
            {carried.map((action) => (
              <ActionCard
                key={action.id}
                boardId={session.boardId}
                action={action}
                from={strings.series.fromShort(action.from.number)}
                canAgree={canAgree && action.status !== 'done'}
                anonymous={anonymous}
              />
            ))}
          </ul>
        </section>
      )}
      <p className="ph-help">{strings.actions.intro}</p>
      {actions.length === 0 ? (
        <p className="ph-card">{strings.actions.none}</p>
      ) : (
        <ul className="ph-actions">
          {actions.map((action) => (
            <ActionCard
              key={action.id}
              boardId={session.boardId}
              action={action}
              canAgree={canAgree}
              anonymous={anonymous}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

function ActionCard({
  boardId,
  action,
  from,
  canAgree,
  anonymous,
}: {
  boardId: string
  action: Pick<ActionItem, 'id' | 'what' | 'who' | 'due' | 'status' | 'agree' | 'concern' | 'changedAt' | 'outcome'>
  /** Where an earlier session's action came from ("From session 1"). */
  from?: string
  canAgree: boolean
  anonymous: boolean
}) {
  const identity = useIdentity()
  const [stance, setStance] = useState<MyStance['stance'] | null>(null)
  /** When this person last said where they stand (to tell an "I agree" given before a facilitator changed it). */
  const [stanceAt, setStanceAt] = useState<number | null>(null)
  const [askConcern, setAskConcern] = useState(false)
  const [note, setNote] = useState('')
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const noteId = useId()

  useEffect(() => {
    if (!canAgree) return
    let live = true
    getMyStance(boardId, action.id).then(
      (answer) => {
        if (!live) return
        setStance(answer.stance?.stance ?? null)
        setStanceAt(answer.stance?.updatedAt ?? null)
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [boardId, action.id, canAgree])

  const send = async (next: 'agree' | 'concern' | null, withNote?: string): Promise<void> => {
    setBusy(true)
    setFailed(false)
    try {
      await setMyStance(boardId, action.id, {
        stance: next,
        ...(withNote ? { note: withNote } : {}),
        name: anonymous ? null : identity.name,
      })
      setStance(next)
      setStanceAt(Date.now())
      setAskConcern(false)
      setNote('')
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  // Agreed before a facilitator changed what, who or when: that "I agree" was for other words (as on the board page).
  const outdated = stance === 'agree' && action.changedAt !== null && stanceAt !== null && stanceAt < action.changedAt

  return (
    <li className="ph-card ph-action">
      <p className="ph-action__what">{action.what || strings.actions.noWords}</p>
      {from && <p className="ph-help">{from}</p>}
      <p className="ph-help">
        {strings.actions.statuses[action.status]} · {strings.actions.who}: {action.who || strings.actions.nobody} ·{' '}
        {strings.actions.due}: {action.due ? dateInWords(action.due) : strings.actions.noDate}
      </p>
      <p className="ph-help">
        {strings.actions.agreeCount(action.agree)} · {strings.actions.concernCount(action.concern)}
      </p>
      {action.outcome?.note && (
        <p className="ph-help">
          {strings.series.whatHappened}: {action.outcome.note}
        </p>
      )}
      {canAgree && (
        <>
          <div className="ph-row">
            <button
              type="button"
              className={`ph-button ${stance === 'agree' ? 'ph-button--primary' : 'ph-button--secondary'}`}
              aria-pressed={stance === 'agree'}
              disabled={busy}
              onClick={() => void send(stance === 'agree' ? null : 'agree')}
            >
              {strings.actions.agree}
            </button>
            <button
              type="button"
              className={`ph-button ${stance === 'concern' ? 'ph-button--primary' : 'ph-button--secondary'}`}
              aria-pressed={stance === 'concern'}
              disabled={busy}
              onClick={() => (stance === 'concern' ? void send(null) : setAskConcern(true))}
            >
              {strings.actions.concern}
            </button>
          </div>
          {askConcern && (
            <div className="ph-concern">
              <label className="ph-label" htmlFor={noteId}>
                {strings.actions.concernNote}
              </label>
              <textarea
                id={noteId}
                className="ph-textarea ph-textarea--small"
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <div className="ph-row">
                <button
                  type="button"
                  className="ph-button ph-button--primary"
                  disabled={busy}
                  onClick={() => void send('concern', note.trim())}
                >
                  {strings.actions.sendConcern}
                </button>
                <button type="button" className="ph-button ph-button--secondary" onClick={() => setAskConcern(false)}>
                  {strings.actions.cancel}
                </button>
              </div>
            </div>
          )}
          {stance && (
            <p className="ph-help" data-outdated={outdated ? '' : undefined}>
              {outdated
                ? strings.actions.changedSinceAgreed
                : stance === 'agree'
                  ? strings.actions.youAgree
                  : strings.actions.youConcern}
            </p>
          )}
          {failed && (
            <p className="ph-error" role="alert">
              {strings.actions.failed}
            </p>
          )}
        </>
      )}
    </li>
  )
}
