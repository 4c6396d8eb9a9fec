import { Errors, buildSummary, type SessionSummary } from '@roundtable/board'
import type { AppDeps } from '../context'
import { httpError } from '../errors'
import type { EvidenceService } from '../services/evidence'
import { invalidValueLog } from '../services/invalidValues'

/**
 * A board's session summary, from its stored state (loading the board if nobody has it open, so it works after a
 * restart). `exportedAt` is the time of the board's last stored change: the same board state always gives the same
 * summary, and so the same bytes in every format, whenever and however it is exported.
 */
export async function loadSummary(deps: AppDeps, evidence: EvidenceService, boardId: string): Promise<SessionSummary> {
  const summary = await deps.rooms.withRoom(boardId, async (room) => {
    // Read the document first: the stored time is then never older than the content it stamps.
    const facts = await evidence.factsFor(boardId, room.doc)
    const onInvalid = invalidValueLog(deps.log).forBoard(boardId)
    const draft = buildSummary(room.doc, { boardId, exportedAt: 0, evidence: facts, onInvalid })
    const board = await deps.store.getBoard(boardId)
    return board ? { ...draft, board: { ...draft.board, exportedAt: new Date(board.updatedAt).toISOString() } } : null
  })
  if (!summary) throw httpError(Errors.BoardNotFound)
  return summary
}
