/**
 * The customer's way through, by clicking only: a new person starts at `/`
 * and reaches paid coverage by following the pages, as a person who knows no
 * address but the exchange's would. After the first page no address is
 * typed: the only other pages opened directly are the link in the emailed
 * confirmation (read from the SMTP peer's mailbox, as the person reads her
 * email) and the stand-in processor's hosted page, reached by clicking.
 *
 * Four times, in English and in Spanish (chosen by clicking the language
 * link on the first page), at 1280 px and at 360 px wide. Every page visited
 * passes axe and has no horizontal overflow at 320 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { FIXTURE_PEOPLE } from '../../src/hub/standin/population.js';
import { localInstant } from '../../src/notices/rules.js';
import { ManualClock } from '../../src/platform/clock.js';
import { vermont } from '../../src/states/vt.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser } from '../support/browser.js';

// Wednesday 3 December 2025, 10 am in Vermont: open enrollment for 2026, in time for coverage from January 1.
const clock = new ManualClock(localInstant('2025-12-03', '10:00', vermont.timeZone));

/** People the stand-in hub confirms, every check matching (README, "Identity proofing test people"): one per run. */
const person = (first: string, last: string) => FIXTURE_PEOPLE.find((p) => p.firstName === first && p.lastName === last)!;
const places: Record<string, { line1: string; city: string }> = {
  '05641': { line1: '8 Summer St', city: 'Barre' },
  '05401': { line1: '150 Church St', city: 'Burlington' },
  '05602': { line1: '12 State St', city: 'Montpelier' },
};

const runs = [
  { lang: 'en', width: 1280, who: person('Rosa', 'Marquez') },
  { lang: 'es', width: 1280, who: person('Ana', 'Rivera') },
  { lang: 'en', width: 360, who: person('Alex', 'Rivera') },
  { lang: 'es', width: 360, who: person('Denise', 'Tremblay') },
] as const;

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  // Generous hub timeout: Chromium and axe share two cores with the stand-in hub.
  t = await startTestApp({ clock, jobs: { work: false }, config: { signInAttemptsPerMinute: 1000, hubTimeoutMs: 30_000 } });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  await t.ctx.services.capabilities.refresh();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** axe with no violations, and nothing wider than a 320 px screen; then back to the run's width. */
async function check(page: Page, width: number, label: string): Promise<void> {
  await expectAccessible(page, label);
  await page.setViewportSize({ width: 320, height: 800 });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  // What sticks out, named, when something does.
  const wide =
    scrollWidth > 320
      ? await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > 320)
            .slice(-3)
            .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}"`),
        )
      : [];
  expect(scrollWidth, `${label}: width at 320 px (${wide.join(' | ')})`).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width, height: 900 });
}

/** Clicks and waits for the page it leads to. */
async function follow(page: Page, selector: string, to: string | RegExp): Promise<void> {
  await page.locator(selector).first().click();
  await page.waitForURL(typeof to === 'string' ? `${t.url}${to}` : to);
}

