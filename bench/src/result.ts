import type { ServerKind } from './load/protocol'
import type { ProfileSummary } from './profile'
import type { AdversarialSection } from './scenarios/adversarial'
import type { BrowserSection } from './scenarios/browser'
import type { ColdLoadSection } from './scenarios/coldLoad'
import type { CursorsSection } from './scenarios/cursors'
import type { FanoutSection } from './scenarios/fanout'
import type { ManyBoardsSection } from './scenarios/manyBoards'
import type { ThroughputSection } from './scenarios/throughput'

/** One run, as written to bench/results/<time>-<mode>.json. */
export interface RunResult {
  version: 1
  mode: 'quick' | 'full'
  /** A profiling run: Roundtable only, under --cpu-prof. */
  profile: boolean
  startedAt: string
  durationMs: number
  scenarioDurationsMs?: Record<string, number>
  machine: {
    cores: number
    cpuModel: string
    memoryBytes: number
    node: string
    kernel: string
    /** CPU used by other processes just before the run, % of one core. */
    busyBeforeRunPct?: number
  }
  servers: Record<ServerKind, string>
  scenarios: {
    fanout?: FanoutSection
    cursors?: CursorsSection
    throughput?: ThroughputSection
    coldLoad?: ColdLoadSection
    manyBoards?: ManyBoardsSection
    browser?: BrowserSection
    adversarial?: AdversarialSection
  }
  profiles?: ProfileSummary[]
}
