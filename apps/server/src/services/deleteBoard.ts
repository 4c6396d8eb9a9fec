import { CloseCodes, CloseReasons } from '@roundtable/board'
import { forgetBoardAccess } from '../auth/access'
import type { AppDeps } from '../context'

/**
 * Delete a board now, whoever asks (a facilitator, a series' deletion, retention): everyone connected is closed
 * with `4410 board.deleted`, everything stored for it goes, and this server forgets its keys at once, so the next
 * request with them answers like a wrong key.
 */
export async function deleteBoardNow(deps: AppDeps, boardId: string): Promise<void> {
  await deps.rooms.evict(boardId, CloseCodes.BoardDeleted, CloseReasons.BoardDeleted)
  await deps.store.deleteBoard(boardId)
  forgetBoardAccess(deps, boardId)
}
