import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  Tldraw,
  useValue,
  type Editor,
  type TLCameraOptions,
  type TLComponents,
  type TLOnMountHandler,
  type TLUiOverrides,
} from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'
import '../board.css'
import '../inclusion.css'
import { canVote, readSettings } from '@roundtable/board'
import { PhotoTray } from '../components/photos/PhotoTray'
import { PhotoUploads } from '../components/photos/photoUploads'
import { authorFor } from '../sync/authorship'
import { BoardTopPanel } from '../components/BoardTopPanel'
import { DotControls } from '../components/canvas/DotControls'
import { RoundtableActionsMenu, RoundtableMainMenu, RoundtableToolbar } from '../components/canvas/canvasUi'
import { EmptyBoardStart } from '../components/canvas/EmptyBoardStart'
import { IdeaContextMenu } from '../components/canvas/IdeaContextMenu'
import { InclusionKeeper } from '../components/inclusion/InclusionKeeper'
import { NoteJargonHint } from '../components/inclusion/NoteJargonHint'
import { SkipToList } from '../components/inclusion/ViewSwitch'
import { preloadWhenIdle } from '../components/lazyPart'
import { listView } from '../components/list/lazyListView'
import { useFollowSummon } from '../components/canvas/useFollowSummon'
import { GroupDialog } from '../components/GroupDialog'
import { NameDialog } from '../components/NameDialog'
import { ROUNDTABLE_SHAPE_UTILS } from '../components/canvas/noteShape'
import { PanelController } from '../components/panel/panelState'
import { LAZY_PANEL_PARTS, SessionPanel } from '../components/panel/SessionPanel'
import { SessionContext, useSessionState, type SessionContextValue } from '../components/SessionContext'
import { useEasyRead } from '../lib/easyRead'
import {
  MyAnswerStore,
  rememberSkipped,
  sessionAsks,
  shouldAskNow,
  useAnswerWhileAsked,
  useCalmMoment,
  wasSkipped,
} from '../lib/evidence'
import { getIdentity, updateIdentity, useIdentity } from '../lib/identity'
import { keepLoadedFiles } from '../lib/offlineShell'
import { loadPlainWordTools } from '../lib/plainWordTools'
import { useViewMode } from '../lib/viewMode'
import { openBoardSession, type BoardSession, type Refusal } from '../sync/boardSession'
import { useOpenRound, useSettings, useSummon } from '../sync/docHooks'
import { MyVotes } from '../sync/myVotes'
import { strings, tldrawWords } from '../strings'

// Fonts, icons and translations are bundled by Vite and served by our own server: the page makes no requests to
// other origins. These objects must keep their identity across renders (tldraw's rule), so they live out here.
const assetUrls = getAssetUrlsByImport()

const components: TLComponents = {
  // Ideas are stored as plain text (formatting is not shared), so do not offer bold, links or lists.
  RichTextToolbar: null,
  TopPanel: BoardTopPanel,
  // Dot voting on the ideas themselves, in screen pixels so the buttons stay big at any zoom; plain-words hints.
  InFrontOfTheCanvas: CanvasOverlays,
  ContextMenu: IdeaContextMenu,
  // A short set of tools and menus (full set for facilitators who ask): see canvasUi.tsx.
  Toolbar: RoundtableToolbar,
  MainMenu: RoundtableMainMenu,
  ActionsMenu: RoundtableActionsMenu,
  CursorChatBubble: null,
  DebugMenu: null,
  DebugPanel: null,
}

const overrides: TLUiOverrides = { translations: { en: tldrawWords } }

// tldraw draws its hatched fill from pictures it paints when the editor mounts, one per power of two up to
// (largest zoom ÷ smallest zoom), in two themes: with its default 0.05 to 8 the largest is 2048 px square, and
// painting them cost the first open of a board 100–300 ms. From 1/16 the largest is 1024 px (a quarter of the
// pixels, the same zoom steps otherwise); a 1,000-idea board still fits on screen at the smallest zoom.
const cameraOptions: Partial<TLCameraOptions> = { zoomSteps: [0.0625, 0.125, 0.25, 0.5, 1, 2, 4, 8] }

function CanvasOverlays() {
  return (
    <>
      <EmptyBoardStart />
      <DotControls />
      <NoteJargonHint />
    </>
  )
}

/** Two refusals this close together mean opening afresh does not help (see `stuck`). */
const REPEAT_REFUSAL_MS = 30_000

