/**
 * In Chromium, in English and in Spanish: a customer applies (with a
 * mistake corrected on the way), is asked to confirm their identity before
 * submitting and does, gets a determination, picks a plan and sees
 * their coverage; a caseworker keys in a paper application and sees it in the
 * queue; an agent finds a household. Every page passes axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestAccount, sessionCookieFor } from '../../src/accounts/testing.js';
import type { Role } from '../../src/accounts/roles.js';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { ManualClock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  // During open enrollment for 2026, before the January 1 deadline.
  t = await startTestApp({ clock: new ManualClock(new Date('2025-12-01T15:00:00Z')) });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedInPage(role: Role, lang: 'en' | 'es', firstName = 'Test'): Promise<{ context: BrowserContext; page: Page }> {
  const account = await createTestAccount(t.ctx.db, { role, firstName });
  const page = await newPage(browser);
  const context = page.context();
  const token = (await sessionCookieFor(t.ctx.db, account.id, t.ctx.clock.now())).split('=')[1]!;
  await context.addCookies([{ name: 'candor_session', value: token, url: t.url }]);
  await useLanguage(page, t.url, lang);
  return { context, page };
}

async function fillPerson(page: Page, p: { first: string; last: string; month: string; day: string; year: string; ssn?: string; relationship?: string; taxFiling: string; sex?: string }) {
  await page.fill('#firstName', p.first);
  await page.fill('#lastName', p.last);
  await page.fill('#dobMonth', p.month);
  await page.fill('#dobDay', p.day);
  await page.fill('#dobYear', p.year);
  if (p.relationship) await page.selectOption('#relationship', p.relationship);
  if (p.ssn !== undefined) await page.fill('#ssn', p.ssn);
  // Nothing is pre-selected: every answer is the person's own.
  await page.selectOption('#sex', p.sex ?? 'F');
  await page.click('label[for="seekingCoverage-yes"]');
  await page.click('label[for="citizenship-citizen"]');
  await page.click(`label[for="taxFiling-${p.taxFiling}"]`);
}

const submit = (page: Page, action: string) => page.click(`main form[action$="${action}"] button[type=submit]`);

// Generous: a shared two-core machine runs Chromium and axe slowly.
describe('applying and enrolling in Chromium', { timeout: 240_000 }, () => {
  for (const lang of ['en', 'es'] as const) {
    it(`a customer applies, confirms their identity when asked, gets a determination and picks a plan (${lang})`, async () => {
      const { context, page } = await signedInPage('customer', lang);
      await page.goto(`${t.url}/apply`);
      await expectAccessible(page);
      await submit(page, '/apply');
      await page.waitForURL(/\/applications\/[0-9a-f-]+\/people$/);
      const base = page.url().replace(/\/people$/, '');
      await expectAccessible(page);

      // A mistake: an impossible date of birth. The form comes back with the error summary first, focused, accessible.
      await fillPerson(page, { first: 'Rosa', last: 'Marquez', month: '2', day: '30', year: '1986', ssn: '234-56-7890', taxFiling: 'filer' });
      await submit(page, '/people');
      expect(await page.locator('.usa-error-message').count()).toBeGreaterThan(0);
      expect(await page.title()).toMatch(/^Error: /);
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      expect(await page.getAttribute('#error-summary a', 'href')).toBe('#dateOfBirth');
      expect(await page.inputValue('#ssn')).toBe('');
      await expectAccessible(page, `${lang} person form with an error`);
      await fillPerson(page, { first: 'Rosa', last: 'Marquez', month: '4', day: '28', year: '1986', ssn: '234-56-7890', taxFiling: 'filer' });
      await submit(page, '/people');
      await page.waitForURL(`${base}/people`);
      expect(await page.textContent('main')).toContain('Rosa Marquez');
      // A second person, then saved and resumed later from /apply.
      await fillPerson(page, { first: 'Tomas', last: 'Marquez', month: '9', day: '3', year: '2015', relationship: 'child', taxFiling: 'dependent' });
      await submit(page, '/people');
      await page.waitForURL(`${base}/people`);
      await expectAccessible(page, `${lang} people list`);
      await page.goto(`${t.url}/apply`);
      await page.click(`main a[href="${new URL(base).pathname}/people"]`);
      await page.click(`main a[href$="/address"]`);
      await page.waitForURL(`${base}/address`);
      await expectAccessible(page);
      await page.fill('#line1', '5 Main St');
      await page.fill('#city', 'Barre');
      await page.fill('#zip', '05641');
      await submit(page, '/address');
      await page.waitForURL(`${base}/income`);
      await expectAccessible(page);
      await page.fill('#annualIncome', '48,000');
      await page.fill('#taxHouseholdSize', '2');
      await submit(page, '/income');
      await page.waitForURL(`${base}/review`);
      await expectAccessible(page);
      const attestAll = async () => {
        for (const id of ['truthful', 'verify-data', 'report-changes', 'renewal-consent']) if (!(await page.isChecked(`#${id}`))) await page.click(`label[for="${id}"]`);
      };

      // Identity first: submitting before it is refused, explained, and leads to the identity page and back.
      await attestAll();
      const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit')), submit(page, '/submit')]);
      expect(refused.status()).toBe(409);
      expect(await page.textContent('main .usa-alert--error')).toContain(
        lang === 'en' ? 'We have not sent your application yet: we must confirm who you are first.' : 'Todavía no enviamos su solicitud: primero debemos confirmar quién es usted.',
      );
      await expectAccessible(page, `${lang} review, identity first`);
      await page.click('main .usa-alert a[href^="/identity-proofing?application="]');
      await page.waitForURL(/\/identity-proofing\?application=/);
      await expectAccessible(page, `${lang} identity proofing from the application`);
      // Prefilled from the application and tied to its applicant: nothing to type again.
      expect(await page.textContent('#identity-applicant')).toContain('Rosa Marquez');
      expect(await page.locator('main form[action$="/identity-proofing"] input[name="ssn"]').count()).toBe(0);
      await submit(page, '/identity-proofing');
      expect(await page.textContent('main .usa-alert--success')).toContain(lang === 'en' ? 'Your identity is confirmed.' : 'Su identidad está confirmada.');
      await expectAccessible(page, `${lang} identity confirmed`);
      await page.click(`main a[href="${new URL(base).pathname}/review"]`);
      await page.waitForURL(`${base}/review`);
      expect(await page.locator('main .usa-alert--info, main .usa-alert--error').count()).toBe(0);

      await attestAll();
      await submit(page, '/submit');
      await page.waitForURL(`${base}/result`);
      await expectAccessible(page);
      const result = await page.textContent('main');
      expect(result).toContain(lang === 'en' ? 'with a tax credit' : 'con crédito tributario');
      expect(result).toContain('Dr. Dynasaur');

      await page.click(`main a[href$="/plans"]`);
      await page.waitForURL(`${base}/plans`);
      await expectAccessible(page);
      await page.click('label[for^="plan-77566VT0020004-"]');
      await submit(page, '/plans');
      await page.waitForURL(/\/enrollments\/[0-9a-f-]+$/);
      await expectAccessible(page);
      expect(await page.textContent('main')).toContain(lang === 'en' ? 'Waiting for first payment' : 'Esperando el primer pago');
      await page.goto(`${t.url}/coverage`);
      await expectAccessible(page);
      expect(await page.textContent('main')).toContain('MVP VT Standard Silver');
      await page.goto(`${t.url}/coverage/life-event`);
      await expectAccessible(page);
      // Reporting a life event ends with what happens next: choosing a plan on her result.
      await page.click('label[for="event-marriage"]');
      await page.fill('#eventMonth', '11');
      await page.fill('#eventDay', '20');
      await page.fill('#eventYear', '2025');
      await submit(page, '/coverage/life-event');
      await page.waitForSelector('main [data-testid="life-next"]');
      expect(await page.getAttribute('main [data-testid="life-next"]', 'href')).toBe(`${new URL(base).pathname}/plans`);
      await expectAccessible(page, `${lang} life event reported`);
      await context.close();
    });

    it(`a caseworker keys in a paper application and sees the queue; an agent finds the household (${lang})`, async () => {
      const { context, page } = await signedInPage('caseworker', lang);
      await page.goto(`${t.url}/staff`);
      await page.click('main a[href="/caseworker/queue"]');
      await page.waitForURL(`${t.url}/caseworker/queue`);
      await expectAccessible(page);
      await page.fill('#receivedMonth', '11');
      await page.fill('#receivedDay', '24');
      await page.fill('#receivedYear', '2025');
      await submit(page, '/caseworker/paper-applications');
      await page.waitForURL(/\/staff\/applications\/[0-9a-f-]+\/people$/);
      const applicationPath = new URL(page.url()).pathname.replace(/\/people$/, '');
      await expectAccessible(page);
      await fillPerson(page, { first: 'Paper', last: `Applicant${lang}`, month: '1', day: '15', year: '1970', taxFiling: 'filer' });
      await submit(page, '/people');
      await page.goto(`${t.url}/caseworker/queue`);
      await expectAccessible(page);
      const caseLink = page.locator(`main table a[href^="${applicationPath}/"]`);
      expect(await caseLink.textContent()).toMatch(/^H-/);
      const caseNumber = (await caseLink.textContent())!;
      await context.close();

      const agent = await signedInPage('call-centre-agent', lang);
      await agent.page.goto(`${t.url}/call-centre/households`);
      await expectAccessible(agent.page);
      await agent.page.fill('#caseNumber', caseNumber);
      await submit(agent.page, '/call-centre/households/search');
      await expectAccessible(agent.page, `${lang} search results`);
      await agent.page.click(`main a[href^="/staff/households/"]`);
      await agent.page.waitForURL(/\/staff\/households\/[0-9a-f-]+$/);
      await expectAccessible(agent.page);
      expect(await agent.page.textContent('main')).toContain(`Applicant${lang}`);
      await agent.context.close();
    });
  }
});
