import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { invoices } from '../billing/schema.js';
import { enrollments } from '../enrollment/schema.js';
import type { Database } from '../platform/database.js';
import { vermont } from '../states/vt.js';
import type { ProcessorEvent } from './processor.js';
import { httpProcessor } from './processor-client.js';
import { receiveWebhook } from './receive-webhook.js';
import { refundPayment } from './refund-payment.js';
import { reconcileDay } from './reconcile-day.js';
import { allocations, payments, processorEvents } from './schema.js';
import { NSF_BANK, startStandInProcessor, TEST_BANK, TEST_CARD, type StandInProcessor } from './stand-in-processor.js';
import { payWithToken, type TakePaymentContext } from './take-payment.js';
import { billedHousehold, tokenFromHostedPage } from './testing.js';
import { householdBilling } from './household-billing.js';
import { signWebhook } from './webhook-signature.js';
import { importLockbox, resolveLockboxException } from './import-lockbox.js';
import { formatReference } from '../billing/reference-number.js';
import { lockboxExceptions } from './schema.js';

const SECRET = 'whsec_payments_test';
let database: Database & { drop(): Promise<void> };
let standIn: StandInProcessor;
let c: TakePaymentContext;
const now = new Date('2026-01-10T15:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  // Webhooks are not delivered here: the tests hand events to receiveWebhook themselves, in the orders they choose.
  standIn = await startStandInProcessor({ apiKey: 'sk_test', webhookSecret: SECRET, webhookUrl: () => undefined, settleAfterMs: null });
  c = { db: database.db, processor: httpProcessor({ baseUrl: standIn.url, apiKey: 'sk_test' }), publicUrl: 'http://localhost', now, profile: vermont };
});
afterAll(async () => {
  await standIn?.close();
  await database?.drop();
});

async function ledger(paymentId: string) {
  const rows = await database.db.select().from(allocations).where(eq(allocations.paymentId, paymentId));
  return rows.reduce((s, r) => s + r.cents, 0);
}

const deliver = (event: ProcessorEvent, secret = SECRET) => {
  const body = JSON.stringify(event);
  return receiveWebhook(database.db, { secret: SECRET, signature: signWebhook(secret, body, now), body }, { now, profile: vermont });
};

describe('a payment in flight', () => {
  it('counts toward what is left to pay until it settles, and a second payment of the same amount is refused meanwhile', async () => {
    const { household, invoice } = await billedHousehold(database.db, vermont, { now });
    const bank = await payWithToken(c, {
      idempotencyKey: randomUUID(),
      householdId: household.id,
      amountCents: 10_000,
      invoiceId: invoice.id,
      channel: 'online',
      token: await tokenFromHostedPage(c.processor, 10_000, TEST_BANK),
    });
    expect(bank.status).toBe('pending');
    const view = (await householdBilling(database.db, household.id, { now, profile: vermont }))!;
    expect(view).toMatchObject({ inFlightCents: 10_000, amountDueCents: 20_000 });
    expect(view.inFlight.map((p) => p.id)).toEqual([bank.id]);
    // The same amount again under another key: refused, nothing charged.
    const charges = standIn.charges().length;
    const again = payWithToken(c, {
      idempotencyKey: randomUUID(),
      householdId: household.id,
      amountCents: 10_000,
      invoiceId: invoice.id,
      channel: 'online',
      token: await tokenFromHostedPage(c.processor, 10_000, TEST_BANK),
    });
    await expect(again).rejects.toMatchObject({ name: 'conflict', messageKey: 'errors.payments.inFlight' });
    expect(standIn.charges().length).toBe(charges);
    // What is left, a different amount, may be paid.
    const rest = await payWithToken(c, {
      idempotencyKey: randomUUID(),
      householdId: household.id,
      amountCents: 20_000,
      invoiceId: invoice.id,
      channel: 'online',
      token: await tokenFromHostedPage(c.processor, 20_000, TEST_CARD),
    });
    expect(rest.status).toBe('succeeded');
    expect((await householdBilling(database.db, household.id, { now, profile: vermont }))!).toMatchObject({ inFlightCents: 10_000, amountDueCents: 0 });
    // Settled: applied, no longer in flight.
    standIn.settle(bank.processorChargeId!);
    const settled = standIn
      .events()
      .filter((e) => e.data.id === bank.processorChargeId && e.type === 'charge.succeeded')
      .at(-1)!;
    await deliver(settled);
    expect((await householdBilling(database.db, household.id, { now, profile: vermont }))!).toMatchObject({ inFlightCents: 0, amountDueCents: 0 });
  });
});

