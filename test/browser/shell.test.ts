import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';
import { createTestAccount, sessionCookieFor } from '../../src/accounts/testing.js';
import { verifications } from '../../src/enrollment/schema.js';
import { localDay } from '../../src/enrollment/dates.js';
import { openInconsistency } from '../../src/hub/inconsistencies.js';
import { FIXTURE_PEOPLE } from '../../src/hub/standin/population.js';
import { seedApplications } from '../../src/hub/testing.js';
import { householdInGrace } from '../../src/payments/testing.js';
import { ManualClock } from '../../src/platform/clock.js';
import { vermont } from '../../src/states/vt.js';
import { eq } from 'drizzle-orm';

// A Wednesday morning in Vermont: the call centre is open.
const clock = new ManualClock(new Date('2026-12-09T15:00:00Z'));
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp({ clock });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the page shell in Chromium', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`home and error pages have no axe violations (${lang})`, async () => {
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await page.goto(`${t.url}/`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectAccessible(page);
      const res = await page.goto(`${t.url}/no-such-page`);
      expect(res?.status()).toBe(404);
      await expectAccessible(page);
      await page.context().close();
    });

    it(`the official-site banner opens without JavaScript, and the signed-in homes in a grace period and awaiting documents pass axe (${lang})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${t.url}/language?to=${lang}&next=/`);
      // The pages carry no script: the banner opens as a details element does.
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.isVisible('.usa-banner__content')).toBe(false);
      await page.click('.usa-banner summary');
      expect(await page.isVisible('.usa-banner__content')).toBe(true);
      await expectAccessible(page, `${lang} banner open`);

      const now = clock.now();
      const late = await createTestAccount(t.ctx.db, { role: 'customer', language: lang });
      const grace = await householdInGrace(t.ctx.db, vermont, { now, customerAccountId: late.id });
      const asked = await createTestAccount(t.ctx.db, { role: 'customer', language: lang });
      const [app] = await seedApplications(t.ctx.db, t.ctx.services.hub.keyring, [{ ...FIXTURE_PEOPLE[1]!, customerAccountId: asked.id }], { at: now });
      const [income] = await t.ctx.db.select().from(verifications).where(eq(verifications.applicationId, app!.applicationId));
      await t.ctx.db.transaction((tx) => openInconsistency(tx, { verification: income!, reason: 'no-match', today: localDay(now, vermont.timeZone), now }));
      for (const [account, situation] of [
        [late, 'in-grace'],
        [asked, 'awaiting-documents'],
      ] as const) {
        const [name, value] = (await sessionCookieFor(t.ctx.db, account.id, now)).split('=') as [string, string];
        await context.clearCookies();
        await context.addCookies([
          { name, value, url: t.url },
          { name: 'candor_lang', value: lang, url: t.url },
        ]);
        await page.goto(`${t.url}/`);
        expect(await page.getAttribute('main [data-situation]', 'data-situation')).toBe(situation);
        await expectAccessible(page, `${lang} home, ${situation}`);
      }
      const agent = await createTestAccount(t.ctx.db, { role: 'call-centre-agent', language: lang });
      await context.clearCookies();
      const [name, value] = (await sessionCookieFor(t.ctx.db, agent.id, now)).split('=') as [string, string];
      await context.addCookies([
        { name, value, url: t.url },
        { name: 'candor_lang', value: lang, url: t.url },
      ]);
      await page.goto(`${t.url}/staff/households/${grace.household.id}`);
      expect(await page.getAttribute('main [data-situation]', 'data-situation')).toBe('in-grace');
      await expectAccessible(page, `${lang} household summary for the call centre`);
      await context.close();
    }, 180_000);
  }
});
