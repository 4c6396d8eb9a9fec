import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { Tldraw, useValue, type Editor, type TLComponents, type TLOnMountHandler } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'
import '../presenter/presenter.css'
import { RECORDS_KEY, SESSION_KEY, readScreen, type PublishedRound } from '@roundtable/board'
import { ApiError, getSummaryShare } from '../lib/api'
import { formatClock } from '../lib/countdown'
import { ideaText, pageName } from '../lib/ideas'
import { useRemainingMs } from '../lib/useRemaining'
import { latestResults, placeWords, ROOM_RESULT_ROOTS, type RoomResults } from '../lib/roomResults'
import { phoneJoinUrl } from '../phone/route'
import { countIdeas, useLeader, usePeopleHere, useReducedMotion } from '../presenter/hooks'
import { JoinQr } from '../presenter/JoinQr'
import { NewIdeaGlow } from '../presenter/NewIdeaGlow'
import { openPresenterSession, type PresenterSession, type PresenterState } from '../presenter/presenterSession'
import { readPresenterKeys } from '../presenter/route'
import { $arrivals, useArrivals } from '../presenter/useArrivals'
import { usePresenterCamera, type CameraMode } from '../presenter/usePresenterCamera'
import { useDocValue, useOpenRound, useRounds, useSummon, useTimer } from '../sync/docHooks'
import { strings } from '../strings'
import { ROUNDTABLE_SHAPE_UTILS } from '../components/canvas/noteShape'

// Fonts, icons and translations come from our own server (no CDN). Kept out here: tldraw wants stable objects.
const assetUrls = getAssetUrlsByImport()
const components: TLComponents = { InFrontOfTheCanvas: NewIdeaGlow }
const RECORD_ROOTS = [RECORDS_KEY] as const
const SESSION_ROOTS = [SESSION_KEY] as const
/** How many results fit on a wall at a size the back row can read; the rest are counted. */
const RESULTS_SHOWN = 6

/**
 * `/b/:id/present`: the shared screen for a projector or a big TV. The board without any tools (read-only), big
 * high-contrast words readable from the back of a room, the code to join by phone, live counts, the vote's
 * countdown, and new ideas gently marked as they arrive. It follows a facilitator's view or shows the whole board.
 */
export default function PresenterPage({ boardId }: { boardId: string }) {
  const keys = useMemo(() => readPresenterKeys(boardId), [boardId])
  const [session, setSession] = useState<PresenterSession | null>(null)
  useEffect(() => {
    const opened = openPresenterSession(boardId, keys)
    globalThis.roundtable = { doc: opened.doc, provider: opened.provider, boardId }
    setSession(opened)
    return () => {
      if (globalThis.roundtable?.doc === opened.doc) globalThis.roundtable = undefined
      opened.dispose()
    }
  }, [boardId, keys])
  if (!session) return <Message text={strings.board.connecting} />
  return <PresenterView key={session.doc.guid} session={session} joinKey={keys.join} />
}

function usePresenterState(session: PresenterSession): PresenterState {
  return useSyncExternalStore(session.subscribe, session.getState)
}

function Message({ text, title }: { text: string; title?: string }) {
  return (
    <main className="pr-message">
      {title && <h1>{title}</h1>}
      <p role="status">{text}</p>
    </main>
  )
}

