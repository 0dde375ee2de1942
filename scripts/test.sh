#!/usr/bin/env bash
# The README's test command (`npm test`): private services, a build, then every unit, e2e and browser test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -d node_modules ] || npm ci
bash scripts/system-packages.sh browser
started_services=false
if ! bash scripts/services.sh status >/dev/null 2>&1; then
  bash scripts/services.sh start
  started_services=true
fi
# The URLs exported below would make services.sh treat the services as external: stop with them unset.
cleanup() { if [ "$started_services" = true ]; then env -u DATABASE_URL -u REDIS_URL bash scripts/services.sh stop || true; fi; }
trap cleanup EXIT
eval "$(bash scripts/services.sh env)"

echo "==> lint:deps" >&2
npm run --silent lint:deps

echo "==> build" >&2
npm run --silent build

echo "==> jest (unit, e2e, browser)" >&2
mkdir -p artifacts
status=0
npx jest --runInBand --json --outputFile=artifacts/jest-results.json "$@" || status=$?
# One plain closing line with the counts, whatever the runner printed above it.
node -e '
  const r = require("./artifacts/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
