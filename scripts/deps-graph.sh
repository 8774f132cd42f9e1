#!/usr/bin/env bash
# npm run deps:graph: the module-level dependency graph (one node per folder of src/, tests left out),
# as Graphviz dot (violations of .dependency-cruiser.cjs drawn in red) and as Mermaid.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
depcruise src --config .dependency-cruiser.cjs --collapse '^src/[^/]+' --output-type dot --output-to docs/dependency-graph.dot
depcruise src --config .dependency-cruiser.cjs --collapse '^src/[^/]+' --output-type mermaid --output-to docs/dependency-graph.mmd
echo "Wrote docs/dependency-graph.dot and docs/dependency-graph.mmd."
