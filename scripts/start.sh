#!/usr/bin/env bash
# npm start: the exchange with demo data on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node bin/candor.js serve --demo "$@"
