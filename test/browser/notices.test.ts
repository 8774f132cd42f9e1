/**
 * Notices pages in Chromium, in English and Spanish, with zero axe
 * violations: the campaign console (preview, start, pause, cancel), the
 * mailbox, a message's timeline, the /l/ alternatives page, and the
 * customer's notices and documents (list, a posted notice, a letter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';
import { createTestAccount, sessionCookieFor, signedIn } from '../../src/accounts/testing.js';
import { setCapabilityStatus } from '../../src/capabilities/set-capability-status.js';
import { ManualClock } from '../../src/platform/clock.js';
import { seedDemoRecipients } from '../../src/notices/audiences.js';
import { enqueueNotice } from '../../src/notices/enqueue-notice.js';
import { noticeMessages, noticeRecipients } from '../../src/notices/schema.js';

let t: TestApp;
let browser: Browser;
let staffCookie: string;
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  browser = await launchBrowser();
  await t.ctx.db.transaction((tx) => seedDemoRecipients(tx, 30, { now: clock.now() }));
  staffCookie = (await signedIn(t.ctx.db, 'operations')).cookie;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function staffPage(lang: 'en' | 'es'): Promise<Page> {
  const page = await newPage(browser);
  await useLanguage(page, t.url, lang);
  const [name, value] = staffCookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: t.url }]);
  return page;
}

async function setOnlinePayment(status: 'down' | 'operational') {
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability: 'online-payment',
      status,
      reasonEn: status === 'down' ? 'The payment website is offline' : 'Back',
      reasonEs: status === 'down' ? 'El sitio de pagos no funciona' : 'Volvió',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 3_600_000) : null,
      by: { kind: 'system', id: 'test' },
      now: clock.now(),
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

describe('notices pages in Chromium', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`campaign console: preview, start, pause and cancel (${lang})`, async () => {
      const page = await staffPage(lang);
      await page.goto(`${t.url}/operations/notices`);
      await expectAccessible(page);
      await page.goto(`${t.url}/operations/notices/campaigns/new`);
      await page.selectOption('#notice', 'payment-reminder');
      await page.selectOption('#audience', 'demo-enrollees');
      await page.click('#preview-campaign button[type="submit"]');
      await page.waitForSelector('#preview-variants');
      expect(await page.textContent('#preview-variants')).toContain('pay-online');
      // The message itself, as a person would get it, in the reader's language.
      expect(await page.locator('[data-testid="message-itself"]').count()).toBeGreaterThanOrEqual(1);
      expect(await page.textContent('#preview-channels')).toContain(lang === 'en' ? 'Email' : 'Correo electrónico');
      await expectAccessible(page);
      await page.click('#create-campaign button[type="submit"]');
      await page.waitForURL(/\/operations\/notices\/campaigns\/[0-9a-f-]{36}/);
      // Titled by its notice, audience and start, never by its id.
      const title = (await page.textContent('h1'))!;
      expect(title).toContain(lang === 'en' ? 'Payment reminder to' : 'Recordatorio de pago para');
      expect(title).not.toMatch(/[0-9a-f]{8}/);
      expect(await page.locator('[data-testid="message-itself"]').count()).toBeGreaterThanOrEqual(1);
      await expectAccessible(page);
      await page.goto(`${t.url}/operations/notices`);
      expect(await page.textContent('main')).toContain(lang === 'en' ? 'Payment reminder to' : 'Recordatorio de pago para');
      await page.goBack();
      await page.click(`main button:has-text("${lang === 'en' ? 'Pause' : 'Pausar'}")`);
      await page.waitForURL(/done=pause/);
      expect(await page.textContent('#campaign-status')).toContain(lang === 'en' ? 'paused' : 'en pausa');
      await expectAccessible(page);
      await page.fill('#reason', 'Wrong audience');
      await page.click(`main button:has-text("${lang === 'en' ? 'Cancel campaign' : 'Cancelar la campaña'}")`);
      await page.waitForURL(/done=cancel/);
      expect(await page.textContent('#campaign-status')).toContain(lang === 'en' ? 'cancelled' : 'cancelado');
      expect(await page.textContent('#campaign-counts')).toMatch(/cancel/);
      await expectAccessible(page);
      await page.context().close();
    });

    it(`mailbox, a message's timeline and the /l/ alternatives page (${lang})`, async () => {
      const householdId = crypto.randomUUID();
      const sent = await t.ctx.db.transaction((tx) =>
        enqueueNotice(tx, {
          type: 'invoice-ready',
          recipient: { householdId, firstName: 'Rosa', language: lang, email: `rosa-${lang}@example.test`, mailingAddress: { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' } },
          data: { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-BRWS-0001' },
          now: clock.now(),
        }),
      );
      await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, sent.recipientId));
      const again = await t.ctx.db.transaction((tx) =>
        enqueueNotice(tx, {
          type: 'invoice-ready',
          recipient: { householdId },
          data: { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-BRWS-0001' },
          now: clock.now(),
        }),
      );
      while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
      await t.ctx.services.notices.flushDeliveries();

      const page = await staffPage(lang);
      await page.goto(`${t.url}/operations/notices/mailbox`);
      expect(await page.textContent('#mailbox-email')).toContain(`rosa-${lang}@example.test`);
      await expectAccessible(page);
      const messageId = again.messages.find((m) => m.channel === 'email')!.id;
      await page.goto(`${t.url}/operations/notices/messages/${messageId}`);
      expect(await page.textContent('#message-variant')).toBe('pay-online');
      // The notice by its label, and the email itself as Rosa got it.
      expect(await page.textContent('h1')).toBe(lang === 'en' ? 'New bill (Email)' : 'Nueva factura (Correo electrónico)');
      expect(await page.textContent('[data-testid="message-itself"]')).toContain('Rosa');
      expect(await page.locator('#timeline td[data-kind]').count()).toBeGreaterThanOrEqual(2);
      await expectAccessible(page);
      await page.context().close();

      const mail = t.ctx.localSmtp!.received.find((m) => m.headers['x-candor-message'] === messageId)!;
      const link = /(\/l\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
      await setOnlinePayment('down');
      try {
        const customer = await newPage(browser);
        await useLanguage(customer, t.url, lang);
        const res = await customer.goto(`${t.url}${link}`);
        expect(res?.status()).toBe(200);
        expect(await customer.textContent('#alternatives')).toContain('1-855-899-9601');
        await expectAccessible(customer);
        await customer.fill('#code', 'ZZZZ-ZZZZ');
        await customer.click('#code-form button[type="submit"]');
        await expectAccessible(customer);
        await customer.context().close();
      } finally {
        await setOnlinePayment('operational');
      }
    });
  }

  for (const lang of ['en', 'es'] as const) {
    it(`the customer's notices and documents: the list, a posted notice and a letter (${lang})`, async () => {
      const account = await createTestAccount(t.ctx.db, { firstName: 'Inés', language: lang });
      const recipient = { accountId: account.id, lastName: 'Quiroga', language: lang, mailingAddress: { lines: ['3 Elm St'], city: 'Barre', state: 'VT', zip: '05641' } };
      // A letter while the person is on paper, then (online) a formal notice posted with an email alert.
      const letter = await t.ctx.db.transaction((tx) =>
        enqueueNotice(tx, { type: 'coverage-terminated', recipient, data: { terminationDate: '2026-11-30', reason: 'non-payment', unpaidCents: 45_600 }, now: clock.now() }),
      );
      await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, letter.recipientId));
      const posted = await t.ctx.db.transaction((tx) =>
        enqueueNotice(tx, { type: 'verification-needed', recipient: { accountId: account.id }, data: { documentsDueDate: '2027-01-12', items: ['income', 'citizenship'] }, now: clock.now() }),
      );
      while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
      const [sentLetter] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, letter.messages[0]!.id));
      expect(sentLetter!.state).toBe('sent');

      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      const [name, value] = (await sessionCookieFor(t.ctx.db, account.id, clock.now())).split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: t.url }]);
      await page.goto(`${t.url}/`);
      await page.click('#customer-links a[href="/account/notices/inbox"]');
      await page.waitForURL(/\/account\/notices\/inbox$/);
      expect(await page.locator('#inbox tbody tr').count()).toBe(2);
      expect(await page.textContent('#inbox')).toContain(lang === 'en' ? 'Posted here, with an email alert' : 'Publicado aquí, con un aviso por correo electrónico');
      await expectAccessible(page);
      await page.click(`#inbox a[href$="${posted.messages[0]!.id}"]`);
      await page.waitForSelector('#notice h1');
      expect(await page.textContent('#notice')).toContain(lang === 'en' ? 'Your right to appeal' : 'Su derecho a apelar');
      await expectAccessible(page);
      await page.goto(`${t.url}/account/notices/inbox/${letter.messages[0]!.id}`);
      expect(await page.textContent('#notice')).toContain('Inés Quiroga');
      expect(await page.locator('#letter-pdf').count()).toBe(1);
      await expectAccessible(page);
      await page.context().close();
    });
  }
});
