/**
 * Brings Candor's record of a payment in line with the processor's charge.
 * Webhooks may come twice, late or out of order, and the return from the
 * hosted page races them; each carries the whole charge, and a payment's
 * status only moves forward (created → pending → succeeded | failed →
 * returned), so any order of the same events ends in one state, and money is
 * applied once (on the move to succeeded) and taken back once.
 * (docs/adr/0062-webhooks-converge-by-status-rank.md)
 */
import { eq, or } from 'drizzle-orm';
import { localDate } from '../billing/dates.js';
import type { Tx } from '../platform/database.js';
import { applyPayment, auditPayment, reversePayment, type PostingContext } from './apply-payment.js';
import { raisePaymentReturned } from './notify-returned.js';
import type { Charge } from './processor.js';
import { payments, type PaymentStatus } from './schema.js';

const RANK: Record<PaymentStatus, number> = { created: 0, pending: 1, cancelled: 2, failed: 2, succeeded: 2, returned: 3 };

/** The status a payment should move to for a charge, or null when the charge tells nothing new. */
export function nextStatus(current: PaymentStatus, charge: Charge['status']): PaymentStatus | null {
  if (RANK[charge] <= RANK[current]) return null;
  if (current === 'failed' || current === 'cancelled') return null;
  return charge;
}

export type SyncOutcome = 'applied' | 'unchanged' | 'unknown-charge';

export async function syncCharge(tx: Tx, charge: Charge, c: PostingContext): Promise<SyncOutcome> {
  const paymentId = charge.metadata?.paymentId;
  const [payment] = await tx
    .select()
    .from(payments)
    .where(paymentId && /^[0-9a-f-]{36}$/.test(paymentId) ? or(eq(payments.processorChargeId, charge.id), eq(payments.id, paymentId)) : eq(payments.processorChargeId, charge.id))
    .for('update');
  if (!payment) return 'unknown-charge';
  if (payment.processorChargeId && payment.processorChargeId !== charge.id) return 'unknown-charge';
  if (payment.amountCents !== charge.amountCents) return 'unknown-charge';

  let changed = false;
  let current = payment;
  if (!payment.processorChargeId) {
    [current] = (await tx.update(payments).set({ processorChargeId: charge.id, method: charge.methodKind, last4: charge.last4, updatedAt: c.now }).where(eq(payments.id, payment.id)).returning()) as [
      typeof payment,
    ];
    changed = true;
  }
  const to = nextStatus(current.status, charge.status);
  if (to) {
    const receivedOn = current.receivedOn ?? localDate(new Date(charge.createdAt), c.profile.timeZone);
    [current] = (await tx
      .update(payments)
      .set({ status: to, failureCode: charge.failureCode, receivedOn, updatedAt: c.now, ...(to === 'returned' ? { reversedAt: c.now } : {}) })
      .where(eq(payments.id, payment.id))
      .returning()) as [typeof payment];
    changed = true;
    if (to === 'succeeded') {
      await applyPayment(tx, current, c);
      await auditPayment(tx, current, 'payment.succeeded', c);
    } else if (to === 'returned') {
      await reversePayment(tx, current, current.amountCents - current.refundedCents, 'return', c);
      await auditPayment(tx, current, 'payment.returned', c, undefined, { code: charge.failureCode });
      await raisePaymentReturned(tx, current, current.amountCents - current.refundedCents, c);
    } else if (to === 'failed') {
      await auditPayment(tx, current, 'payment.failed', c, undefined, { code: charge.failureCode });
    }
  }
  // A refund made at the processor (by us or by its own staff) shows as a larger refunded total.
  if (charge.refundedCents > current.refundedCents && current.status === 'succeeded') {
    const diff = charge.refundedCents - current.refundedCents;
    await reversePayment(tx, current, diff, 'refund', c);
    [current] = (await tx.update(payments).set({ refundedCents: charge.refundedCents, updatedAt: c.now }).where(eq(payments.id, payment.id)).returning()) as [typeof payment];
    await auditPayment(tx, current, 'payment.refunded', c, undefined, { refundedCents: diff });
    changed = true;
  }
  return changed ? 'applied' : 'unchanged';
}
