/**
 * `candor renewal run` killed half-way (SIGKILL in a child process, once some
 * chunks have committed) and run again: every household ends with exactly one
 * renewal, one 2027 enrollment and one renewal notice. What the run decides does
 * not depend on the day it runs (the 2027 rules and catalog are data), so the
 * child's own clock is fine here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { connect, type Database } from '../platform/database.js';
import { seedBook } from './testing.js';

const HOUSEHOLDS = 600;
let db: { url: string; drop(): Promise<void> };
let database: Database;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  database = connect(db.url, 4);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-renewal-kill-'));
  await database.db.transaction((tx) => loadVermont2026Catalog(tx));
  await database.db.transaction((tx) => loadVermont2027Catalog(tx));
  await seedBook(database.db, { prefix: 'H-KR', households: HOUSEHOLDS });
}, 60_000);
afterAll(async () => {
  await database?.close();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function renewalRun() {
  const child = spawn(process.execPath, ['bin/candor.js', 'renewal', 'run', '--year', '2027', '--chunk', '20'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: db.url, CANDOR_DATA_DIR: dataDir, CANDOR_ENV: 'test', LOG_LEVEL: 'silent', WORKERS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

const decided = async () => (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM renewals WHERE plan_year = 2027`)).rows[0]!.n;

describe('the renewal run, killed half-way', () => {
  it('renews each household exactly once when run again', { timeout: 240_000 }, async () => {
    const first = renewalRun();
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && (await decided()) === 0) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const atKill = await decided();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(HOUSEHOLDS);

    const second = renewalRun();
    const finished = await second.done;
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toContain(`Renewal run for 2027: ${HOUSEHOLDS - atKill} households decided now, ${atKill} decided by an earlier run.`);
    expect(finished.out).toMatch(/Renewal 2027 \[#+\] 100% 600 of 600 households/);

    const per = await database.db.execute<{ households: number; renewals: number; enrollments: number; notices: number; most: number }>(sql`
      SELECT count(DISTINCT h.id)::int AS households,
             (SELECT count(*) FROM renewals WHERE plan_year = 2027)::int AS renewals,
             (SELECT count(*) FROM enrollments WHERE plan_year = 2027)::int AS enrollments,
             (SELECT count(DISTINCT dedupe_key) FROM notice_messages WHERE type = 'renewal')::int AS notices,
             (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM enrollments WHERE plan_year = 2027 GROUP BY household_id) x)::int AS most
        FROM households h WHERE h.case_number LIKE 'H-KR%'`);
    expect(per.rows[0]).toEqual({ households: HOUSEHOLDS, renewals: HOUSEHOLDS, enrollments: HOUSEHOLDS, notices: HOUSEHOLDS, most: 1 });
  });
});
