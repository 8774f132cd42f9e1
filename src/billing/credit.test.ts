/**
 * Credit balances (docs/adr/0066): money paid beyond what is owed stays as
 * the household's credit in the ledger, pays the next bills when they are
 * made, exactly in cents, is shown as "credit applied", and goes back if
 * the payment that made it is refunded or returned. Money is conserved:
 * payments = allocations to bills + credit, as a property of the pure rules
 * and on the real database.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { enrollments } from '../enrollment/schema.js';
import { createEnrollment } from '../enrollment/testing.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { noticeMessages, noticeRecipients } from '../notices/schema.js';
import { creditBalance } from '../payments/apply-credit.js';
import { householdBilling } from '../payments/household-billing.js';
import { importLockbox } from '../payments/import-lockbox.js';
import type { ProcessorEvent } from '../payments/processor.js';
import { httpProcessor } from '../payments/processor-client.js';
import { receiveWebhook } from '../payments/receive-webhook.js';
import { refundPayment } from '../payments/refund-payment.js';
import { NSF_BANK, startStandInProcessor, TEST_CARD, type StandInProcessor } from '../payments/stand-in-processor.js';
import { payWithToken, type TakePaymentContext } from '../payments/take-payment.js';
import { billedHousehold, tokenFromHostedPage } from '../payments/testing.js';
import { signWebhook } from '../payments/webhook-signature.js';
import type { Database } from '../platform/database.js';
import { vermont } from '../states/vt.js';
import { allocatePayment, applyCredit, releaseExcess, reverseAllocations } from './allocation.js';
import { createBinderInvoice } from './create-binder-invoice.js';
import { enqueueNoticeSink } from './notice-sink.js';
import { setNoticeSink } from './notify.js';
import { rebillHousehold } from './rebill-enrollment.js';
import { runBilling } from './run-billing.js';
import { invoices } from './schema.js';

const SECRET = 'whsec_credit_test';
let database: Database & { drop(): Promise<void> };
let standIn: StandInProcessor;
let c: TakePaymentContext;
const now = new Date('2026-01-10T15:00:00Z');
const system = { id: 'test', kind: 'system' as const };

beforeAll(async () => {
  database = await openTestDatabase();
  standIn = await startStandInProcessor({ apiKey: 'sk_test', webhookSecret: SECRET, webhookUrl: () => undefined, settleAfterMs: null });
  c = { db: database.db, processor: httpProcessor({ baseUrl: standIn.url, apiKey: 'sk_test' }), publicUrl: 'http://localhost', now, profile: vermont };
  setNoticeSink(enqueueNoticeSink(vermont.timeZone));
});
afterAll(async () => {
  setNoticeSink(null);
  await standIn?.close();
  await database?.drop();
});

const deliver = (event: ProcessorEvent) => {
  const body = JSON.stringify(event);
  return receiveWebhook(database.db, { secret: SECRET, signature: signWebhook(SECRET, body, now), body }, { now, profile: vermont });
};

async function invoiceFor(enrollmentId: string, month: string) {
  const [row] = await database.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), eq(invoices.coverageMonth, month)));
  return row!;
}

let lockboxSeq = 0;
async function mailCheck(reference: string, cents: number, at: Date) {
  lockboxSeq++;
  const dollars = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const content = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nC${lockboxSeq},1,${at.toISOString().slice(0, 10)},${lockboxSeq},${dollars},${reference},Payer`;
  return importLockbox(database.db, { now: at, profile: vermont }, { fileName: `c${lockboxSeq}.csv`, content, actor: system });
}

/** payments (what was received and kept) = allocations to bills + credit, for one household. */
async function conserved(householdId: string) {
  const r = await database.db.execute<{ kept: number; ledger: number; on_bills: number; credit: number }>(sql`
    SELECT (SELECT coalesce(sum(amount_cents - refunded_cents), 0)::int FROM payments WHERE household_id = ${householdId} AND status = 'succeeded') AS kept,
           (SELECT coalesce(sum(a.cents), 0)::int FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${householdId}) AS ledger,
           (SELECT coalesce(sum(paid_cents), 0)::int FROM billing_invoices WHERE household_id = ${householdId}) AS on_bills,
           (SELECT coalesce(sum(a.cents), 0)::int FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.household_id = ${householdId} AND a.invoice_id IS NULL) AS credit`);
  const row = r.rows[0]!;
  expect(row.ledger).toBe(row.kept);
  expect(row.kept).toBe(row.on_bills + row.credit);
  expect(row.credit).toBeGreaterThanOrEqual(0);
  return row;
}

type InvoiceReadyData = { amountDueCents: number; coverageMonth: string; premiumCents?: number; creditAppliedCents?: number };

