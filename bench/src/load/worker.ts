/**
 * The load process: a separate Node process (forked by the runner) that holds every simulated client, so the
 * server under test never shares a process with its load. It answers `{ id, method, target, params }` requests
 * over IPC with `{ id, result }` or `{ id, error }`.
 */
import { coldFromStorage, coldRelease, coldSeed } from './coldLoad'
import type { Target } from './common'
import { runCursors } from './cursors'
import { runFanout } from './fanout'
import { runManyBoards } from './manyBoards'
import { remoteEditorsStart, remoteEditorsStop, seedIdeas } from './remoteEditors'
import { throughputSetup, throughputStep, throughputTeardown } from './throughput'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const methods: Record<string, (target: Target, params: any) => Promise<unknown>> = {
  fanout: runFanout,
  cursors: runCursors,
  throughputSetup,
  throughputStep: (_target, params) => throughputStep(params),
  throughputTeardown: () => throughputTeardown(),
  coldSeed,
  coldRelease: () => coldRelease(),
  coldFromStorage,
  manyBoards: runManyBoards,
  seedIdeas,
  remoteEditorsStart,
  remoteEditorsStop: () => remoteEditorsStop(),
}

export interface LoadRequest {
  id: number
  method: string
  target: Target
  params: unknown
}

process.on('message', (message: LoadRequest) => {
  const method = methods[message.method]
  if (!method) {
    process.send!({ id: message.id, error: `unknown method ${message.method}` })
    return
  }
  method(message.target, message.params).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) =>
      process.send!({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