describe('paying with a token', () => {
  it('50 concurrent identical requests with one idempotency key make one payment and one charge, applied once', async () => {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    expect(invoice.amountCents).toBe(30_000);
    const token = await tokenFromHostedPage(c.processor, invoice.amountCents, TEST_CARD);
    const key = randomUUID();
    const chargesBefore = standIn.charges().length;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => payWithToken(c, { idempotencyKey: key, householdId: household.id, amountCents: 30_000, invoiceId: invoice.id, channel: 'online', token })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(standIn.charges().length - chargesBefore).toBe(1);
    const rows = await database.db.select().from(payments).where(eq(payments.idempotencyKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', method: 'card', last4: '4242' });
    expect(await ledger(rows[0]!.id)).toBe(30_000);
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv).toMatchObject({ paidCents: 30_000, status: 'paid' });
    const [e] = await database.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(e!.status).toBe('effectuated');
    // The same key with another amount is refused, and changes nothing.
    await expect(payWithToken(c, { idempotencyKey: key, householdId: household.id, amountCents: 100, channel: 'online', token })).rejects.toMatchObject({ name: 'conflict' });
  });
});

describe('webhooks', () => {
  async function bankPayment(fields: Record<string, string>) {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    const token = await tokenFromHostedPage(c.processor, invoice.amountCents, fields);
    const payment = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: household.id, amountCents: invoice.amountCents, invoiceId: invoice.id, channel: 'online', token });
    return { payment, invoice, enrollment };
  }

  it('replayed and reordered events reach one final state, and money is applied once', async () => {
    const { payment, invoice } = await bankPayment(TEST_BANK);
    expect(payment.status).toBe('pending');
    standIn.settle(payment.processorChargeId!);
    const events = standIn.events().filter((e) => e.data.id === payment.processorChargeId);
    expect(events.map((e) => e.type)).toEqual(['charge.pending', 'charge.succeeded']);
    // Newest first, each twice.
    const outcomes = [];
    for (const e of [events[1]!, events[0]!, events[1]!, events[0]!]) outcomes.push(await deliver(e));
    expect(outcomes).toEqual(['accepted', 'accepted', 'duplicate', 'duplicate']);
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.status).toBe('succeeded');
    expect(await ledger(payment.id)).toBe(invoice.amountCents);
  });

  it('a returned (NSF) payment is taken back off the invoice, whatever order its events come in', async () => {
    const { payment, invoice } = await bankPayment(NSF_BANK);
    standIn.settle(payment.processorChargeId!);
    await new Promise((r) => setTimeout(r, 20));
    const events = standIn.events().filter((e) => e.data.id === payment.processorChargeId);
    expect(events.map((e) => e.type)).toEqual(['charge.pending', 'charge.succeeded', 'charge.returned']);
    for (const e of [events[1]!, events[2]!, events[0]!, events[2]!]) await deliver(e);
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.status).toBe('returned');
    expect(await ledger(payment.id)).toBe(0);
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv).toMatchObject({ paidCents: 0, status: 'open' });
  });

  it('a bad signature changes nothing', async () => {
    const { payment } = await bankPayment(TEST_BANK);
    standIn.settle(payment.processorChargeId!);
    const succeeded = standIn.events().find((e) => e.data.id === payment.processorChargeId && e.type === 'charge.succeeded')!;
    expect(await deliver(succeeded, 'not-the-secret')).toBe('bad-signature');
    const body = JSON.stringify(succeeded);
    const tampered = JSON.stringify({ ...succeeded, data: { ...succeeded.data, amountCents: 1 } });
    expect(await receiveWebhook(database.db, { secret: SECRET, signature: signWebhook(SECRET, body, now), body: tampered }, { now, profile: vermont })).toBe('bad-signature');
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.status).toBe('pending');
    expect(await database.db.select().from(processorEvents).where(eq(processorEvents.eventId, succeeded.id))).toEqual([]);
    expect(await ledger(payment.id)).toBe(0);
  });
});

