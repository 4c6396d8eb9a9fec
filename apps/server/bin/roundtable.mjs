#!/usr/bin/env node
// The `roundtable` command (`npx roundtable export …`): runs apps/server/src/cli.ts through tsx, so it works
// straight from a checkout, with no build step.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../src/cli.ts')
process.exitCode = await runCli(process.argv.slice(2))