/** The household's invoice-ready notices' data, by coverage month (one per bill: a letter's and an email's carry the same). */
async function invoiceReadyData(householdId: string): Promise<InvoiceReadyData[]> {
  const rows = await database.db
    .select({ data: noticeMessages.data })
    .from(noticeMessages)
    .innerJoin(noticeRecipients, eq(noticeRecipients.id, noticeMessages.recipientId))
    .where(and(eq(noticeRecipients.householdId, householdId), eq(noticeMessages.type, 'invoice-ready')));
  return rows.map((r) => r.data as InvoiceReadyData).sort((a, b) => a.coverageMonth.localeCompare(b.coverageMonth));
}

async function invoiceReadyAmounts(householdId: string): Promise<number[]> {
  return (await invoiceReadyData(householdId)).map((d) => d.amountDueCents).sort((a, b) => a - b);
}

describe('an overpayment', () => {
  it('stays as credit and pays the next bill when the billing run makes it, once, shown as credit applied', async () => {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    expect(invoice.amountCents).toBe(30_000);
    await mailCheck(invoice.referenceNumber, 45_000, now);
    expect(await creditBalance(database.db, household.id)).toBe(15_000);
    await conserved(household.id);

    await runBilling(database.db, { month: '2026-02-01', now: new Date('2026-01-15T15:00:00Z'), profile: vermont });
    await runBilling(database.db, { month: '2026-02-01', now: new Date('2026-01-16T15:00:00Z'), profile: vermont });
    const feb = await invoiceFor(enrollment.id, '2026-02-01');
    expect(feb).toMatchObject({ amountCents: 30_000, paidCents: 15_000, status: 'open' });
    expect(await creditBalance(database.db, household.id)).toBe(0);
    // The bill's notice names the premium and the credit applied and asks for what is left (the binder's asked for all of it).
    expect(await invoiceReadyData(household.id)).toEqual([
      { amountDueCents: 30_000, dueDate: invoice.dueDate, coverageMonth: '2026-01-01', referenceNumber: invoice.referenceNumber },
      { amountDueCents: 15_000, premiumCents: 30_000, creditAppliedCents: 15_000, dueDate: feb.dueDate, coverageMonth: '2026-02-01', referenceNumber: feb.referenceNumber },
    ]);
    await conserved(household.id);

    const view = (await householdBilling(database.db, household.id, { now, profile: vermont }))!;
    expect(view.invoices.find((i) => i.id === feb.id)).toMatchObject({ creditAppliedCents: 15_000, paidCents: 15_000 });
    expect(view.invoices.find((i) => i.id === invoice.id)).toMatchObject({ creditAppliedCents: 0, paidCents: 30_000 });
    expect(view).toMatchObject({ amountDueCents: 15_000, creditCents: 0 });
  });

  it('a credit larger than the next bill pays it in full (its notice says so and asks for no money) and the rest waits for the one after', async () => {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    await mailCheck(invoice.referenceNumber, 100_000, now);
    await runBilling(database.db, { month: '2026-02-01', now, profile: vermont });
    expect(await invoiceFor(enrollment.id, '2026-02-01')).toMatchObject({ paidCents: 30_000, status: 'paid' });
    expect(await creditBalance(database.db, household.id)).toBe(40_000);
    await runBilling(database.db, { month: '2026-03-01', now, profile: vermont });
    await runBilling(database.db, { month: '2026-04-01', now, profile: vermont });
    expect(await invoiceFor(enrollment.id, '2026-03-01')).toMatchObject({ paidCents: 30_000, status: 'paid' });
    expect(await invoiceFor(enrollment.id, '2026-04-01')).toMatchObject({ paidCents: 10_000, status: 'open' });
    expect(
      (await invoiceReadyData(household.id)).map(({ coverageMonth, amountDueCents, premiumCents, creditAppliedCents }) => ({ coverageMonth, amountDueCents, premiumCents, creditAppliedCents })),
    ).toEqual([
      { coverageMonth: '2026-01-01', amountDueCents: 30_000, premiumCents: undefined, creditAppliedCents: undefined },
      { coverageMonth: '2026-02-01', amountDueCents: 0, premiumCents: 30_000, creditAppliedCents: 30_000 },
      { coverageMonth: '2026-03-01', amountDueCents: 0, premiumCents: 30_000, creditAppliedCents: 30_000 },
      { coverageMonth: '2026-04-01', amountDueCents: 20_000, premiumCents: 30_000, creditAppliedCents: 10_000 },
    ]);
    await conserved(household.id);
  });
});