describe.each(runs)('a new person finds the way to paid coverage by clicking ($lang, $width px)', { timeout: 900_000 }, ({ lang, width, who }) => {
  it('from the home page to coverage that is paid and active', async () => {
    const email = `${who.firstName
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${who.lastName.toLowerCase()}.${lang}${width}@example.test`;
    const password = 'lilac harbour quietly 2025 kettle';
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const pages: string[] = [];
    const visit = async (label: string) => {
      pages.push(label);
      await check(page, width, `${label} (${lang}, ${width} px)`);
    };

    // The one typed address: the exchange's.
    await page.goto(`${t.url}/`);
    await visit('home page');
    if (lang === 'es') {
      await page.click('header a[hreflang="es"]');
      await page.waitForFunction(() => document.documentElement.lang === 'es');
      expect(new URL(page.url()).pathname).toBe('/');
      await visit('home page in Spanish');
    }

    // Create an account.
    await follow(page, 'main a[href="/register"]', '/register');
    await visit('registration');
    await page.fill('#firstName', who.firstName);
    await page.fill('#lastName', who.lastName);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#confirm', password);
    await page.click('main form[action$="/register"] button[type=submit]');
    await page.waitForSelector('main h1');
    await visit('check your email');

    // The confirmation link in the email (the person reads her email).
    await expect.poll(() => t.ctx.localSmtp!.received.filter((m) => m.to.some((to) => to.toLowerCase() === email)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const mail = t.ctx.localSmtp!.received.filter((m) => m.to.some((to) => to.toLowerCase() === email)).at(-1)!;
    const link = /(http:\/\/\S+\/email\/confirm\/\S+)/.exec(mail.text)![1]!;
    expect(new URL(link).origin).toBe(t.url);
    await page.goto(link);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await visit('confirm email');
    await page.click('main form[action^="/email/confirm/"] button[type=submit]');
    await page.waitForURL(/\/sign-in/);
    await visit('sign in after confirming');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('main form[action$="/sign-in"] button[type=submit]');
    await page.waitForURL(`${t.url}/`);
    await visit('signed-in home, nothing applied for yet');

    // The home's one next step: the application.
    await follow(page, 'main a[data-testid="next-step"]', /\/apply$/);
    await visit('apply');
    await page.click('main form[action$="/apply"] button[type=submit]');
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/people$/);
    const base = new URL(page.url()).pathname.replace(/\/people$/, '');
    await visit('people');
    await page.fill('#firstName', who.firstName);
    await page.fill('#lastName', who.lastName);
    const [year, month, day] = who.dateOfBirth.split('-') as [string, string, string];
    await page.fill('#dobMonth', String(Number(month)));
    await page.fill('#dobDay', String(Number(day)));
    await page.fill('#dobYear', year);
    await page.fill('#ssn', `${who.ssn.slice(0, 3)}-${who.ssn.slice(3, 5)}-${who.ssn.slice(5)}`);
    await page.selectOption('#sex', who.firstName === 'Alex' ? 'M' : 'F');
    await page.click('label[for="seekingCoverage-yes"]');
    await page.click('label[for="citizenship-citizen"]');
    await page.click('label[for="taxFiling-filer"]');
    await page.click('main form[action$="/people"] button[type=submit]');
    await page.waitForURL(`${t.url}${base}/people`);
    expect(await page.textContent('main')).toContain(`${who.firstName} ${who.lastName}`);
    await visit('people, one added');
    await follow(page, 'main a[href$="/address"]', `${base}/address`);
    await visit('address');
    const place = places[who.postalCode]!;
    await page.fill('#line1', place.line1);
    await page.fill('#city', place.city);
    await page.fill('#zip', who.postalCode);
    await page.click('main form[action$="/address"] button[type=submit]');
    await page.waitForURL(`${t.url}${base}/income`);
    await visit('income');
    await page.fill('#annualIncome', String(who.annualIncomeCents! / 100));
    await page.fill('#taxHouseholdSize', '1');
    await page.click('main form[action$="/income"] button[type=submit]');
    await page.waitForURL(`${t.url}${base}/review`);
    await visit('review');

    // Identity proofing, from the review page, prefilled from the application and back to it.
    await follow(page, 'main a[href^="/identity-proofing"]', /\/identity-proofing\?/);
    await visit('identity proofing');
    expect(await page.textContent('#identity-applicant')).toContain(`${who.firstName} ${who.lastName}`);
    await page.click('main form[action="/identity-proofing"] button[type=submit]');
    await page.waitForSelector('main .usa-alert--success');
    await visit('identity confirmed');
    await follow(page, `main a.usa-button[href="${base}/review"]`, `${base}/review`);
    await visit('review, identity confirmed');
    for (const id of ['truthful', 'verify-data', 'report-changes', 'renewal-consent']) await page.click(`label[for="${id}"]`);
    await page.click('main form[action$="/submit"] button[type=submit]');
    await page.waitForURL(`${t.url}${base}/result`);
    await visit('eligibility result');

    // Choose a plan.
    await follow(page, 'main a[href$="/plans"]', `${base}/plans`);
    await visit('plans');
    // A silver plan: with the credit it still costs something each month, so there is a first premium to pay.
    await page.locator('main label[for^="plan-77566VT0020004-"]').first().click();
    await page.click('main form[action$="/plans"] button[type=submit]');
    await page.waitForURL(/\/enrollments\/[0-9a-f-]+$/);
    await visit('new enrollment');

    // Pay the first premium: the enrollment's next step, then the processor's hosted page.
    await follow(page, 'main a[data-testid="pay-first"]', '/billing/pay');
    await visit('pay online');
    await page.click('main form button[type=submit]');
    await page.waitForURL((u) => u.toString().startsWith(t.ctx.services.payments.standIn!.url));
    await visit('the processor’s hosted page');
    await page.fill('#number', '4242 4242 4242 4242');
    await page.fill('#expiry', '12/39');
    await page.fill('#cvc', '123');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/billing\/payments\//);
    expect(await page.getAttribute('[data-testid="payment-status"]', 'data-status')).toBe('succeeded');
    await visit('payment confirmation');
    // The processor's signed webhook for the charge arrives and is taken.
    await t.ctx.services.payments.standIn!.idle();

    // Home, then the coverage it links to: paid and active.
    await follow(page, 'header a[href="/"]', '/');
    await visit('signed-in home, enrolled');
    await follow(page, 'main a[href="/coverage"]', '/coverage');
    await visit('coverage');
    expect(await page.locator('main').textContent()).toContain(lang === 'en' ? 'Active' : 'Activa');
    // Every step of the way, each page checked.
    expect(pages.length).toBe(lang === 'es' ? 24 : 23);
    await context.close();
  });
});
