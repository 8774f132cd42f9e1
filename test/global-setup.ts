/**
 * Once per test run: a PostgreSQL server (the embedded one, or DATABASE_URL's
 * server), and a template database with every migration applied. Each test
 * file copies the template into a database of its own. And the compiled build
 * (dist/), rebuilt when stale, since the tests that run the candor command run it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startLocalServer, type LocalServer } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { migrateAll } from '../src/platform/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}

let local: LocalServer | undefined;
let localDir: string | undefined;
let adminUrl = '';
let runId = '';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function setup(project: TestProject) {
  execFileSync(process.execPath, [path.resolve('scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  runId = `${process.pid}_${Date.now().toString(36)}`;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) adminUrl = serverUrl;
  else {
    // A server of this run's own: concurrent runs in one checkout must not stop each other's.
    localDir = path.resolve('.candor-test', runId);
    local = await startLocalServer(localDir, createLogger('warn'));
    adminUrl = local.adminUrl;
  }
  const templateDb = `candor_tpl_${runId}`;
  await admin((c) => c.query(`CREATE DATABASE ${templateDb}`));
  await migrateAll(withDatabase(adminUrl, templateDb));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);
}

export async function teardown() {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`candor_%${runId}%`]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }).catch(() => {});
  await local?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
}