/** `/b/:id`: one board, live with everyone else on it. */
export default function BoardPage({ boardId }: { boardId: string }) {
  const [session, setSession] = useState<BoardSession | null>(null)
  // Bumped when the server refused a change: the board is opened again from the server's copy.
  const [generation, setGeneration] = useState(0)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  // When the board is refused again right after being opened afresh, reopening by itself would only repeat it.
  const [stuck, setStuck] = useState(false)
  const lastRefusalAt = useRef(0)

  useEffect(() => {
    if (stuck) return
    const opened = openBoardSession(boardId)
    globalThis.roundtable = { doc: opened.doc, provider: opened.provider, boardId }
    setSession(opened)
    const unsubscribe = opened.subscribe(() => {
      const state = opened.getState()
      if (state.phase !== 'refused') return
      const now = Date.now()
      const again = now - lastRefusalAt.current < REPEAT_REFUSAL_MS
      lastRefusalAt.current = now
      setRefusal(state.refusal ?? 'other')
      if (again) setStuck(true)
      else setGeneration((n) => n + 1)
    })
    return () => {
      unsubscribe()
      if (globalThis.roundtable?.doc === opened.doc) globalThis.roundtable = undefined
      opened.dispose()
    }
  }, [boardId, generation, stuck])

  if (stuck) {
    return (
      <main className="rt-page">
        <h1>{strings.refused.stuckTitle}</h1>
        <p role="alert">{strings.refused[refusal ?? 'other']}</p>
        <p>{strings.refused.stuck}</p>
        <p>
          <ReloadButton />
        </p>
      </main>
    )
  }
  if (!session) return <Connecting slow={false} />
  return (
    <BoardView key={session.doc.guid} session={session} refusal={refusal} onDismissRefusal={() => setRefusal(null)} />
  )
}

