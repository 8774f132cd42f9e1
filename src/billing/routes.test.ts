/**
 * The customer's billing page in a grace period for non-payment, through the
 * real app and database: the household is put into grace the way the
 * exchange does it (bills made by the monthly runs, left unpaid, then the
 * daily delinquency check), and the page says, in English and Spanish, the
 * last day to pay, the total to pay by then and what happens otherwise.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testIdText, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { ManualClock } from '../platform/clock.js';
import { billedHousehold, householdInGrace } from '../payments/testing.js';
import { vermont } from '../states/vt.js';
import { gracePeriods } from './schema.js';

// March 18, 2026: March's bill (due February 23) is unpaid; April's (due March 23) is out.
const clock = new ManualClock(new Date('2026-03-18T14:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

async function customer() {
  const account = await createTestAccount(t.ctx.db, { role: 'customer' });
  return { id: account.id, cookie: await sessionCookieFor(t.ctx.db, account.id, clock.now()) };
}

async function billingPage(cookie: string, lang: 'en' | 'es') {
  const res = await t.server!.inject({ url: '/billing', headers: { cookie: `${cookie}; candor_lang=${lang}` } });
  expect(res.statusCode).toBe(200);
  return res.body.replace(/\s+/g, ' ');
}

const WITH_CREDIT = {
  en: {
    title: 'You are in a grace period: your premium is past due',
    intro: 'We have not received your full premium for March 2026.',
    ends: 'May 31, 2026',
    // March's bill was due on February 23: the "Your premium" box says so rather than calling it the next due date.
    pastDue: 'February 23, 2026',
    payByLabel: 'Grace period ends (last day to pay)',
    months: 'This total pays your bills for March 2026 and April 2026.',
    toCome: 'We will also send you the bills for May 2026 and June 2026. They are due before your grace period ends, so pay them by May 31, 2026 too.',
    ifNot:
      'If we do not receive the full amount by May 31, 2026, your coverage will end on March 31, 2026, the last day of the first month of your grace period. Your insurer pays claims for care you get in March 2026.',
    pay: 'Pay $600.00 online',
  },
  es: {
    title: 'Está en un período de gracia: su prima está vencida',
    intro: 'No hemos recibido su prima completa de marzo de 2026.',
    ends: '31 de mayo de 2026',
    pastDue: '23 de febrero de 2026',
    payByLabel: 'Fin del período de gracia (último día para pagar)',
    months: 'Este total paga sus facturas de marzo de 2026 y abril de 2026.',
    toCome: 'También le enviaremos las facturas de mayo de 2026 y junio de 2026. Vencen antes de que termine su período de gracia, así que páguelas también a más tardar el 31 de mayo de 2026.',
    ifNot:
      'Si no recibimos el total a más tardar el 31 de mayo de 2026, su cobertura terminará el 31 de marzo de 2026, el último día del primer mes de su período de gracia. Su aseguradora paga las reclamaciones por la atención que reciba en marzo de 2026.',
    pay: 'Pagar $600.00 en línea',
  },
} as const;

describe('the billing page in a grace period', () => {
  it('with the premium tax credit: the last day to pay, the total by then, the bills still to come, and coverage ending after the first grace month, in English and Spanish', async () => {
    const me = await customer();
    const { enrollment } = await householdInGrace(t.ctx.db, vermont, { now: clock.now(), customerAccountId: me.id });
    const [grace] = await t.ctx.db
      .select()
      .from(gracePeriods)
      .where(and(eq(gracePeriods.enrollmentId, enrollment.id), eq(gracePeriods.status, 'open')));
    expect(grace).toMatchObject({ firstMonth: '2026-03-01', months: 3, withCredit: true });
    for (const lang of ['en', 'es'] as const) {
      const body = await billingPage(me.cookie, lang);
      const w = WITH_CREDIT[lang];
      expect(body).toContain(w.title);
      expect(body).toContain(w.intro);
      expect(testIdText(body, 'grace-ends')).toBe(w.ends);
      // "Your premium": the missed bill's date as past due, and the grace period's last day to pay, not a past "next due date".
      expect(body).not.toContain('data-testid="next-due"');
      expect(testIdText(body, 'past-due-since')).toBe(w.pastDue);
      expect(testIdText(body, 'pay-by')).toBe(w.ends);
      expect(body).toContain(`<dt>${w.payByLabel}</dt>`);
      expect(body).toContain(lang === 'en' ? '<dt>Past due since</dt>' : '<dt>Vencida desde el</dt>');
      // March's and April's bills of $300.00 (April's fell due on March 23); May's and June's are not made yet.
      expect(testIdText(body, 'grace-total')).toBe('$600.00');
      expect(body).toContain(w.months);
      expect(testIdText(body, 'grace-bills-to-come')?.trim()).toBe(w.toCome);
      expect(testIdText(body, 'grace-if-not-paid')).toContain(w.ifNot);
      // The pay button still follows online-payment (operational here), after the grace period's facts.
      expect(body).toContain(w.pay);
      expect(body.indexOf('data-testid="grace-ends"')).toBeLessThan(body.indexOf('href="/billing/pay"'));
    }
  });

  it('without the credit: a one-month grace period, and coverage ends when it does', async () => {
    const me = await customer();
    await householdInGrace(t.ctx.db, vermont, { now: clock.now(), customerAccountId: me.id, aptcCents: 0 });
    const en = await billingPage(me.cookie, 'en');
    expect(testIdText(en, 'grace-ends')).toBe('March 31, 2026');
    expect(testIdText(en, 'pay-by')).toBe('March 31, 2026');
    expect(testIdText(en, 'past-due-since')).toBe('February 23, 2026');
    // With no credit the net premium is the whole $500.00; April's bill fell due on March 23, before the end.
    expect(testIdText(en, 'grace-total')).toBe('$1,000.00');
    expect(testIdText(en, 'grace-if-not-paid')).toBe('If we do not receive the full amount by March 31, 2026, your coverage will end on March 31, 2026.');
    expect(en).not.toContain('data-testid="grace-bills-to-come"');
    const es = await billingPage(me.cookie, 'es');
    expect(testIdText(es, 'grace-ends')).toBe('31 de marzo de 2026');
    expect(testIdText(es, 'pay-by')).toBe('31 de marzo de 2026');
    expect(testIdText(es, 'grace-total')).toBe('$1,000.00');
    expect(testIdText(es, 'grace-if-not-paid')).toBe('Si no recibimos el total a más tardar el 31 de marzo de 2026, su cobertura terminará el 31 de marzo de 2026.');
  });

  it('a customer who is not in a grace period sees no grace period', async () => {
    const me = await customer();
    await billedHousehold(t.ctx.db, vermont, { now: clock.now(), customerAccountId: me.id, coverageStart: '2026-04-01' });
    for (const lang of ['en', 'es'] as const) {
      const body = await billingPage(me.cookie, lang);
      expect(body).not.toContain('data-testid="grace-ends"');
      expect(body).not.toContain('data-testid="pay-by"');
      expect(body).not.toContain('data-testid="past-due-since"');
      expect(testIdText(body, 'next-due')).toBeTruthy();
      expect(body).not.toContain(WITH_CREDIT[lang].title);
    }
  });
});