describe('refunds and reconciliation', () => {
  it('a partial refund takes exactly that much back off the newest invoice; the report then balances', async () => {
    const { household, invoice } = await billedHousehold(database.db, vermont, { now });
    const token = await tokenFromHostedPage(c.processor, 40_000, TEST_CARD);
    // 100 dollars more than owed: the rest is credit.
    const payment = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: household.id, amountCents: 40_000, invoiceId: invoice.id, channel: 'online', token });
    expect(await ledger(payment.id)).toBe(40_000);
    const supervisor = await database.db.execute<{ id: string }>(
      sql`INSERT INTO accounts (kind, email, password_hash, first_name) VALUES ('staff', ${`sup-${randomUUID()}@example.test`}, 'x', 'Sup') RETURNING id`,
    );
    await refundPayment(c, { paymentId: payment.id, body: { amount: '150.00', reason: 'overpayment', idempotencyKey: randomUUID() }, supervisorId: supervisor.rows[0]!.id });
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.refundedCents).toBe(15_000);
    expect(await ledger(payment.id)).toBe(25_000);
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv!.paidCents).toBe(25_000);
    await expect(
      refundPayment(c, { paymentId: payment.id, body: { amount: '300.00', reason: 'overpayment', idempotencyKey: randomUUID() }, supervisorId: supervisor.rows[0]!.id }),
    ).rejects.toMatchObject({ name: 'invalid-input' });

    const day = new Date().toISOString().slice(0, 10);
    const report = await reconcileDay(database.db, c.processor, { date: day, now });
    expect(report.items.some((i) => i.paymentId === payment.id)).toBe(false);
    // The payment whose webhook was refused (bad signature, above) is still pending here: the report names it.
    expect(report.items.filter((i) => i.kind === 'status-differs').map((i) => [i.ledger?.status, i.processor?.status])).toEqual([['pending', 'succeeded']]);
    // A charge the ledger never heard of is named.
    const stray = await tokenFromHostedPage(c.processor, 1_000, TEST_CARD);
    const strayCharge = await c.processor.charge({ token: stray, amountCents: 1_000, reference: 'x', metadata: {} }, randomUUID());
    const again = await reconcileDay(database.db, c.processor, { date: day, now });
    expect(again.items.some((i) => i.kind === 'missing-in-ledger' && strayCharge.ok && i.chargeId === strayCharge.value.id)).toBe(true);
  });
});

describe('the lockbox', () => {
  it('posts checks by reference number once, queues what does not match, and the mailroom resolves it', async () => {
    const a = await billedHousehold(database.db, vermont, { now });
    const b = await billedHousehold(database.db, vermont, { now });
    const file = [
      'batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name',
      `B100,1,2026-01-09,1001,300.00,${formatReference(a.invoice.referenceNumber)},"Tester, Alex"`,
      `B100,2,2026-01-09,1002,125.50,0000000000,Someone`,
      `B100,3,2026-01-09,1003,12x,${b.invoice.referenceNumber},Someone`,
      `B100,4,2026-01-09,1004,300.00,${b.invoice.referenceNumber.slice(0, 9)}${(Number(b.invoice.referenceNumber[9]) + 1) % 10},Typo`,
    ].join('\n');
    const actor = { id: 'test', kind: 'system' as const };
    const first = await importLockbox(database.db, { now, profile: vermont }, { fileName: 'b100.csv', content: file, actor });
    expect(first).toMatchObject({ lines: 4, posted: 1, exceptions: 3, postedCents: 30_000, alreadyImported: false });
    const again = await importLockbox(database.db, { now, profile: vermont }, { fileName: 'b100.csv', content: file, actor });
    expect(again).toMatchObject({ alreadyImported: true, posted: 1 });
    // The same check in another file is not posted twice.
    const resent = await importLockbox(database.db, { now, profile: vermont }, { fileName: 'b100-resent.csv', content: `${file}\n`, actor });
    expect(resent).toMatchObject({ posted: 0, exceptions: 0 });
    const [inv] = await database.db.select().from(invoices).where(eq(invoices.id, a.invoice.id));
    expect(inv).toMatchObject({ paidCents: 30_000, status: 'paid' });

    const open = await database.db.select().from(lockboxExceptions).where(eq(lockboxExceptions.batchId, first.batchId));
    expect(open.map((e) => e.reason).sort()).toEqual(['invalid-amount', 'invalid-reference', 'unknown-reference']);
    const typo = open.find((e) => e.checkNumber === '1004')!;
    const clerk = await database.db.execute<{ id: string }>(
      sql`INSERT INTO accounts (kind, email, password_hash, first_name) VALUES ('staff', ${`clerk-${randomUUID()}@example.test`}, 'x', 'Clerk') RETURNING id`,
    );
    await expect(resolveLockboxException(database.db, { now, profile: vermont }, { exceptionId: typo.id, action: 'post', reference: '1234', clerkId: clerk.rows[0]!.id })).rejects.toMatchObject({
      name: 'invalid-input',
    });
    await resolveLockboxException(database.db, { now, profile: vermont }, { exceptionId: typo.id, action: 'post', reference: b.invoice.referenceNumber, clerkId: clerk.rows[0]!.id });
    const [invB] = await database.db.select().from(invoices).where(eq(invoices.id, b.invoice.id));
    expect(invB!.paidCents).toBe(30_000);
    await expect(resolveLockboxException(database.db, { now, profile: vermont }, { exceptionId: typo.id, action: 'return', clerkId: clerk.rows[0]!.id })).rejects.toMatchObject({ name: 'conflict' });
  });
});
