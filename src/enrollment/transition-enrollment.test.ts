import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.js';
import { auditLog } from '../audit/schema.js';
import { CandorError } from '../platform/errors.js';
import { enrollments, enrollmentTransitions } from './schema.js';
import { createEnrollment, createHousehold } from './testing.js';
import { transitionEnrollment } from './transition-enrollment.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.drop());

const billingRun = { id: 'billing-run', kind: 'system' as const };

describe('transitionEnrollment', () => {
  it('walks binder → effectuated → grace → terminated → reinstated, dated and audited', async () => {
    const db = database.db;
    const { household, members } = await createHousehold(db, { members: [{}, { dateOfBirth: '2015-03-01' }] });
    const e = await createEnrollment(db, { householdId: household.id, aptcCents: 90_000, stateAssistanceCents: 5_000 });
    expect(e.netPremiumCents).toBe(129_900 - 95_000);

    await db.transaction((tx) => transitionEnrollment(tx, e.id, 'effectuated', { reason: 'binder-paid', effectiveDate: '2026-01-01', actor: billingRun }));
    await db.transaction((tx) => transitionEnrollment(tx, e.id, 'in-grace', { reason: 'missed-payment', effectiveDate: '2026-04-01', actor: billingRun }));
    const term = await db.transaction((tx) => transitionEnrollment(tx, e.id, 'terminated', { reason: 'non-payment', effectiveDate: '2026-04-30', actor: billingRun }));
    expect(term).toMatchObject({ kind: 'termination', coverageEnd: '2026-04-30' });
    let [row] = await db.select().from(enrollments).where(eq(enrollments.id, e.id));
    expect(row).toMatchObject({ status: 'terminated', coverageEnd: '2026-04-30', endReason: 'non-payment' });

    await db.transaction((tx) => transitionEnrollment(tx, e.id, 'effectuated', { reason: 'reinstated-on-appeal', effectiveDate: '2026-05-01', actor: { id: members[0]!.id, kind: 'person' } }));
    [row] = await db.select().from(enrollments).where(eq(enrollments.id, e.id));
    expect(row).toMatchObject({ status: 'effectuated', coverageEnd: '2026-12-31', endReason: null });

    const history = await db.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, e.id)).orderBy(enrollmentTransitions.id);
    expect(history.map((h) => h.kind)).toEqual(['created', 'effectuation', 'grace-start', 'termination', 'reinstatement']);
    const audits = await db.select().from(auditLog).where(eq(auditLog.objectId, e.id)).orderBy(auditLog.seq);
    expect(audits.map((a) => a.action)).toEqual(['enrollment.effectuation', 'enrollment.grace-start', 'enrollment.termination', 'enrollment.reinstatement']);
    expect(audits[2]!.details).toMatchObject({ from: 'in-grace', to: 'terminated', reason: 'non-payment', effectiveDate: '2026-04-30' });
  });

  it('refuses a move the lifecycle forbids and changes nothing', async () => {
    const db = database.db;
    const { household } = await createHousehold(db);
    const e = await createEnrollment(db, { householdId: household.id });
    const attempt = db.transaction((tx) => transitionEnrollment(tx, e.id, 'in-grace', { reason: 'missed-payment', effectiveDate: '2026-02-01', actor: billingRun }));
    await expect(attempt).rejects.toBeInstanceOf(CandorError);
    await expect(attempt).rejects.toMatchObject({ name: 'conflict', messageKey: 'errors.enrollment.transition.not-allowed' });
    const [row] = await db.select().from(enrollments).where(eq(enrollments.id, e.id));
    expect(row!.status).toBe('pending-binder');
    expect(await db.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, e.id))).toHaveLength(1);
  });

  it('applies one of two racing identical transitions', async () => {
    const db = database.db;
    const { household } = await createHousehold(db);
    const e = await createEnrollment(db, { householdId: household.id });
    const results = await Promise.allSettled(
      [1, 2].map(() => db.transaction((tx) => transitionEnrollment(tx, e.id, 'effectuated', { reason: 'binder-paid', effectiveDate: '2026-01-01', actor: billingRun }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as CandorError).messageKey === 'errors.enrollment.transition.same-status')).toHaveLength(1);
  });
});
