#!/usr/bin/env bash
# The one test command (npm test): check that package-lock.json agrees with every package.json, lint, then
# type-check and test every workspace, and print one summary line.
set -u
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
code=0
problems=()

# `npm ci` (CI, the Dockerfile) refuses a lock that disagrees with package.json; find that out here first.
# A dry run reads the lock and every package.json and touches nothing.
if ! npm ci --dry-run --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null; then
  problems+=("package-lock.json does not match package.json: run npm install and commit package-lock.json")
fi

# Formatting and lint rules (biome.json); warnings are for `npm run lint`, errors fail the run.
if ! npm run --silent lint -- --diagnostic-level=error; then
  problems+=("npm run lint failed: npm run format fixes formatting; lint errors need fixing by hand")
fi

find apps packages e2e bench -maxdepth 2 -name .test-results.json -delete 2>/dev/null
npx turbo run typecheck test --continue --concurrency=1 --output-logs=full "$@" || code=1
node scripts/test-summary.mjs || code=1
for problem in "${problems[@]}"; do
  echo "  FAILED $problem"
  code=1
done
exit $code