function PresenterView({ session, joinKey }: { session: PresenterSession; joinKey: string | null }) {
  const state = usePresenterState(session)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [mode, setMode] = useState<CameraMode>('follow')
  const [showJoin, setShowJoin] = useState(true)
  const reducedMotion = useReducedMotion()
  const summon = useSummon(session.doc)
  const leader = useLeader(session.provider.awareness, summon)
  const round = useOpenRound(session.doc)
  const results = useDocValue(session.doc, ROOM_RESULT_ROOTS, latestResults)
  // Results come up by themselves once shown to everyone; whoever drives the screen can put them away (R).
  const [resultsPutAway, setResultsPutAway] = useState<string | null>(null)
  const showResults = !round && results !== null && resultsPutAway !== results.round.id
  const screen = useDocValue(session.doc, SESSION_ROOTS, readScreen)
  usePresenterCamera(editor, mode, leader, reducedMotion)
  useArrivals(editor)

  useEffect(() => {
    document.title = strings.room.presenterTitle(state.title)
  }, [state.title])

  const toggleResults = useRef<() => void>(() => {})
  toggleResults.current = () => {
    if (results) setResultsPutAway((away) => (away === results.round.id ? null : results.round.id))
  }

  // Keys for whoever drives the projector laptop: F follow, W whole board, Q join code, R results.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 'f') setMode('follow')
      else if (key === 'w') setMode('whole')
      else if (key === 'q') setShowJoin((shown) => !shown)
      else if (key === 'r') toggleResults.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const onMount = useCallback<TLOnMountHandler>((mounted) => {
    globalThis.editor = mounted
    mounted.updateInstanceState({ isReadonly: true })
    setEditor(mounted)
    return () => {
      if (globalThis.editor === mounted) globalThis.editor = undefined
      setEditor(null)
    }
  }, [])

  if (state.phase === 'not-found') return <Message title={strings.board.notFoundTitle} text={strings.board.notFound} />
  if (state.phase === 'no-access') return <Message title={strings.board.noAccessTitle} text={strings.board.noAccess} />
  if (state.phase === 'outdated') return <Message title={strings.board.updatedTitle} text={strings.board.updated} />
  if (state.phase !== 'ready') return <Message text={strings.board.connecting} />

  const joinUrl = joinKey ? phoneJoinUrl(window.location.origin, session.boardId, joinKey) : null
  const following = mode === 'follow' && leader !== null
  return (
    <div className={`pr${reducedMotion ? ' pr--still' : ''}`}>
      <div className="pr-canvas">
        <Tldraw
          store={session.store}
          shapeUtils={ROUNDTABLE_SHAPE_UTILS}
          hideUi
          assetUrls={assetUrls}
          licenseKey={state.licenseKey ?? undefined}
          components={components}
          onMount={onMount}
        />
        <EmptyBoardHint editor={editor} />
        {showResults && results && <ResultsOnScreen results={results} />}
        <p className="pr-chip" role="status">
          <CurrentBoardName editor={editor} />
          <span className="pr-chip__mode">
            {following
              ? strings.room.following(leader.name)
              : mode === 'follow'
                ? strings.room.waitingForLeader
                : strings.room.wholeBoard}
          </span>
        </p>
      </div>
      <aside className="pr-side" aria-label={strings.room.controlsLabel}>
        <h1 className="pr-title">{state.title || strings.appName}</h1>
        {screen.summary && <SummaryOnScreen boardId={session.boardId} viewKey={session.viewKey} />}
        {showJoin &&
          !screen.summary &&
          (joinUrl ? (
            <section className="pr-join" aria-label={strings.room.joinTitle}>
              <JoinQr text={joinUrl} label={strings.room.joinQrLabel} />
              <div className="pr-join__words">
                <h2 className="pr-join__title">{strings.room.joinTitle}</h2>
                <p className="pr-join__help">{strings.room.joinHelp}</p>
              </div>
              <p className="pr-join__address">
                {strings.room.joinAddress} <strong>{window.location.host}</strong>
              </p>
            </section>
          ) : (
            <p className="pr-note">{strings.room.noJoinCode}</p>
          ))}
        <Counts session={session} />
        {/* While a vote runs, the vote is what the room needs to see; newest ideas come back after. */}
        {!round && !showResults && <NewestIdeas editor={editor} />}
        <VoteOrTimer session={session} round={round} />
        <div className="pr-controls" title={strings.room.keysHelp}>
          <button
            type="button"
            className="pr-button"
            aria-pressed={mode === 'follow'}
            onClick={() => setMode('follow')}
          >
            {strings.room.followLeader}
          </button>
          <button type="button" className="pr-button" aria-pressed={mode === 'whole'} onClick={() => setMode('whole')}>
            {strings.room.wholeBoard}
          </button>
          <button
            type="button"
            className="pr-button"
            aria-pressed={!showJoin}
            onClick={() => setShowJoin((shown) => !shown)}
          >
            {showJoin ? strings.room.hideJoin : strings.room.showJoin}
          </button>
          {results && !round && (
            <button
              type="button"
              className="pr-button"
              aria-pressed={showResults}
              onClick={() => toggleResults.current()}
            >
              {showResults ? strings.inRoom.hideResults : strings.inRoom.showResults}
            </button>
          )}
        </div>
      </aside>
    </div>
  )
}

/** An empty board on a projector looks broken; say what will appear there. */
function EmptyBoardHint({ editor }: { editor: Editor | null }) {
  const empty = useValue('presenter empty page', () => (editor ? editor.getCurrentPageShapeIds().size === 0 : false), [
    editor,
  ])
  return empty ? <p className="pr-empty">{strings.room.emptyBoard}</p> : null
}

function CurrentBoardName({ editor }: { editor: Editor | null }) {
  const name = useValue('presenter page name', () => (editor ? pageName(editor, editor.getCurrentPageId()) : ''), [
    editor,
  ])
  return name ? <span className="pr-chip__board">{name}</span> : null
}

function Counts({ session }: { session: PresenterSession }) {
  const people = usePeopleHere(session.provider.awareness)
  const ideas = useDocValue(session.doc, RECORD_ROOTS, countIdeas, false)
  const rounds = useRounds(session.doc)
  const latest = rounds.at(-1)
  return (
    <dl className="pr-counts">
      <div className="pr-count">
        <dt className="pr-count__label">{strings.room.people(people)}</dt>
        <dd className="pr-count__n" data-count="people">
          {people}
        </dd>
      </div>
      <div className="pr-count">
        <dt className="pr-count__label">{strings.room.ideas(ideas)}</dt>
        <dd className="pr-count__n" data-count="ideas">
          {ideas}
        </dd>
      </div>
      {latest && (
        <div className="pr-count">
          <dt className="pr-count__label">{strings.room.dots(latest.dotsCast)}</dt>
          <dd className="pr-count__n" data-count="dots">
            {latest.dotsCast}
          </dd>
        </div>
      )}
    </dl>
  )
}

