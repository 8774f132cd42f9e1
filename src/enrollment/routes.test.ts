/**
 * The application, plan selection and coverage pages over HTTP, for a
 * customer, a call-centre agent and a caseworker; bad input re-renders with
 * 400 and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { auditLog } from '../audit/schema.js';
import { ManualClock } from '../platform/clock.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { applications, attestations, determinations, enrollments, households, members, verifications } from './schema.js';
import { formClient, type Client } from './test-client.js';
import { ssnLookupHash } from './save-member.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { hubModule } from '../hub/module.js';
import { FIXTURE_PEOPLE } from '../hub/standin/population.js';
import { proveIdentity } from '../hub/testing.js';

let t: TestApp;
const clock = new ManualClock(new Date('2025-12-01T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
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

describe('a customer applying online', () => {
  it('applies, saves and resumes, gets a determination, picks a plan with less than the full credit', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    expect((await c.get('/apply')).body).toContain('Start an application');
    const started = await c.post('/apply', {}, '/apply');
    expect(started.status).toBe(303);
    const base = started.location!.replace(/\/people$/, '');
    const appId = base.split('/').pop()!;

    // Bad input: 400, the form again with the error, nothing saved.
    const bad = await c.post(`${base}/people`, { ...adult, dobMonth: '13', ssn: '000-00-0000' }, `${base}/people`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('<title>Error: ');
    expect(bad.body).toContain('<a href="#dateOfBirth">Date of birth must be a real date</a>');
    expect(bad.body).toContain('<a href="#ssn">Social Security number must be 9 digits');
    expect(bad.body).not.toContain('000-00-0000');
    expect(await t.ctx.db.select().from(members)).toHaveLength(0);

    expect((await c.post(`${base}/people`, adult, `${base}/people`)).location).toBe(`${base}/people`);
    // The SSN is sealed under the hub's envelope keyring, and found by its keyed hash.
    const [rosa] = await t.ctx.db.select().from(members).where(eq(members.firstName, 'Rosa'));
    expect(rosa!.ssnSealed).toMatch(/^e1\./);
    expect(await t.ctx.services.hub.keyring.open(rosa!.ssnSealed!)).toBe('234567890');
    expect(rosa!.ssnHash).toBe(ssnLookupHash(t.ctx.keys.data, '234567890'));
    // Resume: starting again returns to the same draft.
    expect((await c.get('/apply')).body).toContain(`href="${base}/people"`);
    expect((await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`)).location).toBe(`${base}/income`);
    expect((await c.post(`${base}/income`, { annualIncome: '28,000', taxHouseholdSize: '1' }, `${base}/income`)).location).toBe(`${base}/review`);
    const review = await c.get(`${base}/review`);
    expect(review.body).toContain('$28,000.00');

    const unsigned = await c.post(`${base}/submit`, { truthful: 'on' }, `${base}/review`);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toContain('<a href="#verify-data">Agree that the exchange may check your answers, to submit the application</a>');
    await proveIdentity(c, { applicationId: appId });
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);

    const result = await c.get(`${base}/result`);
    expect(result.status).toBe(200);
    expect(result.body).toContain('Can buy a plan through the exchange, with a tax credit');
    expect(result.body).toContain('Your right to appeal');
    const pending = await t.ctx.db.select().from(verifications).where(eq(verifications.applicationId, appId));
    expect(pending.length).toBeGreaterThan(3);
    // The eligibility-result notice was raised with the determination, with ids and amounts only.
    const [app] = await t.ctx.db.select().from(applications).where(eq(applications.id, appId));
    const notices = await t.ctx.db.execute<{ type: string; data: Record<string, unknown> }>(
      sql`SELECT m.type, m.data FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE r.household_id = ${app!.householdId}`,
    );
    expect(notices.rows.map((r) => r.type)).toContain('eligibility-result');
    expect(notices.rows[0]!.data).toMatchObject({ outcome: 'qualified-with-help', enrollBy: '2025-12-15', coverageStart: '2026-01-01' });

    const plans = await c.get(`${base}/plans`);
    expect(plans.status).toBe(200);
    expect(plans.body).toContain('MVP VT Standard Silver');
    const choice = /value="(77566VT0020004-\d\d)"/.exec(plans.body)![1]!;
    const tooMuch = await c.post(`${base}/plans`, { plan: choice, aptc: '99999' }, `${base}/plans`);
    expect(tooMuch.status).toBe(400);
    const picked = await c.post(`${base}/plans`, { plan: choice, aptc: '100.00' }, `${base}/plans`);
    expect(picked.status).toBe(303);
    const enrollmentPage = await c.get(picked.location!);
    expect(enrollmentPage.body).toContain('Waiting for first payment');
    const [e] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.applicationId, appId));
    expect(e).toMatchObject({ aptcCents: 10_000, coverageStart: '2026-01-01', status: 'pending-binder' });

    const coverage = await c.get('/coverage');
    expect(coverage.body).toContain('MVP VT Standard Silver');
    const api = JSON.parse((await c.get('/api/v1/coverage')).body);
    expect(api.enrollments).toEqual([expect.objectContaining({ id: e!.id, status: 'pending-binder', aptcCents: 10_000, planHiosId: '77566VT0020004' })]);
    // Nothing personal in the audit trail.
    const audit = JSON.stringify(await t.ctx.db.select().from(auditLog));
    expect(audit).not.toMatch(/234-?56-?7890|1986-04-28|2800000|Marquez/);
  });

  it('ends coverage on request, cancelling what has not started', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    const base = (await c.post('/apply', {}, '/apply')).location!.replace(/\/people$/, '');
    await c.post(`${base}/people`, adult, `${base}/people`);
    await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '90000', taxHouseholdSize: '1' }, `${base}/income`);
    await proveIdentity(c, { applicationId: base.split('/').pop()! });
    await c.post(`${base}/submit`, attest, `${base}/review`);
    const picked = await c.post(`${base}/plans`, { plan: '13627VT0010006-01' }, `${base}/plans`);
    const enrollmentUrl = picked.location!;
    const ended = await c.post(`${enrollmentUrl}/end`, { choice: 'end-of-this-month' }, `${enrollmentUrl}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body).toContain('Your coverage is cancelled.');
    expect((await c.get(enrollmentUrl)).body).toContain('Coverage cancelled');
  });
});

describe('identity before an online submission', () => {
  /** A customer's draft with every step done, ready to submit. */
  async function readyDraft(c: Client): Promise<{ base: string; appId: string }> {
    const base = (await c.post('/apply', {}, '/apply')).location!.replace(/\/people$/, '');
    await c.post(`${base}/people`, adult, `${base}/people`);
    await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '28000', taxHouseholdSize: '1' }, `${base}/income`);
    return { base, appId: base.split('/').pop()! };
  }

  /** Everything a submission would write for this application. */
  async function written(appId: string) {
    const [app] = await t.ctx.db.select().from(applications).where(eq(applications.id, appId));
    const count = async (table: typeof attestations | typeof verifications | typeof determinations) =>
      (
        await t.ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(table)
          .where(eq(table.applicationId, appId))
      )[0]!.n;
    const audit = await t.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.objectId, appId));
    return { app, attestations: await count(attestations), verifications: await count(verifications), determinations: await count(determinations), audit: audit[0]!.n };
  }

  const identityLink = (base: string) => `/identity-proofing?application=${base.split('/').pop()}&amp;return=${encodeURIComponent(`${base}/review`)}`;

  it('refuses a customer who has not confirmed their identity, changing nothing, and leads to the identity page and back', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    const { base, appId } = await readyDraft(c);
    const review = await c.get(`${base}/review`);
    expect(review.body).toContain('Confirm your identity before you submit');
    expect(review.body).toContain(`href="${identityLink(base)}"`);

    const before = await written(appId);
    expect(before.app!.status).toBe('draft');
    const refused = await c.post(`${base}/submit`, attest, `${base}/review`);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('We have not sent your application yet: we must confirm who you are first. Your answers are saved.');
    expect(refused.body).toContain(`href="${identityLink(base)}"`);
    expect(await written(appId)).toEqual(before);

    // The identity page is the applicant's, prefilled from the application, and keeps the way back.
    const link = identityLink(base).replace('&amp;', '&');
    const page = await c.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`name="return" value="${base}/review"`);
    expect(page.body).toContain(`name="application" value="${appId}"`);
    expect(page.body).toContain('you are Rosa Marquez, the applicant');
    expect(page.body).toContain('April 28, 1986');
    expect(page.body).toContain('Ending in 7890, from your application');
    expect(page.body).not.toContain('name="dobMonth"');
    expect(page.body).toContain('What a real identity service asks');

    // Someone the hub cannot verify is told so and offered the other ways, with links: upload, call, mail.
    const iris = FIXTURE_PEOPLE.find((p) => p.identityFails)!;
    const failed = await c.post(
      '/identity-proofing',
      { firstName: iris.firstName, lastName: iris.lastName, dateOfBirth: iris.dateOfBirth, ssn: iris.ssn, postalCode: iris.postalCode, return: `${base}/review` },
      link,
    );
    expect(failed.body).toContain('We could not confirm your identity online.');
    expect(failed.body).toContain('href="/documents"');
    expect(failed.body).toContain(`href="tel:${t.ctx.profile.phoneLines.customerSupport.number.replace(/[^\d+]/g, '')}"`);
    expect(failed.body).toContain(t.ctx.profile.applicationsMailingAddress.city);
    expect(failed.body).toContain(`href="${base}/review"`);
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).status).toBe(409);
    expect(await written(appId)).toEqual(before);

    // A return to another site is not followed.
    const elsewhere = await c.get('/identity-proofing?return=//evil.example/x');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).not.toContain('name="return"');

    // Tied to the applicant: a verified proof of someone else's identity (Ana Rivera) does not let Rosa's application go.
    const ana = FIXTURE_PEOPLE[0]!;
    const someoneElse = await c.post(
      '/identity-proofing',
      { firstName: ana.firstName, lastName: ana.lastName, dobMonth: '4', dobDay: '12', dobYear: '1988', ssn: ana.ssn, postalCode: ana.postalCode },
      '/identity-proofing',
    );
    expect(someoneElse.body).toContain('Your identity is confirmed.');
    expect((await c.get(`${base}/review`)).body).toContain('Confirm your identity before you submit');
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).status).toBe(409);
    expect(await written(appId)).toEqual(before);

    // The applicant's own identity, checked from the application's answers: now it goes.
    const proven = await c.post('/identity-proofing', { application: appId, return: `${base}/review` }, link);
    expect(proven.status).toBe(200);
    expect(proven.body).toContain('Your identity is confirmed.');
    expect(proven.body).toContain(`href="${base}/review"`);
    expect(proven.body).not.toContain('234-56-7890');
    expect((await c.get(`${base}/review`)).body).not.toContain('Confirm your identity before you submit');
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
    const after = await written(appId);
    expect(after.app!.status).toBe('determined');
    expect(after.attestations).toBe(4);
  });

  it('asks the SSN on the identity page when the application has none, and a customer cannot check another household’s applicant', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    const base = (await c.post('/apply', {}, '/apply')).location!.replace(/\/people$/, '');
    const appId = base.split('/').pop()!;
    await c.post(`${base}/people`, { ...adult, ssn: '' }, `${base}/people`);
    await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
    const page = await c.get(`/identity-proofing?application=${appId}`);
    expect(page.body).toContain('name="ssn"');
    const empty = await c.post('/identity-proofing', { application: appId }, `/identity-proofing?application=${appId}`);
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('<title>Error: ');
    expect(empty.body).toContain('<a href="#ssn">Social Security number must be 9 digits');
    await proveIdentity(c, { applicationId: appId, ssn: '234-56-7890' });

    const other = await signedIn(t.ctx.db, 'customer');
    const o = formClient(t.server!, other.cookie);
    expect((await o.get(`/identity-proofing?application=${appId}`)).status).toBe(404);
    expect((await o.post('/identity-proofing', { application: appId, ssn: '234567890' }, '/identity-proofing')).status).toBe(404);
  });

  it('says before submitting which documents a blank SSN will bring, and the result lists them with an upload link', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    const base = (await c.post('/apply', {}, '/apply')).location!.replace(/\/people$/, '');
    const appId = base.split('/').pop()!;
    await c.post(`${base}/people`, { ...adult, ssn: '' }, `${base}/people`);
    await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '28000', taxHouseholdSize: '1' }, `${base}/income`);
    const review = await c.get(`${base}/review`);
    expect(review.body).toContain('Documents we will ask you for');
    expect(review.body).toContain('<strong>Rosa Marquez</strong>: Proof of citizenship');
    expect(review.body).toContain('<strong>Your household</strong>: Proof of income');
    expect(review.body).toContain('no Social Security number was given');
    expect(review.body).toContain(`href="${base}/people">Add a Social Security number`);
    await proveIdentity(c, { applicationId: appId, ssn: '234-56-7890' });
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
    const result = await c.get(`${base}/result`);
    expect(result.body).toContain('Documents we need from you');
    expect(result.body).toMatch(/<th scope="row">Rosa Marquez<\/th><td>Proof of citizenship/);
    expect(result.body).toMatch(/<th scope="row">Your household<\/th><td>Proof of income/);
    expect(result.body).toContain('href="/documents"');
    // With an SSN on every person, nothing is announced.
    const other = formClient(t.server!, (await signedIn(t.ctx.db, 'customer')).cookie);
    const { base: withSsn } = await readyDraft(other);
    expect((await other.get(`${withSsn}/review`)).body).not.toContain('Documents we will ask you for');
  });

  it('explains it in Spanish', async () => {
    const customer = await signedIn(t.ctx.db, 'customer', { language: 'es' });
    const c = formClient(t.server!, customer.cookie);
    const { base } = await readyDraft(c);
    const refused = await c.post(`${base}/submit`, attest, `${base}/review`);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Confirme su identidad antes de enviar');
    expect(refused.body).toContain('Todavía no enviamos su solicitud');
    expect(refused.body).toContain(`href="${identityLink(base)}"`);
  });

  it('with identity-proofing unavailable, or the hub link cut, offers the other ways to apply and keeps the draft', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    const c = formClient(t.server!, customer.cookie);
    const { base, appId } = await readyDraft(c);
    const by = { kind: 'system' as const, id: 'test' };
    const caps = t.ctx.services.capabilities;
    const phone = t.ctx.profile.phoneLines.customerSupport.number;
    const otherWays = async (what: string) => {
      const before = await written(appId);
      const refused = await c.post(`${base}/submit`, attest, `${base}/review`);
      expect(refused.status, what).toBe(409);
      expect(refused.body, what).toContain('Online identity checks are not available right now.');
      expect(refused.body, what).toContain(phone);
      expect(refused.body, what).toContain(`href="${identityLink(base)}"`);
      expect(await written(appId), what).toEqual(before);
      const page = await c.get(identityLink(base).replace('&amp;', '&'));
      expect(page.status, what).toBe(503);
      expect(page.body, what).toContain(phone);
      // Monday 10 am in Vermont: the line is open, and says until when.
      expect(page.body, what).toContain('Open now until 5 pm');
      expect(page.body, what).toContain(t.ctx.profile.applicationsMailingAddress.lines[0]!);
      expect(page.body, what).toContain(`href="${base}/review"`);
    };

    await t.ctx.db.transaction((tx) =>
      setCapabilityStatus(tx, { capability: 'identity-proofing', status: 'down', reasonEn: 'Identity service outage', expectedEnd: new Date(clock.now().getTime() + 3_600_000), by, now: clock.now() }),
    );
    await caps.refresh();
    try {
      await otherWays('identity-proofing down');
    } finally {
      await t.ctx.db.transaction((tx) => setCapabilityStatus(tx, { capability: 'identity-proofing', status: 'operational', reasonEn: 'Back', by, now: clock.now() }));
      await caps.refresh();
    }

    const command = (name: string) => hubModule.commands!.find((x) => x.name === name)!;
    expect(await command('hub disconnect').run(t.ctx, { positional: [], flags: { reason: 'test' } }, () => {})).toBe(0);
    await caps.refresh();
    try {
      await otherWays('hub link cut');
    } finally {
      expect(await command('hub reconnect').run(t.ctx, { positional: [], flags: {} }, () => {})).toBe(0);
      await caps.refresh();
    }
    await proveIdentity(c, { applicationId: base.split('/').pop()! });
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
  });
});

