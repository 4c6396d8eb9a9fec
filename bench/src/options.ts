import type { CursorsParams } from './load/cursors'
import type { AdversarialParams } from './scenarios/adversarial'

/** Sizes for one run. `quick` keeps the whole run to a few minutes; `full` is the real measurement. */
export interface BenchOptions {
  mode: 'quick' | 'full'
  fanout: {
    sizes: number[]
    writers: number
    ratePerWriter: number
    durationMs: number
    warmupMs: number
    joinConcurrency: number
    /**
     * Each size is measured this many times, every server once per round in alternating order; the report gives
     * each figure's median over the rounds (one run's p99 at 10 edits/s rests on two or three edits).
     */
    rounds: number
  }
  throughput: {
    clients: number
    writers: number
    /** First total rate (edits/s); each next step doubles it, up to maxRate. */
    startRate: number
    maxRate: number
    stepMs: number
    /** After the doubling stops, this many bisection steps between the last pass and the first failure. */
    refineSteps: number
    /** Extra tries of a failing step before the ramp stops (a stall from another process should not end it). */
    retries: number
    /** A step passes when the per-edit p99 is below this and every delivery arrived within graceMs. */
    p99LimitMs: number
    graceMs: number
    /**
     * Each step on a new board with new clients (always, since this option was added; results without it kept one
     * board for the whole ramp).
     */
    boardPerStep?: true
  }
  /** 150 live cursors (issue #15): every person moves a cursor while some edit. */
  cursors: CursorsParams
  coldLoad: { boards: number; notes: number }
  manyBoards: {
    boards: number
    clientsPerBoard: number
    editsPerBoardPerSecond: number
    durationMs: number
    joinConcurrency: number
    /** Pause after joining before measuring idle CPU, and the idle window itself, ms. */
    settleMs: number
    idleMs: number
  }
  browser: { ideas: number; remoteClients: number; ratePerClient: number; durationMs: number }
  adversarial: AdversarialParams
}

export const FULL: BenchOptions = {
  mode: 'full',
  fanout: {
    sizes: [10, 100, 500, 1000],
    writers: 2,
    ratePerWriter: 10,
    durationMs: 10_000,
    warmupMs: 1_000,
    joinConcurrency: 50,
    rounds: 3,
  },
  throughput: {
    clients: 20,
    writers: 10,
    startRate: 100,
    maxRate: 51_200,
    stepMs: 5_000,
    refineSteps: 1,
    retries: 1,
    p99LimitMs: 100,
    graceMs: 2_000,
    boardPerStep: true,
  },
  // A regional event: 150 people, cursors at 10 moves/s each; 10 of them edit, 20 edits/s in all (the fan-out's rate).
  cursors: {
    clients: 150,
    editors: 10,
    cursorRate: 10,
    editRate: 2,
    durationMs: 10_000,
    warmupMs: 1_000,
    joinConcurrency: 50,
  },
  coldLoad: { boards: 100, notes: 5_000 },
  manyBoards: {
    boards: 1_000,
    clientsPerBoard: 5,
    editsPerBoardPerSecond: 0.5,
    durationMs: 15_000,
    joinConcurrency: 50,
    settleMs: 2_000,
    idleMs: 3_000,
  },
  browser: { ideas: 1_000, remoteClients: 20, ratePerClient: 2, durationMs: 10_000 },
  // Every hostile frame at the server's default MAX_MESSAGE_BYTES (1 MiB), as issue #12 measured them.
  adversarial: {
    frameBytes: 1024 * 1024,
    frames: 5,
    slowReaderNotes: 12_000,
    slowReaders: 200,
    presenceSockets: 250,
    presenceAttackers: 10,
    presenceFrames: 40,
    // 15,000 notes (~390,000 Yjs structs): as large as a board gets under the 500,000-struct memory budget.
    versionNotes: 15_000,
    versionFrames: 20,
    placementShapes: 15_000,
    placementRequests: 5,
    timeoutMs: 120_000,
    honestRate: 20,
  },
}

export const QUICK: BenchOptions = {
  mode: 'quick',
  fanout: {
    sizes: [10, 200],
    writers: 2,
    ratePerWriter: 10,
    durationMs: 2_500,
    warmupMs: 300,
    joinConcurrency: 50,
    rounds: 2,
  },
  throughput: { ...FULL.throughput, startRate: 500, stepMs: 1_500, refineSteps: 0, retries: 0, graceMs: 500 },
  cursors: { ...FULL.cursors, durationMs: 3_000, warmupMs: 500 },
  coldLoad: { boards: 3, notes: 5_000 },
  manyBoards: { ...FULL.manyBoards, boards: 100, durationMs: 4_000, settleMs: 1_000, idleMs: 1_500 },
  browser: { ideas: 1_000, remoteClients: 20, ratePerClient: 2, durationMs: 5_000 },
  // Small enough to check the harness on a shared machine, even against a server without the bounds.
  adversarial: {
    frameBytes: 32 * 1024,
    frames: 2,
    slowReaderNotes: 2_500,
    slowReaders: 40,
    presenceSockets: 40,
    presenceAttackers: 2,
    presenceFrames: 10,
    versionNotes: 1_000,
    versionFrames: 5,
    placementShapes: 1_000,
    placementRequests: 2,
    timeoutMs: 20_000,
    honestRate: 20,
  },
}
