/**
 * Brings an enrollment's bills in line with its coverage dates and its dated
 * amounts, after anything changed them: coverage ended (the bills after the
 * end are cancelled, the last month is prorated, docs/adr/0065), or the
 * credit changed from a date (the bills from then on take the new amounts,
 * docs/adr/0067). Money paid on a bill that no longer needs it goes to the
 * household's credit; the credit then pays what is owed (docs/adr/0066).
 * Idempotent: bills that already agree are left alone.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { amountHistory } from '../enrollment/amount-history.js';
import { enrollments } from '../enrollment/schema.js';
import { applyHouseholdCredit, releaseToCredit } from '../payments/apply-credit.js';
import type { Tx } from '../platform/database.js';
import type { IsoDate } from './dates.js';
import { monthlyAmountsFor } from './monthly-amounts.js';
import { invoiceAmounts } from './proration.js';
import { invoices } from './schema.js';

export interface RebillResult {
  voided: number;
  changed: number;
  /** Cents moved from these bills to the household's credit. */
  releasedCents: number;
}

export async function rebillEnrollment(tx: Tx, enrollmentId: string, c: { now: Date; dueNoEarlierThan?: IsoDate; actor?: string }): Promise<RebillResult> {
  const result: RebillResult = { voided: 0, changed: 0, releasedCents: 0 };
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
  if (!e) return result;
  const bills = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), ne(invoices.status, 'void')))
    .orderBy(invoices.coverageMonth)
    .for('update');
  if (!bills.length) return result;
  const history = await amountHistory(tx, e.id);
  for (const bill of bills) {
    const target = e.status === 'cancelled' ? null : invoiceAmounts(monthlyAmountsFor(history, e, bill.coverageMonth), bill.coverageMonth, e);
    if (!target || target.coveredDays === 0) {
      // Nothing is owed for a month not covered (a cancellation covers none).
      await tx.update(invoices).set({ status: 'void', updatedAt: c.now }).where(eq(invoices.id, bill.id));
      result.voided++;
      if (bill.paidCents > 0) {
        await releaseToCredit(tx, { householdId: bill.householdId, invoiceId: bill.id, excessCents: bill.paidCents, at: c.now, actor: c.actor });
        result.releasedCents += bill.paidCents;
      }
      continue;
    }
    const coveredDays = target.coveredDays === target.monthDays ? null : target.coveredDays;
    const same =
      bill.grossPremiumCents === target.grossPremiumCents &&
      bill.aptcCents === target.aptcCents &&
      bill.stateAssistanceCents === target.stateAssistanceCents &&
      bill.amountCents === target.amountCents &&
      bill.coveredDays === coveredDays;
    if (same) continue;
    const owesMore = target.amountCents > bill.amountCents && target.amountCents > bill.paidCents;
    const dueDate = owesMore && c.dueNoEarlierThan && c.dueNoEarlierThan > bill.dueDate ? c.dueNoEarlierThan : bill.dueDate;
    await tx
      .update(invoices)
      .set({
        grossPremiumCents: target.grossPremiumCents,
        aptcCents: target.aptcCents,
        stateAssistanceCents: target.stateAssistanceCents,
        amountCents: target.amountCents,
        coveredDays,
        dueDate,
        status: bill.paidCents >= target.amountCents ? 'paid' : 'open',
        updatedAt: c.now,
      })
      .where(eq(invoices.id, bill.id));
    result.changed++;
    if (bill.paidCents > target.amountCents) {
      await releaseToCredit(tx, { householdId: bill.householdId, invoiceId: bill.id, excessCents: bill.paidCents - target.amountCents, at: c.now, actor: c.actor });
      result.releasedCents += bill.paidCents - target.amountCents;
    }
  }
  await applyHouseholdCredit(tx, e.householdId, { at: c.now, actor: c.actor });
  if (result.voided || result.changed) {
    await recordAudit(tx, {
      actor: c.actor ?? 'billing',
      actorKind: 'system',
      action: 'billing.invoices.rebilled',
      objectType: 'enrollment',
      objectId: e.id,
      details: { householdId: e.householdId, ...result },
      at: c.now,
    });
  }
  return result;
}

/** Rebills every enrollment of the household that has bills (but `except`), e.g. one a new plan replaced. */
export async function rebillHousehold(tx: Tx, householdId: string, c: { now: Date; except?: string; actor?: string }): Promise<void> {
  const r = await tx.execute<{ id: string }>(sql`
    SELECT DISTINCT enrollment_id AS id FROM billing_invoices
     WHERE household_id = ${householdId} AND status <> 'void' AND enrollment_id <> ${c.except ?? '00000000-0000-0000-0000-000000000000'}::uuid
     ORDER BY 1`);
  for (const { id } of r.rows) await rebillEnrollment(tx, id, { now: c.now, actor: c.actor });
}
