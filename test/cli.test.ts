import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/database.js';

const bin = path.resolve('bin/candor.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });

describe('the candor command', () => {
  it('explains itself', () => {
    const res = run(['--help']);
    expect(res.status).toBe(0);
    for (const command of ['serve', 'worker', 'migrate', 'seed', 'audit verify']) expect(res.stdout).toContain(`candor ${command}`);
  });

  it('runs from the compiled build on Node 24, and --help loads no module', () => {
    const res = spawnSync(process.execPath, ['--import', path.resolve('test/support/loaded-modules.mjs'), bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('candor billing run');
    expect(res.stderr).toMatch(/^node v24\./m);
    const loaded = [...res.stderr.matchAll(/^loaded (.+)$/gm)].map((m) => m[1]!).sort();
    expect(loaded).toEqual(['bin/candor.js', 'dist/cli/args.js', 'dist/cli/commands.js', 'dist/cli/main.js']);
  });

  it('runs as a program with the young generation Node 20 had', () => {
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NODE_OPTIONS: `--import ${path.resolve('test/support/loaded-modules.mjs')}` };
    const res = spawnSync(bin, ['--help'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('candor serve');
    expect(res.stderr).toMatch(/^node v24\.\S+ --max-semi-space-size=16$/m);
  });

  it('answers an unknown command with one plain line and a non-zero exit', () => {
    const res = run(['frobnicate']);
    expect(res.status).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('unknown command "frobnicate"');
  });

  it('answers bad configuration with one plain line', () => {
    const res = run(['migrate'], { PORT: 'eighty' });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toMatch(/^candor: Configuration: PORT: /);
  });

  it('migrates a configured database and says so', async () => {
    const db = await createTestDatabase();
    try {
      const res = run(['migrate'], { DATABASE_URL: db.url });
      expect(res.stderr).toContain('Migrating audit…');
      expect(res.status).toBe(0);
      expect(res.stdout).toContain('Migrations are current.');
    } finally {
      await db.drop();
    }
  });

  it('serves on its own embedded PostgreSQL and stops it cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-serve-'));
    const env = { ...process.env, CANDOR_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [bin, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 90_000);
      child.stdout.on('data', () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg.json'), 'utf8')) as { port: number };
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pg.json'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(state.port).toBeGreaterThan(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);
});
