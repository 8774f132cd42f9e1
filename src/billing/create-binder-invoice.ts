/** The binder invoice, made when a plan is selected: the first month's premium, due by the binder date. */
import { eq, sql } from 'drizzle-orm';
import { recordAudit, type ActorKind } from '../audit/record-audit.js';
import { enrollments } from '../enrollment/schema.js';
import type { Tx } from '../platform/database.js';
import { notFound } from '../platform/errors.js';
import type { StateProfile } from '../states/profile.js';
import { firstOfMonth, localDate } from './dates.js';
import { binderDueDate } from './due-dates.js';
import { raiseNotice } from './notify.js';
import { invoices } from './schema.js';

export type InvoiceRow = typeof invoices.$inferSelect;

/** Idempotent: a second call for the same enrollment returns the invoice already made. */
export async function createBinderInvoice(
  tx: Tx,
  input: { enrollmentId: string; now: Date; profile: StateProfile; actor: { id: string; kind: ActorKind; ip?: string | null } },
): Promise<InvoiceRow> {
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, input.enrollmentId));
  if (!e) throw notFound();
  const coverageMonth = firstOfMonth(e.coverageStart);
  const issuedOn = localDate(input.now, input.profile.timeZone);
  const amountCents = Math.max(0, e.grossPremiumCents - e.aptcCents - e.stateAssistanceCents);
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
      grossPremiumCents: e.grossPremiumCents,
      aptcCents: e.aptcCents,
      stateAssistanceCents: e.stateAssistanceCents,
      amountCents,
      status: amountCents === 0 ? 'paid' : 'open',
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: [invoices.enrollmentId, invoices.coverageMonth] })
    .returning();
  if (!created) {
    const [existing] = await tx.select().from(invoices).where(sql`${invoices.enrollmentId} = ${e.id} AND ${invoices.coverageMonth} = ${coverageMonth}`);
    return existing!;
  }
  if (created.amountCents > 0) {
    await raiseNotice(
      tx,
      { type: 'invoice-ready', data: { amountDueCents: created.amountCents, dueDate: created.dueDate, coverageMonth, referenceNumber: created.referenceNumber } },
      { householdId: e.householdId, dedupeKey: `invoice-ready:${created.id}`, now: input.now },
    );
  }
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'billing.invoice.created',
    objectType: 'invoice',
    objectId: created.id,
    details: { kind: 'binder', enrollmentId: e.id, householdId: e.householdId, amountCents: created.amountCents, dueDate: created.dueDate },
    at: input.now,
  });
  return created;
}
