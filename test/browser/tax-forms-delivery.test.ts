/**
 * In Chromium, in English and Spanish, with zero axe violations: a customer
 * who reads notices online finds their Form 1095-A on their notices page and
 * downloads its PDF; a call-centre agent sends a caller's 1095-A again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, useLanguage } from '../support/browser.js';
import { createTestAccount, sessionCookieFor, signedIn } from '../../src/accounts/testing.js';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../../src/enrollment/testing.js';
import { enqueueNotice } from '../../src/notices/enqueue-notice.js';
import { noticeMessages, noticeRecipients } from '../../src/notices/schema.js';
import { ManualClock } from '../../src/platform/clock.js';
import { runTaxForms } from '../../src/tax-forms/run-tax-forms.js';

const clock = new ManualClock(new Date('2026-12-07T15:00:00Z'));
let t: TestApp;
let browser: Browser;
const customers: Record<'en' | 'es', { householdId: string; cookie: string }> = {} as never;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  await db.transaction((tx) => loadVermont2026Catalog(tx));
  for (const lang of ['en', 'es'] as const) {
    const account = await createTestAccount(db, { firstName: lang === 'en' ? 'Ada' : 'Amparo', language: lang });
    const { household } = await createHousehold(db, { customerAccountId: account.id, language: lang, members: [{ firstName: lang === 'en' ? 'Ada' : 'Amparo', dateOfBirth: '1980-01-01' }] });
    await createEnrollment(db, {
      householdId: household.id,
      coverageStart: '2026-02-01',
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      grossPremiumCents: 127_463,
      aptcCents: 50_000,
      status: 'effectuated',
      at: clock.now(),
    });
    // They read their notices online.
    const r = await db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { householdId: household.id, accountId: account.id, language: lang },
        data: { amountPaidCents: 1, receivedOn: '2026-10-01', coverageMonth: '2026-10-01', remainingCents: 0 },
        now: clock.now(),
      }),
    );
    await db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, r.recipientId));
    await db.update(noticeMessages).set({ state: 'cancelled' }).where(eq(noticeMessages.recipientId, r.recipientId));
    customers[lang] = { householdId: household.id, cookie: await sessionCookieFor(db, account.id, clock.now()) };
  }
  await runTaxForms(db, { profile: t.ctx.profile }, { year: 2026, now: clock.now() });
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function pageWith(cookie: string, lang: 'en' | 'es'): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await useLanguage(page, t.url, lang);
  const [name, value] = cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: t.url }]);
  return page;
}

const TITLE = { en: 'Form 1095-A, Health Insurance Marketplace Statement, 2026', es: 'Formulario 1095-A, Declaración del Mercado de Seguros Médicos, 2026' };

describe('Form 1095-A in Chromium', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`the customer finds the 1095-A in their notices and downloads it (${lang})`, async () => {
      const page = await pageWith(customers[lang].cookie, lang);
      await page.goto(`${t.url}/account/notices/inbox`);
      await expectAccessible(page, `inbox (${lang})`);
      await page.click(`text=${TITLE[lang]}`);
      await page.waitForSelector('#notice');
      expect(await page.textContent('#notice')).toContain(lang === 'en' ? 'Part III. Coverage information' : 'Parte III. Información de la cobertura');
      await expectAccessible(page, `1095-A notice (${lang})`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#letter-pdf')]);
      expect(download.suggestedFilename()).toBe('form-1095-a-2026-12-07.pdf');
      const file = await download.path();
      const { readFile } = await import('node:fs/promises');
      expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }, 120_000);

    it(`an agent sends a caller's 1095-A again (${lang})`, async () => {
      const agent = await signedIn(t.ctx.db, 'call-centre-agent', { language: lang });
      const page = await pageWith(agent.cookie, lang);
      // From the caller's household, the link to their Form 1095-A.
      await page.goto(`${t.url}/staff/households/${customers[lang].householdId}`);
      await page.click(`#household-links a:text-is("${lang === 'en' ? 'Form 1095-A' : 'Formulario 1095-A'}")`);
      await page.waitForSelector('#resend-form');
      expect(page.url()).toBe(`${t.url}/call-centre/households/${customers[lang].householdId}/tax-forms`);
      await expectAccessible(page, `resend (${lang})`);
      // Nothing chosen: a clear message, nothing sent.
      await page.click('#resend-form button[type="submit"]');
      await page.waitForSelector('.usa-alert--error');
      expect(await page.textContent('.usa-alert--error')).toContain(lang === 'en' ? 'Choose why the form is sent again.' : 'Elija por qué se envía de nuevo el formulario.');
      await expectAccessible(page, `resend refused (${lang})`);
      await page.click('label[for="reason-lost"]');
      await page.click('label[for="how-letter"]');
      await page.click('#resend-form button[type="submit"]');
      await page.waitForSelector('[data-testid="tax-forms-resent"]');
      expect(await page.textContent('[data-testid="tax-forms-resent"]')).toBe(lang === 'en' ? 'The Form 1095-A is on its way.' : 'El Formulario 1095-A está en camino.');
      await expectAccessible(page, `resent (${lang})`);
      const audit = await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'tax-forms.statement.resent' AND actor = ${agent.id}`);
      expect(audit.rows[0]!.n).toBe(1);
      await page.close();
    }, 120_000);
  }
});
