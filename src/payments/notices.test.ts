/**
 * The notices of a returned (NSF) payment and of a binder never paid, on the
 * whole exchange: the event commits its notice, the dispatcher hands it to
 * the local SMTP peer, and the call to action follows the live capabilities.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { billingModule } from '../billing/module.js';
import { runBilling } from '../billing/run-billing.js';
import { formatReference } from '../billing/reference-number.js';
import type { CapabilityId } from '../capabilities/ids.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { enrollments } from '../enrollment/schema.js';
import { noticeMessages, noticeRecipients } from '../notices/schema.js';
import { ManualClock } from '../platform/clock.js';
import { vermont } from '../states/vt.js';
import { payments } from './schema.js';
import { NSF_BANK, TEST_CARD } from './stand-in-processor.js';
import { payWithToken } from './take-payment.js';
import { billedHousehold, tokenFromHostedPage } from './testing.js';

let t: TestApp;
// Monday 12 January 2026, 10:00 in Vermont: both phone lines open.
const clock = new ManualClock(new Date('2026-01-12T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

async function setStatus(capability: CapabilityId, status: 'operational' | 'down') {
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability,
      status,
      reasonEn: status === 'down' ? 'Test outage' : 'Back',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 3_600_000) : null,
      by: { kind: 'system', id: 'test' },
      now: clock.now(),
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

/** A billed household whose notices go by email (the person chose electronic delivery). */
async function household() {
  const email = `p-${randomUUID()}@example.test`;
  const billed = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), coverageStart: '2026-01-01' });
  // The binder invoice's notice made the household's recipient record.
  const updated = await t.ctx.db.update(noticeRecipients).set({ email, delivery: 'electronic' }).where(eq(noticeRecipients.householdId, billed.household.id)).returning();
  expect(updated).toHaveLength(1);
  return { ...billed, email };
}

async function messagesOf(householdId: string, type: string) {
  return t.ctx.db
    .select({ id: noticeMessages.id, channel: noticeMessages.channel, data: noticeMessages.data })
    .from(noticeMessages)
    .innerJoin(noticeRecipients, eq(noticeRecipients.id, noticeMessages.recipientId))
    .where(and(eq(noticeRecipients.householdId, householdId), eq(noticeMessages.type, type)));
}

async function mailOf(messageId: string) {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
  const mail = t.ctx.localSmtp!.received.find((m) => m.headers['x-candor-message'] === messageId);
  expect(mail, 'the email reached the SMTP peer').toBeDefined();
  return mail!;
}

describe('a payment the bank returns', () => {
  it('takes the money back and tells the household what it owes, with the ways to pay that work now', async () => {
    const h = await household();
    const processor = t.ctx.services.payments.processor;
    const standIn = t.ctx.services.payments.standIn!;
    const token = await tokenFromHostedPage(processor, h.invoice.amountCents, NSF_BANK);
    const c = { db: t.ctx.db, processor, publicUrl: t.url, now: clock.now(), profile: vermont };
    const payment = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: h.household.id, amountCents: h.invoice.amountCents, invoiceId: h.invoice.id, channel: 'online', token });
    expect(payment.status).toBe('pending');
    // The bank settles, then returns it; the processor's webhooks reach the exchange over HTTP.
    standIn.settle(payment.processorChargeId!);
    await standIn.idle();
    const [row] = await t.ctx.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.status).toBe('returned');

    const returned = await messagesOf(h.household.id, 'payment-returned');
    expect(returned.map((m) => m.channel)).toEqual(['email']);
    expect(returned[0]!.data).toMatchObject({
      amountReturnedCents: h.invoice.amountCents,
      amountDueCents: h.invoice.amountCents,
      dueDate: h.invoice.dueDate,
      returnedOn: '2026-01-12',
      referenceNumber: h.invoice.referenceNumber,
    });
    // Delivered webhooks again: still one notice.
    for (const e of standIn.events().filter((x) => x.data.id === payment.processorChargeId)) await standIn.redeliver(e.id);
    expect(await messagesOf(h.household.id, 'payment-returned')).toHaveLength(1);

    // Online payments are down when it goes out: the email offers the phone line (with today's hours) and the lockbox.
    await setStatus('online-payment', 'down');
    try {
      const mail = await mailOf(returned[0]!.id);
      expect(mail.to).toContain(h.email);
      expect(mail.headers['x-candor-notice']).toBe('payment-returned');
      expect(mail.headers['x-candor-variant']).toBe('pay-by-phone-or-mail');
      expect(mail.subject).toBe('Your bank returned your payment');
      const owed = `$${(h.invoice.amountCents / 100).toFixed(2)}`;
      expect(mail.text).toContain(`Your bank returned your payment of ${owed}`);
      expect(mail.text).toContain(`You now owe ${owed}`);
      expect(mail.text).toContain(vermont.phoneLines.payments.number);
      expect(mail.text).toContain('Open today until 5 pm');
      expect(mail.text).toContain(vermont.lockbox.lines[0]!);
      expect(mail.text).not.toMatch(/pay[^.]{0,40} online/i);
      // No reference number in an email.
      expect(mail.text).not.toContain(formatReference(h.invoice.referenceNumber));
    } finally {
      await setStatus('online-payment', 'operational');
    }
  });
});

