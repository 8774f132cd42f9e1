/**
 * The signed-in home through each situation a household can be in, on the
 * real app and database with the day fixed at December 7, 2026 (open
 * enrollment for 2027): each household is built the way the exchange builds
 * it (an application started, an application submitted and determined, a
 * document requested by the hub link, a plan chosen and billed, a first premium paid by check, bills
 * left unpaid until the grace period starts, next year's renewal run), and
 * the home shows where the person stands, the one next step as its primary
 * button, and where that button leads, in English and Spanish. The call
 * centre's household page shows the same summary.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testIdText, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { formatReference } from '../billing/reference-number.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { personSchema } from '../enrollment/forms.js';
import { saveAddress } from '../enrollment/save-address.js';
import { saveIncome } from '../enrollment/save-income.js';
import { saveMember } from '../enrollment/save-member.js';
import { startApplication } from '../enrollment/start-application.js';
import { submitApplication } from '../enrollment/submit-application.js';
import { enrollments, households, verifications } from '../enrollment/schema.js';
import { openInconsistency } from '../hub/inconsistencies.js';
import { importLockbox } from '../payments/import-lockbox.js';
import { billedHousehold, householdInGrace } from '../payments/testing.js';
import { ManualClock } from '../platform/clock.js';
import { runRenewal } from '../renewal/run-renewal.js';
import { seedBook } from '../renewal/testing.js';
import { vermont } from '../states/vt.js';
import type { Situation } from './situation.js';

const clock = new ManualClock(new Date('2026-12-07T14:00:00Z'));
const TODAY = '2026-12-07';
let t: TestApp;
const cookies: Partial<Record<Situation, string>> = {};
const households_: Partial<Record<Situation, string>> = {};
const hrefs: Partial<Record<Situation, string>> = {};

async function customer() {
  const account = await createTestAccount(t.ctx.db, { role: 'customer', firstName: 'Rosa' });
  return { id: account.id, cookie: await sessionCookieFor(t.ctx.db, account.id, clock.now()) };
}

async function home(cookie: string, lang: 'en' | 'es') {
  const res = await t.server!.inject({ url: '/', headers: { cookie: `${cookie}; candor_lang=${lang}` } });
  expect(res.statusCode).toBe(200);
  return res.body.replace(/\s+/g, ' ');
}

const nextStep = (body: string) => {
  const m = /<a class="usa-button usa-button--big" href="([^"]+)" data-testid="next-step">([^<]+)<\/a>/.exec(body);
  return m ? { href: m[1]!.replace(/&amp;/g, '&'), label: m[2]!.trim() } : null;
};

/** A customer's application for 2027 through the use cases the pages call: started, one person, address, income, submitted and determined. */
async function applyFor(accountId: string) {
  const db = t.ctx.db;
  const at = clock.now();
  const actor = { id: accountId, kind: 'person' as const };
  const { applicationId, householdId } = await db.transaction((tx) => startApplication(tx, { channel: 'online', planYear: 2027, customerAccountId: accountId, state: 'VT', actor, at }));
  const person = personSchema({ isPrimary: true, today: TODAY, askTobacco: false }).parse({
    firstName: 'Rosa',
    lastName: 'Diaz',
    dobMonth: '3',
    dobDay: '14',
    dobYear: '1988',
    sex: 'F',
    seekingCoverage: 'yes',
    citizenship: 'citizen',
    taxFiling: 'filer',
  });
  await db.transaction((tx) => saveMember(tx, { applicationId, person, dataKey: t.ctx.keys.data, actor, at }));
  await db.transaction((tx) => saveAddress(tx, { applicationId, address: { line1: '12 Elm St', line2: '', city: 'Burlington', state: 'VT', zip: '05401', county: 'Chittenden' }, actor, at }));
  await db.transaction((tx) => saveIncome(tx, { applicationId, annualIncomeCents: 4_200_000, taxHouseholdSize: 1, actor, at }));
  const { engine, events } = t.ctx.services.enrollment;
  await db.transaction((tx) => submitApplication(tx, { engine, events, timeZone: vermont.timeZone }, { applicationId, attestedBy: accountId, actor, at }));
  return { applicationId, householdId };
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const now = clock.now();
  const actor = { id: 'test', kind: 'system' as const };

  // Renewal pending: enrolled for 2026, renewed for 2027 by the annual run (before any other household exists, so it renews this one alone).
  await db.transaction((tx) => loadVermont2026Catalog(tx));
  await db.transaction((tx) => loadVermont2027Catalog(tx));
  const [renewing] = await seedBook(db, { prefix: 'H-HOME', households: 1, spanishEvery: 0 });
  const result = await runRenewal(db, { engine: t.ctx.services.enrollment.engine, profile: vermont }, { planYear: 2027, now, startedBy: 'test' });
  expect(result.counts['renewed-same-plan']).toBe(1);
  const [renewed] = await db
    .select()
    .from(enrollments)
    .where(sql`${enrollments.householdId} = ${renewing!} AND ${enrollments.planYear} = 2027`);
  hrefs['renewal-pending'] = `/enrollments/${renewed!.id}`;
  households_['renewal-pending'] = renewing!;

  // No application: an account and nothing else.
  cookies['no-application'] = (await customer()).cookie;
  hrefs['no-application'] = '/apply';

  // Draft: an application started online.
  const drafting = await customer();
  const started = await db.transaction((tx) =>
    startApplication(tx, { channel: 'online', planYear: 2027, customerAccountId: drafting.id, state: 'VT', actor: { id: drafting.id, kind: 'person' }, at: now }),
  );
  cookies.draft = drafting.cookie;
  hrefs.draft = `/applications/${started.applicationId}/people`;
  households_.draft = started.householdId;

  // Determined: an application filled in and submitted, its result on file, no plan chosen.
  const deciding = await customer();
  const decided = await applyFor(deciding.id);
  cookies.determined = deciding.cookie;
  hrefs.determined = `/applications/${decided.applicationId}/plans`;
  households_.determined = decided.householdId;

  // Awaiting documents: the hub could not confirm the income attested, so a document is requested.
  const asked = await customer();
  const withRequest = await applyFor(asked.id);
  const [income] = await db
    .select()
    .from(verifications)
    .where(sql`${verifications.applicationId} = ${withRequest.applicationId} AND ${verifications.element} = 'income'`);
  await db.transaction((tx) => openInconsistency(tx, { verification: income!, reason: 'income-above-attested', today: TODAY, now }));
  cookies['awaiting-documents'] = asked.cookie;
  hrefs['awaiting-documents'] = '/documents';
  households_['awaiting-documents'] = withRequest.householdId;

  // Awaiting the first premium: a plan chosen, its binder bill open.
  const choosing = await customer();
  const binder = await billedHousehold(db, vermont, { now, customerAccountId: choosing.id, coverageStart: '2026-12-01' });
  cookies['awaiting-binder'] = choosing.cookie;
  hrefs['awaiting-binder'] = '/billing/pay';
  households_['awaiting-binder'] = binder.household.id;

  // Enrolled: the first premium paid by check through the lockbox.
  const paying = await customer();
  const paid = await billedHousehold(db, vermont, { now, customerAccountId: paying.id, coverageStart: '2026-12-01' });
  const check = `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nH-${paid.invoice.referenceNumber},1,${TODAY},1001,${(paid.invoice.amountCents / 100).toFixed(2)},${formatReference(paid.invoice.referenceNumber)},Payer\n`;
  await importLockbox(db, { now, profile: vermont }, { fileName: 'home.csv', content: check, actor });
  const [effectuated] = await db.select().from(enrollments).where(eq(enrollments.id, paid.enrollment.id));
  expect(effectuated!.status).toBe('effectuated');
  cookies.enrolled = paying.cookie;
  hrefs.enrolled = '/coverage';
  households_.enrolled = paid.household.id;

  // In a grace period: later bills left unpaid until the daily check started it.
  const late = await customer();
  const grace = await householdInGrace(db, vermont, { now, customerAccountId: late.id });
  cookies['in-grace'] = late.cookie;
  hrefs['in-grace'] = '/billing/pay';
  households_['in-grace'] = grace.household.id;

  // The renewed household belongs to an account too.
  const renewer = await customer();
  await db.update(households).set({ customerAccountId: renewer.id }).where(eq(households.id, renewing!));
  cookies['renewal-pending'] = renewer.cookie;
}, 240_000);
afterAll(async () => t?.stop());

