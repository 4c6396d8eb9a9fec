import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import { canEdit, canVote, listPhotos, waitingPhotoCount, type PublishedRound } from '@roundtable/board'
import { createAction } from '../../lib/actions'
import type { OutlineBoard, OutlineGroup } from '../../lib/boardOutline'
import { useEasyRead } from '../../lib/easyRead'
import { useIdentity } from '../../lib/identity'
import { readAloud, useReadAloud } from '../../lib/readAloud'
import { resultsVisible } from '../../lib/results'
import { takeFocusAfterSwitch } from '../../lib/viewMode'
import { authorMeta } from '../../sync/authorship'
import { PhotoList } from '../photos/PhotoList'
import { useBoardOutline } from '../../sync/boardIdeas'
import { useActionItems, useCarriedActions, useRounds, useSettings } from '../../sync/docHooks'
import { spokenActions } from '../../lib/series'
import { usePlainWords } from '../../sync/sharedMeta'
import { strings } from '../../strings'
import { SharedTimer } from '../BoardTopPanel'
import { ConnectionStatus } from '../ConnectionStatus'
import { Icon } from '../inclusion/Icon'
import { TurnNotice } from '../inclusion/TurnNotice'
import { ViewSwitch } from '../inclusion/ViewSwitch'
import { useMyVotes, useSession, useSessionState } from '../SessionContext'
import { IdeaItem } from './IdeaItem'
import { addIdeaFromList, deleteIdea, moveIdea, type IdeaTarget } from './listActions'
import { NewIdeaForm, type TargetOption } from './NewIdeaForm'
import { ReadAloudBar } from './ReadAloudBar'
import { useChangeAnnouncements } from './useChangeAnnouncements'

/** How long a message about a dot stays on screen. */
const MESSAGE_MS = 6000

/** A group's name as people see it. */
function groupTitle(group: OutlineGroup): string {
  return group.id === null ? strings.list.noGroup : group.title || strings.list.untitledGroup(group.number)
}

/** Every place an idea can go, "not in a group" first on each board. */
function targetOptions(boards: readonly OutlineBoard[], allowed: (pageId: string) => boolean): TargetOption[] {
  const out: TargetOption[] = []
  for (const board of boards) {
    if (!allowed(board.id)) continue
    const groups = [...board.groups.filter((g) => g.id === null), ...board.groups.filter((g) => g.id !== null)]
    for (const group of groups) {
      const title = groupTitle(group)
      out.push({
        key: `${board.id}|${group.id ?? ''}`,
        label: boards.length > 1 ? strings.list.groupOnBoard(strings.list.board(board.name), title) : title,
        target: { pageId: board.id, groupId: group.id },
      })
    }
  }
  return out
}

/**
 * The newest round on a board, when everyone may see its results. While a hidden vote runs (or waits to be shown)
 * there is none: an earlier vote's "2 dots in the vote" would read as this vote's.
 */
function visibleRoundOn(rounds: readonly PublishedRound[], pageId: string): PublishedRound | null {
  for (let i = rounds.length - 1; i >= 0; i--) {
    const round = rounds[i]!
    if (round.pageId === pageId) return resultsVisible(round) ? round : null
  }
  return null
}

/**
 * The board as a list: the same ideas as the canvas, live, read from the shared document alone (the canvas is not
 * mounted). Boards and groups are headings, ideas are list items, and everything the canvas offers for the core
 * tasks is a button: add, change, move and delete ideas, dots, and making an idea an action. Other people's changes
 * are announced politely, a few at a time.
 */
