import { useEffect } from 'react'
import { react, type Editor, type TLPageId, type TLUserId } from 'tldraw'
import type { Leader } from './hooks'

/** What the shared screen shows: the facilitator's view, or the whole board. */
export type CameraMode = 'follow' | 'whole'

/** Space kept around the board when it is shown whole, in screen pixels. */
const INSET = 64
/** Never zoom in past 160% for the whole board: big enough to read from the back, not one note filling the wall. */
const MAX_FIT_ZOOM = 1.6
/** Wait for the board to settle (someone dragging, typing) before fitting it again. */
const REFIT_AFTER_MS = 700

/**
 * Keep the shared screen's camera where the room needs it.
 * - follow: tldraw's `startFollowingUser` on the leader (a facilitator), started again if it stops (someone
 *   scrolled on the projector laptop, or the leader's presence came back after a reconnect);
 * - whole (or follow with no facilitator here): the whole of the board the facilitator is on (else the current
 *   one), fitted again whenever the board changes or the window is resized.
 */
export function usePresenterCamera(
  editor: Editor | null,
  mode: CameraMode,
  leader: Leader | null,
  reducedMotion: boolean,
): void {
  const leaderId = leader?.userId ?? null
  useEffect(() => {
    if (!editor) return
    const animation = reducedMotion ? undefined : { duration: 450 }

    if (mode === 'follow' && leaderId) {
      const stop = react('presenter follow leader', () => {
        if (editor.getInstanceState().followingUserId === leaderId) return
        if (!editor.getCollaborators().some((c) => c.userId === leaderId)) return
        queueMicrotask(() => {
          if (editor.getInstanceState().followingUserId !== leaderId) editor.startFollowingUser(leaderId as TLUserId)
        })
      })
      return () => {
        stop()
        if (editor.getInstanceState().followingUserId !== null) editor.stopFollowingUser()
      }
    }

    if (editor.getInstanceState().followingUserId !== null) editor.stopFollowingUser()
    const fit = (animate: boolean): void => {
      const bounds = editor.getCurrentPageBounds()
      if (bounds)
        editor.zoomToBounds(bounds, {
          targetZoom: MAX_FIT_ZOOM,
          inset: INSET,
          ...(animate && animation ? { animation } : {}),
        })
      else editor.resetZoom()
    }
    // Show the board the facilitator is on, even when not following their exact view.
    const stopPage = react('presenter leader page', () => {
      const page = leaderId ? editor.getCollaborators().find((c) => c.userId === leaderId)?.currentPageId : undefined
      if (page && page !== editor.getCurrentPageId() && editor.getPage(page as TLPageId)) {
        queueMicrotask(() => {
          editor.setCurrentPage(page as TLPageId)
          fit(false)
        })
      }
    })
    fit(true)
    let timer: ReturnType<typeof setTimeout> | undefined
    const later = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => fit(true), REFIT_AFTER_MS)
    }
    const offStore = editor.store.listen(later, { scope: 'document' })
    window.addEventListener('resize', later)
    return () => {
      stopPage()
      offStore()
      clearTimeout(timer)
      window.removeEventListener('resize', later)
    }
  }, [editor, mode, leaderId, reducedMotion])
}