describe('taking back the payment that made the credit', () => {
  it('a returned (NSF) payment takes its money back from the credit it left and the bill the credit paid', async () => {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    const token = await tokenFromHostedPage(c.processor, 45_000, NSF_BANK);
    const payment = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: household.id, amountCents: 45_000, invoiceId: invoice.id, channel: 'online', token });
    standIn.settle(payment.processorChargeId!);
    await new Promise((r) => setTimeout(r, 20));
    const events = standIn.events().filter((e) => e.data.id === payment.processorChargeId);
    expect(events.map((e) => e.type)).toEqual(['charge.pending', 'charge.succeeded', 'charge.returned']);
    await deliver(events[1]!);
    expect(await creditBalance(database.db, household.id)).toBe(15_000);
    await runBilling(database.db, { month: '2026-02-01', now, profile: vermont });
    expect(await invoiceFor(enrollment.id, '2026-02-01')).toMatchObject({ paidCents: 15_000 });

    await deliver(events[2]!);
    expect(await invoiceFor(enrollment.id, '2026-02-01')).toMatchObject({ paidCents: 0, status: 'open' });
    expect(await invoiceFor(enrollment.id, '2026-01-01')).toMatchObject({ paidCents: 0, status: 'open' });
    expect(await creditBalance(database.db, household.id)).toBe(0);
    await conserved(household.id);
  });

  it('a refund takes from the credit first, then from the bill the credit paid', async () => {
    const { household, invoice, enrollment } = await billedHousehold(database.db, vermont, { now });
    const token = await tokenFromHostedPage(c.processor, 45_000, TEST_CARD);
    const payment = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: household.id, amountCents: 45_000, invoiceId: invoice.id, channel: 'online', token });
    await runBilling(database.db, { month: '2026-02-01', now, profile: vermont });
    expect(await invoiceFor(enrollment.id, '2026-02-01')).toMatchObject({ paidCents: 15_000 });
    const supervisor = await database.db.execute<{ id: string }>(
      sql`INSERT INTO accounts (kind, email, password_hash, first_name) VALUES ('staff', ${`sup-${randomUUID()}@example.test`}, 'x', 'Sup') RETURNING id`,
    );
    await refundPayment(c, { paymentId: payment.id, body: { amount: '100.00', reason: 'customer-request', idempotencyKey: randomUUID() }, supervisorId: supervisor.rows[0]!.id });
    expect(await invoiceFor(enrollment.id, '2026-02-01')).toMatchObject({ paidCents: 5_000, status: 'open' });
    expect(await invoiceFor(enrollment.id, '2026-01-01')).toMatchObject({ paidCents: 30_000, status: 'paid' });
    await conserved(household.id);
  });
});

describe('a paid binder of a plan replaced before it starts', () => {
  it("becomes credit that pays the new plan's binder, which takes effect at once", async () => {
    const { household, invoice, enrollment: old } = await billedHousehold(database.db, vermont, { now, coverageStart: '2026-02-01' });
    await mailCheck(invoice.referenceNumber, 30_000, now);
    expect((await database.db.select().from(enrollments).where(eq(enrollments.id, old.id)))[0]!.status).toBe('effectuated');
    const at = new Date('2026-01-12T15:00:00Z');
    const next = await database.db.transaction(async (tx) => {
      await transitionEnrollment(tx, old.id, 'cancelled', { reason: 'plan-change', effectiveDate: old.coverageStart, actor: system, at });
      const e = await createEnrollment(tx, { householdId: household.id, grossPremiumCents: 40_000, aptcCents: 20_000, coverageStart: '2026-02-01', at });
      await rebillHousehold(tx, household.id, { now: at, except: e.id });
      await createBinderInvoice(tx, { enrollmentId: e.id, now: at, profile: vermont, actor: system });
      return e;
    });
    expect((await database.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0]).toMatchObject({ status: 'void', paidCents: 0 });
    expect(await invoiceFor(next.id, '2026-02-01')).toMatchObject({ amountCents: 20_000, paidCents: 20_000, status: 'paid' });
    expect((await database.db.select().from(enrollments).where(eq(enrollments.id, next.id)))[0]!.status).toBe('effectuated');
    expect(await creditBalance(database.db, household.id)).toBe(10_000);
    // The new binder's notice says the credit paid it and asks for nothing.
    expect(await invoiceReadyAmounts(household.id)).toEqual([0, 30_000]);
    expect((await invoiceReadyData(household.id)).find((d) => d.amountDueCents === 0)).toMatchObject({ premiumCents: 20_000, creditAppliedCents: 20_000 });
    await conserved(household.id);
  });
});

