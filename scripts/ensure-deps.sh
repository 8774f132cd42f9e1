#!/usr/bin/env bash
# Installs what is missing: npm dependencies from the lock file, and (for tests) Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund >&2
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
    if [ "$(id -u)" = "0" ]; then
      echo "Installing Chromium from Debian's packages (apt-get install -y chromium)…" >&2
      (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)) >&2
    else
      echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then npm test again." >&2
      exit 1
    fi
  fi
fi
