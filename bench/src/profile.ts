import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

interface CpuProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number }
  children?: number[]
}

interface CpuProfile {
  nodes: CpuProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** One row of a profile summary. */
export interface ProfileRow {
  name: string
  /** Where it lives: a package name, a workspace path, or "(node)" / "(v8)". */
  where: string
  selfMs: number
  selfPct: number
  /** Time with this function anywhere on the stack (recursion counted once). */
  totalMs: number
  totalPct: number
}

export interface ProfileSummary {
  file: string
  /** True when the profile ran the server's own code (not a helper thread, e.g. the module loader's). */
  serverThread: boolean
  /** Sampled wall time, ms. */
  durationMs: number
  /** Time not idle (not in "(idle)"), ms. */
  busyMs: number
  topSelf: ProfileRow[]
  topTotal: ProfileRow[]
  /** Self time grouped by package / workspace. */
  byPlace: { where: string; selfMs: number; selfPct: number }[]
}

function place(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? '(v8)' : '(native)'
  if (url.startsWith('node:')) return '(node)'
  const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules) return modules[1]!
  const workspace = /\/((?:packages|apps|bench)\/[^/]+)\//.exec(url)
  if (workspace) return workspace[1]!
  return url.replace(/^file:\/\//, '')
}

/** A source location short enough for a table: from node_modules/ or the workspace folder on. */
function shortUrl(url: string): string {
  const m = /\/(node_modules\/.*)$/.exec(url) ?? /\/((?:packages|apps|bench)\/.*)$/.exec(url)
  return m ? m[1]! : url.replace(/^file:\/\//, '')
}

/**
 * Point every frame of a bundle (Roundtable's built server) at its source file and line through the bundle's
 * source map, so the summary names packages/sync/src/room.ts rather than apps/server/dist/main.js.
 */
function toSources(profile: CpuProfile): void {
  const maps = new Map<string, SourceMap | null>()
  const mapFor = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null
      if (url.startsWith('file://') && url.endsWith('.js')) {
        const path = fileURLToPath(url)
        if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')))
      }
      maps.set(url, map)
    }
    return maps.get(url)!
  }
  for (const node of profile.nodes) {
    const frame = node.callFrame
    const map = mapFor(frame.url)
    if (!map) continue
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber ?? 0)
    if (!('originalSource' in entry)) continue
    const source = entry.originalSource
    frame.url = source.startsWith('file://') ? source : `file://${resolve(dirname(fileURLToPath(frame.url)), source)}`
    frame.lineNumber = entry.originalLine
  }
}

/**
 * Read a `node --cpu-prof` profile and rank functions by self time and by total (inclusive) time. Total time
 * is what points at the expensive path (e.g. the room's flush), self time at the leaf doing the work.
 */
export function summarizeProfile(file: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  toSources(profile)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const selfByNode = new Map<number, number>()
  profile.samples.forEach((id, i) =>
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  )

  const key = (n: CpuProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
  const self = new Map<string, { node: CpuProfileNode; ms: number }>()
  const total = new Map<string, { node: CpuProfileNode; ms: number }>()
  let durationMs = 0
  let idleMs = 0
  for (const [id, ms] of selfByNode) {
    durationMs += ms
    const node = byId.get(id)!
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms
      continue
    }
    const k = key(node)
    const s = self.get(k) ?? { node, ms: 0 }
    s.ms += ms
    self.set(k, s)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!
      const kk = key(n)
      if (seen.has(kk) || n.callFrame.functionName === '(root)') continue
      seen.add(kk)
      const t = total.get(kk) ?? { node: n, ms: 0 }
      t.ms += ms
      total.set(kk, t)
    }
  }
  const busyMs = durationMs - idleMs
  const row = (k: string, node: CpuProfileNode): ProfileRow => {
    const s = self.get(k)?.ms ?? 0
    const t = total.get(k)?.ms ?? 0
    return {
      name: k,
      where: place(node.callFrame.url, node.callFrame.functionName),
      selfMs: Math.round(s),
      selfPct: Math.round((s / busyMs) * 1000) / 10,
      totalMs: Math.round(t),
      totalPct: Math.round((t / busyMs) * 1000) / 10,
    }
  }
  const topSelf = [...self.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([k, v]) => row(k, v.node))
  const topTotal = [...total.entries()]
    .filter(([, v]) => v.node.callFrame.url !== '' || !v.node.callFrame.functionName.startsWith('('))
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([k, v]) => row(k, v.node))
  const places = new Map<string, number>()
  for (const { node, ms } of self.values()) {
    const w = place(node.callFrame.url, node.callFrame.functionName)
    places.set(w, (places.get(w) ?? 0) + ms)
  }
  const byPlace = [...places.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([where, ms]) => ({ where, selfMs: Math.round(ms), selfPct: Math.round((ms / busyMs) * 1000) / 10 }))
  const serverThread = profile.nodes.some((n) => /\/(apps\/server|packages\/sync)\//.test(n.callFrame.url))
  return {
    file,
    serverThread,
    durationMs: Math.round(durationMs),
    busyMs: Math.round(busyMs),
    topSelf,
    topTotal,
    byPlace,
  }
}