describe('money is conserved (pure rules)', () => {
  type Op = { kind: 'pay'; cents: number } | { kind: 'bill'; cents: number } | { kind: 'lower'; bill: number; cents: number } | { kind: 'refund'; payment: number; cents: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('pay' as const), cents: fc.integer({ min: 1, max: 100_000 }) }),
    fc.record({ kind: fc.constant('bill' as const), cents: fc.integer({ min: 0, max: 60_000 }) }),
    fc.record({ kind: fc.constant('lower' as const), bill: fc.nat(20), cents: fc.integer({ min: 0, max: 60_000 }) }),
    fc.record({ kind: fc.constant('refund' as const), payment: fc.nat(20), cents: fc.integer({ min: 1, max: 100_000 }) }),
  );

  it('payments = allocations to bills + credit, after any sequence of payments, new bills, lowered bills and refunds', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        // The ledger: rows of (payment, bill or null for credit, cents).
        const rows: Array<{ payment: number; bill: number | null; cents: number }> = [];
        const bills: Array<{ amount: number; month: string }> = [];
        const kept: number[] = [];
        const paidOn = (b: number) => rows.filter((r) => r.bill === b).reduce((s, r) => s + r.cents, 0);
        const creditOf = (p: number) => rows.filter((r) => r.payment === p && r.bill === null).reduce((s, r) => s + r.cents, 0);
        const owing = () => bills.map((b, i) => ({ id: String(i), coverageMonth: b.month, owedCents: b.amount - paidOn(i) })).filter((b) => b.owedCents > 0);
        const useCredit = () => {
          const moves = applyCredit(
            kept.map((_, p) => ({ paymentId: String(p), cents: creditOf(p) })).filter((x) => x.cents > 0),
            owing(),
          );
          for (const m of moves) rows.push({ payment: Number(m.paymentId), bill: null, cents: -m.cents }, { payment: Number(m.paymentId), bill: Number(m.invoiceId), cents: m.cents });
        };
        for (const op of ops) {
          if (op.kind === 'pay') {
            const p = kept.push(op.cents) - 1;
            const { allocations, unappliedCents } = allocatePayment(op.cents, owing());
            for (const a of allocations) rows.push({ payment: p, bill: Number(a.invoiceId), cents: a.cents });
            if (unappliedCents) rows.push({ payment: p, bill: null, cents: unappliedCents });
          } else if (op.kind === 'bill') {
            bills.push({ amount: op.cents, month: `2026-${String((bills.length % 12) + 1).padStart(2, '0')}-${String(Math.floor(bills.length / 12) + 1).padStart(2, '0')}` });
            useCredit();
          } else if (op.kind === 'lower') {
            const b = op.bill % Math.max(1, bills.length);
            if (!bills[b]) continue;
            bills[b]!.amount = Math.min(bills[b]!.amount, op.cents);
            const excess = paidOn(b) - bills[b]!.amount;
            if (excess > 0) {
              const shares = kept.map((_, p) => ({ paymentId: String(p), cents: rows.filter((r) => r.payment === p && r.bill === b).reduce((s, r) => s + r.cents, 0) })).filter((x) => x.cents > 0);
              for (const m of releaseExcess(excess, String(b), shares))
                rows.push({ payment: Number(m.paymentId), bill: b, cents: m.cents }, { payment: Number(m.paymentId), bill: null, cents: -m.cents });
            }
            useCredit();
          } else {
            const p = op.payment % Math.max(1, kept.length);
            if (kept[p] === undefined) continue;
            const mine = rows.filter((r) => r.payment === p);
            const applied = [...new Set(mine.filter((r) => r.bill !== null).map((r) => r.bill!))]
              .map((b) => ({ invoiceId: String(b), coverageMonth: bills[b]!.month, cents: mine.filter((r) => r.bill === b).reduce((s, r) => s + r.cents, 0) }))
              .filter((a) => a.cents > 0);
            const cents = Math.min(op.cents, kept[p]!);
            const { reversals, fromUnappliedCents } = reverseAllocations(cents, applied, creditOf(p));
            for (const r of reversals) rows.push({ payment: p, bill: Number(r.invoiceId), cents: r.cents });
            if (fromUnappliedCents) rows.push({ payment: p, bill: null, cents: -fromUnappliedCents });
            kept[p] = kept[p]! - cents;
          }
          // After every step: each payment's rows add up to what it still holds; bills and credit never go negative or over.
          kept.forEach((k, p) => {
            expect(rows.filter((r) => r.payment === p).reduce((s, r) => s + r.cents, 0)).toBe(k);
            expect(creditOf(p)).toBeGreaterThanOrEqual(0);
          });
          bills.forEach((b, i) => {
            expect(paidOn(i)).toBeGreaterThanOrEqual(0);
            expect(paidOn(i)).toBeLessThanOrEqual(b.amount);
          });
          const credit = kept.reduce((s, _, p) => s + creditOf(p), 0);
          expect(kept.reduce((s, k) => s + k, 0)).toBe(bills.reduce((s, _, i) => s + paidOn(i), 0) + credit);
          // Once the credit has been used (a bill made or lowered), credit is left only when nothing is owed.
          if (credit > 0 && (op.kind === 'bill' || op.kind === 'lower')) expect(owing()).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
