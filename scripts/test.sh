#!/usr/bin/env bash
# npm test: type-check, then every test (unit, database, SMTP, browser).
# With DATABASE_URL set the tests use that PostgreSQL server (a fresh database per run);
# otherwise they start the embedded server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser
echo "Type-checking…"
npx tsc --noEmit -p .
echo "Running the tests${DATABASE_URL:+ against $DATABASE_URL}…"
npx vitest run "$@"
