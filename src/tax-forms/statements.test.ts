/**
 * Form 1095-A statements on the real database, the day fixed at 2026-12-07.
 * Households are made with enrollment's factories and moved through the
 * lifecycle with Candor's own use cases (transitions, dated amounts, the
 * supervisor's reinstatement). Every expected amount is written out, worked
 * by hand from the inputs below and the Vermont 2026 catalog's rates:
 *
 *   second-lowest silver (MVP VT HDHP Silver) single  $1,299.18
 *     two adults (×2.00)                              $2,598.36
 *     two adults and children (×2.81: 1,299.18 × 2.81 = 3,650.6958)  $3,650.70
 *   MVP VT Standard Silver single $1,274.63; couple $2,549.26; family (×2.81 = 3,581.7103) $3,581.71
 *   BlueCross Standard Silver single $1,327.40; MVP VT Standard Bronze single $846.27
 *
 * A partial month is the monthly figure × covered days ÷ days in the month,
 * rounded once to the cent (halves up).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { reinstateEnrollment } from '../billing/reinstate-enrollment.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { recordAmounts } from '../enrollment/amount-history.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { hmacHex, seal } from '../platform/crypto.js';
import { ManualClock } from '../platform/clock.js';
import { vermont } from '../states/vt.js';
import { previewTaxForms, runTaxForms } from './run-tax-forms.js';
import type { StatementContent } from './statement.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const clock = new ManualClock(new Date('2026-12-07T14:00:00Z'));
const deps = { profile: vermont };
const system = { id: 'test', kind: 'system' as const };
const key = randomBytes(32);
const ids: Record<string, string> = {};

const M = (premiumCents: number, slcspCents: number, aptcCents: number) => ({ premiumCents, slcspCents, aptcCents });
const NONE = M(0, 0, 0);
const repeat = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

async function statements(enrollmentId: string) {
  const { rows } = await database.db.execute<{ id: string; version: number; kind: string; replaces_id: string | null; content: StatementContent; content_text: string }>(
    sql`SELECT id, version, kind, replaces_id, content, content::text AS content_text FROM tax_statements WHERE enrollment_id = ${enrollmentId} ORDER BY version`,
  );
  return rows;
}

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await db.transaction((tx) => loadVermont2026Catalog(tx));
  const at = clock.now();

  // A — starts mid-year (May), credit $800 then, from a redetermination, $600 from September.
  const a = await createHousehold(db, { members: [{ firstName: 'Ada', dateOfBirth: '1990-03-01' }] });
  const ea = await createEnrollment(db, {
    householdId: a.household.id,
    coverageStart: '2026-05-01',
    carrierHiosId: '77566',
    planHiosId: '77566VT0020004',
    grossPremiumCents: 127_463,
    aptcCents: 80_000,
    status: 'effectuated',
    at,
  });
  await db.transaction((tx) =>
    recordAmounts(tx, {
      enrollmentId: ea.id,
      effectiveFrom: '2026-09-01',
      split: { grossPremiumCents: 127_463, aptcCents: 60_000, stateAssistanceCents: 0, netPremiumCents: 67_463 },
      maxAptcCents: 60_000,
      reason: 'redetermination',
      actor: system,
      at,
    }),
  );
  ids.a = ea.id;

  // B — a plan change on July 1: Blue Cross silver to MVP bronze (a new policy).
  const b = await createHousehold(db, { members: [{ firstName: 'Ben', dateOfBirth: '1980-01-01' }] });
  const eb1 = await createEnrollment(db, {
    householdId: b.household.id,
    carrierHiosId: '13627',
    planHiosId: '13627VT0010004',
    grossPremiumCents: 132_740,
    aptcCents: 90_000,
    status: 'effectuated',
    at,
  });
  await db.transaction((tx) => transitionEnrollment(tx, eb1.id, 'terminated', { reason: 'plan-change', effectiveDate: '2026-06-30', actor: system, at }));
  const eb2 = await createEnrollment(db, {
    householdId: b.household.id,
    coverageStart: '2026-07-01',
    carrierHiosId: '77566',
    planHiosId: '77566VT0020006',
    grossPremiumCents: 84_627,
    aptcCents: 80_000,
    status: 'effectuated',
    at,
  });
  ids.b1 = eb1.id;
  ids.b2 = eb2.id;

  // C — ended for non-payment: the grace period with the credit began in August; coverage ends August 31.
  // D — the same, then reinstated by a supervisor.
  for (const name of ['c', 'd'] as const) {
    const h = await createHousehold(db, { members: [{ firstName: name === 'c' ? 'Cy' : 'Dee', dateOfBirth: '1975-05-05' }] });
    const e = await createEnrollment(db, {
      householdId: h.household.id,
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      grossPremiumCents: 127_463,
      aptcCents: 100_000,
      status: 'effectuated',
      at,
    });
    await db.transaction(async (tx) => {
      await transitionEnrollment(tx, e.id, 'in-grace', { reason: 'payment-missed', effectiveDate: '2026-08-01', actor: system, at });
      await tx.execute(sql`INSERT INTO billing_grace_periods (enrollment_id, first_month, months, with_credit, started_on, status, closed_on)
                           VALUES (${e.id}, '2026-08-01', 3, true, '2026-08-02', 'terminated', '2026-11-01')`);
      await transitionEnrollment(tx, e.id, 'terminated', { reason: 'non-payment', effectiveDate: '2026-08-31', actor: system, at });
    });
    if (name === 'd') await db.transaction((tx) => reinstateEnrollment(tx, { enrollmentId: e.id, householdId: h.household.id, supervisorId: 'supervisor-test', now: at, timeZone: vermont.timeZone }));
    ids[name] = e.id;
  }

  // E — a couple; their child is born on June 10 and a new policy covers the three of them from that day.
  const e = await createHousehold(db, {
    members: [
      { firstName: 'Eve', dateOfBirth: '1985-06-15' },
      { firstName: 'Ed', dateOfBirth: '1986-02-01' },
      { firstName: 'Ela', dateOfBirth: '2026-06-10' },
    ],
  });
  const [eve, ed, ela] = e.members as [(typeof e.members)[number], (typeof e.members)[number], (typeof e.members)[number]];
  await db.execute(sql`INSERT INTO household_relationships (household_id, member_id, related_to_id, kind) VALUES
                       (${e.household.id}, ${ed.id}, ${eve.id}, 'spouse'), (${e.household.id}, ${ela.id}, ${eve.id}, 'child')`);
  const ee1 = await createEnrollment(db, {
    householdId: e.household.id,
    memberIds: [eve.id, ed.id],
    carrierHiosId: '77566',
    planHiosId: '77566VT0020004',
    grossPremiumCents: 254_926,
    aptcCents: 150_000,
    status: 'effectuated',
    at,
  });
  await db.transaction((tx) => transitionEnrollment(tx, ee1.id, 'terminated', { reason: 'plan-change', effectiveDate: '2026-06-09', actor: system, at }));
  const ee2 = await createEnrollment(db, {
    householdId: e.household.id,
    coverageStart: '2026-06-10',
    carrierHiosId: '77566',
    planHiosId: '77566VT0020004',
    grossPremiumCents: 358_171,
    aptcCents: 200_000,
    status: 'effectuated',
    at,
  });
  ids.e1 = ee1.id;
  ids.e2 = ee2.id;
  ids.ela = ela.id;
  ids.ed = ed.id;

  // F — no advance credit at all; the SSN is on file (sealed).
  const f = await createHousehold(db, { members: [{ firstName: 'Fay', dateOfBirth: '1970-12-24' }] });
  await db.execute(sql`UPDATE household_members SET ssn_sealed = ${seal(key, '123456789')}, ssn_hash = ${hmacHex(key, '123456789')}, ssn_last4 = '6789' WHERE id = ${f.members[0]!.id}`);
  const ef = await createEnrollment(db, { householdId: f.household.id, carrierHiosId: '13627', planHiosId: '13627VT0010004', grossPremiumCents: 132_740, aptcCents: 0, status: 'effectuated', at });
  ids.f = ef.id;

  // G — enrolled all year until, after its statement, the policy is cancelled back to its start.
  const g = await createHousehold(db, { members: [{ firstName: 'Gus', dateOfBirth: '1995-09-09' }] });
  const eg = await createEnrollment(db, { householdId: g.household.id, carrierHiosId: '77566', planHiosId: '77566VT0020004', grossPremiumCents: 127_463, aptcCents: 0, status: 'effectuated', at });
  ids.g = eg.id;
}, 60_000);
afterAll(async () => database?.drop());

describe('Form 1095-A statements for 2026', () => {
  it('preview counts what a run would issue and changes nothing', async () => {
    const p = await previewTaxForms(database.db, deps, { year: 2026, chunkSize: 3 });
    expect(p.counts).toEqual({ households: 7, policies: 9, original: 9, corrected: 0, void: 0, unchanged: 0 });
    // Every recipient but F's has no SSN on file.
    expect(p.exceptions.filter((x) => x.exception === 'recipient-without-ssn')).toHaveLength(8);
    expect(p.exceptions.filter((x) => x.exception !== 'recipient-without-ssn')).toEqual([]);
    const { rows } = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM tax_statements`);
    expect(rows[0]!.n).toBe(0);
  });

  it('a run issues one statement per policy, month by month from what happened', async () => {
    const r = await runTaxForms(database.db, deps, { year: 2026, now: clock.now(), chunkSize: 3 });
    expect(r.statements).toBe(9);

    const [a] = await statements(ids.a!);
    expect(a!.kind).toBe('original');
    expect(a!.content.marketplaceId).toBe('50.VT*.SBE.001.001');
    expect(a!.content.issuerName).toBe('MVP Health Care');
    expect([a!.content.policyStart, a!.content.policyEnd]).toEqual(['2026-05-01', '2026-12-31']);
    expect(a!.content.months).toEqual([...repeat(4, NONE), ...repeat(4, M(127_463, 129_918, 80_000)), ...repeat(4, M(127_463, 129_918, 60_000))]);
    // 8 × 1,274.63; 8 × 1,299.18; 4 × 800 + 4 × 600
    expect(a!.content.totals).toEqual(M(1_019_704, 1_039_344, 560_000));

    const [b1] = await statements(ids.b1!);
    const [b2] = await statements(ids.b2!);
    expect(b1!.content.issuerName).toBe('Blue Cross and Blue Shield of Vermont');
    expect(b1!.content.months).toEqual([...repeat(6, M(132_740, 129_918, 90_000)), ...repeat(6, NONE)]);
    expect([b1!.content.policyStart, b1!.content.policyEnd]).toEqual(['2026-01-01', '2026-06-30']);
    expect(b2!.content.months).toEqual([...repeat(6, NONE), ...repeat(6, M(84_627, 129_918, 80_000))]);
    expect(b2!.content.policyNumber).not.toBe(b1!.content.policyNumber);

    // Non-payment: paid through July; August, the first grace month, reports only the credit; then nothing.
    const [c] = await statements(ids.c!);
    expect(c!.content.months).toEqual([...repeat(7, M(127_463, 129_918, 100_000)), M(0, 0, 100_000), ...repeat(4, NONE)]);
    expect(c!.content.policyEnd).toBe('2026-08-31');
    expect(c!.content.totals).toEqual(M(892_241, 909_426, 800_000));

    // Reinstated: the whole year, as if it had never ended.
    const [d] = await statements(ids.d!);
    expect(d!.content.months).toEqual(repeat(12, M(127_463, 129_918, 100_000)));
    expect(d!.content.policyEnd).toBe('2026-12-31');

    // The birth: the couple's policy to June 9 (9 of 30 days of June), the family's from June 10 (21 of 30).
    const [e1] = await statements(ids.e1!);
    const [e2] = await statements(ids.e2!);
    // June: 2,549.26 × 9/30 = 764.778; 2,598.36 × 9/30 = 779.508; 1,500 × 9/30 = 450
    expect(e1!.content.months).toEqual([...repeat(5, M(254_926, 259_836, 150_000)), M(76_478, 77_951, 45_000), ...repeat(6, NONE)]);
    // June: 3,581.71 × 21/30 = 2,507.197; 3,650.70 × 21/30 = 2,555.49; 2,000 × 21/30 = 1,400
    expect(e2!.content.months).toEqual([...repeat(5, NONE), M(250_720, 255_549, 140_000), ...repeat(6, M(358_171, 365_070, 200_000))]);
    expect(e1!.content.covered.map((p) => p.firstName).sort()).toEqual(['Ed', 'Eve']);
    const newborn = e2!.content.covered.find((p) => p.memberId === ids.ela);
    expect(newborn).toMatchObject({ firstName: 'Ela', dateOfBirth: '2026-06-10', coverageStart: '2026-06-10', coverageEnd: '2026-12-31' });
    expect(e2!.content.spouse?.memberId).toBe(ids.ed);

    // No credit at all: the benchmark is still reported every month; no spouse lines; the SSN only sealed.
    const [f] = await statements(ids.f!);
    expect(f!.content.months).toEqual(repeat(12, M(132_740, 129_918, 0)));
    expect(f!.content.totals).toEqual(M(1_592_880, 1_559_016, 0));
    expect(f!.content.spouse).toBeNull();
    expect(f!.content.recipient.ssn?.last4).toBe('6789');
    expect(f!.content_text).not.toContain('123456789');
  });

  it('a retroactive change brings a corrected statement, a cancellation back to the start a void one; both link to the original; then a run makes 0', async () => {
    const at = clock.now();
    // A's credit is redetermined back to June: $700 for June to August.
    await database.db.transaction((tx) =>
      recordAmounts(tx, {
        enrollmentId: ids.a!,
        effectiveFrom: '2026-06-01',
        split: { grossPremiumCents: 127_463, aptcCents: 70_000, stateAssistanceCents: 0, netPremiumCents: 57_463 },
        maxAptcCents: 70_000,
        reason: 'redetermination',
        actor: system,
        at,
      }),
    );
    await database.db.transaction((tx) => transitionEnrollment(tx, ids.g!, 'cancelled', { reason: 'customer-request', effectiveDate: '2026-01-01', actor: system, at }));

    const preview = await previewTaxForms(database.db, deps, { year: 2026 });
    expect(preview.counts).toMatchObject({ original: 0, corrected: 1, void: 1, unchanged: 7 });

    const r = await runTaxForms(database.db, deps, { year: 2026, now: at });
    expect(r.statements).toBe(2);

    const [aOriginal, aCorrected] = await statements(ids.a!);
    expect(aCorrected).toMatchObject({ version: 2, kind: 'corrected', replaces_id: aOriginal!.id });
    expect(aCorrected!.content.months).toEqual([...repeat(4, NONE), M(127_463, 129_918, 80_000), ...repeat(3, M(127_463, 129_918, 70_000)), ...repeat(4, M(127_463, 129_918, 60_000))]);

    const [gOriginal, gVoid] = await statements(ids.g!);
    expect(gVoid).toMatchObject({ version: 2, kind: 'void', replaces_id: gOriginal!.id });
    expect(gVoid!.content.policyNumber).toBe(gOriginal!.content.policyNumber);

    expect((await runTaxForms(database.db, deps, { year: 2026, now: at })).statements).toBe(0);
    const { rows } = await database.db.execute<{ kind: string; n: number }>(sql`SELECT kind, count(*)::int AS n FROM tax_statements GROUP BY kind ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'corrected', n: 1 },
      { kind: 'original', n: 9 },
      { kind: 'void', n: 1 },
    ]);
    const audit = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'tax-forms.run.completed'`);
    expect(audit.rows[0]!.n).toBe(3);
  });

  it('a run cut short resumes where it stopped and issues nothing twice', async () => {
    const at = clock.now();
    await database.db.execute(sql`DELETE FROM tax_statements WHERE replaces_id IS NOT NULL`);
    await database.db.execute(sql`DELETE FROM tax_statements`);
    const first = await runTaxForms(database.db, deps, { year: 2026, now: at, chunkSize: 2, maxChunks: 2 });
    expect(first.finished).toBe(false);
    const rest = await runTaxForms(database.db, deps, { year: 2026, now: at, chunkSize: 2 });
    // G is cancelled and never had a statement (after the reset): 8 policies in all.
    expect(first.statements + rest.statements).toBe(8);
    const { rows } = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM tax_statements`);
    expect(rows[0]!.n).toBe(8);
  });
});
