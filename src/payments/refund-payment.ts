/** A supervisor refunds part or all of a payment through the processor; the ledger follows the processor's charge. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../platform/database.js';
import { CandorError, conflict, fieldErrorsFromZod, invalidInput, notFound } from '../platform/errors.js';
import { auditPayment, type PostingContext } from './apply-payment.js';
import type { PaymentProcessor } from './processor.js';
import { payments, refunds } from './schema.js';
import { syncCharge } from './sync-charge.js';
import { parseDollars } from './take-payment.js';

export const refundSchema = z.object({
  amount: z
    .string()
    .trim()
    .refine((v) => parseDollars(v) !== undefined && parseDollars(v)! > 0, 'errors.payments.amount'),
  reason: z.enum(['overpayment', 'duplicate', 'coverage-cancelled', 'customer-request'], { message: 'errors.field.required' }),
  idempotencyKey: z.string().min(8).max(100),
});

export async function refundPayment(c: PostingContext & { db: Db; processor: PaymentProcessor }, input: { paymentId: string; body: unknown; supervisorId: string; ip?: string | null }): Promise<void> {
  const parsed = refundSchema.safeParse(input.body);
  if (!parsed.success) throw invalidInput(fieldErrorsFromZod(parsed.error));
  const amountCents = parseDollars(parsed.data.amount)!;
  const [payment] = await c.db.select().from(payments).where(eq(payments.id, input.paymentId));
  if (!payment) throw notFound();
  if (payment.status !== 'succeeded' || !payment.processorChargeId) throw conflict('errors.payments.notRefundable');
  if (amountCents > payment.amountCents - payment.refundedCents) throw invalidInput([{ field: 'amount', messageKey: 'errors.payments.refundTooMuch' }]);
  const [refund] = await c.db
    .insert(refunds)
    .values({ paymentId: payment.id, idempotencyKey: parsed.data.idempotencyKey, amountCents, reason: parsed.data.reason, requestedBy: input.supervisorId, createdAt: c.now })
    .onConflictDoNothing({ target: refunds.idempotencyKey })
    .returning();
  const [row] = refund ? [refund] : await c.db.select().from(refunds).where(eq(refunds.idempotencyKey, parsed.data.idempotencyKey));
  if (!row || row.paymentId !== payment.id || row.amountCents !== amountCents) throw conflict('errors.payments.keyReused');
  const result = await c.processor.refund({ chargeId: payment.processorChargeId, amountCents }, `refund:${row.idempotencyKey}`);
  if (!result.ok) {
    if (result.error === 'unreachable') throw new CandorError('unavailable', 'errors.payments.processorUnavailable');
    await c.db.update(refunds).set({ status: 'failed' }).where(eq(refunds.id, row.id));
    throw conflict('errors.payments.notRefundable');
  }
  const charge = await c.processor.getCharge(payment.processorChargeId);
  await c.db.transaction(async (tx) => {
    await tx.update(refunds).set({ status: 'succeeded', processorRefundId: result.value.id }).where(eq(refunds.id, row.id));
    if (charge.ok) await syncCharge(tx, charge.value, c);
    const [current] = await tx.select().from(payments).where(eq(payments.id, payment.id));
    await auditPayment(
      tx,
      current!,
      'payment.refund.requested',
      c,
      { id: input.supervisorId, kind: 'person', ip: input.ip },
      { refundId: row.id, refundCents: amountCents, reason: parsed.data.reason },
    );
  });
}