describe('staff', () => {
  it('a caseworker keys in a paper application, which waits in the queue with its verifications', async () => {
    const caseworker = await signedIn(t.ctx.db, 'caseworker');
    const c = formClient(t.server!, caseworker.cookie);
    expect((await c.post('/caseworker/paper-applications', { receivedOn: 'yesterday' }, '/caseworker/queue')).status).toBe(400);
    const started = await c.post('/caseworker/paper-applications', { receivedOn: '2025-11-20' }, '/caseworker/queue');
    const base = started.location!.replace(/\/people$/, '');
    expect(base).toMatch(/^\/staff\/applications\//);
    const queue = await c.get('/caseworker/queue');
    const [app] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, base.split('/').pop()!));
    expect(app).toMatchObject({ channel: 'paper', receivedOn: '2025-11-20', enteredBy: caseworker.id });
    const [household] = await t.ctx.db.select().from(households).where(eq(households.id, app!.householdId));
    expect(queue.body).toContain(household!.caseNumber);
    expect(household!.customerAccountId).toBeNull();

    await c.post(`${base}/people`, { ...adult, firstName: 'Paper' }, `${base}/people`);
    await c.post(`${base}/address`, { line1: '9 Elm St', city: 'Rutland', state: 'VT', zip: '05701' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '40000', taxHouseholdSize: '1' }, `${base}/income`);
    // A paper application: the caseworker's own process confirms identity, no online proofing asked.
    expect((await c.get(`${base}/review`)).body).not.toContain('Confirm your identity');
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
    const after = await c.get('/caseworker/queue');
    expect(after.body).toContain('Social Security number');
    expect(after.body).toContain(household!.caseNumber);
  });

  it('a call-centre agent finds a household by SSN or case number and applies on the caller’s behalf', async () => {
    const agent = await signedIn(t.ctx.db, 'call-centre-agent');
    const c = formClient(t.server!, agent.cookie);
    const started = await c.post('/call-centre/applications', {}, '/call-centre/households');
    const base = started.location!.replace(/\/people$/, '');
    await c.post(`${base}/people`, { ...adult, firstName: 'Caller', lastName: 'Nguyen', ssn: '345-67-8901' }, `${base}/people`);
    const [app] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, base.split('/').pop()!));
    expect(app!.channel).toBe('call-centre');
    const [household] = await t.ctx.db.select().from(households).where(eq(households.id, app!.householdId));

    const bySsn = await c.post('/call-centre/households/search', { ssn: '345 67 8901' }, '/call-centre/households');
    expect(bySsn.body).toContain(household!.caseNumber);
    expect(bySsn.body).not.toContain('345');
    const byCase = await c.post('/call-centre/households/search', { caseNumber: household!.caseNumber.slice(2).toLowerCase() }, '/call-centre/households');
    expect(byCase.body).toContain(`/staff/households/${household!.id}`);
    const empty = await c.post('/call-centre/households/search', {}, '/call-centre/households');
    expect(empty.status).toBe(400);
    const view = await c.get(`/staff/households/${household!.id}`);
    expect(view.body).toContain('Caller Nguyen');
    const searches = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'household.searched'));
    expect(searches.map((s) => s.details)).toContainEqual({ by: 'ssn', results: 1 });
    // The agent confirms the caller's identity by the call centre's own process: no online proofing asked.
    await c.post(`${base}/address`, { line1: '3 Oak St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '40000', taxHouseholdSize: '1' }, `${base}/income`);
    expect((await c.get(`${base}/review`)).body).not.toContain('Confirm your identity');
    expect((await c.post(`${base}/submit`, attest, `${base}/review`)).location).toBe(`${base}/result`);
    const [submitted] = await t.ctx.db.select().from(applications).where(eq(applications.id, app!.id));
    expect(submitted).toMatchObject({ status: 'determined', channel: 'call-centre' });
  });

  it('keeps the answers and says so when the plan year has no plans loaded', async () => {
    const caseworker = await signedIn(t.ctx.db, 'caseworker');
    const c = formClient(t.server!, caseworker.cookie);
    // Received mid-2025: a 2025 application, and the catalog holds 2026 only.
    const base = (await c.post('/caseworker/paper-applications', { receivedOn: '2025-06-02' }, '/caseworker/queue')).location!.replace(/\/people$/, '');
    await c.post(`${base}/people`, adult, `${base}/people`);
    await c.post(`${base}/address`, { line1: '9 Elm St', city: 'Rutland', state: 'VT', zip: '05701' }, `${base}/address`);
    await c.post(`${base}/income`, { annualIncome: '40000', taxHouseholdSize: '1' }, `${base}/income`);
    const r = await c.post(`${base}/submit`, attest, `${base}/review`);
    expect(r.status).toBe(400);
    expect(r.body).toContain('Plans for this year are not loaded yet');
    const [app] = await t.ctx.db
      .select()
      .from(applications)
      .where(eq(applications.id, base.split('/').pop()!));
    expect(app).toMatchObject({ status: 'draft', planYear: 2025, annualIncomeCents: 4_000_000 });
  });

  it('a mailroom clerk cannot reach household pages', async () => {
    const clerk = await signedIn(t.ctx.db, 'mailroom-clerk');
    const c = formClient(t.server!, clerk.cookie);
    expect((await c.get('/caseworker/queue')).status).toBe(403);
    expect((await c.get('/call-centre/households')).status).toBe(403);
  });
});
