// Runs Turborepo with its telemetry off: no notice on the first `npm start`, nothing sent anywhere. A script rather
// than `TURBO_TELEMETRY_DISABLED=1 turbo …` in package.json, because that prefix does not work in Windows' cmd.exe.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo')
const result = spawnSync(process.execPath, [turbo, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
})
process.exit(result.status ?? 1)
