/**
 * In Chromium: an operator takes plan shopping down from the console after
 * seeing the blast radius; a page that needs it at once shows the
 * alternatives, the banner and /status show it, other pages keep working;
 * the operator restores it. axe on the board, the change form, the review
 * page, /status and the alternatives page, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, useLanguage } from '../support/browser.js';
import { signedIn } from '../../src/accounts/testing.js';
import { MODULES } from '../../src/app/modules.js';
import type { CandorModule } from '../../src/app/module.js';
import { ManualClock } from '../../src/platform/clock.js';

// Wednesday 18 November 2026, 10:00 in Vermont: the Customer Support Center is open until 5 pm.
const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
// A tiny page guarded by plan-shopping (its access line is in the capabilities section of src/web/access.ts).
const probe: CandorModule = {
  name: 'shop-probe',
  routes: (app, ctx) =>
    void app.get('/shop-probe', async (req, reply) => {
      const { renderPage } = await import('../../src/web/render.js');
      const { h } = await import('preact');
      return renderPage(ctx, req, reply, { title: 'Shop for plans', body: h('h1', null, 'Shop for plans') });
    }),
};

let t: TestApp;
let browser: Browser;
let operatorContext: BrowserContext;
let operator: Page;
beforeAll(async () => {
  t = await startTestApp({ clock, modules: [...MODULES, probe] });
  // Other modules' start may keep this process busy past the cache's one second: read the registry once more.
  await t.ctx.services.capabilities.refresh();
  browser = await launchBrowser();
  const op = await signedIn(t.ctx.db, 'operations');
  operatorContext = await browser.newContext();
  await operatorContext.addCookies([{ name: 'candor_session', value: op.cookie.split('=')[1]!, url: t.url }]);
  operator = await operatorContext.newPage();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function changeStatus(page: Page, lang: 'en' | 'es', status: string, reason: string, check: boolean): Promise<void> {
  await page.goto(`${t.url}/operations/capabilities`);
  if (check) await expectAccessible(page, `board (${lang})`);
  await page.click('#board-plan-shopping a');
  expect(page.url()).toContain('/operations/capabilities/plan-shopping');
  if (check) await expectAccessible(page, `change form (${lang})`);
  await page.selectOption('#status', status);
  await page.fill('#reasonEn', reason);
  await page.click(`form[action="/operations/capabilities/plan-shopping/preview"] button[type="submit"]`);
  // The blast radius comes first; nothing has changed yet.
  await page.waitForSelector('#blast-radius');
  expect(await page.textContent('#blast-radius')).toMatch(/(customers|Clientes)/);
  if (check) await expectAccessible(page, `review page (${lang})`);
  await page.click(`form[action="/operations/capabilities/plan-shopping/change"] button[type="submit"]`);
  await page.waitForSelector(`#current-status[data-status="${status}"]`);
}

describe('taking a capability down from the console, in Chromium', () => {
  it('degrades only plan shopping, at once, with the alternatives; then restores it', async () => {
    const customer = await (await browser.newContext()).newPage();
    const first = await customer.goto(`${t.url}/shop-probe`);
    expect(first?.status()).toBe(200);

    await changeStatus(operator, 'en', 'down', 'Plan data is being reloaded', true);

    // At once: the guarded page shows the alternatives (the change is already in every process's cache).
    const res = await customer.goto(`${t.url}/shop-probe`);
    expect(res?.status()).toBe(503);
    expect(res?.headers()['retry-after']).toBeDefined();
    const body = (await customer.textContent('main'))!;
    expect(body).toContain('Plan shopping: not available right now');
    expect(body).toContain('Plan data is being reloaded');
    expect(body).toContain('1-855-899-9600');
    expect(body).toContain('Open now, until 5 pm today.');
    expect(await customer.textContent('.candor-banners')).toContain('Plan shopping (Not available');
    await expectAccessible(customer, 'alternatives page (en)');

    await customer.goto(`${t.url}/status`);
    expect(await customer.getAttribute('#capability-plan-shopping', 'data-status')).toBe('down');
    await expectAccessible(customer, '/status (en)');

    // Everything else keeps working: home, sign-in, the status API.
    expect((await customer.goto(`${t.url}/`))?.status()).toBe(200);
    expect((await customer.goto(`${t.url}/sign-in`))?.status()).toBe(200);
    expect((await customer.goto(`${t.url}/api/v1/status`))?.status()).toBe(200);

    // The same in Spanish.
    await useLanguage(customer, t.url, 'es');
    const es = await customer.goto(`${t.url}/shop-probe`);
    expect(es?.status()).toBe(503);
    expect(await customer.textContent('main')).toContain('Búsqueda de planes: no disponible en este momento');
    await expectAccessible(customer, 'alternatives page (es)');
    await customer.goto(`${t.url}/status`);
    await expectAccessible(customer, '/status (es)');

    // The operator, now in Spanish, restores it.
    await useLanguage(operator, t.url, 'es');
    await changeStatus(operator, 'es', 'operational', 'Reload finished', true);
    expect((await customer.goto(`${t.url}/shop-probe`))?.status()).toBe(200);
    await customer.goto(`${t.url}/status`);
    expect(await customer.getAttribute('#capability-plan-shopping', 'data-status')).toBe('operational');
    expect(await customer.textContent('main')).toContain('resuelto');
  }, 120_000);
});
