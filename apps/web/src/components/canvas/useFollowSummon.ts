import { useEffect } from 'react'
import { react, type Editor, type TLUserId } from 'tldraw'
import type { SummonState } from '@roundtable/board'

/**
 * "Bring everyone to me": while a facilitator asks for it, this screen follows theirs (tldraw's
 * `startFollowingUser`, which also moves to their board). It waits until their pointer has been seen. Whoever
 * stops following (tldraw's own "stop following", or the button at the top) is left alone until the next request;
 * when the facilitator stops, everyone is let go.
 */
export function useFollowSummon(editor: Editor | null, summon: SummonState | null, myUserId: string): void {
  const leaderId = summon?.userId ?? null
  const at = summon?.at ?? null

  useEffect(() => {
    if (!editor || !leaderId || leaderId === myUserId) return
    let started = false
    let released = false
    const stop = react('roundtable follow summon', () => {
      if (released) return
      const following = editor.getInstanceState().followingUserId
      if (following === leaderId) {
        started = true
        return
      }
      if (started) {
        // The person chose to stop following: respect that until a new request.
        released = true
        return
      }
      if (editor.getCollaborators().some((c) => c.userId === leaderId)) {
        queueMicrotask(() => {
          if (!released && editor.getInstanceState().followingUserId !== leaderId)
            editor.startFollowingUser(leaderId as TLUserId)
        })
      }
    })
    return () => {
      stop()
      released = true
      if (editor.getInstanceState().followingUserId === leaderId) editor.stopFollowingUser()
    }
  }, [editor, leaderId, at, myUserId])
}