const EXPECTED: Record<Situation, { en: [string, RegExp]; es: [string, RegExp] }> = {
  'no-application': { en: ['Start your application', /You have not applied yet/], es: ['Comenzar su solicitud', /Todavía no ha presentado una solicitud/] },
  draft: { en: ['Continue your application', /You started an application/], es: ['Continuar su solicitud', /Comenzó una solicitud/] },
  determined: { en: ['Choose a plan', /Your eligibility results are ready/], es: ['Elegir un plan', /Sus resultados de elegibilidad están listos/] },
  'awaiting-documents': { en: ['Upload your documents', /We need documents from you/], es: ['Subir sus documentos', /Necesitamos documentos suyos/] },
  'awaiting-binder': {
    en: ['Pay your first premium', /Your coverage starts when we receive your first premium of \$300\.00, due /],
    es: ['Pagar su primera prima', /Su cobertura comienza cuando recibamos su primera prima de \$300\.00, que vence el /],
  },
  enrolled: { en: ['See your coverage', /You are enrolled in health coverage/], es: ['Ver su cobertura', /Usted tiene cobertura médica/] },
  'in-grace': {
    en: ['Pay your overdue premium', /Your premium is past due\. Pay \$[\d,.]+ by [A-Z][a-z]+ \d+, 2027/],
    es: ['Pagar su prima vencida', /Su prima está vencida\. Pague \$[\d,.]+ a más tardar el \d+ de [a-z]+ de 2027/],
  },
  'renewal-pending': {
    en: ['Review your renewal', /We renewed your coverage for 2027\. You can keep it or choose another plan until December 15, 2026/],
    es: ['Revisar su renovación', /Renovamos su cobertura para 2027\. Puede mantenerla o elegir otro plan hasta el 15 de diciembre de 2026/],
  },
};

