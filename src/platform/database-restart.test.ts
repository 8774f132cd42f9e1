/**
 * The embedded PostgreSQL server dies under requests: Candor answers 503 (pages in
 * English and Spanish with Retry-After, the API as problem+json), never 500, restarts
 * the server, and answers again. Its own embedded server in a folder of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Runtime } from '../app/boot.js';
import { recordAudit } from '../audit/record-audit.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

let runtime: Runtime;
let url = '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-restart-'));

beforeAll(async () => {
  const config = loadConfig({ CANDOR_ENV: 'test', CANDOR_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0' });
  runtime = await boot({ config, web: true, jobs: { work: true }, log: createLogger(process.env.CANDOR_TEST_LOG ?? 'silent') });
  url = await runtime.server!.listen({ port: 0, host: '127.0.0.1' });
}, 300_000);

afterAll(async () => {
  await runtime?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

interface Seen {
  status: number;
  retryAfter: string | null;
  type: string | null;
  body: string;
  spanish: boolean;
}

/**
 * The home page and an API call, each of which reads the database before anything else: the
 * session cookie (one that has expired, say) and the bearer token are looked up. The page in
 * English or Spanish.
 */
async function ask(i: number): Promise<Seen> {
  const spanish = i % 3 === 1;
  const api = i % 3 === 2;
  const res = await fetch(`${url}${api ? '/api/v1/me' : '/'}`, {
    headers: api ? { authorization: 'Bearer candor_pat_not-a-token' } : { cookie: `candor_session=not-a-session${spanish ? '; candor_lang=es' : ''}` },
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: await res.text(), spanish };
}

describe('the embedded database server as Candor starts it', () => {
  it('runs durable: fsync, full-page writes and synchronous commit on', async () => {
    const settings: Record<string, string> = {};
    for (const name of ['fsync', 'full_page_writes', 'synchronous_commit']) {
      const res = await runtime.ctx.pool.query<Record<string, string>>(`SHOW ${name}`);
      settings[name] = res.rows[0]![name]!;
    }
    expect(settings).toEqual({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' });
  });
});

describe('the embedded database server, killed under requests', () => {
  it('is answered with 503s, never 500, restarted, and then answered as usual', { timeout: 180_000 }, async () => {
    expect((await ask(0)).status).toBe(200);
    expect((await ask(2)).status).toBe(401);

    const seen: Seen[] = [];
    let done = false;
    let recoveredAt = -1;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let i = c; !done; i += 4) {
        seen.push(await ask(i));
        await new Promise((r) => setTimeout(r, 20));
      }
    });

    // Committed before the kill: there after the restart.
    await runtime.ctx.db.transaction((tx) => recordAudit(tx, { actor: 'restart-test', actorKind: 'system', action: 'test.before-kill', at: new Date('2026-02-01T10:00:00Z') }));
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = seen.length;
    process.kill(postmaster, 'SIGKILL');

    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const after = seen.slice(killedAt);
      const last503 = after.map((s) => s.status).lastIndexOf(503);
      // Recovered: a 503 was seen, and every one of the last twelve answers since is as before.
      if (last503 >= 0 && after.length - last503 > 12 && after.slice(-12).every((s) => s.status === 200 || s.status === 401)) {
        recoveredAt = killedAt + last503 + 1;
        break;
      }
    }
    done = true;
    await Promise.all(clients);

    expect(recoveredAt).toBeGreaterThan(0);
    expect(seen.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    expect(seen.map((s) => s.status).every((s) => [200, 401, 503].includes(s))).toBe(true);
    const unavailable = seen.filter((s) => s.status === 503);
    for (const s of unavailable) expect(Number(s.retryAfter)).toBeGreaterThan(0);
    const page = unavailable.find((s) => s.type?.startsWith('text/html') && !s.spanish);
    const spanishPage = unavailable.find((s) => s.type?.startsWith('text/html') && s.spanish);
    const problem = unavailable.find((s) => s.type?.startsWith('application/problem+json'));
    expect(page?.body).toContain('The exchange is temporarily unavailable.');
    expect(spanishPage?.body).toContain('El mercado no está disponible temporalmente.');
    expect(JSON.parse(problem!.body)).toMatchObject({ status: 503, title: 'The exchange is temporarily unavailable.', instance: '/api/v1/me' });

    // A new server process is running, and it serves what the old one had.
    expect(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])).not.toBe(postmaster);
    expect((await ask(0)).status).toBe(200);
    const { rows } = await runtime.ctx.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.before-kill'`);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('what counts as the database out of reach', () => {
  it('is a refused or broken connection, or PostgreSQL shutting down or starting, wrapped or not; not an HTTP call to an outside service', async () => {
    const { isDatabaseUnavailable } = await import('./database.js');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: new Error('Connection terminated unexpectedly') }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: refused }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
