import {
  Errors,
  getRecordsMap,
  RATHER_NOT_SAY,
  readSettings,
  type EvidenceFacts,
  type SessionSettings,
} from '@roundtable/board'
import type { Room } from '@roundtable/sync'
import type * as Y from 'yjs'
import type { AppDeps } from '../context'
import { httpError } from '../errors'

/**
 * Evidence of co-production, server side: people's answers to "how do you come to this session?", and who added
 * each idea, kept only while the session asks (and never in anonymous sessions). Summaries turn them into figures
 * by group; nothing here ever leaves the server person by person.
 */
export class EvidenceService {
  constructor(private readonly deps: AppDeps) {
    // Ideas drawn on the board arrive as document changes: the connection that made one is its author.
    deps.rooms.onLoad((room) => this.watchNewIdeas(room))
  }

  /** A person's answer, and whether the session asks at all. */
  async answerOf(
    boardId: string,
    personId: string,
  ): Promise<{ ask: boolean; answered: boolean; group: string | null }> {
    const ask = await this.asking(boardId)
    const group = ask ? await this.deps.store.getAnswer(boardId, personId) : null
    return { ask, answered: group !== null, group }
  }

  /** Store (or with null, forget) a person's answer. It must be one the session offers, or "I'd rather not say". */
  async setAnswer(
    boardId: string,
    personId: string,
    group: string | null,
  ): Promise<{ answered: boolean; group: string | null }> {
    const settings = await this.settingsOf(boardId)
    if (settings.anonymous) throw httpError(Errors.EvidenceAnonymous)
    if (!settings.evidence.ask) throw httpError(Errors.EvidenceNotAsked)
    if (group !== null && group !== RATHER_NOT_SAY && !settings.evidence.groups.includes(group)) {
      throw httpError(Errors.RequestInvalid, 'group: choose one of the answers the session offers')
    }
    await this.deps.store.setAnswer(boardId, personId, group, Date.now())
    return { answered: group !== null, group }
  }

  /** Remember who added an idea through the HTTP API (phones), when the session asks. */
  async ideaAdded(boardId: string, ideaId: string, personId: string | null): Promise<void> {
    if (personId === null || !(await this.asking(boardId))) return
    await this.deps.store.recordIdeaAuthor(boardId, ideaId, personId)
  }

  /** What storage knows about who contributed what, for a summary; null when the session does not ask. */
  async factsFor(boardId: string, doc: Y.Doc): Promise<EvidenceFacts | null> {
    const settings = readSettings(doc)
    if (!settings.evidence.ask || settings.anonymous) return null
    return this.deps.store.contributions(boardId)
  }

  private async asking(boardId: string): Promise<boolean> {
    const settings = await this.settingsOf(boardId)
    return settings.evidence.ask && !settings.anonymous
  }

  private async settingsOf(boardId: string): Promise<SessionSettings> {
    const settings = await this.deps.rooms.withRoom(boardId, (room) => readSettings(room.doc))
    if (settings === null) throw httpError(Errors.BoardNotFound)
    return settings
  }

  private watchNewIdeas(room: Room): void {
    room.onRecordsCreated((connection, recordIds) => {
      const personId = connection.personId
      if (typeof personId !== 'string') return
      const settings = readSettings(room.doc)
      if (!settings.evidence.ask || settings.anonymous) return
      const records = getRecordsMap(room.doc)
      for (const id of recordIds) {
        if (records.get(id)?.get('type') !== 'note') continue
        this.deps.store.recordIdeaAuthor(room.boardId, id, personId).catch((error: unknown) => {
          this.deps.log.warn({ boardId: room.boardId, err: String(error) }, 'could not note who added an idea')
        })
      }
    })
  }
}
