// Prints one closing line for the whole monorepo test run ("N passed, N failed, N skipped"), summed from the
// JSON report each workspace's Vitest run writes to .test-results.json. Exits non-zero when a workspace that
// has tests wrote no report (a crash before reporting must not look like success).
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const workspaces = ['apps', 'packages']
  .flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(dir, name)) : []))
  .concat(['e2e', 'bench'].filter((dir) => existsSync(join(root, dir, 'package.json'))))

let passed = 0
let failed = 0
let skipped = 0
const missing = []
for (const ws of workspaces) {
  const report = join(root, ws, '.test-results.json')
  if (!existsSync(report)) {
    missing.push(ws)
    continue
  }
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed += r.numPassedTests ?? 0
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0)
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  console.log(`  ${ws}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
}
if (missing.length > 0) console.log(`  no test report from: ${missing.join(', ')}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
