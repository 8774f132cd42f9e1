import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
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
  }
});
