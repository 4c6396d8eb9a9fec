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
const failures = []

/** One line per failed test or file: where, which test, and the first line of why. */
function failuresIn(ws, report) {
  const lines = []
  for (const file of report.testResults ?? []) {
    const where = `${ws}/${file.name.split(`/${ws}/`).pop()}`
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of failedTests) lines.push(`  FAILED ${where} › ${t.fullName}: ${firstLine(t.failureMessages)}`)
    if (failedTests.length === 0 && file.status === 'failed')
      lines.push(`  FAILED ${where}: ${firstLine([file.message])}`)
  }
  return lines
}

function firstLine(messages) {
  const text = (messages ?? []).find(Boolean) ?? ''
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')[0]
    .slice(0, 300)
}
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
  failures.push(...failuresIn(ws, r))
}
// Name every failure again at the very end, where a truncated CI log still shows it.
for (const line of failures) console.log(line)
if (missing.length > 0) console.log(`  no test report from: ${missing.join(', ')}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
