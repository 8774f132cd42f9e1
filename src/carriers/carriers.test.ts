/**
 * The carrier files from the real database: the day's 834 and the month's
 * 820 are written, parsed back, and hold the same enrollments and amounts;
 * effectuation and audit files from a carrier are reconciled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.js';
import { invoices } from '../billing/schema.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { enrollmentMembers, enrollments, members } from '../enrollment/schema.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { vermont } from '../states/vt.js';
import { build834, parse834, type Enrollment834 } from './edi-834.js';
import { parse820 } from './edi-820.js';
import { exportDaily834, exportMonthly820 } from './export-files.js';
import { importCarrierFile } from './import-carrier-file.js';
import { carrierDiscrepancies, carrierFiles } from './schema.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let dataDir: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction((tx) => loadVermont2026Catalog(tx));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-carriers-'));
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const system = { id: 'billing-run', kind: 'system' as const };
// 10:00 in Vermont on 5 January 2026.
const jan5 = new Date('2026-01-05T15:00:00Z');
const deps = () => ({ dataDir, profile: vermont, production: false, at: new Date('2026-01-06T04:00:00Z') });

let mvpFamily: Awaited<ReturnType<typeof createEnrollment>>;
let mvpSingle: Awaited<ReturnType<typeof createEnrollment>>;
let bcbs: Awaited<ReturnType<typeof createEnrollment>>;

describe('files to carriers', () => {
  it('writes one 834 per carrier for the day, which parses back to the same enrollments and amounts', async () => {
    const db = database.db;
    const fam = await createHousehold(db, {
      members: [
        { firstName: 'Ana', lastName: 'López', dateOfBirth: '1988-03-14', sex: 'F' },
        { firstName: 'Leo', lastName: 'López', dateOfBirth: '2016-07-02', sex: 'M' },
      ],
    });
    mvpFamily = await createEnrollment(db, {
      householdId: fam.household.id,
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      planVariant: '04',
      grossPremiumCents: 245_992,
      aptcCents: 180_000,
      stateAssistanceCents: 12_000,
      at: jan5,
    });
    const one = await createHousehold(db, { members: [{ firstName: 'Sam', lastName: 'Reed', dateOfBirth: '1961-11-30', sex: 'M' }] });
    mvpSingle = await createEnrollment(db, {
      householdId: one.household.id,
      carrierHiosId: '77566',
      planHiosId: '77566VT0020006',
      grossPremiumCents: 84_627,
      at: new Date('2025-12-10T15:00:00Z'),
      status: 'effectuated',
    });
    await db.transaction((tx) => transitionEnrollment(tx, mvpSingle.id, 'in-grace', { reason: 'missed-payment', effectiveDate: '2026-01-01', actor: system, at: new Date('2025-12-20T15:00:00Z') }));
    await db.transaction((tx) => transitionEnrollment(tx, mvpSingle.id, 'terminated', { reason: 'non-payment', effectiveDate: '2026-01-31', actor: system, at: jan5 }));
    const third = await createHousehold(db, { members: [{ firstName: 'Kim', lastName: 'Otis', dateOfBirth: '1979-01-09', sex: 'F' }] });
    bcbs = await createEnrollment(db, { householdId: third.household.id, carrierHiosId: '13627', planHiosId: '13627VT0010006', grossPremiumCents: 87_296, at: jan5 });
    await db.transaction((tx) => transitionEnrollment(tx, bcbs.id, 'effectuated', { reason: 'binder-paid', effectiveDate: '2026-01-01', actor: system, at: new Date('2026-01-05T22:00:00Z') }));
    // Late in the evening of 5 January in Vermont is already 6 January in UTC: still the 5th's file.
    await db.transaction((tx) => transitionEnrollment(tx, bcbs.id, 'in-grace', { reason: 'missed-payment', effectiveDate: '2026-01-06', actor: system, at: new Date('2026-01-06T03:30:00Z') }));

    const written = await database.db.transaction((tx) => exportDaily834(tx, deps(), '2026-01-05'));
    expect(written.map((w) => w.carrierHiosId)).toEqual(['13627', '77566']);
    const mvpFile = parse834(fs.readFileSync(written.find((w) => w.carrierHiosId === '77566')!.path, 'utf8'));
    expect(mvpFile.receiver).toEqual({ id: '77566', name: 'MVP HEALTH CARE' });
    expect(mvpFile.enrollments.map((e) => [e.policyNumber, e.maintenance, e.reason])).toEqual([
      [mvpFamily.policyNumber, 'add', 'enrollment'],
      [mvpSingle.policyNumber, 'terminate', 'non-payment'],
    ]);
    const add = mvpFile.enrollments[0]!;
    expect(add).toMatchObject({
      planId: '77566VT0020004-04',
      coverageStart: '2026-01-01',
      coverageEnd: '2026-12-31',
      amounts: { grossPremiumCents: 245_992, aptcCents: 180_000, stateAssistanceCents: 12_000, responsibleCents: 245_992 - 180_000 - 12_000, csrCents: 0 },
      ratingArea: 'R-VT001',
      sourceExchangeId: 'VT0',
    });
    const covered = await db.select().from(enrollmentMembers).where(eq(enrollmentMembers.enrollmentId, mvpFamily.id));
    expect(add.members.map((m) => [m.memberId, m.premiumCents]).sort()).toEqual(covered.map((c) => [c.memberId, c.premiumCents]).sort());
    expect(add.members.reduce((s, m) => s + m.premiumCents, 0)).toBe(245_992);
    expect(add.members.map((m) => `${m.firstName} ${m.lastName} ${m.relationship}`)).toEqual(['ANA LOPEZ self', 'LEO LOPEZ other']);
    expect(mvpFile.enrollments[1]).toMatchObject({ coverageEnd: '2026-01-31', effectiveDate: '2026-01-31' });

    const bcbsFile = parse834(fs.readFileSync(written.find((w) => w.carrierHiosId === '13627')!.path, 'utf8'));
    expect(bcbsFile.enrollments.map((e) => e.maintenance)).toEqual(['add', 'change', 'change']);

    // Exporting the day again rewrites the same files under the same control numbers.
    const again = await database.db.transaction((tx) => exportDaily834(tx, deps(), '2026-01-05'));
    expect(again.map((w) => w.controlNumber)).toEqual(written.map((w) => w.controlNumber));
    expect(await db.select().from(carrierFiles)).toHaveLength(2);
    expect(await database.db.transaction((tx) => exportDaily834(tx, deps(), '2026-01-07'))).toEqual([]);
  });

  it('writes the month’s 820 per carrier from the invoices, which parses back to the same amounts', async () => {
    const db = database.db;
    const invoice = (e: typeof mvpFamily, paid: number, status: 'open' | 'paid', ref: string) => ({
      referenceNumber: ref,
      householdId: e.householdId,
      enrollmentId: e.id,
      kind: 'monthly' as const,
      coverageMonth: '2026-01-01',
      issuedOn: '2025-12-15',
      dueDate: '2025-12-23',
      grossPremiumCents: e.grossPremiumCents,
      aptcCents: e.aptcCents,
      stateAssistanceCents: e.stateAssistanceCents,
      amountCents: e.netPremiumCents,
      paidCents: paid,
      status,
    });
    await db
      .insert(invoices)
      .values([invoice(mvpFamily, mvpFamily.netPremiumCents, 'paid', '9000000011'), invoice(mvpSingle, 40_000, 'open', '9000000029'), invoice(bcbs, bcbs.netPremiumCents, 'paid', '9000000037')]);
    const written = await db.transaction((tx) => exportMonthly820(tx, deps(), '2026-01', '2026-02-02'));
    expect(written.map((w) => w.carrierHiosId)).toEqual(['13627', '77566']);
    const mvp = parse820(fs.readFileSync(written.find((w) => w.carrierHiosId === '77566')!.path, 'utf8'));
    expect(mvp.month).toBe('2026-01');
    const byPolicy = new Map(mvp.lines.map((l) => [l.policyNumber, l]));
    expect(byPolicy.get(mvpFamily.policyNumber)).toMatchObject({ premiumCents: mvpFamily.netPremiumCents, aptcCents: 180_000, stateAssistanceCents: 12_000, adjustmentCents: 0 });
    expect(byPolicy.get(mvpSingle.policyNumber)).toMatchObject({ premiumCents: 40_000, aptcCents: 0, stateAssistanceCents: 0 });
    expect(mvp.totalCents).toBe(mvpFamily.netPremiumCents + 12_000 + 40_000);
    const [row] = await db
      .select()
      .from(carrierFiles)
      .where(sql`kind = '820' AND carrier_hios_id = '77566'`);
    expect(row!.totalCents).toBe(mvp.totalCents);
  });

  it('records the carrier’s effectuation and reports what does not match; an audit finds the rest', async () => {
    const db = database.db;
    const carrier = { id: '77566', name: 'MVP Health Care' };
    const exchange = { id: 'VT0', name: 'Vermont Health Connect' };
    const dailyMvp = parse834(fs.readFileSync(path.join(dataDir, 'carriers', '77566', '834-2026-01-05.x12'), 'utf8'));
    const confirmed: Enrollment834 = { ...dailyMvp.enrollments[0]!, maintenance: 'add', carrierPolicyId: 'MVP-000123' };
    const stranger: Enrollment834 = { ...confirmed, policyNumber: 'PZZZZZZZZZZZ' };
    const effectuation = build834({
      sender: carrier,
      receiver: exchange,
      controlNumber: 9001,
      createdAt: new Date('2026-01-08T12:00:00Z'),
      purpose: 'update',
      reference: 'MVP-EFF-1',
      production: false,
      enrollments: [confirmed, stranger],
    });
    const actor = { id: 'carriers-import', kind: 'system' as const };
    const r = await db.transaction((tx) => importCarrierFile(tx, { text: effectuation, fileName: 'mvp-effectuation.x12', actor, at: new Date('2026-01-08T13:00:00Z') }));
    expect(r).toMatchObject({ kind: 'effectuation', carrierHiosId: '77566', records: 2, confirmed: 1, discrepancies: 1, duplicate: false });
    const [e] = await db.select().from(enrollments).where(eq(enrollments.id, mvpFamily.id));
    expect(e).toMatchObject({ carrierPolicyId: 'MVP-000123' });
    expect(e!.carrierConfirmedAt).not.toBeNull();
    const again = await db.transaction((tx) => importCarrierFile(tx, { text: effectuation, fileName: 'again.x12', actor, at: new Date() }));
    expect(again.duplicate).toBe(true);

    // The audit: MVP has the family's credit wrong and does not list the terminated single policy.
    const audited: Enrollment834 = { ...confirmed, maintenance: 'audit', amounts: { ...confirmed.amounts, aptcCents: 170_000 } };
    const audit = build834({
      sender: carrier,
      receiver: exchange,
      controlNumber: 9002,
      createdAt: new Date('2026-01-31T12:00:00Z'),
      purpose: 'audit',
      reference: 'MVP-AUD-1',
      production: false,
      enrollments: [audited],
    });
    const a = await db.transaction((tx) => importCarrierFile(tx, { text: audit, fileName: 'mvp-audit.x12', actor, at: new Date('2026-01-31T13:00:00Z') }));
    expect(a.kind).toBe('audit');
    const found = await db.select().from(carrierDiscrepancies).where(eq(carrierDiscrepancies.importId, a.importId));
    expect(found.map((d) => [d.policyNumber, d.kind, d.field, d.exchangeValue, d.carrierValue]).sort()).toEqual(
      [
        [mvpFamily.policyNumber, 'mismatch', 'aptc', '180000', '170000'],
        [mvpSingle.policyNumber, 'missing-at-carrier', null, null, null],
      ].sort(),
    );
    // Nothing personal in the report.
    expect(JSON.stringify(found)).not.toMatch(/LOPEZ|1988|Ana/i);
    expect((await db.select().from(members).where(eq(members.householdId, mvpFamily.householdId))).length).toBe(2);
  });

  it('refuses a file that is not a carrier 834, changing nothing', async () => {
    const actor = { id: 'carriers-import', kind: 'system' as const };
    await expect(database.db.transaction((tx) => importCarrierFile(tx, { text: 'not x12', fileName: 'x', actor, at: new Date() }))).rejects.toMatchObject({ name: 'invalid-input' });
  });
});
