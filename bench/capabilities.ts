/**
 * Capabilities benchmarks, each against a baseline measured in the same run:
 * - propagation: the time from a committed status change (setCapabilityStatus,
 *   with its timeline row and audit record) until every one of 4 processes'
 *   capability caches holds it, over 1,000 changes — against a bare NOTIFY
 *   reaching the same 4 processes;
 * - a guarded page (its route declares a capability) with the capability check
 *   on and off, requests per second and p99, alternating rounds;
 * - the guard (whileAvailable: shared advisory lock and a re-read of the
 *   registry) around an empty action, against one bare query on the same pool.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { h } from 'preact';
import { MODULES } from '../src/app/modules.js';
import type { CandorModule } from '../src/app/module.js';
import { connect } from '../src/platform/database.js';
import { setCapabilityStatus } from '../src/capabilities/set-capability-status.js';
import { renderPage } from '../src/web/render.js';
import { benchDatabase, benchHeader, percentile, startBenchApp } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHANGES = 1_000;
const PROCESSES = 4;
const PAGE_SECONDS = 5;
const PAGE_ROUNDS = 2;
const CONNECTIONS = 10;
const wall = () => performance.timeOrigin + performance.now();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

interface Listener {
  child: ChildProcess;
  seen: Map<string, number>;
  raw: Map<string, number>;
}

async function startListener(url: string): Promise<Listener> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '../src/capabilities/testing/bench-listener.ts'), url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const listener: Listener = { child, seen: new Map(), raw: new Map() };
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench listener exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') return resolve();
      const [kind, n, at] = line.split(' ');
      (kind === 'seen' ? listener.seen : listener.raw).set(n!, Number(at));
    });
  });
  return listener;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('a process did not see a change within 10 s');
    await new Promise((r) => setImmediate(r));
  }
}

async function propagation(): Promise<{ change: number[]; raw: number[] }> {
  const database = await benchDatabase();
  const db = connect(database.url, 2);
  const notifier = new pg.Client({ connectionString: database.url });
  await notifier.connect();
  const listeners = await Promise.all(Array.from({ length: PROCESSES }, () => startListener(database.url)));
  const change: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = 0; i < CHANGES; i++) {
      const key = String(i);
      await db.db.transaction((tx) =>
        setCapabilityStatus(tx, { capability: 'text-notices', status: i % 2 ? 'operational' : 'degraded', reasonEn: `bench-${key}`, by: { kind: 'system', id: 'bench' }, now: new Date() }),
      );
      const committed = wall();
      await until(() => listeners.every((l) => l.seen.has(key)));
      change.push(Math.max(...listeners.map((l) => l.seen.get(key)! - committed)));

      await notifier.query(`SELECT pg_notify('bench_raw', '${key}')`);
      const sent = wall();
      await until(() => listeners.every((l) => l.raw.has(key)));
      raw.push(Math.max(...listeners.map((l) => l.raw.get(key)! - sent)));
    }
  } finally {
    for (const l of listeners) l.child.kill('SIGTERM');
    await notifier.end();
    await db.close();
    await new Promise((r) => setTimeout(r, 300));
    await database.drop();
  }
  return { change: change.sort((a, b) => a - b), raw: raw.sort((a, b) => a - b) };
}

const probe: CandorModule = {
  name: 'shop-probe',
  routes: (app, ctx) => void app.get('/shop-probe', async (req, reply) => renderPage(ctx, req, reply, { title: 'Shop for plans', body: h('h1', null, 'Shop for plans') })),
};

async function guardedPage(): Promise<{ on: autocannon.Result[]; off: autocannon.Result[]; guard: number; bare: number }> {
  const app = await startBenchApp({ modules: [...MODULES, probe] });
  try {
    const check = app.ctx.hooks.requireCapability;
    const run = () => cannon({ url: `${app.url}/shop-probe`, connections: CONNECTIONS, duration: PAGE_SECONDS });
    await cannon({ url: `${app.url}/shop-probe`, connections: 2, duration: 2 }); // warm-up
    const on: autocannon.Result[] = [];
    const off: autocannon.Result[] = [];
    for (let round = 0; round < PAGE_ROUNDS; round++) {
      app.ctx.hooks.requireCapability = check;
      on.push(await run());
      app.ctx.hooks.requireCapability = undefined;
      off.push(await run());
    }
    app.ctx.hooks.requireCapability = check;
    for (const r of [...on, ...off]) if (r.non2xx || r.errors) throw new Error(`guarded page run failed: ${r.non2xx} non-2xx, ${r.errors} errors`);

    // The guard itself, 8 in flight, against a bare query on a pool of the same size.
    const service = app.ctx.services.capabilities;
    const pool = new pg.Pool({ connectionString: app.databaseUrl, max: 10 });
    const rate = async (op: () => Promise<unknown>) => {
      const end = Date.now() + 3_000;
      let n = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < end) {
            await op();
            n++;
          }
        }),
      );
      return n / 3;
    };
    await rate(() => pool.query('SELECT 1'));
    const bare = await rate(() => pool.query('SELECT 1'));
    const guard = await rate(async () => {
      const r = await service.whileAvailable(['plan-shopping'], async () => undefined);
      if (!r.ran) throw new Error('plan-shopping unavailable during the benchmark');
    });
    await pool.end();
    return { on, off, guard, bare };
  } finally {
    await app.stop();
  }
}

const mean = (rs: autocannon.Result[], f: (r: autocannon.Result) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;

export async function main(): Promise<string> {
  const p = await propagation();
  const g = await guardedPage();
  const onRps = mean(g.on, (r) => r.requests.average);
  const offRps = mean(g.off, (r) => r.requests.average);
  const onP99 = mean(g.on, (r) => r.latency.p99);
  const offP99 = mean(g.off, (r) => r.latency.p99);
  const p50 = percentile(p.change, 50);
  const p99 = percentile(p.change, 99);
  const r50 = percentile(p.raw, 50);
  const r99 = percentile(p.raw, 99);
  return [
    '## capabilities',
    '',
    benchHeader(),
    '',
    '| measure | Candor | baseline (same run) | ratio |',
    '|---|---|---|---|',
    `| committed change → seen by all ${PROCESSES} processes, p50 (${fmt(CHANGES)} changes) | ${fmt(p50, 2)} ms | ${fmt(r50, 2)} ms bare NOTIFY to the same ${PROCESSES} processes | ${fmt(p50 / r50, 2)} |`,
    `| committed change → seen by all ${PROCESSES} processes, p99 | ${fmt(p99, 2)} ms | ${fmt(r99, 2)} ms | ${fmt(p99 / r99, 2)} |`,
    `| committed change → seen by all ${PROCESSES} processes, max | ${fmt(p.change[p.change.length - 1]!, 2)} ms | ${fmt(p.raw[p.raw.length - 1]!, 2)} ms | — |`,
    `| guarded page GET /shop-probe (capability plan-shopping), requests/s, ${CONNECTIONS} connections | ${fmt(onRps)} with the check | ${fmt(offRps)} without it | ${fmt(onRps / offRps, 3)} |`,
    `| guarded page, p99 latency | ${fmt(onP99, 1)} ms | ${fmt(offP99, 1)} ms | ${fmt(onP99 / offP99, 2)} |`,
    `| whileAvailable around an empty action, per second, 8 in flight | ${fmt(g.guard)} | ${fmt(g.bare)} bare SELECT 1 | ${fmt(g.guard / g.bare, 2)} |`,
    '',
    'A change is seen when the process’s cache holds it: NOTIFY at commit, then one re-read of the registry (14 rows and the open maintenance windows) on the listening connection. The fallback poll (every 250 ms) bounds it when a notification is lost; a cache not refreshed for 1 s counts as unknown.',
    'The page check reads the in-process cache only (no query), so it costs next to nothing; the guard for actions that must not start once a change commits (sending messages, taking payments) costs about two round trips — take it once around a batch.',
    `Guard on and off alternate over ${PAGE_ROUNDS} rounds of ${PAGE_SECONDS} s each; the figures are their means.`,
  ].join('\n');
}
