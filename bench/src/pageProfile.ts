/**
 * CPU profile of the board page opening a board, through Chromium's profiler over CDP.
 *
 * `npx tsx src/pageProfile.ts [--web-dist=<dir>] [--ideas=1000] [--warm] [--out=<file.cpuprofile>]`
 *
 * Starts Roundtable serving the web build, seeds a board, opens it in a fresh headless Chromium with the profiler
 * on, and stops at "interactive" (see bench/README.md). Prints the page's milestones, then self time grouped by
 * original source file (through the build's source maps when it has them: `vite build --sourcemap`) and the top
 * functions, and where the main thread was idle (waiting on the network or IndexedDB). With `--warm` the page is
 * opened once first in the same browser profile and the second opening is profiled.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SourceMapConsumer } from 'source-map-js'
import { createBoard } from './load/common'
import { startLoad, targetOf } from './loadProcess'
import { startServer } from './servers'
import { freshPage, PAGE_PROBES, openBoard, WEB_DIST } from './scenarios/browser'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
}

const flags = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=')
    return [k!, v ?? true] as const
  }),
)
const webDist = typeof flags.get('web-dist') === 'string' ? String(flags.get('web-dist')) : WEB_DIST
const ideas = Number(flags.get('ideas') ?? 1000)
const warm = flags.get('warm') === true
const settleMs = Number(flags.get('settle') ?? 0)
const out = typeof flags.get('out') === 'string' ? String(flags.get('out')) : null

const server = await startServer('roundtable', { webDist })
const load = startLoad()
const target = targetOf(server)
try {
  const boardId = await createBoard(target)
  await load.call('seedIdeas', target, { boardId, count: ideas })
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  const [id, key] = boardId.split('?key=')
  const url = `${server.http}/b/${id}#key=${key ?? ''}`
  const { page, context, done } = await freshPage()
  try {
    await page.addInitScript(PAGE_PROBES)
    if (warm) {
      await openBoard(page, url, ideas)
      await page.waitForTimeout(3000)
      await page.goto('about:blank')
    }
    const cdp = await context.newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    const t0 = Date.now()
    const events: [number, string][] = []
    page.on('websocket', (ws) => {
      events.push([Date.now(), `websocket ${ws.url().replace(/^.*\/sync\//, '/sync/')}`])
      let n = 0
      ws.on('framereceived', (frame) => {
        if (n++ < 4)
          events.push([
            Date.now(),
            `  frame in ${typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength} B`,
          ])
      })
      ws.on('framesent', (frame) => {
        if (n < 4)
          events.push([
            Date.now(),
            `  frame out ${typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength} B`,
          ])
      })
    })
    const marks = await openBoard(page, url, ideas)
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile }
    console.log(`wall ${Date.now() - t0} ms;`, marks)
    const origin = (await page.evaluate('performance.timeOrigin')) as number
    for (const [at, what] of events) console.log(`  ${String(Math.round(at - origin)).padStart(5)} ms  ${what}`)
    // When each file and request started and ended (ms from navigation), to see what the page waits for.
    const resources = (await page.evaluate(`performance.getEntriesByType('resource').map((r) =>
      [Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize, r.name.replace(location.origin, '')])`)) as [
      number,
      number,
      number,
      string,
    ][]
    for (const [start, end, size, name] of resources)
      console.log(
        `  ${String(start).padStart(5)} → ${String(end).padStart(5)} ms ${String(size).padStart(8)} B  ${name.slice(0, 90)}`,
      )
    if (out) writeFileSync(out, JSON.stringify(profile))
    summarize(profile, server.http)
  } finally {
    await done()
  }
} finally {
  await load.stop()
  await server.stop()
}

function summarize(profile: Profile, origin: string): void {
  const maps = new Map<string, SourceMapConsumer | null>()
  const mapFor = (url: string): SourceMapConsumer | null => {
    if (!url.startsWith(origin)) return null
    if (!maps.has(url)) {
      const file = join(webDist, new URL(url).pathname)
      maps.set(
        url,
        existsSync(`${file}.map`) ? new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null,
      )
    }
    return maps.get(url)!
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const where = (n: Node): { source: string; name: string } => {
    const { url, functionName, lineNumber, columnNumber } = n.callFrame
    const map = mapFor(url)
    if (map) {
      const pos = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber })
      if (pos.source) {
        const source = pos.source.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|packages)\//, '$1/')
        return { source, name: `${pos.name ?? functionName ?? '(anonymous)'} ${source}:${pos.line}` }
      }
    }
    const short = url.startsWith(origin) ? new URL(url).pathname : url || functionName
    return { source: short, name: `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}` }
  }
  const bySource = new Map<string, number>()
  const byPackage = new Map<string, number>()
  const byName = new Map<string, number>()
  const timeline: { at: number; busy: boolean }[] = []
  let t = 0
  let busyMs = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    t += ms
    const n = byId.get(id)!
    const idle = n.callFrame.functionName === '(idle)'
    timeline.push({ at: t, busy: !idle })
    if (idle) return
    busyMs += ms
    const w = where(n)
    const pkg = /^(@[^/]+\/[^/]+|[^/]+)/.exec(w.source)?.[1] ?? w.source
    bySource.set(w.source, (bySource.get(w.source) ?? 0) + ms)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms)
    byName.set(w.name, (byName.get(w.name) ?? 0) + ms)
  })
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n')
  console.log(`sampled ${t.toFixed(0)} ms, busy ${busyMs.toFixed(0)} ms`)
  // The main thread per 100 ms: how busy it was, to see where the page waits.
  const buckets: number[] = []
  let prev = 0
  for (const s of timeline) {
    const b = Math.floor(s.at / 100)
    buckets[b] = (buckets[b] ?? 0) + (s.busy ? s.at - prev : 0)
    prev = s.at
  }
  console.log(`busy per 100 ms: ${Array.from(buckets, (b) => String(Math.round(((b ?? 0) / 100) * 9))).join('')} (0-9)`)
  // What the main thread did, 200 ms at a time (by where the time was spent, three frames up from the leaf).
  const windows = new Map<number, Map<string, number>>()
  {
    const parentOf = new Map<number, number>()
    for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id)
    let at = 0
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000
      at += ms
      const n = byId.get(id)!
      if (n.callFrame.functionName === '(idle)') return
      const chain: string[] = []
      for (let c: number | undefined = id; c !== undefined && chain.length < 8; c = parentOf.get(c)) {
        const w = where(byId.get(c)!)
        if (/\/(apps|packages)\/|roundtable|BoardPage|boardSession/.test(w.name)) {
          chain.push(w.name.split(' ')[0] + ' ' + w.name.split('/').pop())
          break
        }
        if (chain.length === 0) chain.push(w.name.split(' ')[0] + ' ' + w.name.split('/').pop())
      }
      const key = chain.join(' … ')
      const b = Math.floor(at / 200)
      const m = windows.get(b) ?? new Map<string, number>()
      m.set(key, (m.get(key) ?? 0) + ms)
      windows.set(b, m)
    })
  }
  for (const [b, m] of [...windows.entries()].sort((x, y) => x[0] - y[0]))
    console.log(
      `${String(b * 200).padStart(5)} ms: ${[...m.entries()]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([k, v]) => `${v.toFixed(0)} ${k}`)
        .join(' | ')}`,
    )
  console.log(`by package:\n${top(byPackage, 15)}`)
  console.log(`by source file:\n${top(bySource, 25)}`)
  console.log(`by function:\n${top(byName, 30)}`)
  // Who called the busiest functions: three frames up, by time.
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
  const topNames = [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(1, 12)
    .map(([k]) => k)
  for (const name of topNames) {
    const stacks = new Map<string, number>()
    for (const [id, ms] of self) {
      const n = byId.get(id)!
      if (where(n).name !== name) continue
      const chain: string[] = []
      for (let p = parent.get(id); p !== undefined && chain.length < 4; p = parent.get(p))
        chain.push(where(byId.get(p)!).name)
      const k = chain.join(' < ')
      stacks.set(k, (stacks.get(k) ?? 0) + ms)
    }
    console.log(`${name}:\n${top(stacks, 3)}`)
  }
}
