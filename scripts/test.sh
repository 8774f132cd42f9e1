#!/usr/bin/env bash
# npm test: lint (ESLint), module boundaries (dependency-cruiser), formatting (Prettier, once
# .format-enforced exists), type-check, then every test (unit, database, SMTP, browser).
# With DATABASE_URL set the tests use that PostgreSQL server (a fresh database per run);
# otherwise they start the embedded server. The tests' global setup builds dist/ when stale:
# the tests that run the candor command run the compiled build. With CANDOR_TEST_TODAY=YYYY-MM-DD
# the whole run takes that day as today (test/support/fixed-today.mjs): the suite passes on any day.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser
# The project's Node 24 (node_modules/.bin/node) for everything below, also when run as bash scripts/test.sh.
export PATH="$PWD/node_modules/.bin:$PATH"
echo "Linting…"
eslint --cache --cache-location node_modules/.cache/eslint/ .
echo "Checking module boundaries…"
depcruise src --config .dependency-cruiser.cjs --ignore-known --output-type err
if [ -f .format-enforced ]; then
  echo "Checking formatting…"
  prettier --check --log-level warn .
else
  echo "Formatting is not checked yet: the tree is formatted in one commit, then .format-enforced is added (ADR 0135)."
fi
if [ -n "${CANDOR_TEST_TODAY:-}" ]; then
  # Every test process (vitest's workers and the commands tests start) sees this day as today.
  export NODE_OPTIONS="--import $PWD/test/support/fixed-today.mjs ${NODE_OPTIONS:-}"
  echo "Today is fixed at $CANDOR_TEST_TODAY for this run."
fi
echo "Type-checking…"
npx tsc --noEmit -p .
echo "Running the tests${DATABASE_URL:+ against $DATABASE_URL}…"
npx vitest run "$@"
