#!/usr/bin/env bash
# Generates a migration for one module from its schema: scripts/db-generate.sh <module> <name>
set -euo pipefail
module=${1:?module}; name=${2:?name}
exec npx drizzle-kit generate --dialect postgresql --schema "src/$module/schema.ts" --out "src/$module/migrations" --name "$name"
