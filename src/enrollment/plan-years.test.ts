/**
 * Open enrollment sells the coming year (issue 12, item 3), over HTTP with the
 * day fixed: on 2026-12-07 a new applicant is decided for 2027 and chooses a
 * 2027 plan; a household decided for 2026 continues into 2027 by reviewing its
 * answers; on 2027-03-01, outside open enrollment and without a life event,
 * the plans page says why and what to do next. No page is a dead end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { ManualClock } from '../platform/clock.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { proveIdentity } from '../hub/testing.js';
import { FIXTURE_PEOPLE } from '../hub/standin/population.js';
import { applications, determinations, enrollments } from './schema.js';
import { formClient, type Client } from './test-client.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-12-07T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  await t.ctx.db.transaction((tx) => loadVermont2027Catalog(tx));
});
afterAll(async () => t?.stop());

const adult = {
  firstName: 'Rosa',
  lastName: 'Marquez',
  dobMonth: '4',
  dobDay: '28',
  dobYear: '1986',
  sex: 'F',
  seekingCoverage: 'yes',
  citizenship: 'citizen',
  taxFiling: 'filer',
  ssn: '234-56-7890',
};
const attest = { truthful: 'on', 'verify-data': 'on', 'report-changes': 'on', 'renewal-consent': 'on' };

/** A new customer applies from the start page to the results; returns the application's base path. */
async function applyOnline(c: Client, ssn: string): Promise<string> {
  const started = await c.post('/apply', {}, '/apply');
  expect(started.status).toBe(303);
  const base = started.location!.replace(/\/people$/, '');
  expect((await c.post(`${base}/people`, { ...adult, ssn }, `${base}/people`)).location).toBe(`${base}/people`);
  expect((await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`)).location).toBe(`${base}/income`);
  expect((await c.post(`${base}/income`, { annualIncome: '31,920', taxHouseholdSize: '1' }, `${base}/income`)).location).toBe(`${base}/review`);
  // Identity is the applicant's own: the stand-in knows this Rosa by her SSN.
  const digits = ssn.replace(/-/g, '');
  t.ctx.services.hub.standin!.population.add({ ...FIXTURE_PEOPLE.find((p) => p.lastName === 'Marquez')!, ssn: digits });
  await proveIdentity(c, { applicationId: base.split('/').pop()! });
  expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
  return base;
}

const idOf = (base: string) => base.split('/').pop()!;

/** A signed-in customer whose session starts on the test's day, not the machine's. */
async function customer(): Promise<Client & { signInAgain(): Promise<Client> }> {
  const account = await createTestAccount(t.ctx.db, { role: 'customer' });
  const client = formClient(t.server!, await sessionCookieFor(t.ctx.db, account.id, clock.now()));
  // Weeks later the old session has lapsed: the same person signs in again on the new day.
  return { ...client, signInAgain: async () => formClient(t.server!, await sessionCookieFor(t.ctx.db, account.id, clock.now())) };
}

describe('open enrollment for 2027, on 2026-12-07', () => {
  it('decides a new applicant for 2027 and lets them choose a 2027 plan starting January 1', async () => {
    clock.set(new Date('2026-12-07T15:00:00Z'));
    const c = await customer();
    expect((await c.get('/apply')).body).toContain('Plan year 2027');
    const base = await applyOnline(c, '234-56-7891');
    const [app] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, idOf(base)));
    expect(app!.planYear).toBe(2027);
    const [d] = await t.ctx.db.select().from(determinations).where(eq(determinations.applicationId, app!.id));
    // 2026 HHS guidelines ($15,960 for one): $31,920 is 200 % of the poverty line.
    expect(d).toMatchObject({ planYear: 2027, fplPercent: 200 });
    // 2027's applicable-percentage table and catalog are provisional: the result and the plans say the amounts are an estimate.
    const result = await c.get(`${base}/result`);
    expect(result.body).toContain('These prices and this help are an estimate: some figures for 2027 have not been published yet.');
    expect(result.body).toContain('Estimate: Rev. Proc. 2025-25');
    const notice = await t.ctx.db.execute<{ data: Record<string, unknown> }>(
      sql`SELECT m.data FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE r.household_id = ${app!.householdId} AND m.type = 'eligibility-result'`,
    );
    expect(notice.rows[0]!.data).toMatchObject({ coverageStart: '2027-01-01', enrollBy: '2026-12-15', estimate: true });

    const plans = await c.get(`${base}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body).not.toContain('another plan year');
    expect(plans.body).toContain('January 1, 2027');
    expect(plans.body).toContain('id="estimate"');
    const choice = /value="(77566VT0020004-\d\d)"/.exec(plans.body)![1]!;
    const picked = await c.post(`${base}/plans`, { plan: choice }, `${base}/plans`);
    expect(picked.status).toBe(303);
    const [e] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.applicationId, app!.id));
    expect(e).toMatchObject({ planYear: 2027, coverageStart: '2027-01-01', status: 'pending-binder' });
  });

  it('continues a household decided for 2026 into 2027 by reviewing its answers, not retyping them', async () => {
    // Decided for 2026 in October, outside open enrollment.
    clock.set(new Date('2026-10-05T15:00:00Z'));
    const first = await customer();
    const base2026 = await applyOnline(first, '234-56-7892');
    const [app2026] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, idOf(base2026)));
    expect(app2026!.planYear).toBe(2026);

    clock.set(new Date('2026-12-07T15:00:00Z'));
    const c = await first.signInAgain();
    const plans = await c.get(`${base2026}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body).not.toContain('Start a new application for this year first');
    expect(plans.body).toContain('Your results are for 2026. To choose a plan for 2027, review your application for 2027');
    expect(plans.body).toContain('Open enrollment ends December 31, 2026.');
    expect(plans.body).toContain(`action="${base2026}/continue"`);

    const continued = await c.post(`${base2026}/continue`, {}, `${base2026}/plans`);
    expect(continued.status).toBe(303);
    expect(continued.location).toMatch(/^\/applications\/[0-9a-f-]+\/review$/);
    const base2027 = continued.location!.replace(/\/review$/, '');
    expect(base2027).not.toBe(base2026);
    const [app2027] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, idOf(base2027)));
    expect(app2027).toMatchObject({ planYear: 2027, status: 'draft', annualIncomeCents: 31_920_00, taxHouseholdSize: 1, householdId: app2026!.householdId });
    const review = await c.get(`${base2027}/review`);
    expect(review.body).toContain('This application is for coverage in 2027.');
    expect(review.body).toContain('We filled in your answers from your application for 2026');
    expect(review.body).toContain('$31,920.00');
    expect(review.body).toContain('Rosa Marquez');

    expect((await c.post(`${base2027}/submit`, attest, `${base2027}/review`)).location).toBe(`${base2027}/result`);
    const plans2027 = await c.get(`${base2027}/plans`);
    const choice = /value="(13627VT0010006-\d\d)"/.exec(plans2027.body)![1]!;
    expect((await c.post(`${base2027}/plans`, { plan: choice }, `${base2027}/plans`)).status).toBe(303);
    const [e] = await t.ctx.db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.householdId, app2026!.householdId), eq(enrollments.planYear, 2027)));
    expect(e).toMatchObject({ coverageStart: '2027-01-01', planHiosId: '13627VT0010006' });
    // The start page offers the same: a second visit to /apply reviews rather than restarts.
    expect((await c.get('/apply')).body).not.toContain('Start an application<');
  });

  it('offers the review from the start page too', async () => {
    clock.set(new Date('2026-10-06T15:00:00Z'));
    const first = await customer();
    await applyOnline(first, '234-56-7893');
    clock.set(new Date('2026-12-07T15:00:00Z'));
    const c = await first.signInAgain();
    const start = await c.get('/apply');
    expect(start.body).toContain('Review your application for 2027');
    const again = await c.post('/apply', {}, '/apply');
    expect(again.location).toMatch(/\/review$/);
  });

  it('window shopping defaults to 2027 and quotes it, as an estimate', async () => {
    clock.set(new Date('2026-12-07T15:00:00Z'));
    const shop = await t.server!.inject({ url: '/shop' });
    expect(shop.body).toContain('<option value="2027" selected');
    const quoted = await t.server!.inject({ method: 'POST', url: '/api/v1/quotes', payload: { planYear: 2027, zip: '05602', annualIncomeCents: 31_920_00, members: [{ age: 40 }] } });
    expect(quoted.json()).toMatchObject({ planYear: 2027, estimate: true });
  });
});

describe('outside open enrollment, on 2027-03-01, without a life event', () => {
  it('decides a new applicant for 2027 and says why no plan can be chosen and what to do next', async () => {
    clock.set(new Date('2027-03-01T15:00:00Z'));
    const c = await customer();
    const base = await applyOnline(c, '234-56-7894');
    const [app] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, idOf(base)));
    expect(app!.planYear).toBe(2027);
    const plans = await c.get(`${base}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body).toContain('You cannot choose a plan right now. Open enrollment starts November 1, 2027.');
    expect(plans.body).toContain('href="/coverage/life-event"');
    expect(plans.body).not.toContain('another plan year');
  });
});