function BoardView({
  session,
  refusal,
  onDismissRefusal,
}: {
  session: BoardSession
  refusal: Refusal | null
  onDismissRefusal: () => void
}) {
  const state = useSessionState(session)
  const identity = useIdentity()
  // The list view works from the document alone: the canvas is not mounted at all while it shows.
  const view = useViewMode()
  useEasyRead()
  const [nameDialog, setNameDialog] = useState<'ask' | 'change' | null>(identity.hasChosenName ? null : 'ask')
  const openNameDialog = useCallback(() => setNameDialog('change'), [])
  const [editor, setEditor] = useState<Editor | null>(null)
  const votes = useMemo(() => new MyVotes(session.boardId), [session])
  const panel = useMemo(() => new PanelController(), [])
  const answer = useMemo(() => new MyAnswerStore(session.boardId), [session])
  // Pictures added from this browser (dropped on the board or the list, or chosen): sent to "Incoming ideas".
  const photos = useMemo(
    () => new PhotoUploads(session.boardId, () => authorFor(getIdentity(), readSettings(session.doc).anonymous)),
    [session],
  )
  const [groupDialog, setGroupDialog] = useState(false)
  const openGroupDialog = useCallback(() => setGroupDialog(true), [])
  const context = useMemo<SessionContextValue>(
    () => ({ session, openNameDialog, votes, panel, answer, openGroupDialog, photos }),
    [session, openNameDialog, votes, panel, answer, openGroupDialog, photos],
  )

  useEffect(() => () => votes.dispose(), [votes])
  // Once the board is drawn (the canvas mounted, or the list shown), fetch the code of the parts not drawn yet, so
  // they open at once and work offline. Not earlier: on a big board that code would be fetched and parsed while
  // the canvas is still being built, and make the board slower to use.
  const drawn = state.phase === 'ready' && (view === 'list' || editor !== null)
  useEffect(
    () =>
      drawn
        ? preloadWhenIdle([listView, ...LAZY_PANEL_PARTS, { preload: loadPlainWordTools }], 2000, keepLoadedFiles)
        : undefined,
    [drawn],
  )

  useEffect(() => {
    document.title = strings.board.pageTitle(state.title)
  }, [state.title])

  // This person's own dots follow the open round (only people who may vote have any).
  const openRound = useOpenRound(session.doc)
  const voter = state.role !== null && canVote(state.role)
  useEffect(() => votes.followRound(voter ? openRound : null), [votes, voter, openRound])

  const summon = useSummon(session.doc)
  const me = useValue(session.user.$user)
  useFollowSummon(editor, summon, me.id)

  // "How do you come to this session?": asked once, after the name, when the session asks and the person has
  // neither answered nor skipped it on this device. Switched on mid-session, it waits until they stop typing.
  const settings = useSettings(session.doc)
  const asks = state.phase === 'ready' && sessionAsks(settings, state.role)
  const myAnswer = useAnswerWhileAsked(answer, asks)
  const [skipped, setSkipped] = useState(() => wasSkipped(session.boardId))
  const editingIdea = useCallback(() => editor?.getEditingShapeId() != null, [editor])
  const askGroup = useCalmMoment(
    nameDialog === null && !groupDialog && shouldAskNow({ settings, role: state.role, answer: myAnswer, skipped }),
    editingIdea,
  )
  const skipGroup = useCallback(() => {
    rememberSkipped(session.boardId, true)
    setSkipped(true)
    setGroupDialog(false)
  }, [session.boardId])

  const onMount = useCallback<TLOnMountHandler>(
    (mounted) => {
      globalThis.editor = mounted
      setEditor(mounted)
      // A picture dropped or pasted on the canvas goes to the server (checked, cleaned, kept with the board) and
      // lands in "Incoming ideas", like a photo from a phone; it is never kept inside the board as a data URL.
      mounted.registerExternalContentHandler('files', ({ files }) => {
        void photos.add(files)
      })
      return () => {
        if (globalThis.editor === mounted) globalThis.editor = undefined
        setEditor(null)
      }
    },
    [photos],
  )

  if (state.phase === 'not-found') {
    return (
      <main className="rt-page">
        <h1>{strings.board.notFoundTitle}</h1>
        <p role="alert">{strings.board.notFound}</p>
        <p>
          <a className="rt-button rt-button--secondary" href="/">
            {strings.board.startNew}
          </a>
        </p>
      </main>
    )
  }

  if (state.phase === 'no-access') {
    return (
      <main className="rt-page">
        <h1>{strings.board.noAccessTitle}</h1>
        <p role="alert">{strings.board.noAccess}</p>
      </main>
    )
  }

  if (state.phase === 'outdated') {
    return (
      <main className="rt-page">
        <h1>{strings.board.updatedTitle}</h1>
        <p role="alert">{strings.board.updated}</p>
        <p>
          <ReloadButton />
        </p>
      </main>
    )
  }

  const banners = (
    <>
      {state.outdatedWhileOpen && (
        <div className="rt-banner" role="alert">
          <span>{strings.board.updated}</span>
          <ReloadButton />
        </div>
      )}
      {refusal && !state.outdatedWhileOpen && (
        <div className="rt-banner" role="alert">
          <span>{strings.refused[refusal]}</span>
          <button type="button" className="rt-button rt-button--primary" onClick={onDismissRefusal}>
            {strings.refused.dismiss}
          </button>
        </div>
      )}
    </>
  )

  return (
    <SessionContext.Provider value={context}>
      {state.phase === 'ready' ? (
        <div className="rt-board" data-view={view}>
          {view === 'list' ? (
            <div className="rt-board__list">
              {banners}
              <listView.Part />
            </div>
          ) : (
            <main className="rt-board__canvas">
              <SkipToList />
              <h1 className="rt-visually-hidden">{strings.list.title(state.title)}</h1>
              <Tldraw
                store={session.store}
                shapeUtils={ROUNDTABLE_SHAPE_UTILS}
                user={session.user.currentUser}
                assetUrls={assetUrls}
                licenseKey={state.licenseKey ?? undefined}
                components={components}
                overrides={overrides}
                cameraOptions={cameraOptions}
                onMount={onMount}
              />
              <PhotoTray />
              {banners}
            </main>
          )}
          <SessionPanel editor={view === 'list' ? null : editor} />
          <InclusionKeeper />
        </div>
      ) : (
        <Connecting slow={state.slow} />
      )}
      {nameDialog && (
        <NameDialog
          mode={nameDialog}
          currentName={identity.name}
          onDone={(name) => {
            updateIdentity({ name })
            setNameDialog(null)
          }}
          onCancel={() => setNameDialog(null)}
        />
      )}
      {asks && (askGroup || groupDialog) && (
        <GroupDialog
          mode={groupDialog ? 'change' : 'ask'}
          groups={settings.evidence.groups}
          threshold={settings.evidence.threshold}
          current={myAnswer.answered ? myAnswer.group : null}
          onSave={async (group) => {
            await answer.save(group)
            // Taking an answer back counts as skipping: the person is not asked again on this device.
            if (group === null) skipGroup()
            setGroupDialog(false)
          }}
          onClose={groupDialog ? () => setGroupDialog(false) : skipGroup}
        />
      )}
    </SessionContext.Provider>
  )
}

function Connecting({ slow }: { slow: boolean }) {
  return (
    <main className="rt-page rt-centre">
      <div role="status">
        <p className="rt-lead">{strings.board.connecting}</p>
        {slow && <p className="rt-muted">{strings.board.stillConnecting}</p>}
      </div>
    </main>
  )
}

function ReloadButton() {
  return (
    <button type="button" className="rt-button rt-button--primary" onClick={() => window.location.reload()}>
      {strings.board.reload}
    </button>
  )
}
