import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

let ticksPerSecond: number | null = null

/** Kernel clock ticks per second (the unit of utime/stime in /proc/<pid>/stat). */
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return (utime + stime) / clockTicks()
}

/** Resident memory of a process in bytes (VmRSS), and its peak (VmHWM). */
export function memory(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM') }
}

/** CPU seconds the whole machine spent busy (all cores, not idle, not waiting for I/O) and waiting for I/O. */
export function machineSeconds(): { busy: number; iowait: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[]
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) / clockTicks(), iowait: iowait! / clockTicks() }
}

/** A point in time for measuring the CPU use of a set of processes over a window. */
export interface CpuMark {
  at: number
  seconds: Record<string, number>
  machine: { busy: number; iowait: number }
}

/** Record CPU seconds used so far by each named process, and by the machine. */
export function markCpu(pids: Record<string, number>): CpuMark {
  const seconds: Record<string, number> = {}
  for (const [name, pid] of Object.entries(pids)) seconds[name] = cpuSeconds(pid)
  return { at: performance.now(), seconds, machine: machineSeconds() }
}

/**
 * CPU use between two marks, in percent of one core (100 = one core fully busy), per named process, plus
 * `other`: everything else on the machine (other processes, kernel network work), and `iowait`. A high `other`
 * means something outside the benchmark competed for the cores during the window.
 */
export function cpuPercent(from: CpuMark, to: CpuMark): Record<string, number> {
  const wall = (to.at - from.at) / 1000
  const pct = (seconds: number) => (wall > 0 ? Math.round((seconds / wall) * 1000) / 10 : 0)
  const out: Record<string, number> = {}
  let ours = 0
  for (const name of Object.keys(from.seconds)) {
    const used = to.seconds[name]! - from.seconds[name]!
    ours += used
    out[name] = pct(used)
  }
  out.other = Math.max(0, pct(to.machine.busy - from.machine.busy - ours))
  out.iowait = pct(to.machine.iowait - from.machine.iowait)
  return out
}
