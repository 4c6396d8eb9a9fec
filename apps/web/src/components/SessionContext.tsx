import { createContext, useContext, useSyncExternalStore } from 'react'
import type { MyAnswerStore } from '../lib/evidence'
import type { PhotoUploads } from './photos/photoUploads'
import type { BoardSession, BoardSessionState } from '../sync/boardSession'
import type { MyVotes, MyVotesState } from '../sync/myVotes'
import type { PanelController, PanelState } from './panel/panelState'

/** What Roundtable components rendered inside tldraw's UI need (tldraw only passes its own props). */
export interface SessionContextValue {
  session: BoardSession
  openNameDialog: () => void
  /** This person's own dots in the open vote. */
  votes: MyVotes
  /** The session panel beside the board. */
  panel: PanelController
  /** This person's answer to "How do you come to this session?" (when the session asks). */
  answer: MyAnswerStore
  /** Let the person change or take back that answer. */
  openGroupDialog: () => void
  /** Pictures this browser is sending to "Incoming ideas". */
  photos: PhotoUploads
}

/** The open board, for Roundtable components rendered inside tldraw's UI. */
export const SessionContext = createContext<SessionContextValue | null>(null)

/** The open board session and its shared helpers. Throws outside a board page. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession must be used inside a board page')
  return value
}

/** React hook: the session's state, re-rendering when it changes. */
export function useSessionState(session: BoardSession): BoardSessionState {
  return useSyncExternalStore(session.subscribe, session.getState)
}

/** React hook: this person's dots, re-rendering when they change. */
export function useMyVotes(votes: MyVotes): MyVotesState {
  return useSyncExternalStore(votes.subscribe, votes.getState)
}

/** React hook: the panel's state. */
export function usePanelState(panel: PanelController): PanelState {
  return useSyncExternalStore(panel.subscribe, panel.getState)
}
