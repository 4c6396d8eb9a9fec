import { useEffect } from 'react'
import { atom, type Editor, type TLShapeId } from 'tldraw'

/** An idea that arrived while the shared screen was open. */
export interface Arrival {
  id: TLShapeId
  at: number
}

/** How long a new idea is marked on the board. */
export const GLOW_MS = 4000
/** How many arrivals are kept for the "Newest ideas" list. */
const KEEP = 12

/** Ideas that arrived on this screen, newest first. One shared screen per page, so one list. */
export const $arrivals = atom<Arrival[]>('presenter arrivals', [])

/**
 * Watch for ideas that others add (from a phone or a board page) while the screen is open. Ideas already on the
 * board when it opened are not "new". Old marks are dropped after GLOW_MS, so the board calms down again.
 */
export function useArrivals(editor: Editor | null): void {
  useEffect(() => {
    if (!editor) return
    $arrivals.set([])
    const off = editor.store.listen(
      ({ changes }) => {
        const added = Object.values(changes.added).filter(
          (record): record is Extract<typeof record, { typeName: 'shape' }> =>
            record.typeName === 'shape' && record.type === 'note',
        )
        if (!added.length) return
        const now = Date.now()
        $arrivals.set([...added.map((shape) => ({ id: shape.id, at: now })), ...$arrivals.get()].slice(0, KEEP))
      },
      { source: 'remote', scope: 'document' },
    )
    const sweep = setInterval(() => {
      const list = $arrivals.get()
      const live = list.filter((a) => editor.getShape(a.id))
      if (live.length !== list.length) $arrivals.set(live)
    }, 2000)
    return () => {
      off()
      clearInterval(sweep)
    }
  }, [editor])
}
