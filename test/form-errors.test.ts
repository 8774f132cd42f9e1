/**
 * Every customer form, sent empty and then with wrong values, in English and
 * Spanish: the page comes back with "Error: " in its title, one error summary
 * at the top of the main content, every error at once (on the first try), and
 * each entry naming its field and linking to an element that exists, with the
 * same message at the field (docs/adr/0120).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../src/accounts/testing.js';
import { ManualClock } from '../src/platform/clock.js';
import { loadVermont2026Catalog } from '../src/catalog/seed-vermont-2026.js';
import { formClient, type Client } from '../src/enrollment/test-client.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2025-12-01T15:00:00Z')) });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
});
afterAll(async () => t?.stop());

const GENERIC = ['This is required.', 'Check this entry.', 'Este dato es obligatorio.', 'Revise este dato.'];

interface Summary {
  title: string;
  entries: Array<{ id: string; text: string }>;
}

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Reads the page's error summary, and checks what every entry must hold. */
function checkSummary(html: string, what: string): Summary {
  const title = unescape(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
  expect(title, what).toMatch(/^Error: /);
  const main = html.slice(html.indexOf('<main'));
  // The summary comes first in the main content, above the page's h1, focusable and announced.
  expect(main.indexOf('id="error-summary"'), what).toBeGreaterThan(-1);
  expect(main.indexOf('id="error-summary"'), what).toBeLessThan(main.indexOf('<h1'));
  expect(html.match(/id="error-summary"/g), what).toHaveLength(1);
  const box = main.slice(main.indexOf('id="error-summary"'), main.indexOf('</ul>', main.indexOf('id="error-summary"')));
  expect(box, what).toMatch(/role="alert"/);
  expect(box, what).toMatch(/tabindex="-1"/);
  expect(box, what).toMatch(/There is a problem|Hay un problema/);
  const entries = [...box.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ id: m[1]!, text: unescape(m[2]!) }));
  expect(entries.length, what).toBeGreaterThan(0);
  for (const e of entries) {
    const where = `${what}: #${e.id} "${e.text}"`;
    expect(GENERIC, where).not.toContain(e.text);
    // The link's target exists.
    expect(html, where).toContain(`id="${e.id}"`);
    // It names its field: the field's label (without "(optional)" or a unit) is in the message.
    const label = new RegExp(`<label[^>]*for="${e.id}"[^>]*>([^<]+)</label>`).exec(html)?.[1];
    // A fieldset (radios, a date) or a checkbox is named by its question or statement, which the message paraphrases.
    const isFieldset = new RegExp(`<fieldset[^>]*id="${e.id}"`).test(html);
    const isCheckbox = new RegExp(`id="${e.id}" type="checkbox"`).test(html);
    if (label && !isFieldset && !isCheckbox) {
      const name = unescape(label)
        .replace(/\s*\([^)]*\)\s*$/, '')
        .replace(/,\s*(in dollars|en dólares)$/i, '')
        .trim()
        .toLowerCase();
      expect(e.text.toLowerCase(), where).toContain(name);
    }
    // The same message is at the field.
    const inline = new RegExp(`id="${e.id}-error"[^>]*>([^<]+)<`).exec(html)?.[1];
    if (inline) expect(unescape(inline), where).toBe(e.text);
  }
  return { title, entries };
}

const ids = (s: Summary) => s.entries.map((e) => e.id).sort();

async function customer(lang: 'en' | 'es'): Promise<Client> {
  const c = await signedIn(t.ctx.db, 'customer', { language: lang });
  return formClient(t.server!, `${c.cookie}; candor_lang=${lang}`);
}

async function draft(c: Client): Promise<string> {
  const started = await c.post('/apply', {}, '/apply');
  return started.location!.replace(/\/people$/, '');
}

