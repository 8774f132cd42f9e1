/**
 * Every main page works from 320 px up: on the demo data, as nobody, the demo
 * customers and staff, in English and Spanish, each page at 320 px wide has no
 * horizontal scroll (data tables scroll inside their own labelled region,
 * which the page's width does not count) and passes axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser } from '../support/browser.js';
import { demoCookies, demoPages, seedDemo, type DemoPage, type Who } from '../support/demo-pages.js';

// A Wednesday in the renewal season, 10 am in Vermont: the demo data's fullest day.
const clock = new ManualClock(new Date('2026-12-09T15:00:00Z'));
let t: TestApp;
let browser: Browser;
let pages: DemoPage[];
let cookies: Record<Who, string | null>;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t);
  await t.ctx.services.capabilities.refresh();
  pages = await demoPages(t);
  cookies = await demoCookies(t);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** How far the page is wider than its window, and what sticks out (for the failure message). */
async function overflow(page: import('playwright-core').Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.candor-scroll'))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

describe.each(['en', 'es'] as const)('every main page at 320 px (%s)', (lang) => {
  it('has no horizontal scroll outside data tables, and passes axe', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const p of pages) {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const cookie = cookies[p.who];
      const jar: Array<{ name: string; value: string; url: string }> = [{ name: 'candor_lang', value: lang, url: t.url }];
      if (cookie) {
        const [name, ...value] = cookie.split('=');
        jar.push({ name: name!, value: value.join('='), url: t.url });
      }
      await context.addCookies(jar);
      const page = await context.newPage();
      const res = await page.goto(`${t.url}${p.path}`);
      expect(res?.status(), `${p.name} (${p.path})`).toBeLessThan(400);
      await p.then?.(page);
      const o = await overflow(page);
      if (o.scrollWidth > 320) problems.push(`${p.name} (${p.who}, ${p.path}): ${o.scrollWidth} px wide: ${o.wide.join(', ')}`);
      if (lang === 'en') await expectAccessible(page, `${p.name} at 320 px`);
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
