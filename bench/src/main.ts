/**
 * `npm run bench [-- --quick] [--only=fanout,cursors,throughput,cold,many,browser,adversarial] [--servers=roundtable,relay]`
 * `npm run bench -- --scenario adversarial [--quick]`   one scenario alone (the same as --only=adversarial)
 * `npm run bench -- --profile [--only=…]`   Roundtable alone under `node --cpu-prof`, with a summary
 * `npm run bench -- --report`               regenerate BENCHMARKS.md from bench/results/
 * `--web-dist=<dir>`                        serve this web build in the browser scenario (default apps/web/dist)
 * `--roundtable-bundle=<file>`              run this build of Roundtable's server instead of apps/server/dist/main.js
 *                                           (e.g. a build of an earlier commit, to compare before / after)
 * `--wait-quiet[=seconds]`                  on a shared machine, wait (up to 60 s or as given) before each server
 *                                           until other processes use < 25% of a core
 *
 * Runs each scenario against Roundtable and its peers, each server in its own process and the load in another,
 * writes the raw results to bench/results/<time>-<mode>.json and regenerates BENCHMARKS.md. It reports; it never
 * fails on a figure.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SERVER_KINDS, type ServerKind } from './load/protocol'
import { FULL, QUICK } from './options'
import { machineSeconds } from './procstat'
import { summarizeProfile, type ProfileSummary } from './profile'
import { writeReport } from './report'
import { runAdversarialScenario } from './scenarios/adversarial'
import { runBrowserScenario } from './scenarios/browser'
import { runColdLoadScenario } from './scenarios/coldLoad'
import { runCursorsScenario } from './scenarios/cursors'
import type { RunContext } from './scenarios/context'
import { runFanoutScenario } from './scenarios/fanout'
import { runManyBoardsScenario } from './scenarios/manyBoards'
import { runThroughputScenario } from './scenarios/throughput'
import { ensureRoundtableBuilt, serverVersions } from './servers'
import type { RunResult } from './result'

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))
const SCENARIOS = ['fanout', 'cursors', 'throughput', 'cold', 'many', 'browser', 'adversarial'] as const
type Scenario = (typeof SCENARIOS)[number]

function parseArgs(argv: string[]) {
  const flags = new Map<string, string | true>()
  // `--scenario x` (two words) is `--scenario=x`, which is `--only=x`.
  const args = argv.flatMap((arg, i) =>
    arg === '--scenario' && argv[i + 1] ? [] : argv[i - 1] === '--scenario' ? [`--only=${arg}`] : [arg],
  )
  for (const arg of args.map((arg) => arg.replace(/^--scenario=/, '--only='))) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg)
    if (!m) throw new Error(`unknown argument ${arg}`)
    flags.set(m[1]!, m[2] ?? true)
  }
  const list = (name: string) => (typeof flags.get(name) === 'string' ? String(flags.get(name)).split(',') : null)
  const only = (list('only') ?? [...SCENARIOS]) as Scenario[]
  for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (${SCENARIOS.join(', ')})`)
  const servers = (list('servers') ?? [...SERVER_KINDS]) as ServerKind[]
  for (const s of servers)
    if (!SERVER_KINDS.includes(s)) throw new Error(`unknown server ${s} (${SERVER_KINDS.join(', ')})`)
  const quietWaitMs = Number(flags.get('wait-quiet') === true ? 60 : (flags.get('wait-quiet') ?? 0)) * 1000
  if (!Number.isFinite(quietWaitMs)) throw new Error('--wait-quiet takes seconds')
  const webDist = typeof flags.get('web-dist') === 'string' ? resolve(String(flags.get('web-dist'))) : undefined
  const bundle = flags.get('roundtable-bundle')
  const roundtableBundle = typeof bundle === 'string' ? resolve(bundle) : undefined
  return {
    quick: flags.has('quick'),
    profile: flags.has('profile'),
    reportOnly: flags.has('report'),
    only,
    servers,
    quietWaitMs,
    webDist,
    roundtableBundle,
  }
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-')
}

function log(message: string): void {
  process.stdout.write(`${message}\n`)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  mkdirSync(RESULTS_DIR, { recursive: true })
  if (args.reportOnly) {
    log(`wrote ${writeReport(RESULTS_DIR)}`)
    return
  }
  const options = args.quick ? QUICK : FULL
  const started = new Date()
  const profileDir = args.profile ? join(RESULTS_DIR, 'profiles', stamp(started)) : null
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const ctx: RunContext = {
    options,
    servers: args.profile ? ['roundtable'] : args.servers,
    log,
    quietWaitMs: args.quietWaitMs,
    webDist: args.webDist,
    roundtableStart: {
      ...(profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
      ...(args.roundtableBundle ? { bundle: args.roundtableBundle } : {}),
    },
  }
  log(`Roundtable bench, ${options.mode} mode: ${args.only.join(', ')} against ${ctx.servers.join(', ')}`)
  // The built server is what is measured (and what operators run): build it now if it is missing or stale.
  const measured = ctx.servers.includes('roundtable') || args.only.includes('adversarial')
  const build = args.roundtableBundle ? `${args.roundtableBundle} (given)` : measured ? ensureRoundtableBuilt(log) : ''
  if (build) log(`Roundtable: ${build}`)
  const busyAtStart = await machineBusyPercent(2000)
  if (busyAtStart > 25) log(`warning: other processes use ${busyAtStart}% of a core; figures will be disturbed`)
  const result: RunResult = {
    version: 1,
    mode: options.mode,
    profile: args.profile,
    startedAt: started.toISOString(),
    durationMs: 0,
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      node: process.version,
      kernel: release(),
      busyBeforeRunPct: busyAtStart,
    },
    servers: serverVersions(args.roundtableBundle),
    scenarios: {},
  }
  const timings: Record<string, number> = {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now()
    try {
      return await fn()
    } finally {
      timings[name] = Date.now() - t
    }
  }
  if (args.only.includes('fanout')) result.scenarios.fanout = await timed('fanout', () => runFanoutScenario(ctx))
  if (args.only.includes('cursors')) result.scenarios.cursors = await timed('cursors', () => runCursorsScenario(ctx))
  if (args.only.includes('throughput'))
    result.scenarios.throughput = await timed('throughput', () => runThroughputScenario(ctx))
  if (args.only.includes('cold')) result.scenarios.coldLoad = await timed('cold', () => runColdLoadScenario(ctx))
  if (args.only.includes('many')) result.scenarios.manyBoards = await timed('many', () => runManyBoardsScenario(ctx))
  if (args.only.includes('browser') && !args.profile) {
    result.scenarios.browser = await timed('browser', () => runBrowserScenario(ctx))
    if ('skipped' in result.scenarios.browser) log(`browser: skipped: ${result.scenarios.browser.skipped}`)
  }
  // Roundtable alone: the peers have none of these bounds to measure.
  if (args.only.includes('adversarial') && !args.profile && ctx.servers.includes('roundtable')) {
    result.scenarios.adversarial = await timed('adversarial', () => runAdversarialScenario(ctx))
  }
  result.durationMs = Date.now() - started.getTime()
  result.scenarioDurationsMs = timings

  if (profileDir) {
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))
    // tsx runs its module loader on a second thread, which writes a profile of its own: keep the server threads
    // (one per server process started, e.g. two for the cold load: before and after the restart).
    result.profiles = files.map((f) => summarizeProfile(join(profileDir, f))).filter((p) => p.serverThread)
    for (const p of result.profiles) printProfile(p)
  }
  // A run of only some scenarios or servers is kept, but BENCHMARKS.md is built from complete runs only.
  const partial = !args.profile && (args.only.length < SCENARIOS.length || ctx.servers.length < SERVER_KINDS.length)
  const kind = args.profile ? 'profile' : `${options.mode}${partial ? '-partial' : ''}`
  const file = join(RESULTS_DIR, `${stamp(started)}-${kind}.json`)
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
  log(`results: ${file}`)
  log(`wrote ${writeReport(RESULTS_DIR)}`)
  log(`run took ${(result.durationMs / 1000).toFixed(0)} s`)
}

/** CPU the whole machine used over `ms` (in % of one core) while the bench itself was idle. */
async function machineBusyPercent(ms: number): Promise<number> {
  const from = machineSeconds().busy
  await new Promise((r) => setTimeout(r, ms))
  return Math.round(((machineSeconds().busy - from) / (ms / 1000)) * 100)
}

function printProfile(p: ProfileSummary): void {
  log(`\nprofile ${p.file}: ${p.busyMs} ms busy of ${p.durationMs} ms`)
  log('  self time by place:')
  for (const r of p.byPlace) log(`    ${r.selfPct.toFixed(1).padStart(5)}%  ${r.where}`)
  log('  top functions by self time:')
  for (const r of p.topSelf.slice(0, 15)) log(`    ${r.selfPct.toFixed(1).padStart(5)}%  ${r.name}`)
  log('  top functions by total time:')
  for (const r of p.topTotal.slice(0, 15)) log(`    ${r.totalPct.toFixed(1).padStart(5)}%  ${r.name}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
