/**
 * In Chromium: the carriers page an operator reads (the schedule with its
 * latest and next runs, the runs, the files sent) after a scheduled run;
 * axe in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, useLanguage } from '../support/browser.js';
import { signedIn } from '../../src/accounts/testing.js';
import { createEnrollment, createHousehold } from '../../src/enrollment/testing.js';
import { carriersModule, DAILY_834_JOB } from '../../src/carriers/module.js';
import { ManualClock } from '../../src/platform/clock.js';

// Tuesday 6 January 2026, 2:05 am in Vermont: just after the daily 834's time.
const clock = new ManualClock(new Date('2026-01-06T07:05:00Z'));
let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  t = await startTestApp({ clock });
  browser = await launchBrowser();
  const op = await signedIn(t.ctx.db, 'operations');
  context = await browser.newContext();
  await context.addCookies([{ name: 'candor_session', value: op.cookie.split('=')[1]!, url: t.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the carriers page', () => {
  it('shows the scheduled run and the file it wrote, with no axe violation in English or Spanish', async () => {
    const { household } = await createHousehold(t.ctx.db);
    await createEnrollment(t.ctx.db, { householdId: household.id, carrierHiosId: '13627', planHiosId: '13627VT0010006', at: new Date('2026-01-05T16:00:00Z') });
    await carriersModule.jobs!.find((j) => j.name === DAILY_834_JOB)!.handler(t.ctx, {}, { id: 'browser-test' });
    for (const lang of ['en', 'es'] as const) {
      await useLanguage(page, t.url, lang);
      await page.goto(`${t.url}/operations/carriers`);
      expect(await page.textContent('h1')).toBe(lang === 'en' ? 'Files to and from carriers' : 'Archivos para y de las aseguradoras');
      expect(await page.textContent('main')).toContain('2026-01-05');
      await expectAccessible(page, `carriers (${lang})`);
    }
  }, 120_000);
});