export function ListView() {
  useEasyRead()
  const { session, votes, panel, openNameDialog, photos: photoUploads } = useSession()
  const { role, connection, title } = useSessionState(session)
  const identity = useIdentity()
  const outline = useBoardOutline(session.doc)
  const settings = useSettings(session.doc)
  const rounds = useRounds(session.doc)
  const actions = useActionItems(session.doc)
  const carried = useCarriedActions(session.doc)
  const extra = usePlainWords(session.doc)
  const { mine, message, messageKey } = useMyVotes(votes)
  const speech = useReadAloud()
  const { message: announcement, paused, setPaused } = useChangeAnnouncements(session, outline)
  const [status, setStatus] = useState('')
  const [added, setAdded] = useState('')
  const [focusIdea, setFocusIdea] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const baseId = useId()
  const ids = { add: `${baseId}-add`, intro: `${baseId}-intro` }
  const groupHeadingId = (board: OutlineBoard, group: OutlineGroup): string =>
    `${baseId}-${board.id}-${group.id ?? 'none'}`

  const editable = role !== null && canEdit(role)
  const voter = role !== null && canVote(role)
  const openRound = rounds.find((r) => r.status === 'open') ?? null
  const locked = (pageId: string): boolean => settings.lockedPages.includes(pageId)

  // Arriving from the canvas (or a switch): start at the top of the list.
  useEffect(() => {
    if (takeFocusAfterSwitch()) headingRef.current?.focus()
  }, [])

  useEffect(() => {
    if (!message) return
    const timer = setTimeout(() => votes.clearMessage(messageKey), MESSAGE_MS)
    return () => clearTimeout(timer)
  }, [votes, message, messageKey])

  useEffect(() => {
    if (!focusIdea) return
    const timer = setTimeout(() => setFocusIdea(null), 1000)
    return () => clearTimeout(timer)
  }, [focusIdea])

  useEffect(() => () => readAloud.stop(), [])

  const say = useCallback((text: string) => {
    setStatus('')
    requestAnimationFrame(() => setStatus(text))
  }, [])

  const addOptions = useMemo(
    () => targetOptions(outline.boards, (pageId) => !settings.lockedPages.includes(pageId)),
    [outline, settings],
  )
  const moveOptions = addOptions
  const defaultAdd = openRound ? addOptions.find((o) => o.target.pageId === openRound.pageId)?.key : undefined

  // Stable callbacks, so only the ideas that changed are drawn again.
  const latest = useRef({ session, votes, panel, identity, settings, outline, say })
  latest.current = { session, votes, panel, identity, settings, outline, say }
  const onAddDot = useCallback((id: string) => latest.current.votes.addDot(id), [])
  const onRemoveDot = useCallback((id: string) => latest.current.votes.removeDot(id), [])
  const onMakeAction = useCallback((id: string, text: string) => {
    const { session: s, panel: p, say: tell } = latest.current
    const actionId = createAction(s.doc, text.trim(), id)
    p.show('actions', actionId)
    tell(strings.list.actionMade)
  }, [])
  const onMove = useCallback((id: string, option: TargetOption) => {
    moveIdea(latest.current.session.doc, id, option.target)
    latest.current.say(strings.list.moved(option.label))
    setFocusIdea(id)
  }, [])
  const onDelete = useCallback(
    (id: string) => {
      const { session: s, outline: o, say: tell } = latest.current
      const idea = o.ideas.get(id)
      deleteIdea(s.doc, id)
      tell(strings.list.removed)
      // The idea's buttons are gone: continue from its group's heading.
      const board = o.boards.find((b) => b.id === idea?.pageId)
      const group = board?.groups.find((g) => g.id === (idea?.groupId ?? null))
      if (board && group) document.getElementById(groupHeadingId(board, group))?.focus()
    },
    // groupHeadingId depends only on baseId, which never changes.
    [],
  )
  const onAdd = (text: string, target: IdeaTarget): void => {
    const author = settings.anonymous ? null : { name: identity.name, id: identity.id }
    addIdeaFromList(session.doc, { text, target, meta: authorMeta(author) })
    setAdded(strings.list.added)
    say(strings.list.added)
  }

  useEffect(() => {
    if (!added) return
    const timer = setTimeout(() => setAdded(''), MESSAGE_MS)
    return () => clearTimeout(timer)
  }, [added])

  const ideaParts = (): string[] => {
    const parts: string[] = []
    for (const board of outline.boards) {
      for (const group of board.groups) {
        if (group.ideas.length === 0) continue
        parts.push(strings.readAloud.spokenGroup(groupTitle(group), group.ideas.length))
        for (const idea of group.ideas) {
          parts.push(
            strings.readAloud.spokenIdea(
              idea.text.trim() || strings.list.emptyIdea,
              settings.anonymous ? null : idea.author,
            ),
          )
        }
      }
    }
    const photosWaiting = waitingPhotoCount(listPhotos(session.doc))
    if (photosWaiting > 0) parts.push(strings.photos.spokenWaiting(photosWaiting))
    return parts.length > 0 ? parts : [strings.readAloud.noIdeas]
  }
  const actionParts = (): string[] => spokenActions(actions, carried)

  const totalIdeas = outline.ideas.size
  const dotsLeft = mine ? mine.remaining : (openRound?.dotsPerPerson ?? 0)

  return (
    // Dropping a picture is a shortcut for the mouse; the "Add a photo" button does the same from the keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target, with a keyboard equivalent (Add a photo)
    <div
      className="rt-list"
      onDragOver={(event) => {
        if (editable && event.dataTransfer.types.includes('Files')) event.preventDefault()
      }}
      onDrop={(event) => {
        if (!editable || event.dataTransfer.files.length === 0) return
        event.preventDefault()
        void photoUploads.add(event.dataTransfer.files)
      }}
    >
      <header className="rt-list-head">
        <div className="rt-list-head__bar">
          <ConnectionStatus connection={connection} />
          <div className="rt-you">
            <span className="rt-you__swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
            <span className="rt-you__label">{strings.name.yours}</span>
            <span className="rt-you__name">{identity.name}</span>
            <button
              type="button"
              className="rt-link-button"
              onClick={openNameDialog}
              aria-label={strings.name.changeLabel(identity.name)}
            >
              {strings.name.change}
            </button>
          </div>
          <SharedTimer />
          <ViewSwitch />
        </div>
      </header>

      <nav className="rt-list-nav" aria-label={strings.list.jumpLabel}>
        <ul>
          <li>
            <JumpLink to={ids.add}>{strings.list.jumpToAdd}</JumpLink>
          </li>
          {outline.boards.map((board) =>
            board.groups
              .filter((group) => group.id !== null || group.ideas.length > 0)
              .map((group) => (
                <li key={groupHeadingId(board, group)}>
                  <JumpLink to={groupHeadingId(board, group)}>
                    {outline.boards.length > 1
                      ? strings.list.groupOnBoard(strings.list.board(board.name), groupTitle(group))
                      : groupTitle(group)}{' '}
                    ({strings.list.ideaCount(group.ideas.length)})
                  </JumpLink>
                </li>
              )),
          )}
        </ul>
      </nav>

      <main className="rt-list-main" aria-describedby={ids.intro}>
        <h1 ref={headingRef} tabIndex={-1} className="rt-list-title">
          {strings.list.title(title)}
        </h1>
        <p id={ids.intro} className="rt-muted">
          {strings.list.intro}
        </p>

        <div className="rt-list-notices">
          <TurnNotice className="rt-notice rt-notice--turn rt-notice--block" />
          {openRound && (
            <div className="rt-notice rt-notice--vote rt-notice--block">
              <span>
                <strong>
                  {strings.vote.openOn(
                    strings.list.board(outline.boards.find((b) => b.id === openRound.pageId)?.name ?? ''),
                  )}
                </strong>
                {voter && !mine?.abstained && (
                  <>
                    {' · '}
                    <span aria-live="polite">{strings.vote.dotsLeft(dotsLeft, openRound.dotsPerPerson)}</span>
                  </>
                )}
              </span>
            </div>
          )}
          <p className="rt-error rt-list-vote-message" role="status">
            {message ?? ''}
          </p>
          {role === 'view' && <p className="rt-panel__viewonly">{strings.panel.viewOnly}</p>}
        </div>

        <div className="rt-announce">
          <span className="rt-announce__label">{strings.announce.title}:</span>
          <span className="rt-announce__text">
            <span aria-live="polite" aria-atomic="true">
              {paused ? '' : announcement}
            </span>
            {paused ? (
              <span className="rt-muted">{strings.announce.paused}</span>
            ) : (
              !announcement && <span className="rt-muted">{strings.announce.none}</span>
            )}
          </span>
          <button
            type="button"
            className="rt-button rt-button--toggle rt-announce__pause"
            aria-pressed={paused}
            onClick={() => setPaused(!paused)}
          >
            <Icon name={paused ? 'play' : 'pause'} />
            {strings.announce.pause}
          </button>
        </div>

        {editable && addOptions.length > 0 && (
          <>
            <NewIdeaForm headingId={ids.add} options={addOptions} defaultKey={defaultAdd} extra={extra} onAdd={onAdd} />
            <p className="rt-muted rt-small rt-list-added">{added}</p>
          </>
        )}
        {editable && addOptions.length === 0 && outline.boards.length > 0 && (
          <p id={ids.add} tabIndex={-1} className="rt-panel__viewonly">
            {strings.list.locked}
          </p>
        )}
        {!editable && <span id={ids.add} tabIndex={-1} />}

        <ReadAloudBar ideaParts={ideaParts} actionParts={actionParts} />

        <PhotoList say={say} />

        {totalIdeas === 0 && <p className="rt-lead-small">{editable ? strings.list.empty : strings.vote.noIdeas}</p>}

        {outline.boards.map((board) => (
          <section key={board.id} className="rt-list-board" aria-labelledby={`${baseId}-${board.id}`}>
            <h2 id={`${baseId}-${board.id}`} className="rt-list-board__title">
              {strings.list.board(board.name)}
            </h2>
            {locked(board.id) && <p className="rt-notice rt-notice--lock rt-notice--block">{strings.list.locked}</p>}
            {board.groups
              .filter((group) => group.id !== null || group.ideas.length > 0)
              .map((group) => {
                const headingId = groupHeadingId(board, group)
                const shown = visibleRoundOn(rounds, board.id)
                const voteHere = openRound !== null && openRound.pageId === board.id && voter && !mine?.abstained
                return (
                  <section key={headingId} className="rt-list-group" aria-labelledby={headingId}>
                    <h3 id={headingId} tabIndex={-1} className="rt-list-group__title">
                      {groupTitle(group)}{' '}
                      <span className="rt-list-group__count">({strings.list.ideaCount(group.ideas.length)})</span>
                    </h3>
                    {group.ideas.length === 0 ? (
                      <p className="rt-muted">{strings.list.groupEmpty}</p>
                    ) : (
                      <ul className="rt-idea-cards" aria-labelledby={headingId}>
                        {group.ideas.map((idea) => (
                          <IdeaItem
                            key={idea.id}
                            idea={idea}
                            doc={session.doc}
                            showAuthor={!settings.anonymous}
                            myDots={voteHere ? (mine?.dots[idea.id] ?? 0) : null}
                            totalDots={shown ? (shown.tallies?.[idea.id] ?? 0) : null}
                            canChange={editable && !locked(board.id)}
                            canMakeAction={editable}
                            isAction={actions.some((a) => a.ideaId === idea.id)}
                            canSpeak={speech.available}
                            moveOptions={moveOptions}
                            takeFocus={focusIdea === idea.id}
                            onAddDot={onAddDot}
                            onRemoveDot={onRemoveDot}
                            onMakeAction={onMakeAction}
                            onMove={onMove}
                            onDelete={onDelete}
                            say={say}
                          />
                        ))}
                      </ul>
                    )}
                  </section>
                )
              })}
          </section>
        ))}
      </main>
      <p className="rt-visually-hidden" role="status">
        {status}
      </p>
    </div>
  )
}

/** A link within the page that moves keyboard focus to the heading it names (without touching the address). */
function JumpLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={`#${to}`}
      onClick={(event) => {
        event.preventDefault()
        const target = document.getElementById(to)
        if (!target) return
        target.scrollIntoView({ block: 'start' })
        target.focus({ preventScroll: true })
      }}
    >
      {children}
    </a>
  )
}
