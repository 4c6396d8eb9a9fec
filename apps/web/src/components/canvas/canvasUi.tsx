import { useSyncExternalStore } from 'react'
import {
  ArrowToolbarItem,
  AssetToolbarItem,
  CheckBoxToolbarItem,
  ClipboardMenuGroup,
  CloudToolbarItem,
  DefaultActionsMenu,
  DefaultMainMenu,
  DefaultMainMenuContent,
  DefaultToolbar,
  DiamondToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HeartToolbarItem,
  HexagonToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  OvalToolbarItem,
  RectangleToolbarItem,
  RhombusToolbarItem,
  SelectAllMenuItem,
  SelectToolbarItem,
  StarToolbarItem,
  TextToolbarItem,
  TldrawUiButtonIcon,
  TldrawUiButtonLabel,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  TldrawUiToolbarButton,
  TriangleToolbarItem,
  UndoRedoGroup,
  ViewSubmenu,
  XBoxToolbarItem,
  useEditor,
  useValue,
  type TLUiActionsMenuProps,
  type TLUiMainMenuProps,
} from 'tldraw'
import { canFacilitate } from '@roundtable/board'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'

/**
 * tldraw's tools and menus, cut down for a workshop: everyone sees a short set (ideas, drawing, arrows, text) and
 * plain menus — no embeds, cursor chat, "Copy as", "Reorder" or developer menus. A facilitator can turn on the full
 * set for themselves (remembered on their device); people taking part always see the short set.
 */

const FULL_TOOLS_KEY = 'roundtable:full-tools'
const listeners = new Set<() => void>()

function readFullTools(): boolean {
  try {
    return window.localStorage.getItem(FULL_TOOLS_KEY) === '1'
  } catch {
    return false
  }
}

let fullTools = typeof window === 'undefined' ? false : readFullTools()

/** Turn the full tldraw tool set on or off on this device (it only ever shows for facilitators). */
export function setFullTools(on: boolean): void {
  fullTools = on
  try {
    window.localStorage.setItem(FULL_TOOLS_KEY, on ? '1' : '0')
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Whether this person sees tldraw's full tool set: only facilitators who asked for it. */
export function useFullTools(): { full: boolean; canChoose: boolean } {
  const { session } = useSession()
  const { role } = useSessionState(session)
  const chosen = useSyncExternalStore(
    subscribe,
    () => fullTools,
    () => false,
  )
  const canChoose = role !== null && canFacilitate(role)
  return { full: canChoose && chosen, canChoose }
}

/** The idea (sticky note) tool with its name written beside its picture: it is the tool a workshop needs most. */
function LabelledNoteTool() {
  const editor = useEditor()
  const selected = useValue('note tool selected', () => editor.getCurrentToolId() === 'note', [editor])
  return (
    <TldrawUiToolbarButton
      type="tool"
      className="rt-note-tool"
      data-value="note"
      data-testid="tools.note"
      aria-label={strings.start.noteToolLabel}
      aria-pressed={selected ? 'true' : 'false'}
      title={strings.start.noteToolLabel}
      onClick={() => editor.setCurrentTool('note')}
    >
      <TldrawUiButtonIcon icon="tool-note" />
      <TldrawUiButtonLabel>{strings.start.noteTool}</TldrawUiButtonLabel>
    </TldrawUiToolbarButton>
  )
}

/** The toolbar: the labelled idea tool first, then a short set, or every tool for a facilitator who asked. */
export function RoundtableToolbar() {
  const { full } = useFullTools()
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <LabelledNoteTool />
      <DrawToolbarItem />
      <EraserToolbarItem />
      <ArrowToolbarItem />
      <TextToolbarItem />
      {full && (
        <>
          <AssetToolbarItem />
          <RectangleToolbarItem />
          <EllipseToolbarItem />
          <TriangleToolbarItem />
          <DiamondToolbarItem />
          <HexagonToolbarItem />
          <OvalToolbarItem />
          <RhombusToolbarItem />
          <StarToolbarItem />
          <CloudToolbarItem />
          <HeartToolbarItem />
          <XBoxToolbarItem />
          <CheckBoxToolbarItem />
          <LineToolbarItem />
          <HighlightToolbarItem />
          <LaserToolbarItem />
          <FrameToolbarItem />
        </>
      )}
    </DefaultToolbar>
  )
}

/** The switch between the short and the full set, for facilitators. */
function ToolsSwitch() {
  const { full, canChoose } = useFullTools()
  if (!canChoose) return null
  return (
    <TldrawUiMenuGroup id="roundtable-tools">
      <TldrawUiMenuItem
        id="roundtable-tools-switch"
        label={full ? 'roundtable.fewer-tools' : 'roundtable.full-tools'}
        readonlyOk
        onSelect={() => setFullTools(!full)}
      />
    </TldrawUiMenuGroup>
  )
}

/** The main menu: undo, redo and the view for everyone; tldraw's whole menu for a facilitator who asked. */
export function RoundtableMainMenu(props: TLUiMainMenuProps) {
  const { full } = useFullTools()
  return (
    <DefaultMainMenu {...props}>
      {full ? (
        <DefaultMainMenuContent />
      ) : (
        <>
          <UndoRedoGroup />
          <TldrawUiMenuGroup id="roundtable-view">
            <ViewSubmenu />
          </TldrawUiMenuGroup>
        </>
      )}
      <ToolsSwitch />
    </DefaultMainMenu>
  )
}

/** tldraw's "…" menu of arranging and reordering: only in the full set. */
export function RoundtableActionsMenu(props: TLUiActionsMenuProps) {
  const { full } = useFullTools()
  return full ? <DefaultActionsMenu {...props} /> : null
}

/** The short right-click menu: cut, copy, paste, duplicate, delete and select all (no "Copy as", no "Reorder"). */
export function ShortContextMenuContent() {
  return (
    <>
      <ClipboardMenuGroup />
      <TldrawUiMenuGroup id="select-all">
        <SelectAllMenuItem />
      </TldrawUiMenuGroup>
    </>
  )
}
