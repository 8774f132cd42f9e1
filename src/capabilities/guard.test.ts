/**
 * The guard across OS processes: three processes act through the guard (four
 * loops each) while a fourth takes the capability down and up again and
 * again. Zero actions may begin while it is down — from the moment a change
 * to down holds its lock (before it commits) until the change back begins —
 * and a change to down waits for the actions already running. The same run
 * without the guard (check the cache, then act) is the control: it does let
 * actions begin after the change, which shows the test can fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let db: { url: string; drop(): Promise<void> };
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`CREATE TABLE guard_probe (seq bigserial PRIMARY KEY, worker text NOT NULL, kind text NOT NULL, at timestamptz NOT NULL)`);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

function start(script: string, args: string[]): { child: ChildProcess; ready: Promise<void>; exited: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return { child, ready, exited };
}

interface Run {
  starts: Date[];
  ends: Date[];
  /** [down holds its lock, the change back begins] */
  downPeriods: Array<[Date, Date]>;
}

async function runScenario(mode: 'guarded' | 'naive'): Promise<Run> {
  await client.query(`TRUNCATE guard_probe`);
  await client.query(`UPDATE capabilities SET status = 'operational' WHERE id = 'online-payment'`);
  const workers = [1, 2, 3].map((n) => start('guard-worker.ts', [db.url, `${mode}-${n}`, mode, '4']));
  await Promise.all(workers.map((w) => w.ready));
  // Every worker is acting before the changes start.
  for (let i = 0; i < 300; i++) {
    const { rows } = await client.query(`SELECT count(DISTINCT worker)::int AS n FROM guard_probe WHERE kind = 'start'`);
    if (rows[0].n === 3) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const changer = start('guard-changer.ts', [db.url, '6', '150', '200']);
  expect(await changer.exited).toBe(0);
  await new Promise((r) => setTimeout(r, 200));
  for (const w of workers) w.child.kill('SIGTERM');
  for (const w of workers) expect(await w.exited).toBe(0);
  const { rows } = await client.query<{ kind: string; at: Date }>(`SELECT kind, at FROM guard_probe ORDER BY at, seq`);
  const locked = rows.filter((r) => r.kind === 'down-locked').map((r) => r.at);
  const up = rows.filter((r) => r.kind === 'up-begins').map((r) => r.at);
  return {
    starts: rows.filter((r) => r.kind === 'start').map((r) => r.at),
    ends: rows.filter((r) => r.kind === 'end').map((r) => r.at),
    downPeriods: locked.map((l, i) => [l, up[i]!]),
  };
}

const inside = (at: Date, [from, to]: [Date, Date]) => at.getTime() >= from.getTime() && at.getTime() <= to.getTime();

describe('the guard across processes', () => {
  it('lets zero actions begin once a change to down holds its lock, and makes the change wait for running actions', async () => {
    const run = await runScenario('guarded');
    expect(run.downPeriods).toHaveLength(6);
    const begunWhileDown = run.starts.filter((s) => run.downPeriods.some((p) => inside(s, p)));
    expect(begunWhileDown).toEqual([]);
    // Waited for running actions: every action that began before a down change ended before that change held its lock.
    const endedWhileDown = run.ends.filter((e) => run.downPeriods.some((p) => inside(e, p)));
    expect(endedWhileDown).toEqual([]);
    // Not vacuous: actions ran before the first change and between every two changes.
    for (let i = 0; i < run.downPeriods.length; i++) {
      const after = run.downPeriods[i]![1];
      const next = run.downPeriods[i + 1]?.[0] ?? new Date(8.64e15);
      expect(
        run.starts.some((s) => s > after && s < next),
        `actions after period ${i}`,
      ).toBe(true);
    }
    expect(run.starts.some((s) => s < run.downPeriods[0]![0])).toBe(true);
  }, 120_000);

  it('control: without the guard (check, then act), actions do begin after the change', async () => {
    const run = await runScenario('naive');
    const begunWhileDown = run.starts.filter((s) => run.downPeriods.some((p) => inside(s, p)));
    expect(begunWhileDown.length).toBeGreaterThan(0);
  }, 120_000);
});