describe('every customer form names each error, links to it and shows them all at once', { timeout: 120_000 }, () => {
  for (const lang of ['en', 'es'] as const) {
    it(`the application: people, address, income, review (${lang})`, async () => {
      const c = await customer(lang);
      const base = await draft(c);

      const empty = await c.post(`${base}/people`, {}, `${base}/people`);
      expect(empty.status).toBe(400);
      expect(ids(checkSummary(empty.body, `${lang} empty person`))).toEqual(['citizenship', 'dateOfBirth', 'firstName', 'lastName', 'seekingCoverage', 'sex', 'taxFiling'].sort());
      const wrong = await c.post(
        `${base}/people`,
        {
          firstName: 'Rosa',
          lastName: 'M'.repeat(70),
          dobMonth: '2',
          dobDay: '30',
          dobYear: '1986',
          sex: 'M',
          pregnant: 'on',
          ssn: '12-34',
          seekingCoverage: 'yes',
          citizenship: 'lawfully-present',
          taxFiling: 'filer',
        },
        `${base}/people`,
      );
      expect(ids(checkSummary(wrong.body, `${lang} wrong person`))).toEqual(['dateOfBirth', 'immigrationDocumentNumber', 'immigrationDocumentType', 'lastName', 'pregnant', 'ssn'].sort());
      const future = await c.post(
        `${base}/people`,
        { firstName: 'Rosa', lastName: 'Marquez', dobMonth: '1', dobDay: '1', dobYear: '2030', sex: 'F', seekingCoverage: 'yes', citizenship: 'citizen', taxFiling: 'filer' },
        `${base}/people`,
      );
      expect(checkSummary(future.body, `${lang} future birth`).entries).toEqual([
        { id: 'dateOfBirth', text: lang === 'en' ? 'Date of birth must be in the past' : 'La fecha de nacimiento debe ser en el pasado' },
      ]);

      const emptyAddress = await c.post(`${base}/address`, {}, `${base}/address`);
      expect(ids(checkSummary(emptyAddress.body, `${lang} empty address`))).toEqual(['city', 'line1', 'state', 'zip']);
      // Checked against each other: a New York ZIP code for a Vermont address.
      const wrongAddress = await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '10001' }, `${base}/address`);
      expect(checkSummary(wrongAddress.body, `${lang} ZIP of another state`).entries.map((e) => e.id)).toEqual(['zip']);
      const badZip = await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'NH', zip: '0564' }, `${base}/address`);
      expect(ids(checkSummary(badZip.body, `${lang} out of state, bad ZIP`))).toEqual(['state', 'zip']);

      const emptyIncome = await c.post(`${base}/income`, {}, `${base}/income`);
      expect(ids(checkSummary(emptyIncome.body, `${lang} empty income`))).toEqual(['annualIncome', 'taxHouseholdSize']);
      const wrongIncome = await c.post(`${base}/income`, { annualIncome: '12,34', taxHouseholdSize: '40' }, `${base}/income`);
      expect(ids(checkSummary(wrongIncome.body, `${lang} wrong income`))).toEqual(['annualIncome', 'taxHouseholdSize']);

      // The review: every statement not agreed to, at once.
      await c.post(
        `${base}/people`,
        { firstName: 'Rosa', lastName: 'Marquez', dobMonth: '04', dobDay: '28', dobYear: '1986', sex: 'F', seekingCoverage: 'yes', citizenship: 'citizen', taxFiling: 'filer' },
        `${base}/people`,
      );
      await c.post(`${base}/address`, { line1: '5 Main St', city: 'Barre', state: 'VT', zip: '05641' }, `${base}/address`);
      // Household counts: two filers cannot make a tax household of one.
      await c.post(
        `${base}/people`,
        {
          firstName: 'Luis',
          lastName: 'Marquez',
          dobMonth: '1',
          dobDay: '2',
          dobYear: '1984',
          sex: 'M',
          relationship: 'spouse',
          seekingCoverage: 'yes',
          citizenship: 'citizen',
          taxFiling: 'joint-filer',
        },
        `${base}/people`,
      );
      const small = await c.post(`${base}/income`, { annualIncome: '$48,000.50', taxHouseholdSize: '1' }, `${base}/income`);
      expect(checkSummary(small.body, `${lang} household too small`).entries.map((e) => e.id)).toEqual(['taxHouseholdSize']);
      expect(small.body).toContain(lang === 'en' ? 'at least 2' : 'al menos 2');
      expect((await c.post(`${base}/income`, { annualIncome: '$48,000.50', taxHouseholdSize: '2' }, `${base}/income`)).location).toBe(`${base}/review`);
      const unsigned = await c.post(`${base}/submit`, {}, `${base}/review`);
      expect(ids(checkSummary(unsigned.body, `${lang} review unsigned`))).toEqual(['renewal-consent', 'report-changes', 'truthful', 'verify-data']);
    });

    it(`life events, ending coverage's choice, identity proofing (${lang})`, async () => {
      const c = await customer(lang);
      const base = await draft(c);
      await c.post(
        `${base}/people`,
        { firstName: 'Rosa', lastName: 'Marquez', dobMonth: '4', dobDay: '28', dobYear: '1986', sex: 'F', seekingCoverage: 'yes', citizenship: 'citizen', taxFiling: 'filer' },
        `${base}/people`,
      );
      const life = await c.post('/coverage/life-event', {}, '/coverage/life-event');
      expect(ids(checkSummary(life.body, `${lang} empty life event`))).toEqual(['event', 'eventDate']);
      const lifeWrong = await c.post('/coverage/life-event', { event: 'move', eventMonth: '13', eventDay: '1', eventYear: '2025' }, '/coverage/life-event');
      expect(checkSummary(lifeWrong.body, `${lang} life event, month 13`).entries.map((e) => e.id)).toEqual(['eventDate']);
      const lifeFuture = await c.post('/coverage/life-event', { event: 'move', eventMonth: '1', eventDay: '1', eventYear: '2031' }, '/coverage/life-event');
      expect(checkSummary(lifeFuture.body, `${lang} life event in the future`).entries.map((e) => e.id)).toEqual(['eventDate']);

      const identity = await c.post('/identity-proofing', {}, '/identity-proofing');
      expect(ids(checkSummary(identity.body, `${lang} empty identity`))).toEqual(['dateOfBirth', 'firstName', 'lastName', 'postalCode', 'ssn']);
      const identityWrong = await c.post(
        '/identity-proofing',
        { firstName: 'Rosa', lastName: 'Marquez', dobMonth: '2', dobDay: '30', dobYear: '1986', ssn: '12', postalCode: 'abc' },
        '/identity-proofing',
      );
      expect(ids(checkSummary(identityWrong.body, `${lang} wrong identity`))).toEqual(['dateOfBirth', 'postalCode', 'ssn']);
      const applicantNoSsn = await c.post('/identity-proofing', { application: base.split('/').pop()!, ssn: '12' }, `/identity-proofing?application=${base.split('/').pop()}`);
      expect(ids(checkSummary(applicantNoSsn.body, `${lang} applicant without SSN`))).toEqual(['ssn']);
    });

    it(`window shopping: the quote form (${lang})`, async () => {
      const anonymous = formClient(t.server!, `candor_lang=${lang}`);
      const shop = await anonymous.post('/shop/plans', {}, '/shop');
      expect(checkSummary(shop.body, `${lang} empty shop form`).entries.length).toBeGreaterThan(0);
      const shopWrong = await anonymous.post('/shop/plans', { zip: '1000', ages: 'abc', income: '12,34' }, '/shop');
      checkSummary(shopWrong.body, `${lang} wrong shop form`);
    });

    it(`accounts: registration, sign-in, password reset, settings (${lang})`, async () => {
      const anonymous = formClient(t.server!, `candor_lang=${lang}`);
      const register = await anonymous.post('/register', {}, '/register');
      expect(checkSummary(register.body, `${lang} empty registration`).entries.length).toBeGreaterThanOrEqual(3);
      const registerWrong = await anonymous.post('/register', { firstName: 'Rosa', lastName: 'Marquez', email: 'not-an-email', password: 'short', confirm: 'other' }, '/register');
      checkSummary(registerWrong.body, `${lang} wrong registration`);
      const signIn = await anonymous.post('/sign-in', {}, '/sign-in');
      expect(ids(checkSummary(signIn.body, `${lang} empty sign-in`))).toEqual(['email', 'password']);
      const forgot = await anonymous.post('/password/forgot', {}, '/password/forgot');
      expect(ids(checkSummary(forgot.body, `${lang} empty password reset`))).toEqual(['email']);
      const c = await customer(lang);
      const password = await c.post('/account/password', {}, '/account');
      expect(checkSummary(password.body, `${lang} empty password change`).entries.length).toBeGreaterThanOrEqual(2);
    });
  }
});