describe('the signed-in home as the person’s task list', () => {
  it.each(Object.keys(EXPECTED) as Situation[])('%s: where the person stands, the next step and where it leads, in English and Spanish', async (situation) => {
    for (const lang of ['en', 'es'] as const) {
      const body = await home(cookies[situation]!, lang);
      expect(body).toContain(`data-situation="${situation}"`);
      expect(body).toContain(lang === 'en' ? '<title>Your health coverage | Vermont Health Connect</title>' : '<title>Su cobertura médica | Vermont Health Connect</title>');
      const [label, sentence] = EXPECTED[situation][lang];
      expect(testIdText(body, 'situation')?.trim()).toMatch(sentence);
      expect(nextStep(body)).toEqual({ label, href: hrefs[situation] });
      // Everything the person owns is linked from the home, whatever the situation.
      for (const href of ['/coverage', '/billing', '/documents', '/account/notices/inbox', '/account']) expect(body).toContain(`href="${href}"`);
    }
    // The primary button leads to a page that answers (the person's own).
    const res = await t.server!.inject({ url: hrefs[situation]!, headers: { cookie: cookies[situation]! } });
    expect([200, 303]).toContain(res.statusCode);
  });

  it('lists the open document request with its deadline and an upload link', async () => {
    const body = await home(cookies['awaiting-documents']!, 'en');
    expect(body).toContain('Documents we need from you');
    // Income: 90 days from the notice on December 7, 2026.
    expect(testIdText(body, 'document-deadline')).toBe('Send by March 7, 2027');
    expect(body).toMatch(/href="\/documents#inc-[0-9a-f-]+">Upload a document<\/a>/);
    const es = await home(cookies['awaiting-documents']!, 'es');
    expect(testIdText(es, 'document-deadline')).toBe('Envíelo a más tardar el 7 de marzo de 2027');
    // And on the eligibility result (the result page's own list of requests, src/enrollment).
    const [app] = await t.ctx.db.execute<{ id: string }>(sql`SELECT id FROM applications WHERE household_id = ${households_['awaiting-documents']!}`).then((r) => r.rows);
    const result = await t.server!.inject({ url: `/applications/${app!.id}/result`, headers: { cookie: cookies['awaiting-documents']! } });
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('Documents we need from you');
    expect(result.body.match(/Documents we need from you/g)).toHaveLength(1);
    expect(result.body).toContain('March 7, 2027');
    expect(result.body).toContain('href="/documents"');
  });

  it('gives the signed-in customer the same navigation in the header of every page', async () => {
    const res = await t.server!.inject({ url: '/billing', headers: { cookie: cookies.enrolled! } });
    const nav = /<nav aria-label="Primary navigation"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
    for (const href of ['/apply', '/coverage', '/billing', '/documents', '/account/notices/inbox', '/account']) expect(nav).toContain(`href="${href}"`);
    expect(nav).toMatch(/href="\/billing" aria-current="page"/);
  });

  it('shows the call centre the household’s situation and the caller’s next step', async () => {
    const staff = await createTestAccount(t.ctx.db, { role: 'call-centre-agent' });
    const agent = { cookie: await sessionCookieFor(t.ctx.db, staff.id, clock.now()) };
    for (const situation of ['in-grace', 'determined', 'awaiting-documents'] as const) {
      const res = await t.server!.inject({ url: `/staff/households/${households_[situation]}`, headers: { cookie: agent.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`data-situation="${situation}"`);
      expect(res.body).toContain(`Next step for the caller: ${EXPECTED[situation].en[0]}`);
    }
    const grace = await t.server!.inject({ url: `/staff/households/${households_['in-grace']}`, headers: { cookie: agent.cookie } });
    expect(grace.body).toContain(`href="/call-centre/households/${households_['in-grace']}/billing"`);
    // Staff pages speak to staff: about the household, not to "you".
    expect(testIdText(grace.body, 'situation')).toMatch(/^The premium is past due: \$[\d,.]+ must be paid by /);
    const es = await t.server!.inject({ url: `/staff/households/${households_.determined}`, headers: { cookie: `${agent.cookie}; candor_lang=es` } });
    expect(testIdText(es.body, 'situation')).toBe('Los resultados de elegibilidad están listos; todavía no se eligió un plan.');
    expect(es.body).toContain('Próximo paso para la persona que llama: Elegir un plan');
  });

  it('names plans and carriers on the bills page, not plan ids', async () => {
    const [e] = await t.ctx.db
      .select()
      .from(enrollments)
      .where(sql`${enrollments.householdId} = ${households_['renewal-pending']!} AND ${enrollments.planYear} = 2027`);
    const { rows } = await t.ctx.db.execute<{ name: string; carrier: string }>(
      sql`SELECT p.name, c.name AS carrier FROM catalog_plans p JOIN catalog_carriers c ON c.issuer_id = p.issuer_id WHERE p.plan_year = 2027 AND p.plan_id = ${`${e!.planHiosId}-${e!.planVariant}`}`,
    );
    const res = await t.server!.inject({ url: '/billing', headers: { cookie: cookies['renewal-pending']! } });
    expect(res.body).toContain(`${rows[0]!.name} (${rows[0]!.carrier})`);
    expect(res.body).not.toContain(`${e!.planHiosId}-${e!.planVariant}`);
  });

  it('shows a visitor what the exchange is and what to do first', async () => {
    const res = await t.server!.inject({ url: '/' });
    const body = res.body.replace(/\s+/g, ' ');
    expect(body).toContain('is the health insurance marketplace run by the State of Vermont');
    expect(body).toContain('What to do first');
    for (const href of ['/shop', '/register', '/sign-in']) expect(body).toContain(`href="${href}"`);
    expect(body).toContain('<details class="usa-accordion usa-banner__accordion candor-banner">');
    expect(body).toContain('<span class="candor-banner__action">Here\'s how you know</span>');
    expect(body).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"/>');
    const icon = await t.server!.inject({ url: '/assets/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
  });
});
