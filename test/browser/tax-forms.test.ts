/**
 * In Chromium: the Form 1095-A console page an operator reads, with the
 * statements issued, the preview and its exceptions queue, the files sent to
 * the IRS and the records in error; axe in English
 * and Spanish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, useLanguage } from '../support/browser.js';
import { signedIn } from '../../src/accounts/testing.js';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../../src/enrollment/testing.js';
import { ManualClock } from '../../src/platform/clock.js';
import { runTaxForms } from '../../src/tax-forms/run-tax-forms.js';
import { readAnnualAcks, sendPendingFiles, writeAnnualReport } from '../../src/tax-forms/submit-irs.js';
import { sql } from 'drizzle-orm';

const clock = new ManualClock(new Date('2026-12-07T14:00:00Z'));
let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  for (let i = 0; i < 3; i++) {
    const { household } = await createHousehold(t.ctx.db, { address: i !== 2 });
    await createEnrollment(t.ctx.db, {
      householdId: household.id,
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      grossPremiumCents: 127_463,
      aptcCents: 40_000,
      status: 'effectuated',
      at: clock.now(),
    });
  }
  await runTaxForms(t.ctx.db, { profile: t.ctx.profile }, { year: 2026, now: clock.now() });
  // Reported to the stand-in IRS receiver, which refuses one record on demand.
  const irs = t.ctx.services.taxForms.irs;
  const [first] = (await t.ctx.db.execute<{ policy_number: string }>(sql`SELECT policy_number FROM tax_statements ORDER BY issued_at, id LIMIT 1`)).rows;
  t.ctx.services.taxForms.irsStandIn!.setFaults({ errorPolicies: [first!.policy_number] });
  await writeAnnualReport(t.ctx.db, irs, { year: 2026, now: clock.now() });
  await sendPendingFiles(t.ctx.db, irs, { now: clock.now() });
  await readAnnualAcks(t.ctx.db, irs, { now: clock.now() });
  browser = await launchBrowser();
  const op = await signedIn(t.ctx.db, 'operations');
  context = await browser.newContext();
  await context.addCookies([{ name: 'candor_session', value: op.cookie.split('=')[1]!, url: t.url }]);
  page = await context.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('the Form 1095-A page', () => {
  it('shows the statements issued, the preview and the exceptions queue, with no axe violation in English or Spanish', async () => {
    for (const lang of ['en', 'es'] as const) {
      await useLanguage(page, t.url, lang);
      await page.goto(`${t.url}/operations/tax-forms`);
      expect(await page.textContent('h1')).toBe(lang === 'en' ? 'Form 1095-A statements for 2026' : 'Formularios 1095-A de 2026');
      expect(await page.textContent('[data-testid="tax-forms-issued-original"]')).toBe('3');
      // The IRS files: the first accepted with errors, its resubmission written; the record in error listed.
      expect(await page.textContent('[data-testid="irs-files"]')).toContain(lang === 'en' ? 'Accepted with errors' : 'Aceptado con errores');
      expect(await page.textContent('[data-testid="irs-errors"]')).toContain('AIR1095A-R99');
      await expectAccessible(page, `tax forms (${lang})`);
      await page.click('a[href*="preview=1"]');
      expect(await page.textContent('[data-testid="tax-forms-preview-unchanged"]')).toBe('3');
      expect(await page.textContent('[data-testid="tax-forms-exceptions"]')).toContain(lang === 'en' ? 'No address on file' : 'No hay dirección en el expediente');
      await expectAccessible(page, `tax forms preview (${lang})`);
    }
  }, 120_000);
});