function VoteOrTimer({ session, round }: { session: PresenterSession; round: PublishedRound | null }) {
  const timer = useTimer(session.doc)
  const voteLeft = useRemainingMs(round?.endsAt ?? null)
  const timerLeft = useRemainingMs(timer.status === 'running' ? timer.endsAt : null)
  if (round) {
    return (
      <section className="pr-vote" aria-live="polite">
        <h2 className="pr-vote__title">{strings.room.voteOpen}</h2>
        {voteLeft !== null && <p className="pr-vote__clock">{strings.room.voteLeft(formatClock(voteLeft))}</p>}
        <p className="pr-vote__line">{strings.room.voters(round.voters)}</p>
        <p className="pr-vote__help">{strings.room.voteHelp}</p>
      </section>
    )
  }
  if (timer.status === 'running' && timerLeft !== null) {
    return (
      <section className="pr-vote">
        <h2 className="pr-vote__title">{strings.top.timerLabel}</h2>
        <p className="pr-vote__clock">
          {timerLeft > 0 ? strings.top.timerLeft(formatClock(timerLeft)) : strings.top.timeUp}
        </p>
      </section>
    )
  }
  return null
}

function NewestIdeas({ editor }: { editor: Editor | null }) {
  const arrivals = useValue($arrivals)
  const items = useValue('presenter newest ideas', () => {
    if (!editor) return []
    return arrivals
      .map((a) => ({ id: a.id, text: ideaText(editor, a.id) ?? '' }))
      .filter((item) => item.text)
      .slice(0, 4)
  }, [editor, arrivals])
  if (!items.length) return null
  return (
    <section className="pr-newest" aria-label={strings.room.newestTitle}>
      <h2 className="pr-newest__title">{strings.room.newestTitle}</h2>
      <ul className="pr-newest__list">
        {items.map((item) => (
          <li key={item.id} className="pr-newest__item">
            {item.text}
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * The results of the vote, over the board, in type the back of a hall can read: place ("Joint 2nd"), the idea's
 * words and its dots. A list (not a chart), so a screen reader on the projector laptop reads it the same way.
 */
function ResultsOnScreen({ results }: { results: RoomResults }) {
  const shown = results.lines.slice(0, RESULTS_SHOWN)
  const more = results.lines.length - shown.length
  return (
    <section className="pr-results" aria-labelledby="pr-results-title">
      <h2 id="pr-results-title" className="pr-results__title">
        {strings.inRoom.resultsTitle(results.boardName)}
      </h2>
      <p className="pr-results__sub">{strings.inRoom.voted(results.round.voters)}</p>
      {shown.length === 0 ? (
        <p className="pr-results__empty">{strings.inRoom.noDots}</p>
      ) : (
        <ol className="pr-results__list">
          {shown.map((line) => (
            <li key={line.ideaId} className="pr-result" data-tied={line.tied ? '' : undefined}>
              <span className="pr-result__place">{placeWords(line)}</span>
              <span className="pr-result__text" dir="auto">
                {line.text ?? strings.inRoom.removedIdea}
              </span>
              <span className="pr-result__dots">{strings.inRoom.dots(line.dots)}</span>
            </li>
          ))}
        </ol>
      )}
      {more > 0 && <p className="pr-results__more">{strings.inRoom.moreResults(more)}</p>}
    </section>
  )
}

/** The summary link as a big QR code, when a facilitator puts it on the screen at the end of a session. */
function SummaryOnScreen({ boardId, viewKey }: { boardId: string; viewKey: string | null }) {
  const [link, setLink] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    let retry: ReturnType<typeof setTimeout> | undefined
    const load = (): void => {
      getSummaryShare(boardId, viewKey).then(
        (share) => {
          if (live) setLink(share.link)
        },
        (error: unknown) => {
          // A session made before summary links has none (404): nothing to show. Anything else: try again soon.
          if (live && !(error instanceof ApiError && error.status === 404)) retry = setTimeout(load, 5000)
        },
      )
    }
    load()
    return () => {
      live = false
      clearTimeout(retry)
    }
  }, [boardId, viewKey])
  if (!link) return null
  return (
    <section className="pr-join pr-summary" aria-label={strings.inRoom.summaryTitle}>
      <JoinQr text={link} label={strings.inRoom.summaryQrLabel} />
      <div className="pr-join__words">
        <h2 className="pr-join__title">{strings.inRoom.summaryTitle}</h2>
        <p className="pr-join__help">{strings.inRoom.summaryHelp}</p>
      </div>
    </section>
  )
}
