import { useEffect, useReducer } from 'react'
import { useEditor, useValue } from 'tldraw'
import { $arrivals, GLOW_MS } from './useArrivals'

/**
 * A soft ring around each idea that just arrived, drawn in front of the canvas and kept on the idea as the view
 * moves.
 * It pulses gently twice; with "reduce motion" it is a still outline. It goes away after a few seconds.
 */
export function NewIdeaGlow() {
  const editor = useEditor()
  const [, tick] = useReducer((n: number) => n + 1, 0)
  const arrivals = useValue($arrivals)
  const now = Date.now()
  const fresh = arrivals.filter((a) => now - a.at < GLOW_MS)
  const boxes = useValue(
    'presenter glow boxes',
    () =>
      fresh.flatMap((a) => {
        const shape = editor.getShape(a.id)
        if (!shape || editor.getAncestorPageId(shape) !== editor.getCurrentPageId()) return []
        const bounds = editor.getShapePageBounds(shape)
        if (!bounds) return []
        // Screen position: this layer sits in front of every shape, so the ring is never hidden by a frame.
        const zoom = editor.getZoomLevel()
        const at = editor.pageToViewport({ x: bounds.x, y: bounds.y })
        return [{ id: a.id, x: at.x, y: at.y, w: bounds.w * zoom, h: bounds.h * zoom }]
      }),
    [editor, fresh.map((a) => a.id).join('|')],
  )
  const oldest = fresh.at(-1)
  useEffect(() => {
    if (!oldest) return
    const timer = setTimeout(tick, Math.max(50, GLOW_MS - (Date.now() - oldest.at)))
    return () => clearTimeout(timer)
  }, [oldest])
  return (
    <>
      {boxes.map((b) => (
        <div
          key={b.id}
          className="pr-glow"
          aria-hidden="true"
          style={{ left: b.x - 14, top: b.y - 14, width: b.w + 28, height: b.h + 28 }}
        />
      ))}
    </>
  )
}
