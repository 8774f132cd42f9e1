/**
 * In Chromium: a customer whose application has a mismatch sees what to
 * upload and sends it; a caseworker reviews the document and resolves the
 * inconsistency. Every page passes axe in English and Spanish.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestAccount, sessionCookieFor } from '../../src/accounts/testing.js';
import { inconsistencies } from '../../src/hub/schema.js';
import { FIXTURE_PEOPLE } from '../../src/hub/standin/population.js';
import { seedApplications, verifyNow } from '../../src/hub/testing.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let customerCookie: string;
let caseworkerCookie: string;
let inconsistencyId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function signIn(page: Page, cookie: string): Promise<void> {
  const [name, value] = cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: t.url }]);
}

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  const ctx = t.ctx;
  const customer = await createTestAccount(ctx.db, { role: 'customer', firstName: 'Ben' });
  const ben = FIXTURE_PEOPLE.find((p) => p.firstName === 'Ben')!;
  const [seeded] = await seedApplications(ctx.db, ctx.services.hub.keyring, [{ ...ben, attestedIncomeCents: 3_000_000, customerAccountId: customer.id }], { at: ctx.clock.now() });
  await verifyNow(ctx, seeded!.applicationId);
  const [inc] = await ctx.db.select().from(inconsistencies).where(eq(inconsistencies.householdId, seeded!.householdId));
  inconsistencyId = inc!.id;
  customerCookie = await sessionCookieFor(ctx.db, customer.id);
  const caseworker = await createTestAccount(ctx.db, { role: 'caseworker' });
  caseworkerCookie = await sessionCookieFor(ctx.db, caseworker.id);
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

// Generous: a shared two-core machine runs Chromium and axe slowly (the console test alone runs five axe checks).
describe('documents for an inconsistency, in Chromium', { timeout: 240_000 }, () => {
  for (const lang of ['en', 'es'] as const) {
    it(`the customer sees what to upload (${lang})`, async () => {
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await signIn(page, customerCookie);
      const res = await page.goto(`${t.url}/documents`);
      expect(res?.status()).toBe(200);
      const text = await page.textContent('main');
      expect(text).toContain(lang === 'en' ? 'About: Income' : 'Sobre: Ingresos');
      expect(text).toContain(lang === 'en' ? 'Recent pay stub' : 'Talón de pago reciente');
      await expectAccessible(page, `/documents (${lang})`);
      // A file that is not a document is refused with a clear error, and the page still passes axe.
      await page.setInputFiles(`input[type=file]`, { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text, not a PDF') });
      await page.click('button[type=submit]:not(.usa-button--unstyled)');
      expect(await page.textContent('.usa-alert--error')).toContain(lang === 'en' ? 'Send a PDF, JPEG or PNG file.' : 'Envíe un archivo PDF, JPEG o PNG.');
      await expectAccessible(page, `/documents error (${lang})`);
      await page.context().close();
    });
  }

  it('the customer uploads a pay stub', async () => {
    const page = await newPage(browser);
    await signIn(page, customerCookie);
    await page.goto(`${t.url}/documents`);
    await page.click('label[for$="-pay-stub"]');
    expect(await page.isChecked('input[value=pay-stub]')).toBe(true);
    await page.setInputFiles('input[type=file]', { name: 'paystub.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.click('button[type=submit]:not(.usa-button--unstyled)');
    await page.waitForURL(/\/documents\?sent=1/);
    expect(await page.textContent('main')).toContain('We received your document');
    expect(await page.textContent('main')).toContain('Waiting for review');
    await page.context().close();
  });

  for (const lang of ['en', 'es'] as const) {
    it(`the caseworker's pages pass axe (${lang})`, async () => {
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await signIn(page, caseworkerCookie);
      await page.goto(`${t.url}/hub/inconsistencies`);
      await expectAccessible(page, `/hub/inconsistencies (${lang})`);
      await page.goto(`${t.url}/hub/inconsistencies/${inconsistencyId}`);
      await expectAccessible(page, `/hub/inconsistencies/:id (${lang})`);
      await page.context().close();
    });
  }

  it('the caseworker opens the document, accepts it, and the inconsistency is resolved', async () => {
    const page = await newPage(browser);
    await signIn(page, caseworkerCookie);
    await page.goto(`${t.url}/hub/inconsistencies`);
    await page.click(`a[href="/hub/inconsistencies/${inconsistencyId}"]`);
    const href = await page.getAttribute('a[href^="/hub/documents/"]', 'href');
    const doc = await page.request.get(`${t.url}${href}`);
    expect(doc.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await doc.body()).equals(PDF)).toBe(true);
    await page.click('label[for^="accept-"]');
    expect(await page.isChecked('input[value=accept]')).toBe(true);
    await page.click('form[action$="/review"] button[type=submit]');
    await page.waitForURL(/done=resolved/);
    expect(await page.textContent('main')).toContain('The inconsistency is resolved.');
    await expectAccessible(page, 'resolved');
    const [row] = await t.ctx.db.select().from(inconsistencies).where(eq(inconsistencies.id, inconsistencyId));
    expect(row).toMatchObject({ status: 'resolved', outcome: 'documents-accepted' });
    // The customer no longer has anything to send.
    const customer = await newPage(browser);
    await signIn(customer, customerCookie);
    await customer.goto(`${t.url}/documents`);
    expect(await customer.textContent('main')).toContain('We do not need any documents from you right now.');
    await customer.context().close();
    await page.context().close();
  });

  for (const lang of ['en', 'es'] as const) {
    it(`operations cut and restore the link from the console; identity proofing then offers the other ways to apply (${lang})`, async () => {
      const ops = await createTestAccount(t.ctx.db, { role: 'operations' });
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await signIn(page, await sessionCookieFor(t.ctx.db, ops.id));
      await page.goto(`${t.url}/hub`);
      await expectAccessible(page, `/hub (${lang})`);
      await page.fill('#reason', 'security review 2026-11');
      await page.click('form[action="/hub/disconnect"] button[type=submit]');
      await page.waitForURL(/done=cut/);
      expect(t.ctx.services.hub.isOpen()).toBe(false);
      await expectAccessible(page, `/hub cut (${lang})`);

      const customer = await newPage(browser);
      await useLanguage(customer, t.url, lang);
      await signIn(customer, customerCookie);
      const res = await customer.goto(`${t.url}/identity-proofing`);
      expect(res?.status()).toBe(503);
      expect(await customer.textContent('main')).toContain(t.ctx.profile.phoneLines.customerSupport.number);
      expect(await customer.textContent('main')).toContain(t.ctx.profile.applicationsMailingAddress.lines[0]!);
      await expectAccessible(customer, `/identity-proofing unavailable (${lang})`);

      await page.click('form[action="/hub/reconnect"] button[type=submit]');
      await page.waitForURL(/done=restored/);
      expect(t.ctx.services.hub.isOpen()).toBe(true);
      await customer.goto(`${t.url}/identity-proofing`);
      await expectAccessible(customer, `/identity-proofing (${lang})`);
      await customer.click('button[type=submit]:not(.usa-button--unstyled)');
      await expectAccessible(customer, `/identity-proofing errors (${lang})`);
      await customer.context().close();
      await page.context().close();
    });
  }
});
