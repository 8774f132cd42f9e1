import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATING_MODULES } from '../src/platform/migrations.js';

// The tests' global setup has built dist/ from the sources as they are.
const files = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe('the compiled build', () => {
  it('ships no tests or test helpers', () => {
    const shipped = files('dist');
    expect(shipped.filter((f) => /\.test\.|(^|\/)testing(\.js|\/)|test-client\.js/.test(f))).toEqual([]);
    expect(shipped).toContain(path.join('cli', 'main.js'));
  });

  it('carries every file the code reads at run time beside it: migrations, fonts, the password list, web assets', () => {
    const assets = files('src').filter((f) => !/\.(ts|tsx|md)$/.test(f) && !f.includes('tools'));
    expect(assets.length).toBeGreaterThan(40);
    for (const f of assets) expect(fs.readFileSync(path.join('dist', f)).equals(fs.readFileSync(path.join('src', f))), f).toBe(true);
    for (const m of MIGRATING_MODULES) expect(fs.existsSync(path.join('dist', m, 'migrations', 'meta', '_journal.json')), m).toBe(true);
  });

  it('is not built again while the sources are unchanged', () => {
    const res = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('');
  });
});
