#!/usr/bin/env bash
# npm test: type-check, then every test (unit, database, SMTP, browser).
# With DATABASE_URL set the tests use that PostgreSQL server (a fresh database per run);
# otherwise they start the embedded server. The tests' global setup builds dist/ when stale:
# the tests that run the candor command run the compiled build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser
# The project's Node 24 (node_modules/.bin/node) for everything below, also when run as bash scripts/test.sh.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "Type-checking…"
npx tsc --noEmit -p .
echo "Running the tests${DATABASE_URL:+ against $DATABASE_URL}…"
npx vitest run "$@"
