import { Errors, getActionsMap, listIdeas, restoreBoard } from '@roundtable/board'
import type { VersionInfo } from '@roundtable/storage'
import type { RoomManager, VersionPolicy } from '@roundtable/sync'
import { nanoid } from 'nanoid'
import * as Y from 'yjs'
import type { AppDeps } from '../context'
import { httpError } from '../errors'

/** Restorable versions of boards: kept automatically and before risky changes; listed, previewed and restored. */
export class VersionService {
  constructor(private readonly deps: Pick<AppDeps, 'config' | 'store' | 'log'>) {}

  /** The policy rooms follow; versions are stored in the background and failures are logged, never thrown. */
  policy(): VersionPolicy {
    return {
      everyMs: this.deps.config.versions.everyMs,
      bulkDeleteMin: this.deps.config.versions.bulkDeleteMin,
      // A version encodes the whole board: deleting frames may ask for at most one a minute (issue #12, item 7).
      bulkDeleteEveryMs: 60_000,
      keep: (boardId, state, reason) => {
        this.save(boardId, state, reason).catch((error: unknown) => {
          this.deps.log.warn({ boardId, err: String(error) }, 'keeping a version failed')
        })
      },
    }
  }

  async save(boardId: string, state: Uint8Array, reason: string, now = Date.now()): Promise<VersionInfo> {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    const info: VersionInfo = {
      id: `version:${nanoid(12)}`,
      createdAt: now,
      reason,
      ideas: listIdeas(doc).length,
      actions: getActionsMap(doc).size,
    }
    doc.destroy()
    await this.deps.store.saveVersion(boardId, info, state)
    await this.deps.store.pruneVersions(boardId, this.deps.config.versions.keep)
    return info
  }

  list(boardId: string): Promise<VersionInfo[]> {
    return this.deps.store.listVersions(boardId)
  }

  /** A read-only look at a version: its ideas and actions, as they were. */
  async preview(boardId: string, versionId: string) {
    const found = await this.deps.store.getVersion(boardId, versionId)
    if (!found) throw httpError(Errors.VersionNotFound)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, found.state)
    const ideas = listIdeas(doc).map((i) => ({
      id: i.id,
      text: i.text,
      boardPage: i.pageName,
      frameTitle: i.frameTitle,
    }))
    const actions: { id: string; what: string }[] = []
    getActionsMap(doc).forEach((map, id) => {
      const what = map instanceof Y.Map ? map.get('what') : undefined
      actions.push({ id, what: what instanceof Y.Text ? what.toString() : '' })
    })
    doc.destroy()
    return { version: found.info, ideas, actions }
  }

  /** Restore a version. The board as it was just before is kept first, so the restore can be undone. */
  async restore(
    rooms: RoomManager,
    boardId: string,
    versionId: string,
  ): Promise<{ restored: VersionInfo; undo: VersionInfo }> {
    const found = await this.deps.store.getVersion(boardId, versionId)
    if (!found) throw httpError(Errors.VersionNotFound)
    const result = await rooms.withRoom(boardId, async (room) => {
      const when = new Date(found.info.createdAt).toISOString().slice(0, 16).replace('T', ' ')
      const undo = await this.save(
        boardId,
        Y.encodeStateAsUpdate(room.doc),
        `before restoring the version of ${when} UTC`,
      )
      const from = new Y.Doc()
      Y.applyUpdate(from, found.state)
      await room.change((doc) => restoreBoard(doc, from))
      from.destroy()
      return undo
    })
    if (!result) throw httpError(Errors.BoardNotFound)
    return { restored: found.info, undo: result }
  }
}
