/**
 * What benchmarks share: a PostgreSQL server (DATABASE_URL's, or the embedded one in
 * .candor-bench), a fresh migrated database per benchmark, and the whole exchange on it.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { boot, type Runtime } from '../src/app/boot.js';
import type { CandorModule } from '../src/app/module.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { startLocalServer, type LocalServer } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { migrateAll } from '../src/platform/migrations.js';

let server: LocalServer | undefined;

async function adminUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  server ??= await startLocalServer(path.resolve('.candor-bench'), createLogger('warn'));
  return server.adminUrl;
}

/** A fresh, migrated database; `drop()` removes it. */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = await adminUrl();
  const name = `candor_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrateAll(url);
  return {
    url,
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface BenchApp extends Runtime {
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startBenchApp(opts: { modules?: ReadonlyArray<CandorModule>; jobs?: false | { work: boolean }; config?: Partial<Config> } = {}): Promise<BenchApp> {
  const database = await benchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-bench-'));
  const config = loadConfig({ CANDOR_ENV: 'test', CANDOR_DATA_DIR: dataDir, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PORT: '0', DATABASE_POOL_SIZE: '20' }, opts.config);
  const runtime = await boot({ config, modules: opts.modules, web: true, jobs: opts.jobs ?? false, migrate: false, log: createLogger('silent') });
  const url = await runtime.server!.listen({ port: 0, host: '127.0.0.1' });
  runtime.ctx.publicUrl = url;
  return {
    ...runtime,
    url,
    databaseUrl: database.url,
    async stop() {
      await runtime.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function stopBenchServer(): Promise<void> {
  await server?.stop();
  server = undefined;
}

/** The header every BENCHMARKS.md section carries: date, machine, commit. */
export function benchHeader(): string {
  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {}
  return `_${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · commit ${commit}_`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
