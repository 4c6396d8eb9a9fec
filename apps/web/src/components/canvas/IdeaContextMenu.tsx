import {
  DefaultContextMenu,
  DefaultContextMenuContent,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  useEditor,
  useValue,
  type TLUiContextMenuProps,
} from 'tldraw'
import { canEdit } from '@roundtable/board'
import { createActionFromIdea, selectedIdeaId } from '../../lib/actions'
import { useSession, useSessionState } from '../SessionContext'
import { ShortContextMenuContent, useFullTools } from './canvasUi'

/**
 * tldraw's right-click menu, with "Make this an action" first when one idea is selected; the short menu unless a
 * facilitator turned on the full tool set.
 */
export function IdeaContextMenu(props: TLUiContextMenuProps) {
  const editor = useEditor()
  const { session, panel } = useSession()
  const { role } = useSessionState(session)
  const ideaId = useValue('selected idea', () => selectedIdeaId(editor), [editor])
  const allowed = role !== null && canEdit(role)
  const { full } = useFullTools()
  return (
    <DefaultContextMenu {...props}>
      {ideaId && allowed && (
        <TldrawUiMenuGroup id="roundtable-idea">
          <TldrawUiMenuItem
            id="roundtable-make-action"
            label="roundtable.make-action"
            // Actions are kept apart from the board's ideas, so this works on a locked board too.
            readonlyOk
            onSelect={() => {
              const actionId = createActionFromIdea(session.doc, editor, ideaId)
              if (actionId) panel.show('actions', actionId)
            }}
          />
        </TldrawUiMenuGroup>
      )}
      {full ? <DefaultContextMenuContent /> : <ShortContextMenuContent />}
    </DefaultContextMenu>
  )
}
