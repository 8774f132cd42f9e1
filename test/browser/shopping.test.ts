/** Window shopping and compare in Chromium, in English and Spanish, with axe on every page; the API agrees with the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { formatMoney } from '../../src/web/i18n.js';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function fillHousehold(page: Page, h: { zip: string; ages: string[]; income: string }) {
  await page.fill('#zip', h.zip);
  for (const [i, age] of h.ages.entries()) await page.fill(`#age${i + 1}`, age);
  await page.fill('#income', h.income);
  await page.click('form[action="/shop/plans"] button[type="submit"]');
}

const planIds = (page: Page) => page.$$eval('#plans [data-plan-id]', (cards) => cards.map((c) => c.getAttribute('data-plan-id')!));

describe('window shopping in Chromium', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`shops, filters and compares with no axe violations (${lang})`, { timeout: 240_000 }, async () => {
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await page.goto(`${t.url}/shop`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectAccessible(page, `/shop (${lang})`);

      // Bad input: field messages, nothing else.
      await fillHousehold(page, { zip: '99', ages: ['abc'], income: '' });
      expect(await page.locator('.usa-alert--error').count()).toBe(1);
      expect(await page.locator('#zip-error').textContent()).toBe(lang === 'en' ? 'Enter a ZIP code of five digits.' : 'Ingrese un código postal de cinco dígitos.');
      await expectAccessible(page, `/shop/plans errors (${lang})`);

      // A single adult at 200 % FPL: the income stays out of the address.
      await page.goto(`${t.url}/shop`);
      await fillHousehold(page, { zip: '05602', ages: ['40'], income: '31300' });
      expect(page.url()).toBe(`${t.url}/shop/plans`);
      expect(await planIds(page)).toHaveLength(14);
      expect(await page.textContent('#explanation')).toContain(lang === 'en' ? 'costs $1,299.18 a month' : 'cuesta $1,299.18 al mes');
      const silver87 = page.locator('[data-plan-id="77566VT0020005-05"]');
      expect(await silver87.textContent()).toContain(lang === 'en' ? 'Silver 87' : 'Plata 87');
      expect(await silver87.locator('.candor-net-premium').textContent()).toBe(lang === 'en' ? '$133.03 a month' : '$133.03 al mes');
      await expectAccessible(page, `/shop/plans (${lang})`);

      // Filter: bronze only.
      await page.click('label[for="metal-bronze"]');
      await page.click('form[action="/shop/plans"].usa-form:not(.usa-form--large) button[type="submit"]');
      expect(await planIds(page)).toHaveLength(4);
      await expectAccessible(page, `/shop/plans bronze (${lang})`);

      // Compare two bronze plans side by side.
      const [a, b] = await planIds(page);
      // Each box is ticked through its label (the input itself is drawn off-screen by USWDS); a tick
      // is checked before the form goes, as a person sees their two ticks before pressing Compare.
      for (const id of [a, b]) {
        for (let tries = 0; tries < 3 && !(await page.isChecked(`#compare-${id}`)); tries++) await page.click(`label[for="compare-${id}"]`);
        expect(await page.isChecked(`#compare-${id}`)).toBe(true);
      }
      await page.click('#compare-form #compare button');
      expect(page.url()).toBe(`${t.url}/shop/compare`);
      expect(await page.locator('#compare-table thead th').count()).toBe(3);
      await expectAccessible(page, `/shop/compare (${lang})`);
      await page.context().close();
    });
  }

  it('refers a household to Medicaid and Dr. Dynasaur, accessibly', async () => {
    const page = await newPage(browser);
    await page.goto(`${t.url}/shop`);
    await fillHousehold(page, { zip: '05401', ages: ['35', '6'], income: '18000' });
    expect(await page.textContent('#referral')).toContain('Dr. Dynasaur');
    await expectAccessible(page, '/shop/plans referral');
    await page.context().close();
  });

  it('shows the numbers the quote API returns', async () => {
    const page = await newPage(browser);
    await page.goto(`${t.url}/shop`);
    await fillHousehold(page, { zip: '05602', ages: ['44', '41', '12'], income: '52000' });
    const shown = await page.$$eval('#plans [data-plan-id]', (cards) => cards.map((c) => [c.getAttribute('data-plan-id')!, c.querySelector('.candor-net-premium')!.textContent!] as const));
    const res = await fetch(`${t.url}/api/v1/quotes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ planYear: 2026, zip: '05602', annualIncomeCents: 52_000_00, members: [{ age: 44 }, { age: 41 }, { age: 12 }] }),
    });
    const api = (await res.json()) as { plans: Array<{ planId: string; premiumAfterHelpCents: number }>; tier: string };
    expect(api.tier).toBe('twoAdults'); // the child screens in to Dr. Dynasaur and is referred
    expect(shown).toEqual(api.plans.map((p) => [p.planId, `${formatMoney(p.premiumAfterHelpCents, 'en')} a month`]));
    await page.context().close();
  });
});
