/**
 * Taking a payment through the processor: start a hosted-page session (the
 * person, or an agent on the phone, types the card or bank account on the
 * processor's page), then charge the token the page produced. Every step is
 * keyed by the payment's idempotency key, so a double click, a refreshed
 * return page or fifty identical API calls make one payment and one charge.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import { invoices } from '../billing/schema.js';
import { households } from '../enrollment/schema.js';
import type { Db } from '../platform/database.js';
import { CandorError, conflict, invalidInput, notFound } from '../platform/errors.js';
import { auditPayment, type PaymentRow, type PostingContext } from './apply-payment.js';
import type { PaymentProcessor } from './processor.js';
import { payments, type PaymentChannel } from './schema.js';
import { syncCharge } from './sync-charge.js';
import { inFlightPayments } from './household-billing.js';

export interface TakePaymentContext extends PostingContext {
  db: Db;
  processor: PaymentProcessor;
  publicUrl: string;
}

export interface PaymentRequest {
  idempotencyKey: string;
  householdId: string;
  amountCents: number;
  /** The invoice the person is paying (by id); the rest of the money goes to older months. */
  invoiceId?: string | null;
  channel: Extract<PaymentChannel, 'online' | 'phone'>;
  initiatedBy?: string | null;
  takenBy?: string | null;
  ip?: string | null;
}

const processorDown = () => new CandorError('unavailable', 'errors.payments.processorUnavailable');

export function validateAmount(amountCents: number): void {
  if (!Number.isInteger(amountCents) || amountCents < 1 || amountCents > 10_000_000) throw invalidInput([{ field: 'amount', messageKey: 'errors.payments.amount' }]);
}

/** Parses "123.45" / "$1,234.50" / "12" into cents without floating point; undefined when it is not an amount. */
export function parseDollars(input: string): number | undefined {
  const m = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!m) return undefined;
  return Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Creates the payment for a key, or returns the one the key already made (refusing a different request under it). */
async function paymentForKey(db: Db, req: PaymentRequest, now: Date): Promise<{ payment: PaymentRow; created: boolean }> {
  validateAmount(req.amountCents);
  const [household] = await db.select({ id: households.id }).from(households).where(eq(households.id, req.householdId));
  if (!household) throw notFound();
  if (req.invoiceId) {
    const [inv] = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.id, req.invoiceId), eq(invoices.householdId, req.householdId), ne(invoices.status, 'void')));
    if (!inv) throw notFound();
  }
  const [created] = await db
    .insert(payments)
    .values({
      idempotencyKey: req.idempotencyKey,
      householdId: req.householdId,
      invoiceId: req.invoiceId ?? null,
      channel: req.channel,
      amountCents: req.amountCents,
      initiatedBy: req.initiatedBy ?? null,
      takenBy: req.takenBy ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: payments.idempotencyKey })
    .returning();
  if (created) return { payment: created, created: true };
  const [existing] = await db.select().from(payments).where(eq(payments.idempotencyKey, req.idempotencyKey));
  if (!existing || existing.householdId !== req.householdId || existing.amountCents !== req.amountCents || existing.channel !== req.channel) {
    throw conflict('errors.payments.keyReused');
  }
  return { payment: existing, created: false };
}

/**
 * A second payment of the same amount while the first is still on its way (a
 * bank payment being processed) is almost always the same bill paid twice:
 * refused, with a message saying the first one is being processed. A
 * different amount is allowed (the person may be paying what is left).
 */
async function refuseSecondInFlight(db: Db, req: PaymentRequest): Promise<void> {
  const flying = await inFlightPayments(db, req.householdId);
  const [mine] = await db.select({ id: payments.id }).from(payments).where(eq(payments.idempotencyKey, req.idempotencyKey));
  if (flying.some((p) => p.amountCents === req.amountCents && p.id !== mine?.id)) throw conflict('errors.payments.inFlight');
}

