/**
 * The restore drill on the embedded server, with its own server in a folder of its own:
 * `candor backup` (a base backup when no pg_dump is new enough, as for the embedded
 * PostgreSQL 17 here; a dump otherwise), more written, `candor restore`, and the audit
 * chain and every table as at the backup.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorFile, anchorKey } from '../audit/anchor.js';
import { anchorAuditHead } from '../audit/anchor-audit-head.js';
import { recordAudit } from '../audit/record-audit.js';
import { verifyAudit } from '../audit/verify-audit.js';
import { createLogger } from './logger.js';
import { migrateAll } from './migrations.js';
import { openDatabase, type Database, type LocalServer } from './database.js';

const bin = path.resolve('bin/candor.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-base-backup-'));
const dataKey = Buffer.alloc(32, 6);
const anchors = { file: anchorFile(dataDir), keys: [anchorKey(dataKey)] };
let database: (Database & { local?: LocalServer }) | undefined;

afterAll(async () => {
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const candor = (args: string[]) => {
  const env = { ...process.env, CANDOR_DATA_DIR: dataDir, CANDOR_DATA_KEY: dataKey.toString('base64'), SESSION_SECRET: 'c'.repeat(40), LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 180_000 });
};
const open = () => openDatabase({ dataDir }, createLogger('silent'));

async function record(n: number, from: number) {
  for (let i = 0; i < n; i++) {
    await database!.db.transaction((tx) => recordAudit(tx, { actor: `acct-${from + i}`, actorKind: 'person', action: 'test.act', objectId: String(from + i), at: new Date('2026-02-01T10:00:00Z') }));
  }
}

async function counts(): Promise<Record<string, number>> {
  const { rows } = await database!.pool.query<{ t: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { t } of rows) out[t] = Number((await database!.pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  return out;
}

describe('backup and restore of the embedded server', () => {
  it('the drill: back up while it runs, write more, restore, and the audit chain and every count are as at the backup', { timeout: 600_000 }, async () => {
    database = await open();
    await migrateAll(database.url);
    await record(4, 0);
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchors.keys[0]!, now: new Date('2026-02-01T10:05:00Z') });
    const atBackup = await counts();
    expect(atBackup['public.audit_log']).toBe(4);

    // While the server runs (this process owns it; the command joins it).
    const out = path.join(dataDir, 'drill-backup');
    const backup = candor(['backup', '--out', out]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up (the embedded server )?to /);

    await record(3, 100);
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchors.keys[0]!, now: new Date('2026-02-01T10:10:00Z') });
    expect((await counts())['public.audit_log']).toBe(7);

    // Refused while the server runs; then, with Candor stopped, restored.
    const refused = candor(['restore', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/stop Candor/);
    await database.close();
    database = undefined;
    const restore = candor(['restore', out]);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('Audit trail intact: 4 records (anchored at record 4 as restored).');

    database = await open();
    expect(await counts()).toEqual(atBackup);
    expect(await verifyAudit(database.url, { anchors })).toMatchObject({ ok: true, count: 4, anchored: { seq: 4 } });
    await record(1, 200);
    expect(await verifyAudit(database.url, { anchors })).toMatchObject({ ok: true, count: 5 });
  });
});
