#!/usr/bin/env bash
# The one test command (npm test): type-check and test every workspace, then print one summary line.
set -u
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
find apps packages e2e bench -maxdepth 2 -name .test-results.json -delete 2>/dev/null
npx turbo run typecheck test --continue --concurrency=1 --output-logs=full "$@"
code=$?
node scripts/test-summary.mjs || code=1
exit $code
