#!/usr/bin/env node
// The `candor` command: runs the compiled build in dist/ on Node 24 (docs/adr/0090).
// `npm run build` makes dist/; `npm start`, `npm run candor` and the tests build it when it is stale.
import fs from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`candor: needs Node 24 or later, and this is Node ${process.version}. The project installs Node 24 (npm ci): run candor through npm start, npm run candor or npx candor, or as node_modules/.bin/node bin/candor.js.\n`);
  process.exit(1);
}
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  process.stderr.write('candor: the compiled build is missing: run "npm run build" first (npm start builds it by itself).\n');
  process.exit(1);
}
await import(main.href);
