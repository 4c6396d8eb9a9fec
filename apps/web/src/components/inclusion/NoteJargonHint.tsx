import { useMemo, useState } from 'react'
import * as Y from 'yjs'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { PROPS_KEY, applyTextChange, canEdit, getRecordsMap } from '@roundtable/board'
import { useEasyRead } from '../../lib/easyRead'
import { usePlainWordTools } from '../../lib/plainWordTools'
import { usePlainWords } from '../../sync/sharedMeta'
import { strings } from '../../strings'
import { useSession, useSessionState } from '../SessionContext'
import { JargonHints } from './JargonHints'

/**
 * Plain words on the canvas: when one idea is selected (or being written) and it has a word others may not know,
 * a small card below it offers plainer words. Choosing one changes exactly that word in the shared text.
 */
export function NoteJargonHint() {
  useEasyRead()
  const editor = useEditor()
  const { session } = useSession()
  const { role } = useSessionState(session)
  const extra = usePlainWords(session.doc)
  const [message, setMessage] = useState('')
  const target = useValue(
    'plain words note',
    () => {
      const id = editor.getEditingShapeId() ?? (editor.getOnlySelectedShapeId() as TLShapeId | null)
      const shape = id ? editor.getShape(id) : undefined
      if (!shape || shape.type !== 'note') return null
      const bounds = editor.getShapePageBounds(shape)
      if (!bounds) return null
      const top = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
      const bottom = editor.pageToViewport({ x: bounds.minX, y: bounds.maxY })
      const screen = editor.getViewportScreenBounds()
      // Untrimmed, so a chosen word lands exactly where it is in the shared text.
      const text = editor.getShapeUtil(shape).getText?.(shape) ?? ''
      return { id: shape.id as string, text, x: top.x, top: top.y, bottom: bottom.y, width: screen.width, height: screen.height }
    },
    [editor],
  )
  const tools = usePlainWordTools(!!target && target.text.trim() !== '')
  const hasJargon = useMemo(() => (tools && target ? tools.findJargon(target.text, extra).length > 0 : false), [tools, target, extra])
  const show = target !== null && hasJargon && role !== null && canEdit(role)

  const replace = (next: string, said: string): void => {
    if (!target) return
    const record = getRecordsMap(session.doc).get(target.id)
    const props = record?.get(PROPS_KEY)
    const text = props instanceof Y.Map ? props.get('richText') : undefined
    if (!(text instanceof Y.Text)) return
    session.doc.transact(() => applyTextChange(text, next))
    setMessage(said)
  }

  // Keep the card on screen: below the idea (clear of its dot buttons) when it fits, otherwise above it.
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
  const cardWidth = Math.min(22 * rem, (target?.width ?? 0) - 16)
  const cardHeight = 11 * rem
  const left = target ? Math.max(8, Math.min(target.x, target.width - cardWidth - 8)) : 0
  const below = target ? target.bottom + 36 : 0
  const topY = target && below + cardHeight > target.height ? Math.max(8, target.top - cardHeight - 8) : below

  return (
    <div className="rt-note-hint-layer">
      {show && (
        <div
          className="rt-note-hint"
          style={{ width: cardWidth, transform: `translate(${Math.round(left)}px, ${Math.round(topY)}px)` }}
          // Keys and clicks here are for these buttons, not tldraw's shortcuts and tools.
          onKeyDown={(event) => event.stopPropagation()}
          onPointerDown={(event) => event.stopPropagation()}
        >
          <JargonHints text={target.text} extra={extra} onReplace={replace} compact />
        </div>
      )}
      {/* Always present, so a screen reader hears what changed even after the card goes away. */}
      <p className="rt-visually-hidden" role="status">
        {message}
      </p>
    </div>
  )
}
