#!/usr/bin/env bash
# npm start: the exchange with demo data on the embedded database, from the compiled build
# (built first when dist/ is missing or stale) on the project's Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
node scripts/build.mjs --if-stale
exec bin/candor.js serve --demo "$@"
