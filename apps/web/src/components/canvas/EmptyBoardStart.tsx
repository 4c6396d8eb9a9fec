import { createShapeId, useEditor, useValue } from 'tldraw'
import { canEdit, canFacilitate } from '@roundtable/board'
import { useEasyRead } from '../../lib/easyRead'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'

/**
 * The first moments on an empty board: one big, labelled "Add an idea" button in the middle of the board for people
 * taking part, and for facilitators "Invite people" first. It goes away as soon as anything is on the board.
 */
export function EmptyBoardStart() {
  useEasyRead()
  const editor = useEditor()
  const { session, panel } = useSession()
  const { role } = useSessionState(session)
  const empty = useValue('board is empty', () => editor.getCurrentPageShapeIds().size === 0, [editor])
  const locked = useValue('board is read-only', () => editor.getIsReadonly(), [editor])
  if (!empty || locked || role === null || !canEdit(role)) return null
  const facilitator = canFacilitate(role)

  const addIdea = (): void => {
    const centre = editor.getViewportPageBounds().center
    const id = createShapeId()
    // Made as this person's own note, so it carries their name like any note drawn with the tool.
    editor.createShape({ id, type: 'note', x: centre.x - 100, y: centre.y - 100 })
    editor.select(id)
    editor.setEditingShape(id)
  }

  return (
    <div className="rt-start-layer">
      <section
        className="rt-start"
        aria-labelledby="rt-start-title"
        onKeyDown={(event) => event.stopPropagation()}
        onPointerDown={(event) => event.stopPropagation()}
      >
        <h2 id="rt-start-title" className="rt-start__title">
          {strings.start.title}
        </h2>
        <p>{facilitator ? strings.start.facilitatorHelp : strings.start.participantHelp}</p>
        <div className="rt-start__buttons">
          {facilitator && (
            <button
              type="button"
              className="rt-button rt-button--primary rt-start__button"
              onClick={() => panel.show('invite')}
            >
              {strings.start.invite}
            </button>
          )}
          <button
            type="button"
            className={`rt-button ${facilitator ? 'rt-button--secondary' : 'rt-button--primary'} rt-start__button`}
            onClick={addIdea}
          >
            <span aria-hidden="true" className="rt-start__plus">
              +
            </span>{' '}
            {strings.start.addIdea}
          </button>
        </div>
      </section>
    </div>
  )
}
