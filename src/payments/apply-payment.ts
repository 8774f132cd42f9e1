/**
 * Money in and out of invoices: a payment that has succeeded is spread over
 * the household's open invoices (allocation.ts), once — the payment row is
 * locked and `applied_at` set in the same transaction; a refund or a returned
 * payment takes money back the same way. Every movement is an append-only
 * allocation row; the database keeps each invoice's paid total.
 */
import { and, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { allocatePayment, reverseAllocations } from '../billing/allocation.js';
import { localDate } from '../billing/dates.js';
import { loadChannelOutages } from '../billing/load-outages.js';
import { raiseNotice } from '../billing/notify.js';
import { invoices } from '../billing/schema.js';
import { updateBillingStanding } from '../billing/update-billing-standing.js';
import type { Tx } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { allocations, payments } from './schema.js';

export interface PostingContext {
  now: Date;
  profile: StateProfile;
}

export type PaymentRow = typeof payments.$inferSelect;

async function refreshStanding(tx: Tx, enrollmentIds: Iterable<string>, c: PostingContext): Promise<void> {
  const ids = [...new Set(enrollmentIds)];
  if (ids.length === 0) return;
  const outages = await loadChannelOutages(tx, c.profile.billing.outageChannels);
  for (const id of ids) await updateBillingStanding(tx, id, { now: c.now, profile: c.profile, outages, actor: 'payment-posting' });
}

/** What the household still owes on open invoices, in cents. */
export async function householdOwed(tx: Tx, householdId: string): Promise<number> {
  const r = await tx.execute<{ owed: number }>(sql`SELECT coalesce(sum(amount_cents - paid_cents), 0)::int AS owed FROM billing_invoices WHERE household_id = ${householdId} AND status = 'open'`);
  return r.rows[0]?.owed ?? 0;
}

/** Applies a succeeded payment to invoices; does nothing if it was applied before. Call with the payment row locked. */
export async function applyPayment(tx: Tx, payment: PaymentRow, c: PostingContext): Promise<void> {
  if (payment.appliedAt) return;
  const open = await tx
    .select({ id: invoices.id, coverageMonth: invoices.coverageMonth, amountCents: invoices.amountCents, paidCents: invoices.paidCents, enrollmentId: invoices.enrollmentId })
    .from(invoices)
    .where(and(eq(invoices.householdId, payment.householdId), ne(invoices.status, 'void'), gt(sql`${invoices.amountCents} - ${invoices.paidCents}`, 0)))
    .for('update');
  const available = payment.amountCents - payment.refundedCents;
  const { allocations: parts, unappliedCents } = allocatePayment(
    available,
    open.map((i) => ({ id: i.id, coverageMonth: i.coverageMonth, owedCents: i.amountCents - i.paidCents })),
    payment.invoiceId ?? undefined,
  );
  const rows = parts.map((p) => ({ paymentId: payment.id, invoiceId: p.invoiceId, cents: p.cents, kind: 'apply' as const, at: c.now }));
  if (unappliedCents > 0) rows.push({ paymentId: payment.id, invoiceId: null as unknown as string, cents: unappliedCents, kind: 'apply', at: c.now });
  if (rows.length) await tx.insert(allocations).values(rows);
  await tx.update(payments).set({ appliedAt: c.now, updatedAt: c.now }).where(eq(payments.id, payment.id));
  const touched = open.filter((i) => parts.some((p) => p.invoiceId === i.id));
  await refreshStanding(
    tx,
    touched.map((i) => i.enrollmentId),
    c,
  );
  const firstMonth = touched.map((i) => i.coverageMonth).sort()[0] ?? localDate(c.now, c.profile.timeZone).slice(0, 8) + '01';
  await raiseNotice(
    tx,
    {
      type: 'payment-received',
      data: {
        amountPaidCents: payment.amountCents,
        receivedOn: payment.receivedOn ?? localDate(c.now, c.profile.timeZone),
        coverageMonth: firstMonth,
        remainingCents: await householdOwed(tx, payment.householdId),
      },
    },
    { householdId: payment.householdId, dedupeKey: `payment-received:${payment.id}`, now: c.now },
  );
}

/** Net allocations of a payment per invoice (null: unapplied credit). */
async function netAllocations(tx: Tx, paymentId: string) {
  const r = await tx.execute<{ invoice_id: string | null; cents: number; coverage_month: string | null }>(sql`
    SELECT a.invoice_id, sum(a.cents)::int AS cents, i.coverage_month::text AS coverage_month
      FROM payment_allocations a LEFT JOIN billing_invoices i ON i.id = a.invoice_id
     WHERE a.payment_id = ${paymentId}
     GROUP BY a.invoice_id, i.coverage_month`);
  return r.rows;
}

/**
 * Takes `cents` of an applied payment back off its invoices (newest months
 * first, its unapplied credit before that). Call with the payment row locked.
 */
export async function reversePayment(tx: Tx, payment: PaymentRow, cents: number, kind: 'refund' | 'return', c: PostingContext, refundId?: string): Promise<void> {
  if (cents <= 0 || !payment.appliedAt) return;
  const net = await netAllocations(tx, payment.id);
  const applied = net.filter((n) => n.invoice_id && n.cents > 0).map((n) => ({ invoiceId: n.invoice_id!, cents: n.cents, coverageMonth: n.coverage_month! }));
  const unapplied = net.find((n) => n.invoice_id === null)?.cents ?? 0;
  const { reversals, fromUnappliedCents } = reverseAllocations(cents, applied, Math.max(0, unapplied));
  const rows = reversals.map((r) => ({ paymentId: payment.id, invoiceId: r.invoiceId, cents: r.cents, kind, refundId: refundId ?? null, at: c.now }));
  if (fromUnappliedCents > 0) rows.push({ paymentId: payment.id, invoiceId: null as unknown as string, cents: -fromUnappliedCents, kind, refundId: refundId ?? null, at: c.now });
  if (rows.length) await tx.insert(allocations).values(rows);
  if (reversals.length) {
    const touched = await tx
      .select({ enrollmentId: invoices.enrollmentId })
      .from(invoices)
      .where(
        inArray(
          invoices.id,
          reversals.map((r) => r.invoiceId),
        ),
      );
    await refreshStanding(
      tx,
      touched.map((t) => t.enrollmentId),
      c,
    );
  }
}

export async function auditPayment(
  tx: Tx,
  payment: PaymentRow,
  action: string,
  c: PostingContext,
  actor?: { id: string; kind: 'person' | 'system' | 'schedule'; ip?: string | null },
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, {
    actor: actor?.id ?? 'payment-processor',
    actorKind: actor?.kind ?? 'system',
    ip: actor?.ip,
    action,
    objectType: 'payment',
    objectId: payment.id,
    details: { householdId: payment.householdId, channel: payment.channel, amountCents: payment.amountCents, ...details },
    at: c.now,
  });
}
