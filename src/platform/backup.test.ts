/**
 * The restore drill: back up with `candor backup`, write more, restore with `candor restore`,
 * and find the audit chain intact and every table as it was at the backup. Against the test
 * run's server, with the first pg_dump new enough for it; when there is none (the embedded
 * server is newer than the client installed), the commands must say so and change nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { anchorFile, anchorKey } from '../audit/anchor.js';
import { anchorAuditHead } from '../audit/anchor-audit-head.js';
import { recordAudit } from '../audit/record-audit.js';
import { verifyAudit } from '../audit/verify-audit.js';
import { BackupError, findPgTools, serverMajor, type PgTools } from './backup.js';
import type { Database } from './database.js';

const bin = path.resolve('bin/candor.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-backup-'));
const dataKey = Buffer.alloc(32, 5);
const anchors = { file: anchorFile(dataDir), keys: [anchorKey(dataKey)] };
let database: Database & { drop(): Promise<void> };
let url = '';
let server = 0;
let tools: PgTools | undefined;
let missing = '';

beforeAll(async () => {
  database = await openTestDatabase();
  url = database.url;
  server = await serverMajor(url);
  try {
    tools = findPgTools(server, undefined);
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    missing = err.message;
  }
});
afterAll(async () => {
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const candor = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: url, CANDOR_DATA_DIR: dataDir, CANDOR_DATA_KEY: dataKey.toString('base64'), SESSION_SECRET: 'c'.repeat(40), LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });

async function record(n: number, from: number) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) => recordAudit(tx, { actor: `acct-${from + i}`, actorKind: 'person', action: 'test.act', objectId: String(from + i), at: new Date('2026-02-01T10:00:00Z') }));
  }
}

/** Every table's row count, by schema and name. */
async function counts(): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<{ t: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t } of rows) out[t] = Number((await database.pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  return out;
}

describe('backup and restore', () => {
  it('the drill: back up, write more, restore, and the audit chain and every count are as at the backup', { timeout: 300_000 }, async (ctx) => {
    if (!tools) ctx.skip(`no client tools for PostgreSQL ${server}: the next test checks the commands say so`);
    await record(5, 0);
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchors.keys[0]!, now: new Date('2026-02-01T10:05:00Z') });
    const atBackup = await counts();
    expect(atBackup['public.audit_log']).toBe(5);

    const file = path.join(dataDir, 'drill.dump');
    const backup = candor(['backup', '--out', file]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain(`Backed up to ${file}`);
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    // More after the backup: records, anchored; these are what the restore takes away.
    await record(3, 100);
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchors.keys[0]!, now: new Date('2026-02-01T10:10:00Z') });
    expect((await counts())['public.audit_log']).toBe(8);

    // The restore refuses while anything else is connected, and changes nothing.
    const held = await database.pool.connect();
    const refused = candor(['restore', file]);
    held.release();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/other connections are open to the database: stop Candor/);
    expect((await counts())['public.audit_log']).toBe(8);

    await database.pool.end();
    const restore = candor(['restore', file]);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('Audit trail intact: 5 records (anchored at record 5 as restored).');

    const { connect } = await import('./database.js');
    const reopened = connect(url, 2);
    database = { ...reopened, drop: database.drop };
    expect(await counts()).toEqual(atBackup);
    // The anchors written after the backup are not in force: the restore's own line is.
    expect(await verifyAudit(url, { anchors })).toMatchObject({ ok: true, count: 5, anchored: { seq: 5 } });
    const verify = candor(['audit', 'verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('Audit trail intact: 5 records.');

    // New records continue the restored chain.
    await record(1, 200);
    expect(await verifyAudit(url, { anchors })).toMatchObject({ ok: true, count: 6 });
  });

  it('says which client is missing when none is new enough for the server, and writes no backup', { timeout: 120_000 }, async (ctx) => {
    if (tools) ctx.skip('a client new enough is installed: the drill above ran');
    expect(missing).toContain(`no pg_dump and pg_restore of PostgreSQL ${server} or newer`);
    const file = path.join(dataDir, 'none.dump');
    const res = candor(['backup', '--out', file]);
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe(`candor: ${missing}`);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });
});
