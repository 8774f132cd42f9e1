/**
 * A payment the bank returned (NSF, closed account): the household is told
 * what came back and what it owes now, with the ways to pay. Raised in the
 * transaction that takes the money back off its invoices.
 */
import { sql } from 'drizzle-orm';
import { localDate } from '../billing/dates.js';
import { raiseNotice } from '../billing/notify.js';
import type { Tx } from '../platform/database.js';
import { householdOwed, type PaymentRow, type PostingContext } from './apply-payment.js';

export async function raisePaymentReturned(tx: Tx, payment: PaymentRow, returnedCents: number, c: PostingContext): Promise<void> {
  const today = localDate(c.now, c.profile.timeZone);
  const owed = await householdOwed(tx, payment.householdId);
  const next = await tx.execute<{ due_date: string; reference_number: string }>(sql`
    SELECT due_date::text, reference_number FROM billing_invoices
     WHERE household_id = ${payment.householdId} AND status = 'open' AND amount_cents > paid_cents
     ORDER BY due_date, coverage_month LIMIT 1`);
  const first = owed > 0 ? next.rows[0] : undefined;
  await raiseNotice(
    tx,
    {
      type: 'payment-returned',
      data: {
        amountReturnedCents: returnedCents,
        paidOn: payment.receivedOn ?? today,
        returnedOn: today,
        amountDueCents: owed,
        dueDate: first?.due_date ?? null,
        referenceNumber: first?.reference_number ?? null,
      },
    },
    { householdId: payment.householdId, dedupeKey: `payment-returned:${payment.id}`, now: c.now },
  );
}
