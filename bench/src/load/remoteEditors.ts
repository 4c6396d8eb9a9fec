import { getRecordsMap, updateIdea } from '@roundtable/board'
import * as Y from 'yjs'
import { BenchClient } from './client'
import { closeAll, type Target } from './common'
import { addNotes, firstPageId, lastIndexOn, moveNote, noteText } from './notes'
import { PROTOCOLS } from './protocol'

/** Put `count` ideas (100-character notes) on the board's first page, in frames of 250. */
export async function seedIdeas(target: Target, params: { boardId: string; count: number }): Promise<{ page: string }> {
  const client = new BenchClient({
    protocol: PROTOCOLS[target.kind],
    base: target.ws,
    boardId: params.boardId,
    full: true,
  })
  await client.synced
  const doc = client.doc!
  const page = firstPageId(doc)
  if (!page) throw new Error('the board has no page')
  for (let first = 0; first < params.count; first += 250) {
    addNotes(doc, page, first, Math.min(250, params.count - first), lastIndexOn(doc, page))
  }
  await client.requestSync(Y.encodeStateVector(doc))
  await client.close()
  return { page }
}

let editors: BenchClient[] = []
let timer: NodeJS.Timeout | null = null
let edits = 0

/**
 * Remote people working on the board while the browser renders it: each moves a random note, and every fifth
 * edit rewrites a note's text instead, at `ratePerClient` edits per second each.
 */
export async function remoteEditorsStart(
  target: Target,
  params: { boardId: string; clients: number; ratePerClient: number; maxDurationMs: number },
): Promise<void> {
  editors = Array.from(
    { length: params.clients },
    () => new BenchClient({ protocol: PROTOCOLS[target.kind], base: target.ws, boardId: params.boardId, full: true }),
  )
  await Promise.all(editors.map((e) => e.synced))
  const noteIds: string[] = []
  getRecordsMap(editors[0]!.doc!).forEach((yrecord, id) => {
    if (yrecord instanceof Y.Map && yrecord.get('type') === 'note') noteIds.push(id)
  })
  edits = 0
  const started = Date.now()
  const intervalMs = 1000 / (params.clients * params.ratePerClient)
  timer = setInterval(
    () => {
      if (Date.now() - started > params.maxDurationMs) return void remoteEditorsStop()
      const editor = editors[edits % editors.length]!
      const id = noteIds[(edits * 7919) % noteIds.length]!
      const doc = editor.doc!
      if (edits % 5 === 4) updateIdea(doc, id, { text: noteText(edits + 100_000) })
      else moveNote(doc, id, (edits * 37) % 6000, (edits * 53) % 4000, `edit ${edits}`)
      edits++
    },
    Math.max(1, intervalMs),
  )
}

/** Stop the remote editors; returns how many edits they made. */
export async function remoteEditorsStop(): Promise<{ edits: number }> {
  if (timer) clearInterval(timer)
  timer = null
  await closeAll(editors)
  editors = []
  return { edits }
}
