/**
 * A supervisor reinstates coverage that ended for non-payment (a payment
 * that was made in time but posted late, an outage the review missed): the
 * enrollment is effectuated again, its cancelled bills are owed again (paid
 * from the household's credit first), and the person is told.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { enrollments } from '../enrollment/schema.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import type { Tx } from '../platform/database.js';
import { conflict, notFound } from '../platform/errors.js';
import { addDays, localDate } from './dates.js';
import { raiseNotice } from './notify.js';
import { rebillEnrollment } from './rebill-enrollment.js';
import { invoices } from './schema.js';

export async function reinstateEnrollment(tx: Tx, input: { enrollmentId: string; householdId: string; supervisorId: string; ip?: string | null; now: Date; timeZone: string }): Promise<void> {
  const [e] = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.id, input.enrollmentId), eq(enrollments.householdId, input.householdId)));
  if (!e) throw notFound();
  if (!((e.status === 'terminated' && e.endReason === 'non-payment') || (e.status === 'cancelled' && e.endReason === 'binder-not-paid'))) throw conflict('errors.billing.reinstate.notEnded');
  const effective = e.status === 'cancelled' ? e.coverageStart : addDays(e.coverageEnd, 1);
  await transitionEnrollment(tx, e.id, 'effectuated', { reason: 'reinstated-by-supervisor', effectiveDate: effective, actor: { id: input.supervisorId, kind: 'person', ip: input.ip }, at: input.now });
  // Bills cancelled by the termination are owed again (paid ones stay paid).
  const voided = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, e.id), eq(invoices.status, 'void')));
  for (const i of voided)
    await tx
      .update(invoices)
      .set({ status: i.paidCents >= i.amountCents ? 'paid' : 'open', updatedAt: input.now })
      .where(eq(invoices.id, i.id));
  // Their amounts follow the coverage restored (a prorated last month is whole again), and credit the end left pays them.
  await rebillEnrollment(tx, e.id, { now: input.now, actor: 'reinstatement' });
  await raiseNotice(
    tx,
    { type: 'coverage-reinstated', data: { reinstatedOn: localDate(input.now, input.timeZone), coverageStart: e.coverageStart } },
    { householdId: e.householdId, dedupeKey: `coverage-reinstated:${e.id}:${input.now.getTime()}`, now: input.now },
  );
  await recordAudit(tx, {
    actor: input.supervisorId,
    actorKind: 'person',
    ip: input.ip,
    action: 'billing.coverage.reinstated',
    objectType: 'enrollment',
    objectId: e.id,
    details: { householdId: e.householdId, invoicesRestored: voided.length },
    at: input.now,
  });
}
