import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/database.js';
import { anchorFile, anchorKey, anchorLine } from './anchor.js';
import { anchorAuditHead } from './anchor-audit-head.js';
import { recordAudit } from './record-audit.js';
import { auditLog } from './schema.js';
import { verifyAudit } from './verify-audit.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let database: Database & { drop(): Promise<void> };

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.drop());

const at = new Date('2026-02-01T10:00:00Z');

async function record(n: number, from = 0) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) =>
      recordAudit(tx, { actor: `acct-${from + i}`, actorKind: 'person', action: 'test.act', objectType: 'thing', objectId: String(from + i), ip: '127.0.0.1', details: { n: from + i }, at }),
    );
  }
}

/** A data folder with its data key, as an operator's would have: where the anchors are. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-audit-'));
const dataKey = Buffer.alloc(32, 9);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const anchors = { file: anchorFile(dataDir), keys: [anchorKey(dataKey)] };

/** `candor audit verify` against the test database, as an operator would run it. */
async function cliVerify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'candor.js'), 'audit', 'verify'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', CANDOR_DATA_DIR: dataDir, CANDOR_DATA_KEY: dataKey.toString('base64'), SESSION_SECRET: 'c'.repeat(40) },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

/** A superuser's edit with the append-only trigger switched off for its own session only. */
async function superuserEdit(statement: string) {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(statement);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

describe('the audit trail', () => {
  it('records in order, each record linked to the one before, and verifies', async () => {
    await record(5);
    const rows = await database.db.select().from(auditLog).orderBy(auditLog.seq);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows[2]).toMatchObject({ actor: 'acct-2', action: 'test.act', outcome: 'success', ip: '127.0.0.1', details: { n: 2 } });
    expect(await verifyAudit(database.url)).toEqual({ ok: true, count: 5 });
  });

  it('keeps one chain when records are written concurrently', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => record(3, 100 + i * 10)));
    expect(await verifyAudit(database.url)).toEqual({ ok: true, count: 29 });
  });

  it('writes nothing when the transaction that records fails', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: 'x', actorKind: 'person', action: 'test.rolled-back', at });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(sql`action = 'test.rolled-back'`);
    expect(rows).toHaveLength(0);
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET outcome = 'failure' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_log WHERE seq = 1`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ])('refuses %s to the application', async (op, statement) => {
    await expect(database.pool.query(statement)).rejects.toThrow(`audit_log is append-only: ${op} refused`);
    const { rows } = await database.pool.query('SELECT count(*)::int AS n FROM audit_log');
    expect(rows[0].n).toBe(29);
  });

  it('reports an intact chain from the command line', { timeout: 300_000 }, async () => {
    const out = await cliVerify();
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Audit trail intact: 29 records. No anchor');
  });

  it('finds a record a superuser edited, and the command names it and exits 1', { timeout: 300_000 }, async () => {
    await superuserEdit(`UPDATE audit_log SET outcome = 'failure' WHERE seq = 3`);
    expect(await verifyAudit(database.url)).toMatchObject({ ok: false, brokenSeq: 3, count: 2, reason: 'its content does not match its hash' });
    const out = await cliVerify();
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Audit trail broken at record 3');
    await superuserEdit(`UPDATE audit_log SET outcome = 'success' WHERE seq = 3`);
    expect(await verifyAudit(database.url)).toEqual({ ok: true, count: 29 });
  });

  it('finds a record a superuser deleted with the triggers disabled', { timeout: 300_000 }, async () => {
    await database.pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await database.pool.query('DELETE FROM audit_log WHERE seq = 4');
    } finally {
      await database.pool.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
    expect(await verifyAudit(database.url)).toEqual({ ok: false, count: 3, brokenSeq: 5, reason: 'record 4 is missing before it (a gap in seq)' });
    const out = await cliVerify();
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Audit trail broken at record 5: record 4 is missing before it (a gap in seq) (3 records before it are intact).');
  });
});

/** Deletes with the append-only triggers off, as a database superuser could. */
async function superuserDelete(where: string) {
  await database.pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await database.pool.query(`DELETE FROM audit_log WHERE ${where}`);
  } finally {
    await database.pool.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

describe('the audit trail against its anchors', () => {
  beforeAll(async () => {
    await database.drop();
    database = await openTestDatabase();
    fs.rmSync(anchors.file, { force: true });
  });

  it('numbers records without a gap even when a transaction that recorded rolled back', async () => {
    await record(3);
    await database.db
      .transaction(async (tx) => {
        await recordAudit(tx, { actor: 'x', actorKind: 'person', action: 'test.rolled-back', at });
        tx.rollback();
      })
      .catch(() => {});
    await record(2, 3);
    const { rows } = await database.pool.query('SELECT seq FROM audit_log ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyAudit(database.url, { anchors })).toEqual({ ok: true, count: 5 });
  });

  it('verifies against the anchors in force, naming the newest', { timeout: 300_000 }, async () => {
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchorKey(dataKey), now: new Date('2026-02-01T10:05:00Z') });
    await record(3, 10);
    await anchorAuditHead(database.pool, { file: anchors.file, key: anchorKey(dataKey), now: new Date('2026-02-01T10:10:00Z') });
    expect(await verifyAudit(database.url, { anchors })).toEqual({ ok: true, count: 8, anchored: { seq: 8, at: '2026-02-01T10:10:00.000Z', count: 2 } });
    const out = await cliVerify();
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Audit trail intact: 8 records. The newest of its 2 anchors (written 2026-02-01T10:10:00.000Z) vouches for record 8.');
  });

  it('reports the newest records deleted (a truncated tail), from the command line too', { timeout: 300_000 }, async () => {
    await superuserDelete('seq >= 7');
    // The sequence is not what numbers records; resetting it hides nothing either.
    await database.pool.query(`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), 6)`);
    expect(await verifyAudit(database.url)).toEqual({ ok: true, count: 6 });
    expect(await verifyAudit(database.url, { anchors })).toEqual({
      ok: false,
      count: 6,
      brokenSeq: 7,
      reason: 'the trail ends at record 6, but the anchor written 2026-02-01T10:10:00.000Z vouches for record 8: records 7–8 are missing (a truncated tail)',
    });
    const out = await cliVerify();
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Audit trail broken at record 7: the trail ends at record 6');
    expect(out.stdout).toContain('(a truncated tail)');
  });

  it('reports a tail deleted and written again by someone without the chain of the anchored records', { timeout: 300_000 }, async () => {
    await record(2, 20);
    const result = await verifyAudit(database.url, { anchors });
    expect(result).toMatchObject({ ok: false, brokenSeq: 8, reason: expect.stringContaining('its hash differs from the anchor written 2026-02-01T10:10:00.000Z') });
  });

  it('reports a middle record deleted as a gap', async () => {
    await superuserDelete('seq = 3');
    expect(await verifyAudit(database.url, { anchors })).toEqual({ ok: false, count: 2, brokenSeq: 4, reason: 'record 3 is missing before it (a gap in seq)' });
  });

  it('refuses an anchor file with a line not signed by the anchor key', async () => {
    fs.appendFileSync(anchors.file, `${anchorLine(anchorKey(Buffer.alloc(32, 1)), { kind: 'restore', database: 'x', seq: 0, hash: '0'.repeat(64), at: at.toISOString() })}\n`);
    const result = await verifyAudit(database.url, { anchors });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/has lines not signed with the anchor key \(line 3\): it was edited$/) });
  });
});
