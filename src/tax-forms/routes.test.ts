/** `candor tax-forms preview|run` as the module declares them, and the console page, with the day fixed at 2026-12-07. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testIdText, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { transitionEnrollment } from '../enrollment/transition-enrollment.js';
import { ManualClock } from '../platform/clock.js';
import { defaultCoverageYear, taxFormsModule } from './module.js';

let t: TestApp;
let cancelled = '';
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-12-07T14:00:00Z')) });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  const at = t.ctx.clock.now();
  for (let i = 0; i < 4; i++) {
    const { household } = await createHousehold(t.ctx.db, { members: [{ firstName: `Holder${i}`, dateOfBirth: '1980-01-01' }], address: i !== 3 });
    const e = await createEnrollment(t.ctx.db, {
      householdId: household.id,
      carrierHiosId: '77566',
      planHiosId: '77566VT0020004',
      grossPremiumCents: 127_463,
      aptcCents: 50_000,
      status: 'effectuated',
      at,
    });
    if (i === 0) cancelled = e.id;
  }
}, 60_000);
afterAll(async () => t?.stop());

const command = (name: string) => taxFormsModule.commands!.find((c) => c.name === name)!;
const run = async (name: string, flags: Record<string, string>) => {
  const out: string[] = [];
  const code = await command(name).run(t.ctx, { positional: [], flags }, (l) => out.push(l));
  return { code, out };
};

describe('the coverage year the console opens on', () => {
  it('is this year in December and last year otherwise', () => {
    expect(defaultCoverageYear('2026-12-07')).toBe(2026);
    expect(defaultCoverageYear('2027-01-01')).toBe(2026);
    expect(defaultCoverageYear('2027-11-30')).toBe(2026);
  });
});

describe('candor tax-forms and the console page', () => {
  it(
    'preview counts and lists exceptions without changing anything; run issues; a second run issues 0; the page shows the same figures to operations only, in English and Spanish',
    { timeout: 120_000 },
    async () => {
      const bad = await run('tax-forms preview', { year: '26' });
      expect(bad).toEqual({ code: 2, out: ['Give the coverage year as four digits, for example 2026.'] });

      const preview = await run('tax-forms preview', { year: '2026' });
      expect(preview.code).toBe(0);
      expect(preview.out[0]).toBe('Form 1095-A preview for 2026: 4 statements would be issued; nothing was changed.');
      expect(preview.out.find((l) => l.trim().startsWith('original'))).toMatch(/original\s+4/);
      // Four recipients without an SSN; the household without an address has no rating area, so no benchmark either.
      expect(preview.out).toContain('Exceptions: 6');
      expect(preview.out.filter((l) => l.includes('no-address'))).toHaveLength(1);
      expect(preview.out.filter((l) => l.includes('no-benchmark'))).toHaveLength(1);
      const none = await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM tax_statements`);
      expect(none.rows[0]!.n).toBe(0);

      const ops = await signedIn(t.ctx.db, 'operations');
      const before = await t.server!.inject({ url: '/operations/tax-forms', headers: { cookie: ops.cookie } });
      expect(before.statusCode).toBe(200);
      expect(testIdText(before.body, 'tax-forms-status')).toBe('No statements for 2026 have been issued yet.');
      const previewPage = await t.server!.inject({ url: '/operations/tax-forms?year=2026&preview=1', headers: { cookie: ops.cookie } });
      expect(testIdText(previewPage.body, 'tax-forms-preview-original')).toBe('4');
      expect(previewPage.body).toContain('No address on file');
      expect(previewPage.body).not.toContain('Holder'); // no names on the page

      expect(await run('tax-forms run', { year: '2026', chunk: '3' })).toMatchObject({ code: 0, out: expect.arrayContaining(['4 statements']) });
      expect((await run('tax-forms run', { year: '2026' })).out[0]).toBe('0 statements');

      await t.ctx.db.transaction((tx) => transitionEnrollment(tx, cancelled, 'cancelled', { reason: 'customer-request', effectiveDate: '2026-01-01', actor: { id: 'test', kind: 'system' } }));
      expect((await run('tax-forms run', { year: '2026' })).out[0]).toBe('1 statement');

      const after = await t.server!.inject({ url: '/operations/tax-forms?year=2026', headers: { cookie: `${ops.cookie}; candor_lang=es` } });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('Formularios 1095-A de 2026');
      expect(testIdText(after.body, 'tax-forms-issued-original')).toBe('4');
      expect(testIdText(after.body, 'tax-forms-issued-void')).toBe('1');
      expect(testIdText(after.body, 'tax-forms-issued-corrected')).toBe('0');
      expect(testIdText(after.body, 'tax-forms-status')).toMatch(/^La emisión de formularios de 2026 terminó el /);

      const badYear = await t.server!.inject({ url: '/operations/tax-forms?year=abc', headers: { cookie: ops.cookie } });
      expect(badYear.statusCode).toBe(400);
      expect(testIdText(badYear.body, 'tax-forms-refusal')).toBe('Give the coverage year as four digits, for example 2026.');
      const customer = await signedIn(t.ctx.db, 'customer');
      expect((await t.server!.inject({ url: '/operations/tax-forms', headers: { cookie: customer.cookie } })).statusCode).toBe(403);
    },
  );
});
