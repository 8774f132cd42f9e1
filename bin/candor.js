#!/usr/bin/env -S node --max-semi-space-size=16
// The `candor` command: runs the compiled build in dist/ on Node 24 (docs/adr/0090).
// `npm run build` makes dist/; `npm start`, `npm run candor` and the tests build it when it is stale.
// --max-semi-space-size=16 keeps V8's young generation at the size it had on Node 20: Node 24's
// default grows it to 64 MB a semi-space, about 100 MB more memory in every process (BENCHMARKS.md,
// startup). Run as `bin/candor.js …` or `npx candor …` to get it; `node bin/candor.js` does not.
import fs from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `candor: needs Node 24 or later, and this is Node ${process.version}. The project installs Node 24 (npm ci): run candor through npm start, npm run candor or npx candor, or as node_modules/.bin/node bin/candor.js.\n`,
  );
  process.exit(1);
}
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  process.stderr.write('candor: the compiled build is missing: run "npm run build" first (npm start builds it by itself).\n');
  process.exit(1);
}
await import(main.href);