describe("a monthly billing run that applies the household's credit", () => {
  it("sends each bill's invoice-ready notice naming the premium, the credit applied and what is left; a bill the credit paid in full asks for nothing", async () => {
    clock.set(new Date('2026-01-12T15:00:00Z'));
    const partly = await household();
    const fully = await household();
    expect(partly.invoice.amountCents).toBe(30_000);
    const processor = t.ctx.services.payments.processor;
    const c = { db: t.ctx.db, processor, publicUrl: t.url, now: clock.now(), profile: vermont };
    // Paying more than the binder leaves credit: 150.00 for one household, 300.00 (all of February) for the other.
    for (const [h, cents] of [
      [partly, 45_000],
      [fully, 60_000],
    ] as const) {
      const token = await tokenFromHostedPage(processor, cents, TEST_CARD);
      const paid = await payWithToken(c, { idempotencyKey: randomUUID(), householdId: h.household.id, amountCents: cents, invoiceId: h.invoice.id, channel: 'online', token });
      expect(paid.status).toBe('succeeded');
    }

    await runBilling(t.ctx.db, { month: '2026-02-01', now: clock.now(), profile: vermont });
    const february = async (householdId: string) => (await messagesOf(householdId, 'invoice-ready')).filter((m) => (m.data as { coverageMonth: string }).coverageMonth === '2026-02-01');

    const [owes] = await february(partly.household.id);
    expect(owes!.data).toMatchObject({ premiumCents: 30_000, creditAppliedCents: 15_000, amountDueCents: 15_000, dueDate: '2026-01-23' });
    const owesMail = await mailOf(owes!.id);
    expect(owesMail.subject).toBe('Your premium for February 2026 is ready');
    expect(owesMail.text).toContain('Your premium for February 2026 is $300.00. We used $150.00 of your credit to pay part of it, so you owe $150.00, due by January 23, 2026.');
    expect(owesMail.text).toContain('Pay $150.00 online');

    const [settled] = await february(fully.household.id);
    expect(settled!.data).toMatchObject({ premiumCents: 30_000, creditAppliedCents: 30_000, amountDueCents: 0 });
    const settledMail = await mailOf(settled!.id);
    expect(settledMail.subject).toBe('Your premium for February 2026 is paid');
    expect(settledMail.text).toContain('Your premium for February 2026 is $300.00. We used $300.00 of your credit to pay it in full, so you owe nothing for that month.');
    expect(settledMail.text).toContain('You do not need to do anything.');
    expect(settledMail.text).not.toMatch(/How to pay|\/l\//);
  });
});

describe('a binder never paid', () => {
  it('the daily check cancels the enrollment and sends the formal notice with appeal rights, once', async () => {
    const h = await household();
    const delinquency = billingModule.jobs!.find((j) => j.name === 'billing-delinquency')!;
    // The day after the binder's due date (30 days after the coverage start).
    expect(h.invoice.dueDate).toBe('2026-01-31');
    clock.set(new Date('2026-02-02T15:00:00Z'));
    await delinquency.handler(t.ctx, {}, { id: 'test-1' });
    await delinquency.handler(t.ctx, {}, { id: 'test-2' });
    const [e] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.id, h.enrollment.id));
    expect(e).toMatchObject({ status: 'cancelled', endReason: 'binder-not-paid' });

    const cancelled = await messagesOf(h.household.id, 'binder-cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.data).toEqual({ coverageStart: '2026-01-01', binderDueDate: '2026-01-31', binderAmountCents: h.invoice.amountCents, referenceNumber: h.invoice.referenceNumber });
    const mail = await mailOf(cancelled[0]!.id);
    expect(mail.headers['x-candor-notice']).toBe('binder-cancelled');
    expect(mail.headers['x-candor-variant']).toBe('call-us');
    expect(mail.text).toContain('Your health coverage that was to start on January 1, 2026 is cancelled');
    expect(mail.text).toContain('by January 31, 2026');
    expect(mail.text).toContain('45 CFR 155.400(e)');
    expect(mail.text).toContain('Your right to appeal');
    expect(mail.text).toMatch(/we will reinstate your coverage from January 1, 2026 with no gap\. Call Customer Support Center at 1-855-899-9600 \(TTY: 711\)\. Open today until 5 pm/);
  });
});
