/** `candor catalog import` as an operator runs it: a real process, real files, the exit code and the one line it prints. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../test/support/database.js';
import { vermont2026PlanCsv, vermont2026RateCsv } from './seed-vermont-2026.js';

let db: { url: string; drop(): Promise<void> };
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-puf-'));
  fs.writeFileSync(path.join(dir, 'plans.csv'), vermont2026PlanCsv());
  fs.writeFileSync(path.join(dir, 'rates.csv'), vermont2026RateCsv());
  fs.writeFileSync(path.join(dir, 'bad-rates.csv'), vermont2026RateCsv().replace('1299.18', '12,99.18x'));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const candor = (...args: string[]) =>
  spawnSync(process.execPath, [path.resolve('bin/candor.js'), ...args], {
    env: { ...process.env, DATABASE_URL: db.url, CANDOR_DATA_DIR: dir, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });

async function rateCount(): Promise<number> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*)::int AS n FROM catalog_rates')).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('candor catalog import', () => {
  it('refuses a bad file with its line number and imports nothing', () => {
    const res = candor('catalog', 'import', '--plans', path.join(dir, 'plans.csv'), '--rates', path.join(dir, 'bad-rates.csv'));
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/^Nothing was imported\. bad-rates\.csv line \d+: /);
  });

  it('imports the files and shows its progress', async () => {
    expect(await rateCount()).toBe(0);
    const res = candor('catalog', 'import', '--plans', path.join(dir, 'plans.csv'), '--rates', path.join(dir, 'rates.csv'));
    expect(res.stderr).toContain('100%  14 rows  rates.csv');
    expect(res.stdout).toMatch(/^Imported 58 plan variants of 2 carriers and 14 rate rows in [\d.]+ s\.$/m);
    expect(res.status).toBe(0);
    expect(await rateCount()).toBe(14);
  });

  it('asks for its files', () => {
    const res = candor('catalog', 'import');
    expect(res.status).toBe(2);
    expect(res.stdout).toContain('--plans');
  });
});
