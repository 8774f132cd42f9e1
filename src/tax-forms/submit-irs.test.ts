/**
 * The annual report on the real database and the stand-in IRS receiver over
 * HTTP: statements issued, written into a file and sent; the receiver refuses
 * one record on demand (accepted with errors); the acknowledgement marks that
 * record in error and writes a corrected record for it alone, which is sent
 * and accepted. SSNs travel only inside the file.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { hmacHex, seal, unseal } from '../platform/crypto.js';
import { vermont } from '../states/vt.js';
import { createIrsClient } from './irs/index.js';
import { startStandinIrs, type StandinIrs } from './irs-standin/server.js';
import { runTaxForms } from './run-tax-forms.js';
import { readAnnualAcks, sendPendingFiles, submissionsOf, writeAnnualReport, type IrsDeps } from './submit-irs.js';

const now = new Date('2027-01-20T14:00:00Z');
const key = randomBytes(32);
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let receiver: StandinIrs;
let deps: IrsDeps;
const policies: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await db.transaction((tx) => loadVermont2026Catalog(tx));
  for (let i = 0; i < 3; i++) {
    const ssn = `12345678${i}`;
    const { household, members } = await createHousehold(db, { members: [{ firstName: `Person${i}`, dateOfBirth: '1980-01-01' }] });
    await db.execute(sql`UPDATE household_members SET ssn_sealed = ${seal(key, ssn)}, ssn_hash = ${hmacHex(key, ssn)}, ssn_last4 = ${ssn.slice(5)} WHERE id = ${members[0]!.id}`);
    await createEnrollment(db, {
      householdId: household.id,
      coverageStart: '2026-03-01',
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      grossPremiumCents: 127_463,
      aptcCents: 40_000,
      status: 'effectuated',
      at: new Date('2026-02-01T12:00:00Z'),
    });
  }
  await runTaxForms(db, { profile: vermont }, { year: 2026, now });
  policies.push(...(await db.execute<{ policy_number: string }>(sql`SELECT policy_number FROM tax_statements ORDER BY issued_at, id`)).rows.map((r) => r.policy_number));
  receiver = await startStandinIrs({ token: 'irs-token', marketplaceId: vermont.marketplaceId, now: () => now });
  deps = { profile: vermont, client: createIrsClient({ url: receiver.url, token: 'irs-token', timeoutMs: 10_000 }), openSsn: async (sealed) => unseal(key, sealed) };
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await database?.drop();
});

const files = async () =>
  (
    await database.db.execute<{ id: string; status: string; record_count: number; answers_id: string | null; corrected: number; originals: number }>(
      sql`SELECT id, status, record_count, answers_id, corrected, originals FROM irs_files ORDER BY written_at, answers_id NULLS FIRST`,
    )
  ).rows;
const records = async () =>
  (
    await database.db.execute<{ file_id: string; record_sequence_num: number; kind: string; status: string; errors: Array<{ code: string }>; refers_to: string | null }>(
      sql`SELECT file_id, record_sequence_num, kind, status, errors, refers_to FROM irs_records ORDER BY file_id, record_sequence_num`,
    )
  ).rows;

describe('the annual report to the IRS', () => {
  it('submits the statements; one record refused on demand is corrected alone and ends accepted', async () => {
    const written = await writeAnnualReport(database.db, deps, { year: 2026, now });
    expect(written).toEqual({ files: 1, records: 3, held: [] });
    // Written once: a second call finds nothing new.
    expect(await writeAnnualReport(database.db, deps, { year: 2026, now })).toEqual({ files: 0, records: 0, held: [] });
    // Nothing of an SSN in the tables that record the submission.
    const stored = JSON.stringify([await files(), await records()]);
    for (const d of ['123456780', '123456781', '123456782']) expect(stored).not.toContain(d);

    // The receiver refuses the second policy's record, once.
    receiver.setFaults({ errorPolicies: [policies[1]!] });
    expect(await sendPendingFiles(database.db, deps, { now })).toEqual({ sent: 1, failed: 0 });
    expect(await readAnnualAcks(database.db, deps, { now })).toEqual({ acknowledged: 1, resubmitted: 1 });
    let f = await files();
    expect(f.map((x) => [x.status, x.record_count])).toEqual([
      ['accepted-with-errors', 3],
      ['written', 1],
    ]);
    expect(f[1]!.answers_id).toBe(f[0]!.id);
    expect(f[1]!.corrected).toBe(1);
    let r = await records();
    const first = r.filter((x) => x.file_id === f[0]!.id);
    expect(first.map((x) => x.status)).toEqual(['accepted', 'in-error', 'accepted']);
    expect(first[1]!.errors.map((e) => e.code)).toEqual(['AIR1095A-R99']);
    expect((await submissionsOf(database.db, 2026)).inError).toEqual([{ fileName: expect.any(String), recordSequenceNum: 2, policyNumber: policies[1], codes: ['AIR1095A-R99'] }]);

    // The correction, only that record, refers to the one in error, and is accepted.
    const correction = r.filter((x) => x.file_id === f[1]!.id);
    expect(correction).toEqual([expect.objectContaining({ record_sequence_num: 1, kind: 'corrected', refers_to: expect.stringMatching(/^1095A-2027-\d{8}\|00001\|2$/) })]);
    expect(await sendPendingFiles(database.db, deps, { now })).toEqual({ sent: 1, failed: 0 });
    expect(await readAnnualAcks(database.db, deps, { now })).toEqual({ acknowledged: 1, resubmitted: 0 });
    f = await files();
    expect(f.map((x) => x.status)).toEqual(['accepted-with-errors', 'accepted']);
    r = await records();
    expect(r.filter((x) => x.file_id === f[1]!.id).map((x) => x.status)).toEqual(['accepted']);
    expect((await submissionsOf(database.db, 2026)).inError).toEqual([]);
    expect(receiver.received.annual).toBe(2);
  });

  it('a corrected statement refers to the record the IRS holds; a file whose sending fails is sent again with the same transmission', async () => {
    // The first household's name was wrong: the next run issues a corrected statement.
    await database.db.execute(sql`UPDATE household_members SET first_name = 'Persona' WHERE first_name = 'Person0'`);
    expect((await runTaxForms(database.db, { profile: vermont }, { year: 2026, now })).statements).toBe(1);
    expect(await writeAnnualReport(database.db, deps, { year: 2026, now })).toEqual({ files: 1, records: 1, held: [] });
    const last = (await files()).find((x) => x.status === 'written')!;
    const [record] = (await records()).filter((x) => x.file_id === last.id);
    // It refers to the record of that policy the IRS accepted (the original, or the correction of one in error).
    const held = await database.db.execute<{ unique_record_id: string }>(sql`
      SELECT r.unique_record_id FROM irs_records r JOIN tax_statements s ON s.id = r.statement_id
       WHERE r.status = 'accepted' AND s.enrollment_id = (SELECT enrollment_id FROM tax_statements WHERE kind = 'corrected')`);
    expect(held.rows).toHaveLength(1);
    expect(record).toMatchObject({ kind: 'corrected', refers_to: held.rows[0]!.unique_record_id });
    receiver.setFaults({ down: true });
    expect(await sendPendingFiles(database.db, deps, { now })).toEqual({ sent: 0, failed: 1 });
    receiver.clearFaults();
    expect(await sendPendingFiles(database.db, deps, { now })).toEqual({ sent: 1, failed: 0 });
    expect(await readAnnualAcks(database.db, deps, { now })).toEqual({ acknowledged: 1, resubmitted: 0 });
    expect((await files()).find((x) => x.id === last.id)!.status).toBe('accepted');
  });
});
