#!/usr/bin/env bash
# `npm run demo`: private services, migrations, a sample cohort (31 mentors, 45 students) with round 1 run,
# the API, the worker and a local SMTP sink; prints the URLs, the console's admin address and an API token. Ctrl-C stops it all.
# The apps are started with node itself (what `npm run start:api` runs) so that stopping them reaches them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started_services=false
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo >&2; echo "==> stopping the demo" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_services" = true ]; then env -u DATABASE_URL -u REDIS_URL bash scripts/services.sh stop || true; fi
}
trap cleanup EXIT INT TERM

if ! bash scripts/services.sh status >/dev/null 2>&1; then
  bash scripts/services.sh start
  started_services=true
fi
eval "$(bash scripts/services.sh env)"

[ -d node_modules ] || npm ci
echo "==> build" >&2
npm run --silent build
echo "==> migrations" >&2
npm run --silent migration:run

export PORT="${PORT:-3000}"
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:$PORT}"
export COORDINATOR_TOKEN="${COORDINATOR_TOKEN:-demo-$(node -e "process.stdout.write(require('crypto').randomBytes(18).toString('base64url'))")}"
export PUBLIC_POST_RATE_LIMIT="${PUBLIC_POST_RATE_LIMIT:-1000}"
mkdir -p .data/log .data/mail
mail_viewer=""
if [ -z "${SMTP_URL:-}" ]; then
  SMTP_PORT="${DEMO_SMTP_PORT:-2525}"; MAIL_HTTP_PORT="${DEMO_MAIL_HTTP_PORT:-8025}"
  node_modules/.bin/tsx scripts/smtp-sink.ts --port "$SMTP_PORT" --http-port "$MAIL_HTTP_PORT" --dir .data/mail >.data/log/smtp-sink.log 2>&1 &
  pids+=($!)
  export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  mail_viewer="http://127.0.0.1:$MAIL_HTTP_PORT  (and .data/mail/*.eml)"
fi

node dist/apps/api/apps/api/src/main.js >.data/log/api.log 2>&1 &
pids+=($!)
node dist/apps/worker/apps/worker/src/main.js >.data/log/worker.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.3
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { echo "the API did not become healthy; see .data/log/api.log" >&2; exit 1; }
kill -0 "${pids[-1]}" 2>/dev/null || { echo "the worker stopped; see .data/log/worker.log:" >&2; tail -5 .data/log/worker.log >&2; exit 1; }

echo "==> sample cohort" >&2
node_modules/.bin/tsx scripts/demo-seed.ts "http://127.0.0.1:$PORT" "$COORDINATOR_TOKEN"

cat <<INFO

  师友 Match demo is running.
    Open cohorts      $PUBLIC_URL/
    Console           $PUBLIC_URL/admin      sign in as admin@demo.shiyou.example (the link arrives in the mail viewer)
    API token         $COORDINATOR_TOKEN   (Authorization: Bearer, for scripts)
    API docs          $PUBLIC_URL/docs
    Queue dashboard   $PUBLIC_URL/admin/queues   (any user name, the API token as password)
    Emails sent       ${mail_viewer:-$SMTP_URL}
    Logs              .data/log/{api,worker}.log

  Press Ctrl-C to stop.
INFO
wait