/** Starts a hosted-page payment; returns where to send the browser. */
export async function startHostedPayment(
  c: TakePaymentContext,
  req: PaymentRequest & { language: 'en' | 'es'; reference: string; returnPath: string },
): Promise<{ payment: PaymentRow; redirectUrl: string }> {
  await refuseSecondInFlight(c.db, req);
  const { payment, created } = await paymentForKey(c.db, req, c.now);
  if (payment.status !== 'created') throw conflict('errors.payments.alreadyMade');
  const session = await c.processor.createSession(
    {
      amountCents: payment.amountCents,
      reference: req.reference,
      returnUrl: `${c.publicUrl}${req.returnPath}`,
      cancelUrl: `${c.publicUrl}${req.returnPath}`,
      channel: req.channel,
      language: req.language,
      metadata: { paymentId: payment.id },
    },
    `session:${payment.idempotencyKey}`,
  );
  if (!session.ok) throw processorDown();
  const [updated] = await c.db.transaction(async (tx) => {
    const rows = await tx.update(payments).set({ processorSessionId: session.value.id, updatedAt: c.now }).where(eq(payments.id, payment.id)).returning();
    if (created)
      await auditPayment(
        tx,
        rows[0]!,
        'payment.started',
        c,
        req.takenBy ? { id: req.takenBy, kind: 'person', ip: req.ip } : req.initiatedBy ? { id: req.initiatedBy, kind: 'person', ip: req.ip } : undefined,
      );
    return rows;
  });
  return { payment: updated!, redirectUrl: session.value.url };
}

/** Charges a token under the payment's key and records the result (idempotent). */
async function chargeToken(c: TakePaymentContext, payment: PaymentRow, token: string, reference: string): Promise<PaymentRow> {
  const charge = await c.processor.charge({ token, amountCents: payment.amountCents, reference, metadata: { paymentId: payment.id } }, `charge:${payment.idempotencyKey}`);
  if (!charge.ok) {
    if (charge.error === 'unreachable') throw processorDown();
    throw new CandorError('invalid-input', 'errors.payments.chargeRefused', { fields: [{ field: 'token', messageKey: 'errors.payments.chargeRefused' }] });
  }
  return c.db.transaction(async (tx) => {
    await syncCharge(tx, charge.value, c);
    const [row] = await tx.select().from(payments).where(eq(payments.id, payment.id));
    return row!;
  });
}

/** The person is back from the hosted page: charge what they entered (or note that they cancelled). */
export async function completeHostedPayment(c: TakePaymentContext, sessionId: string): Promise<PaymentRow> {
  const [payment] = await c.db.select().from(payments).where(eq(payments.processorSessionId, sessionId));
  if (!payment) throw notFound();
  if (payment.status !== 'created' || payment.processorChargeId) return payment;
  const session = await c.processor.getSession(sessionId);
  if (!session.ok) throw processorDown();
  if (session.value.status === 'cancelled' || !session.value.paymentMethod) {
    if (session.value.status === 'cancelled') {
      const [row] = await c.db
        .update(payments)
        .set({ status: 'cancelled', updatedAt: c.now })
        .where(and(eq(payments.id, payment.id), eq(payments.status, 'created')))
        .returning();
      return row ?? payment;
    }
    return payment;
  }
  const [inv] = payment.invoiceId ? await c.db.select({ ref: invoices.referenceNumber }).from(invoices).where(eq(invoices.id, payment.invoiceId)) : [];
  return chargeToken(c, payment, session.value.paymentMethod.token, inv?.ref ?? '');
}

/** The API: pay with a processor token (from the hosted page) under an idempotency key. */
export async function payWithToken(c: TakePaymentContext, req: PaymentRequest & { token: string }): Promise<PaymentRow> {
  await refuseSecondInFlight(c.db, req);
  const { payment } = await paymentForKey(c.db, req, c.now);
  if (payment.processorChargeId) return payment;
  const [inv] = payment.invoiceId ? await c.db.select({ ref: invoices.referenceNumber }).from(invoices).where(eq(invoices.id, payment.invoiceId)) : [];
  try {
    return await chargeToken(c, payment, req.token, inv?.ref ?? '');
  } catch (err) {
    // The processor refused the request outright (a bad or spent token): no charge exists, so the
    // row made for it would be an orphan no bill or reconciliation could account for. An
    // unreachable processor may still have charged, so that row stays for a retry to converge on.
    if (err instanceof CandorError && err.name === 'invalid-input') {
      await c.db.delete(payments).where(and(eq(payments.id, payment.id), eq(payments.status, 'created'), isNull(payments.processorChargeId), isNull(payments.processorSessionId)));
    }
    throw err;
  }
}
