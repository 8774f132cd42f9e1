import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testIdText, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { graceEndsOn } from '../billing/grace.js';
import { gracePeriods, invoices } from '../billing/schema.js';
import { enrollments } from '../enrollment/schema.js';
import { vermont } from '../states/vt.js';
import { payments } from './schema.js';
import { DECLINED_CARD, TEST_BANK, TEST_CARD } from './stand-in-processor.js';
import { formatDate } from '../web/i18n.js';
import { ManualClock } from '../platform/clock.js';
import { billedHousehold, householdInGrace, tokenFromHostedPage } from './testing.js';
import { signWebhook } from './webhook-signature.js';

// A day in the middle of a plan year, so this month's and next month's bills both exist.
const clock = new ManualClock(new Date('2026-06-10T15:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

/** A signed-in customer with a billed household, and a CSRF token for API calls with the cookie. */
async function customer() {
  const me = await signedIn(t.ctx.db, 'customer');
  const billed = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), customerAccountId: me.id });
  const page = await t.server!.inject({ url: '/billing/pay', headers: { cookie: me.cookie } });
  expect(page.statusCode).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const csrfCookie = page.cookies.find((c) => c.name === '_csrf')!;
  return { ...me, ...billed, csrf, cookies: `${me.cookie}; _csrf=${csrfCookie.value}` };
}

