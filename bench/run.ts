/**
 * npm run bench [-- name …]: runs every bench/<name>.ts (or those named) one after another and
 * prints their markdown sections. Each benchmark measures its own baseline in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stopBenchServer } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const names = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'support.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

let failed = 0;
for (const name of names) {
  process.stderr.write(`\n── bench ${name} ──\n`);
  try {
    const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { main?: () => Promise<string> };
    if (!mod.main) throw new Error('exports no main()');
    process.stdout.write(`${await mod.main()}\n\n`);
  } catch (err) {
    failed++;
    process.stderr.write(`bench ${name} failed: ${(err as Error).message}\n`);
  }
}
await stopBenchServer();
process.exit(failed ? 1 : 0);
