/**
 * The binder invoice, made when a plan is selected: the first month's
 * premium (its covered days when coverage starts inside the month,
 * docs/adr/0065), due by the binder date, less any credit the household
 * holds (docs/adr/0066) — a binder the credit pays in full effectuates the
 * coverage there and then.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit, type ActorKind } from '../audit/record-audit.js';
import { amountHistory } from '../enrollment/amount-history.js';
import { enrollments } from '../enrollment/schema.js';
import { applyHouseholdCredit } from '../payments/apply-credit.js';
import type { Tx } from '../platform/database.js';
import { notFound } from '../platform/errors.js';
import type { StateProfile } from '../states/profile.js';
import { firstOfMonth, localDate } from './dates.js';
import { binderDueDate } from './due-dates.js';
import { loadChannelOutages } from './load-outages.js';
import { monthlyAmountsFor } from './monthly-amounts.js';
import { invoiceReadyNotice, raiseNotice } from './notify.js';
import { invoiceAmounts } from './proration.js';
import { invoices } from './schema.js';
import { countsAsPaidInFull } from './threshold.js';
import { updateBillingStanding } from './update-billing-standing.js';

export type InvoiceRow = typeof invoices.$inferSelect;

/** Idempotent: a second call for the same enrollment returns the invoice already made. */
export async function createBinderInvoice(tx: Tx, input: { enrollmentId: string; now: Date; profile: StateProfile; actor: { id: string; kind: ActorKind; ip?: string | null } }): Promise<InvoiceRow> {
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, input.enrollmentId));
  if (!e) throw notFound();
  const coverageMonth = firstOfMonth(e.coverageStart);
  const issuedOn = localDate(input.now, input.profile.timeZone);
  const bill = invoiceAmounts(monthlyAmountsFor(await amountHistory(tx, e.id), e, coverageMonth), coverageMonth, e);
  const amountCents = bill.amountCents;
  const [created] = await tx
    .insert(invoices)
    .values({
      referenceNumber: sql`billing_reference(nextval('billing_invoice_reference_seq'))`,
      householdId: e.householdId,
      enrollmentId: e.id,
      kind: 'binder',
      coverageMonth,
      issuedOn,
      dueDate: binderDueDate(e.coverageStart, input.profile.billing),
      grossPremiumCents: bill.grossPremiumCents,
      aptcCents: bill.aptcCents,
      stateAssistanceCents: bill.stateAssistanceCents,
      amountCents,
      coveredDays: bill.coveredDays === bill.monthDays ? null : bill.coveredDays,
      status: amountCents === 0 ? 'paid' : 'open',
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: [invoices.enrollmentId, invoices.coverageMonth] })
    .returning();
  if (!created) {
    const [existing] = await tx
      .select()
      .from(invoices)
      .where(sql`${invoices.enrollmentId} = ${e.id} AND ${invoices.coverageMonth} = ${coverageMonth}`);
    return existing!;
  }
  const creditCents = (await applyHouseholdCredit(tx, e.householdId, { at: input.now, actor: input.actor.id })).get(created.id) ?? 0;
  const notice = invoiceReadyNotice({ amountCents: created.amountCents, creditCents, dueDate: created.dueDate, coverageMonth, referenceNumber: created.referenceNumber });
  if (notice) await raiseNotice(tx, notice, { householdId: e.householdId, dedupeKey: `invoice-ready:${created.id}`, now: input.now });
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'billing.invoice.created',
    objectType: 'invoice',
    objectId: created.id,
    details: {
      kind: 'binder',
      enrollmentId: e.id,
      householdId: e.householdId,
      amountCents: created.amountCents,
      coveredDays: created.coveredDays,
      creditAppliedCents: creditCents,
      dueDate: created.dueDate,
    },
    at: input.now,
  });
  if (creditCents > 0 && countsAsPaidInFull(creditCents, created.amountCents, input.profile.billing.paidInFullThreshold)) {
    const outages = await loadChannelOutages(tx, input.profile.billing.outageChannels);
    await updateBillingStanding(tx, e.id, { now: input.now, profile: input.profile, outages, actor: 'credit-applied' });
  }
  const [current] = await tx.select().from(invoices).where(eq(invoices.id, created.id));
  return current!;
}
