import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { PROPS_KEY, applyTextChange, canEdit, getRecordsMap } from '@roundtable/board'
import { useEasyRead } from '../../lib/easyRead'
import { placeCard } from '../../lib/placeCard'
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
  const target = useValue('plain words note', () => {
    const id = editor.getEditingShapeId() ?? (editor.getOnlySelectedShapeId() as TLShapeId | null)
    const shape = id ? editor.getShape(id) : undefined
    if (!shape || shape.type !== 'note') return null
    const bounds = editor.getShapePageBounds(shape)
    if (!bounds) return null
    const topLeft = editor.pageToViewport({ x: bounds.minX, y: bounds.minY })
    const bottomRight = editor.pageToViewport({ x: bounds.maxX, y: bounds.maxY })
    const screen = editor.getViewportScreenBounds()
    // Untrimmed, so a chosen word lands exactly where it is in the shared text.
    const text = editor.getShapeUtil(shape).getText?.(shape) ?? ''
    const note = { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y }
    return { id: shape.id as string, text, note, width: screen.width, height: screen.height }
  }, [editor])
  const tools = usePlainWordTools(!!target && target.text.trim() !== '')
  const hasJargon = useMemo(
    () => (tools && target ? tools.findJargon(target.text, extra).length > 0 : false),
    [tools, target, extra],
  )
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

  // The card's real height (it grows with easy read and with the number of words it offers), measured after each
  // render, so it can be placed where it never covers the note being written and never runs off the screen.
  const card = useRef<HTMLDivElement>(null)
  const [cardHeight, setCardHeight] = useState(0)
  useLayoutEffect(() => {
    const height = card.current?.scrollHeight ?? 0
    if (Math.abs(height - cardHeight) > 1) setCardHeight(height)
  })
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
  const cardWidth = Math.min(22 * rem, (target?.width ?? 0) - 16)
  // Roundtable's strip at the top of the board (name, view, notices) stays readable: the card keeps below it.
  const layer = useRef<HTMLDivElement>(null)
  const strip = layer.current?.parentElement?.closest('.tl-container')?.querySelector('.rt-top')
  const insetTop =
    strip && layer.current
      ? Math.max(0, strip.getBoundingClientRect().bottom - layer.current.getBoundingClientRect().top)
      : 0
  const place = target
    ? placeCard(target.note, { width: cardWidth, height: cardHeight || 11 * rem }, target, 36, insetTop)
    : null

  return (
    <div ref={layer} className="rt-note-hint-layer">
      {show && (
        <div
          ref={card}
          className="rt-note-hint"
          data-side={place?.side}
          style={{
            width: cardWidth,
            maxHeight: place ? Math.floor(place.maxHeight) : undefined,
            overflowY: 'auto',
            transform: `translate(${Math.round(place?.x ?? 0)}px, ${Math.round(place?.y ?? 0)}px)`,
          }}
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