describe('the customer’s bills', () => {
  it('shows the amount due, the due date, the reference number and a pay button, and only their own household', async () => {
    const me = await customer();
    const res = await t.server!.inject({ url: '/billing', headers: { cookie: me.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('$300.00');
    expect(res.body).toContain('href="/billing/pay"');
    expect(res.body).toContain(`${me.invoice.referenceNumber.slice(0, 5)}-${me.invoice.referenceNumber.slice(5)}`);
    // The same section on the customer's coverage page.
    const coverage = await t.server!.inject({ url: '/coverage', headers: { cookie: me.cookie } });
    expect(coverage.statusCode).toBe(200);
    expect(coverage.body).toContain('id="billing-section-heading"');
    const other = await customer();
    const receiptOfOther = await t.server!.inject({ url: `/api/v1/payments/${randomUUID()}`, headers: { cookie: other.cookie } });
    expect(receiptOfOther.statusCode).toBe(404);
    // Staff pages are not for customers.
    expect((await t.server!.inject({ url: `/call-centre/households/${me.household.id}/billing`, headers: { cookie: me.cookie } })).statusCode).toBe(403);
  });
});

describe('the call-centre console in a grace period', () => {
  it('shows the agent the same grace period box as the customer, titled for staff: the last day to pay and the total, in English and Spanish', async () => {
    const me = await signedIn(t.ctx.db, 'customer');
    const { household, enrollment } = await householdInGrace(t.ctx.db, vermont, { now: clock.now(), customerAccountId: me.id });
    const [grace] = await t.ctx.db
      .select()
      .from(gracePeriods)
      .where(and(eq(gracePeriods.enrollmentId, enrollment.id), eq(gracePeriods.status, 'open')));
    // With the credit: 3 months from this month's unpaid bill, with no outage to move the last day.
    expect(grace).toMatchObject({ months: 3, withCredit: true });
    const agent = await signedIn(t.ctx.db, 'call-centre-agent');
    const page = async (url: string, cookie: string, lang: 'en' | 'es') => {
      const res = await t.server!.inject({ url, headers: { cookie: `${cookie}; candor_lang=${lang}` } });
      expect(res.statusCode).toBe(200);
      return res.body.replace(/\s+/g, ' ');
    };
    const words = {
      en: { title: 'The household is in a grace period: its premium is past due', endsOn: 'Grace period ends (last day to pay)', total: 'Total to pay by then' },
      es: { title: 'El hogar está en un período de gracia: su prima está vencida', endsOn: 'Fin del período de gracia (último día para pagar)', total: 'Total a pagar a más tardar ese día' },
    } as const;
    for (const lang of ['en', 'es'] as const) {
      const agentPage = await page(`/call-centre/households/${household.id}/billing`, agent.cookie, lang);
      const w = words[lang];
      expect(agentPage).toContain(w.title);
      expect(agentPage).toContain(`<dt>${w.endsOn}</dt>`);
      expect(agentPage).toContain(`<dt>${w.total}</dt>`);
      expect(testIdText(agentPage, 'grace-ends')).toBe(formatDate(graceEndsOn(grace!), lang));
      // This month's and next month's bills of $300.00, both due before the grace period ends.
      expect(testIdText(agentPage, 'grace-total')).toBe('$600.00');
      // Word for word what the customer reads on her billing page.
      const customerPage = await page('/billing', me.cookie, lang);
      for (const id of ['grace-ends', 'grace-total', 'grace-bills-to-come', 'grace-if-not-paid']) expect(testIdText(agentPage, id)).toBe(testIdText(customerPage, id));
      // The box has no pay button of its own; the agent's page still never shows the customer's.
      expect(agentPage).not.toContain('href="/billing/pay"');
      expect(agentPage.indexOf('data-testid="grace-ends"')).toBeLessThan(agentPage.indexOf('id="billing-section-heading"'));
    }
  });

  it('a household not in a grace period shows the agent no grace period box', async () => {
    const { household } = await billedHousehold(t.ctx.db, vermont, { now: clock.now() });
    const agent = await signedIn(t.ctx.db, 'call-centre-agent');
    const res = await t.server!.inject({ url: `/call-centre/households/${household.id}/billing`, headers: { cookie: agent.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="billing-section-heading"');
    expect(res.body).not.toContain('data-testid="grace-ends"');
  });
});

describe('the payments API', () => {
  it('50 concurrent identical requests with one Idempotency-Key give one charge', async () => {
    const me = await customer();
    const processor = t.ctx.services.payments.processor;
    const token = await tokenFromHostedPage(processor, 30_000, TEST_CARD);
    const before = t.ctx.services.payments.standIn!.charges().length;
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.server!.inject({
          method: 'POST',
          url: '/api/v1/payments',
          headers: { cookie: me.cookies, 'csrf-token': me.csrf, 'idempotency-key': key, 'content-type': 'application/json' },
          payload: { amountCents: 30_000, token, invoiceReference: me.invoice.referenceNumber },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 200)).toEqual([]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(responses[0]!.json()).toMatchObject({ status: 'succeeded', amountCents: 30_000 });
    expect(t.ctx.services.payments.standIn!.charges().length - before).toBe(1);
    const [inv] = await t.ctx.db.select().from(invoices).where(eq(invoices.id, me.invoice.id));
    expect(inv!.paidCents).toBe(30_000);
    // A bad request changes nothing and is answered with problem details.
    const bad = await t.server!.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { cookie: me.cookies, 'csrf-token': me.csrf, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: { amountCents: -5, token },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('a refused charge through the API', () => {
  it('leaves no orphan payment row: a declined card is one failed attempt that no bill counts; a refused token or a failed check leaves nothing', async () => {
    const me = await customer();
    const post = (payload: object, key = randomUUID()) =>
      t.server!.inject({ method: 'POST', url: '/api/v1/payments', headers: { cookie: me.cookies, 'csrf-token': me.csrf, 'idempotency-key': key, 'content-type': 'application/json' }, payload });
    const rows = () => t.ctx.db.select().from(payments).where(eq(payments.householdId, me.household.id));

    // The stand-in processor's decline card: the processor made a charge and failed it.
    const declined = await tokenFromHostedPage(t.ctx.services.payments.processor, 30_000, DECLINED_CARD);
    const res = await post({ amountCents: 30_000, token: declined, invoiceReference: me.invoice.referenceNumber });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'failed', amountCents: 30_000 });
    expect((await rows()).map((r) => [r.status, r.failureCode, Boolean(r.processorChargeId)])).toEqual([['failed', 'card_declined', true]]);
    const [inv] = await t.ctx.db.select().from(invoices).where(eq(invoices.id, me.invoice.id));
    expect(inv!.paidCents).toBe(0);

    // The processor refuses the request itself (a token it never issued, then the spent decline token under a new key).
    for (const token of ['tok_never_issued', declined]) {
      const refused = await post({ amountCents: 30_000, token, invoiceReference: me.invoice.referenceNumber });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    // Validation fails before any processor call: an unknown bill, an amount out of range.
    expect((await post({ amountCents: 30_000, token: declined, invoiceReference: 'ZZZZ-ZZZZ' })).statusCode).toBe(400);
    expect((await post({ amountCents: 0, token: declined })).statusCode).toBe(400);
    const after = await rows();
    expect(after.filter((r) => r.status === 'created' || r.status === 'pending')).toEqual([]);
    expect(after).toHaveLength(1);
  });
});

describe('webhooks through HTTP', () => {
  it('a bank payment settles late by webhook and effectuates the enrollment; a bad signature changes nothing', async () => {
    const me = await customer();
    const standIn = t.ctx.services.payments.standIn!;
    const token = await tokenFromHostedPage(t.ctx.services.payments.processor, 30_000, TEST_BANK);
    const res = await t.server!.inject({
      method: 'POST',
      url: '/api/v1/payments',
      headers: { cookie: me.cookies, 'csrf-token': me.csrf, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: { amountCents: 30_000, token },
    });
    expect(res.json().status).toBe('pending');
    const [p] = await t.ctx.db.select().from(payments).where(eq(payments.id, res.json().id));

    const forged = JSON.stringify({
      id: 'evt_forged',
      type: 'charge.succeeded',
      created: clock.now().toISOString(),
      data: {
        id: p!.processorChargeId,
        status: 'succeeded',
        amountCents: 30_000,
        refundedCents: 0,
        methodKind: 'bank',
        last4: '6789',
        reference: '',
        metadata: {},
        failureCode: null,
        createdAt: clock.now().toISOString(),
        settledOn: null,
      },
    });
    const refused = await fetch(`${t.url}/payments/webhooks/processor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'candor-signature': signWebhook('wrong-secret', forged, clock.now()) },
      body: forged,
    });
    expect(refused.status).toBe(401);
    expect((await t.ctx.db.select().from(payments).where(eq(payments.id, p!.id)))[0]!.status).toBe('pending');

    standIn.settle(p!.processorChargeId!);
    await standIn.idle();
    const [after] = await t.ctx.db.select().from(payments).where(eq(payments.id, p!.id));
    expect(after!.status).toBe('succeeded');
    const [e] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.id, me.enrollment.id));
    expect(e!.status).toBe('effectuated');
    // The processor sends it again: acknowledged, nothing changes.
    const succeeded = standIn.events().find((x) => x.data.id === p!.processorChargeId && x.type === 'charge.succeeded')!;
    await standIn.redeliver(succeeded.id);
    const allocs = await t.ctx.db.execute<{ s: number }>(sql`SELECT sum(cents)::int AS s FROM payment_allocations WHERE payment_id = ${p!.id}`);
    expect(allocs.rows[0]!.s).toBe(30_000);
  });
});
