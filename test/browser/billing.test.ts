/**
 * Billing and payments in Chromium, in English and Spanish, with axe on
 * every Candor page: the customer pays the binder on the stand-in's hosted
 * page and is effectuated; with online payment down the pay button becomes
 * phone and mail with the person's own amount and reference number; a
 * customer in a grace period sees the last day to pay and the total, with
 * either; an agent takes a phone payment; the mailroom posts a check from a
 * lockbox file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount, sessionCookieFor } from '../../src/accounts/testing.js';
import { formatReference } from '../../src/billing/reference-number.js';
import { invoices } from '../../src/billing/schema.js';
import { setCapabilityStatus } from '../../src/capabilities/set-capability-status.js';
import { enrollments } from '../../src/enrollment/schema.js';
import { householdBilling } from '../../src/payments/household-billing.js';
import { billedHousehold, householdInGrace } from '../../src/payments/testing.js';
import { vermont } from '../../src/states/vt.js';
import type { Role } from '../../src/accounts/roles.js';
import { ManualClock } from '../../src/platform/clock.js';
import { formatDate } from '../../src/web/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';

// A Wednesday at 10 am in Vermont: the payments phone line is open.
const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
let t: TestApp;
let browser: Browser;
let tmp: string;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.services.capabilities.refresh();
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-lockbox-'));
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function as(role: Role, lang: 'en' | 'es'): Promise<{ page: Page; accountId: string }> {
  const account = await createTestAccount(t.ctx.db, { role, language: lang });
  const page = await newPage(browser);
  const cookie = (await sessionCookieFor(t.ctx.db, account.id, clock.now())).split('=');
  await page.context().addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: t.url }]);
  await useLanguage(page, t.url, lang);
  return { page, accountId: account.id };
}

async function setOnlinePayment(status: 'down' | 'operational') {
  const now = clock.now();
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability: 'online-payment',
      status,
      reasonEn: status === 'down' ? 'Payment processor outage' : 'Restored',
      reasonEs: status === 'down' ? 'Falla del procesador de pagos' : 'Restablecido',
      expectedEnd: status === 'down' ? new Date(now.getTime() + 3_600_000) : undefined,
      by: { kind: 'system', id: 'test' },
      now,
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

const TEXT = {
  en: {
    bank: 'bank account ending 6789',
    back: 'Back to your bills',
    inFlight: /100\.00 being processed, \$200\.00 left to pay/,
    payLeft: /Pay \$200\.00 online/,
    refused: 'A payment of this amount is already being processed',
    grace: 'You are in a grace period',
    payGrace: /Pay \$600\.00 online/,
    pay: /Pay \$300\.00 online/,
    continue: 'Continue to secure payment',
    payNow: 'Pay now',
    received: 'We received your payment of $300.00',
    phone: 'Open the secure payment page',
    find: 'Find',
    import: 'Import and post checks',
    posted: '1 checks: 1 posted',
  },
  es: {
    bank: 'cuenta bancaria que termina en 6789',
    back: 'Volver a sus facturas',
    inFlight: /100\.00.* en proceso, .*200\.00.* por pagar/,
    payLeft: /Pagar .*200\.00.* en línea/,
    refused: 'Ya hay un pago de esta cantidad en proceso',
    grace: 'Está en un período de gracia',
    payGrace: /Pagar 600\.00 US\$ en línea|Pagar \$600\.00 en línea/,
    pay: /Pagar 300\.00 US\$ en línea|Pagar \$300\.00 en línea/,
    continue: 'Continuar al pago seguro',
    payNow: 'Pagar ahora',
    received: 'Recibimos su pago de',
    phone: 'Abrir la página de pago seguro',
    find: 'Buscar',
    import: 'Importar y registrar cheques',
    posted: '1 cheques: 1 registrados',
  },
} as const;

describe.each(['en', 'es'] as const)('billing and payments in Chromium (%s)', (lang) => {
  it('the customer pays the binder on the processor’s hosted page and is effectuated', async () => {
    const { page, accountId } = await as('customer', lang);
    const { invoice, enrollment } = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), customerAccountId: accountId, coverageStart: '2026-12-01' });
    await page.goto(`${t.url}/billing`);
    expect(await page.textContent('[data-testid="reference"]')).toBe(formatReference(invoice.referenceNumber));
    await expectAccessible(page, `/billing (${lang})`);
    await page.getByRole('link', { name: TEXT[lang].pay }).click();
    await page.waitForURL(/\/billing\/pay$/);
    await expectAccessible(page, `/billing/pay (${lang})`);
    await page.getByRole('button', { name: TEXT[lang].continue }).click();
    // The processor's own page, on its own server: the card number is typed there.
    await page.waitForURL((u) => u.toString().startsWith(t.ctx.services.payments.standIn!.url));
    await page.fill('#number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/39');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: TEXT[lang].payNow }).click();
    await page.waitForURL(/\/billing\/payments\//);
    expect(await page.getAttribute('[data-testid="payment-status"]', 'data-status')).toBe('succeeded');
    expect(await page.textContent('main')).toContain(TEXT[lang].received);
    await expectAccessible(page, `receipt (${lang})`);
    const [e] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.id, enrollment.id));
    expect(e!.status).toBe('effectuated');
    await page.context().close();
  });

  it('a bank payment in flight shows as such: the part being processed is not offered again, the confirmation has its numbers, date and method, and the person comes back to the address they use', async () => {
    const { page, accountId } = await as('customer', lang);
    const { invoice } = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), customerAccountId: accountId, coverageStart: '2026-12-01' });
    // The configured public address is another name for this server (localhost); the person browses at 127.0.0.1.
    const configured = t.ctx.publicUrl;
    t.ctx.publicUrl = configured.replace('127.0.0.1', 'localhost');
    try {
      // A second tab keeps an older pay form open.
      const stale = await page.context().newPage();
      await stale.goto(`${t.url}/billing/pay`);
      await page.goto(`${t.url}/billing/pay`);
      await page.fill('#amount', '100.00');
      await page.getByRole('button', { name: TEXT[lang].continue }).click();
      await page.waitForURL((u) => u.toString().startsWith(t.ctx.services.payments.standIn!.url));
      await page.check('#method-bank');
      await page.fill('#routing', '011000015');
      await page.fill('#account', '000123456789');
      await page.getByRole('button', { name: TEXT[lang].payNow }).click();
      await page.waitForURL(/\/billing\/payments\//);
      // Back at 127.0.0.1 and still signed in: the receipt, not the sign-in page.
      expect(page.url().startsWith(`${t.url}/billing/payments/`)).toBe(true);
      expect(await page.getAttribute('[data-testid="payment-status"]', 'data-status')).toBe('pending');
      expect(await page.textContent('[data-testid="receipt-reference"]')).toBe(formatReference(invoice.referenceNumber));
      expect(await page.textContent('[data-testid="confirmation-number"]')).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);
      expect(await page.textContent('[data-testid="receipt-date"]')).toBeTruthy();
      expect(await page.textContent('[data-testid="receipt-method"]')).toBe(TEXT[lang].bank);
      expect(await page.textContent('[data-testid="receipt-next"]')).toMatch(/200\.00/);
      await expectAccessible(page, `receipt of a bank payment (${lang})`);
      await page.getByRole('link', { name: TEXT[lang].back }).click();
      await page.waitForURL(/\/billing$/);
      expect(await page.textContent('[data-testid="in-flight"]')).toMatch(TEXT[lang].inFlight);
      expect(await page.textContent('[data-testid="amount-due"]')).toMatch(/200\.00/);
      expect(await page.getByRole('link', { name: TEXT[lang].pay }).count()).toBe(0);
      expect(await page.getByRole('link', { name: TEXT[lang].payLeft }).count()).toBe(1);
      await expectAccessible(page, `/billing with a payment in flight (${lang})`);
      // The older form, for the same amount again: refused, nothing started.
      await stale.fill('#amount', '100.00');
      const [res] = await Promise.all([
        stale.waitForResponse((r) => r.url().endsWith('/billing/pay') && r.request().method() === 'POST'),
        stale.getByRole('button', { name: TEXT[lang].continue }).click(),
      ]);
      expect(res.status()).toBe(409);
      expect(await stale.textContent('main')).toContain(TEXT[lang].refused);
      await expectAccessible(stale, `a second payment refused (${lang})`);
    } finally {
      t.ctx.publicUrl = configured;
    }
    await page.context().close();
  });

  it('with online payment down, the pay button becomes phone and mail, with the person’s own amount and reference number', async () => {
    const { page, accountId } = await as('customer', lang);
    const { invoice } = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), customerAccountId: accountId, coverageStart: '2026-12-01' });
    await setOnlinePayment('down');
    try {
      await page.goto(`${t.url}/billing`);
      expect(await page.getByRole('link', { name: TEXT[lang].pay }).count()).toBe(0);
      const main = (await page.textContent('main'))!;
      expect(main).toContain(vermont.phoneLines.payments.number);
      expect(main).toContain(vermont.lockbox.lines[0]!);
      const own = (await page.textContent('[data-testid="own-amount"]'))!;
      expect(own).toContain(formatReference(invoice.referenceNumber));
      expect(own).toMatch(/300\.00/);
      await expectAccessible(page, `/billing with online payment down (${lang})`);
      // The pay page itself answers with the alternatives.
      const res = await page.goto(`${t.url}/billing/pay`);
      expect(res?.status()).toBe(503);
      await expectAccessible(page, `/billing/pay while down (${lang})`);
    } finally {
      await setOnlinePayment('operational');
    }
    await page.context().close();
  });

  it('a customer in a grace period sees the last day to pay and the total, with the pay button or, with online payment down, the other ways to pay', async () => {
    const { page, accountId } = await as('customer', lang);
    // November's bill (due October 23) unpaid: a 3-month grace period with the credit, November to January.
    const { household } = await householdInGrace(t.ctx.db, vermont, { now: clock.now(), customerAccountId: accountId });
    const [grace] = (await householdBilling(t.ctx.db, household.id, { now: clock.now(), profile: vermont }))!.graces;
    // January 31, or a day later when an earlier test took online payment down today (an outage moves the last day).
    expect(['2027-01-31', '2027-02-01']).toContain(grace!.endsOn);
    await page.goto(`${t.url}/billing`);
    expect(await page.getByRole('heading', { level: 2, name: TEXT[lang].grace }).count()).toBe(1);
    expect(await page.textContent('[data-testid="grace-ends"]')).toBe(formatDate(grace!.endsOn, lang));
    expect(await page.textContent('[data-testid="grace-total"]')).toMatch(/600\.00/);
    expect(await page.textContent('[data-testid="grace-if-not-paid"]')).toContain(formatDate('2026-11-30', lang));
    expect(await page.getByRole('link', { name: TEXT[lang].payGrace }).count()).toBe(1);
    await expectAccessible(page, `/billing in a grace period (${lang})`);
    await setOnlinePayment('down');
    try {
      await page.goto(`${t.url}/billing`);
      expect(await page.textContent('[data-testid="grace-ends"]')).toBeTruthy();
      expect(await page.getByRole('link', { name: TEXT[lang].payGrace }).count()).toBe(0);
      expect(await page.textContent('[data-testid="own-amount"]')).toMatch(/600\.00/);
      expect(await page.textContent('main')).toContain(vermont.phoneLines.payments.number);
      await expectAccessible(page, `/billing in a grace period with online payment down (${lang})`);
    } finally {
      await setOnlinePayment('operational');
    }
    await page.context().close();
  });

  it('an agent takes a phone payment through the processor', async () => {
    const { invoice } = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), coverageStart: '2026-12-01' });
    const { page } = await as('call-centre-agent', lang);
    await page.goto(`${t.url}/call-centre/billing`);
    await expectAccessible(page, `/call-centre/billing (${lang})`);
    await page.fill('#query', formatReference(invoice.referenceNumber));
    await page.getByRole('button', { name: TEXT[lang].find }).click();
    await page.waitForURL(/\/call-centre\/households\/.+\/billing$/);
    await expectAccessible(page, `console (${lang})`);
    await page.getByRole('button', { name: TEXT[lang].phone }).click();
    await page.waitForURL((u) => u.toString().startsWith(t.ctx.services.payments.standIn!.url));
    await page.fill('#number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/39');
    await page.fill('#cvc', '123');
    await page.getByRole('button', { name: TEXT[lang].payNow }).click();
    await page.waitForURL(/\/call-centre\/households\/.+\/billing\?payment=/);
    await expectAccessible(page, `console after the payment (${lang})`);
    const [inv] = await t.ctx.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv).toMatchObject({ paidCents: 30_000, status: 'paid' });
    // Note the call.
    await page.selectOption('#topic', 'payment');
    await page.fill('#note', 'Caller paid the first month by card.');
    await page.locator('form[action$="/notes"] button').click();
    await page.waitForURL(/done=note/);
    expect(await page.textContent('main')).toContain('Caller paid the first month by card.');
    await page.context().close();
  });

  it('the mailroom posts a check from a lockbox file', async () => {
    const { invoice } = await billedHousehold(t.ctx.db, vermont, { now: clock.now(), coverageStart: '2026-12-01' });
    const file = path.join(tmp, `lockbox-${lang}.csv`);
    fs.writeFileSync(
      file,
      `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nBR-${lang},1,${clock.now().toISOString().slice(0, 10)},5501,300.00,${formatReference(invoice.referenceNumber)},"Tester, Alex"\n`,
    );
    const { page } = await as('mailroom-clerk', lang);
    await page.goto(`${t.url}/mailroom`);
    await expectAccessible(page, `/mailroom (${lang})`);
    await page.setInputFiles('#file', file);
    await page.getByRole('button', { name: TEXT[lang].import }).click();
    await page.waitForURL(/\/mailroom\/batches\//);
    expect(await page.textContent('[data-testid="batch-summary"]')).toContain(TEXT[lang].posted);
    await expectAccessible(page, `lockbox batch (${lang})`);
    const [inv] = await t.ctx.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv).toMatchObject({ paidCents: 30_000, status: 'paid' });
    await page.context().close();
  });
});
