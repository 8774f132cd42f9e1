/**
 * From application to termination, in one continuous journey on one running
 * exchange, in Chromium: a customer registers, proves her identity through
 * the stand-in hub, applies, gets a determination, picks a plan and pays the
 * binder on the stand-in processor's hosted page; the monthly billing run
 * bills her and the reminder goes out; operations take online payment down
 * from the console (TOTP sign-in) and her pay button and the reminder switch
 * to phone and mail; an agent takes her payment by phone; the mailroom posts
 * her check from a lockbox file; then she stops paying, and goes through the
 * grace period (3 months, with the credit) to termination at the end of the
 * first grace month (RULES.md, premium payment). Time is a ManualClock moved
 * day by day; this process plays the worker: it runs the declared jobs and
 * hands notices over when the journey says the worker would have.
 *
 * Every Candor page visited passes axe in English and in Spanish (the shell's
 * language switch, then the same page again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accounts } from '../../src/accounts/schema.js';
import { createTestAccount, TEST_PASSWORD } from '../../src/accounts/testing.js';
import { totpCode, newTotpSecret } from '../../src/accounts/totp.js';
import type { Role } from '../../src/accounts/roles.js';
import { formatReference } from '../../src/billing/reference-number.js';
import { gracePeriods, invoices } from '../../src/billing/schema.js';
import { loadVermont2026Catalog } from '../../src/catalog/seed-vermont-2026.js';
import { enrollments, households } from '../../src/enrollment/schema.js';
import { FIXTURE_PEOPLE } from '../../src/hub/standin/population.js';
import { localInstant } from '../../src/notices/rules.js';
import { noticeMessages } from '../../src/notices/schema.js';
import { payments, processorEvents } from '../../src/payments/schema.js';
import { ManualClock } from '../../src/platform/clock.js';
import { seal } from '../../src/platform/crypto.js';
import { vermont } from '../../src/states/vt.js';
import { formatDate, formatMoney } from '../../src/web/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage } from '../support/browser.js';

const TZ = vermont.timeZone;
/** An instant on a Vermont wall clock. */
const on = (day: string, time = '10:00') => localInstant(day, time, TZ);

// Wednesday 3 December 2025, 10 am: open enrollment for 2026, in time for coverage from January 1.
const clock = new ManualClock(on('2025-12-03'));
// A person the stand-in hub knows and whose every check matches; 42,000 a year is about 268 % of the poverty line: a credit.
const ana = FIXTURE_PEOPLE.find((p) => p.firstName === 'Ana' && p.lastName === 'Rivera')!;
const customer = { email: 'ana.rivera@example.test', password: 'lilac harbour quietly 2025 kettle' };

let t: TestApp;
let browser: Browser;
let tmp: string;

// What the journey learns on the way.
let householdId = '';
let caseNumber = '';
let enrollmentId = '';
let netPremiumCents = 0;

beforeAll(async () => {
  // A web process with the job queue but no workers: this file runs the jobs and the notices dispatcher itself, when the journey says.
  // Generous hub timeout: Chromium and axe share two cores with the stand-in hub.
  t = await startTestApp({ clock, jobs: { work: false }, config: { signInAttemptsPerMinute: 1000, hubTimeoutMs: 30_000 } });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  await t.ctx.services.capabilities.refresh();
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-journey-'));
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ── helpers ─────────────────────────────────────────────────────────

/** axe on the page as it is, then the same page in the other language through the shell's switch, then back. */
async function checkBoth(page: Page, label: string): Promise<void> {
  const lang = (await page.getAttribute('html', 'lang')) === 'es' ? 'es' : 'en';
  const other = lang === 'en' ? 'es' : 'en';
  const here = new URL(page.url());
  const target = here.pathname + here.search;
  await expectAccessible(page, `${label} (${lang})`);
  await page.goto(`${t.url}/language?to=${other}&next=${encodeURIComponent(target)}`);
  expect(new URL(page.url()).pathname).toBe(here.pathname);
  expect(await page.getAttribute('html', 'lang')).toBe(other);
  await expectAccessible(page, `${label} (${other})`);
  await page.goto(`${t.url}/language?to=${lang}&next=${encodeURIComponent(target)}`);
}

/** The text of the page's main region. */
const main = async (page: Page) => (await page.textContent('main'))!;

const submit = (page: Page, action: string) => page.click(`main form[action$="${action}"] button[type=submit]`);

/** Moves the exchange's clock to a day and time in Vermont. */
function moveTo(day: string, time = '10:00'): void {
  const next = on(day, time);
  expect(next.getTime()).toBeGreaterThanOrEqual(clock.now().getTime());
  clock.set(next);
}

/** Runs a declared job's handler in this process, as a worker would when pg-boss hands it the job. */
async function runJob(name: string): Promise<void> {
  const job = t.modules.flatMap((m) => m.jobs ?? []).find((j) => j.name === name);
  expect(job, `job ${name}`).toBeDefined();
  await (job!.handler as (ctx: unknown, data: object, meta: { id: string }) => Promise<void>)(t.ctx, {}, { id: `journey-${name}-${clock.now().toISOString()}` });
}

/** The notices dispatcher's turn, as its worker loop takes it: release the holds that ended, then decide and hand over everything due. */
async function dispatchNotices(): Promise<void> {
  await t.ctx.services.notices.dispatcher.sweep();
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
  await t.ctx.services.notices.flushDeliveries();
}

/** The emails to the customer the local SMTP peer has received whose subject contains `subject`. */
function mailsTo(subject: string) {
  return t.ctx.localSmtp!.received.filter((m) => m.to.some((to) => to.toLowerCase() === customer.email) && m.subject.includes(subject));
}

/** Waits (polling, no fixed delay) for an email to the customer with the subject. */
async function mailTo(subject: string) {
  await expect.poll(() => mailsTo(subject).length, { timeout: 15_000 }).toBeGreaterThan(0);
  return mailsTo(subject).at(-1)!;
}

/**
 * A formal notice to her (grace period, warning, termination): its facts, once
 * the email for it has reached the SMTP peer (for a person who reads notices
 * online the email may be only the alert that a notice is waiting).
 */
async function formalNotice(type: string) {
  const [message] = await t.ctx.db
    .select()
    .from(noticeMessages)
    .where(and(eq(noticeMessages.type, type), eq(noticeMessages.channel, 'email')));
  expect(message, `${type} notice`).toBeDefined();
  await expect.poll(() => t.ctx.localSmtp!.received.some((m) => m.headers['x-candor-message'] === message!.id && m.to.includes(customer.email)), { timeout: 15_000 }).toBe(true);
  return message!;
}

/** She opens a notice from her notices page; returns the notice's text. */
async function readNotice(page: Page, messageId: string, label: string): Promise<string> {
  await page.goto(`${t.url}/account/notices/inbox`);
  await checkBoth(page, `notices page, with ${label}`);
  await page.click(`#inbox a[href="/account/notices/inbox/${messageId}"]`);
  await page.waitForURL(`${t.url}/account/notices/inbox/${messageId}`);
  const text = (await page.textContent('#notice'))!;
  await checkBoth(page, label);
  return text;
}

/** The customer signs in with the form (a new day means a new session). */
async function customerSignsIn(check = false): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${t.url}/sign-in`);
  if (check) await checkBoth(page, 'sign-in');
  await page.fill('#email', customer.email);
  await page.fill('#password', customer.password);
  await page.click('main button[type=submit]');
  await page.waitForURL(`${t.url}/`);
  expect(await main(page)).toContain('Welcome, Ana');
  return page;
}

const staffSecrets = new Map<Role, { email: string; secret: string }>();

/** A staff member with two-step sign-in set up, signing in with the form and a code from the authenticator. */
async function staffSignsIn(role: Role, check = false): Promise<Page> {
  let staff = staffSecrets.get(role);
  if (!staff) {
    const account = await createTestAccount(t.ctx.db, { role, firstName: role });
    const secret = newTotpSecret();
    await t.ctx.db
      .update(accounts)
      .set({ totpSecretSealed: seal(t.ctx.keys.data, secret), mfaEnabledAt: clock.now() })
      .where(eq(accounts.id, account.id));
    staff = { email: account.email, secret };
    staffSecrets.set(role, staff);
  }
  const page = await newPage(browser);
  await page.goto(`${t.url}/sign-in`);
  await page.fill('#email', staff.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForURL(`${t.url}/sign-in/mfa`);
  if (check) await checkBoth(page, 'two-step code');
  await page.fill('#code', totpCode(staff.secret, clock.now()));
  await page.click('main button[type=submit]');
  await page.waitForURL(`${t.url}/staff`);
  if (check) await checkBoth(page, 'staff home');
  return page;
}

/** Operations change online payment's status from the console: the form, the blast radius, then the change. */
async function changeOnlinePayment(ops: Page, status: 'down' | 'operational', reasonEn: string, reasonEs: string): Promise<void> {
  await ops.goto(`${t.url}/operations/capabilities`);
  await checkBoth(ops, 'capabilities board');
  await ops.click('#board-online-payment a');
  await ops.waitForURL(`${t.url}/operations/capabilities/online-payment`);
  await checkBoth(ops, 'online payment in the console');
  const preview = async () => {
    await ops.selectOption('#status', status);
    await ops.fill('#reasonEn', reasonEn);
    await ops.fill('#reasonEs', reasonEs);
    await ops.click('form[action="/operations/capabilities/online-payment/preview"] button[type="submit"]');
    await ops.waitForSelector('#blast-radius');
  };
  // The review answers a POST: check it in English, then review again from the Spanish form (nothing changes until confirmed).
  await preview();
  await expectAccessible(ops, `review of the change to ${status} (en)`);
  await ops.goto(`${t.url}/language?to=es&next=/operations/capabilities/online-payment`);
  await preview();
  expect(await ops.getAttribute('html', 'lang')).toBe('es');
  await expectAccessible(ops, `review of the change to ${status} (es)`);
  await ops.click('form[action="/operations/capabilities/online-payment/change"] button[type="submit"]');
  await ops.waitForSelector(`#current-status[data-status="${status}"]`);
  await checkBoth(ops, `online payment ${status}`);
  await ops.goto(`${t.url}/language?to=en&next=/operations/capabilities/online-payment`);
}

async function payOnHostedPage(page: Page): Promise<void> {
  await page.waitForURL((u) => u.toString().startsWith(t.ctx.services.payments.standIn!.url));
  await page.fill('#number', '4242 4242 4242 4242');
  await page.fill('#expiry', '12/39');
  await page.fill('#cvc', '123');
  await page.getByRole('button', { name: 'Pay now' }).click();
}

async function invoiceFor(month: string) {
  const [row] = await t.ctx.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.enrollmentId, enrollmentId), eq(invoices.coverageMonth, month)));
  return row;
}

async function enrollment() {
  const [row] = await t.ctx.db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
  return row!;
}

const en = (d: string) => formatDate(d, 'en');

// Generous: a shared two-core machine runs Chromium and axe slowly, and this journey visits many pages twice.
describe('the journey from application to termination, in Chromium', { timeout: 1_800_000 }, () => {
  // One journey: a step that fails leaves nothing for the next ones to stand on.
  let broken = false;
  beforeEach(({ skip, onTestFailed }) => {
    if (broken) skip();
    onTestFailed(() => {
      broken = true;
    });
  });

  it('1. a customer registers, proves her identity, applies, gets a determination and picks a plan', async () => {
    const page = await newPage(browser);
    await page.goto(`${t.url}/register`);
    await checkBoth(page, 'registration');
    await page.fill('#firstName', 'Ana');
    await page.fill('#lastName', 'Rivera');
    await page.fill('#email', customer.email);
    await page.fill('#password', customer.password);
    await page.fill('#confirm', customer.password);
    await submit(page, '/register');
    expect(await page.textContent('main h1')).toBe('Check your email');
    await checkBoth(page, 'registration sent');
    // She confirms her address through the emailed link, then signs in.
    const confirm = await mailTo('Confirm your email address');
    await page.goto(/(http:\/\/\S+\/email\/confirm\/\S+)/.exec(confirm.text)![1]!);
    await checkBoth(page, 'confirm email link');
    await page.click('main form[action^="/email/confirm/"] button[type=submit]');
    await page.waitForURL(`${t.url}/sign-in?notice=email-confirmed`);
    await page.fill('#email', customer.email);
    await page.fill('#password', customer.password);
    await submit(page, '/sign-in');
    // She lands on her home, whose one next step is the application.
    await page.waitForURL(`${t.url}/`);
    await checkBoth(page, 'home, nothing applied for yet');
    expect(await page.textContent('main [data-testid="next-step"]')).toContain('Start your application');
    await page.goto(`${t.url}/account`);
    await checkBoth(page, 'account settings');

    // Identity first: the hub's remote identity proofing, before any online application is submitted.
    await page.goto(`${t.url}/identity-proofing`);
    await checkBoth(page, 'identity proofing');
    await page.fill('#firstName', ana.firstName);
    await page.fill('#lastName', ana.lastName);
    // One date pattern everywhere: month, day and year in three boxes.
    const [dobYear, dobMonth, dobDay] = ana.dateOfBirth.split('-') as [string, string, string];
    await page.fill('#dobMonth', String(Number(dobMonth)));
    await page.fill('#dobDay', String(Number(dobDay)));
    await page.fill('#dobYear', dobYear);
    await page.fill('#ssn', `${ana.ssn.slice(0, 3)}-${ana.ssn.slice(3, 5)}-${ana.ssn.slice(5)}`);
    await page.fill('#postalCode', ana.postalCode);
    await submit(page, '/identity-proofing');
    expect(await page.textContent('main .usa-alert--success')).toContain('Your identity is confirmed.');
    await checkBoth(page, 'identity confirmed');

    await page.goto(`${t.url}/apply`);
    await checkBoth(page, 'apply');
    await submit(page, '/apply');
    await page.waitForURL(/\/applications\/[0-9a-f-]+\/people$/);
    const base = page.url().replace(/\/people$/, '');
    await checkBoth(page, 'people');
    await page.fill('#firstName', ana.firstName);
    await page.fill('#lastName', ana.lastName);
    const [year, month, day] = ana.dateOfBirth.split('-') as [string, string, string];
    await page.fill('#dobMonth', String(Number(month)));
    await page.fill('#dobDay', String(Number(day)));
    await page.fill('#dobYear', year);
    await page.fill('#ssn', ana.ssn);
    // Nothing is pre-selected: every answer is the person's own.
    await page.selectOption('#sex', 'F');
    await page.click('label[for="seekingCoverage-yes"]');
    await page.click('label[for="citizenship-citizen"]');
    await page.click('label[for="taxFiling-filer"]');
    await submit(page, '/people');
    await page.waitForURL(`${base}/people`);
    expect(await main(page)).toContain('Ana Rivera');
    await checkBoth(page, 'people, one added');
    await page.click('main a[href$="/address"]');
    await page.waitForURL(`${base}/address`);
    await checkBoth(page, 'address');
    await page.fill('#line1', '12 State St');
    await page.fill('#city', 'Montpelier');
    await page.fill('#zip', ana.postalCode);
    await submit(page, '/address');
    await page.waitForURL(`${base}/income`);
    await checkBoth(page, 'income');
    await page.fill('#annualIncome', '42,000');
    await page.fill('#taxHouseholdSize', '1');
    await submit(page, '/income');
    await page.waitForURL(`${base}/review`);
    await checkBoth(page, 'review');
    for (const id of ['truthful', 'verify-data', 'report-changes', 'renewal-consent']) await page.click(`label[for="${id}"]`);
    await submit(page, '/submit');
    await page.waitForURL(`${base}/result`);
    await checkBoth(page, 'determination');
    expect(await main(page)).toContain('with a tax credit');

    await page.click('main a[href$="/plans"]');
    await page.waitForURL(`${base}/plans`);
    await checkBoth(page, 'plans');
    await page.click('label[for^="plan-77566VT0020004-"]');
    await submit(page, '/plans');
    await page.waitForURL(/\/enrollments\/[0-9a-f-]+$/);
    enrollmentId = new URL(page.url()).pathname.split('/').pop()!;
    await checkBoth(page, 'new enrollment');
    expect(await main(page)).toContain('Waiting for first payment');
    // What happens next: the first premium, one click away.
    expect(await page.getAttribute('main a[data-testid="pay-first"]', 'href')).toBe('/billing/pay');

    const e = await enrollment();
    expect(e).toMatchObject({ status: 'pending-binder', coverageStart: '2026-01-01' });
    expect(e.aptcCents).toBeGreaterThan(0);
    netPremiumCents = e.netPremiumCents;
    expect(netPremiumCents).toBeGreaterThan(0);
    householdId = e.householdId;
    const [h] = await t.ctx.db.select({ caseNumber: households.caseNumber }).from(households).where(eq(households.id, householdId));
    caseNumber = h!.caseNumber;

    await page.goto(`${t.url}/coverage`);
    await checkBoth(page, 'coverage, waiting for the first payment');
    expect(await main(page)).toContain(caseNumber);
    // Notices by email rather than on paper.
    await page.goto(`${t.url}/account/notices`);
    await checkBoth(page, 'notice preferences');
    await page.click('label[for="delivery-electronic"]');
    await submit(page, '/account/notices');
    await page.waitForURL(`${t.url}/account/notices?saved=1`);
    await checkBoth(page, 'notice preferences saved');
    await page.context().close();
  });

  it('2. she pays the binder on the processor’s hosted page and is effectuated', async () => {
    const page = await customerSignsIn(true);
    const binder = (await invoiceFor('2026-01-01'))!;
    expect(binder).toMatchObject({ kind: 'binder', amountCents: netPremiumCents, dueDate: '2026-01-31', status: 'open' });
    await page.goto(`${t.url}/billing`);
    await checkBoth(page, 'bills, binder due');
    expect(await page.textContent('[data-testid="reference"]')).toBe(formatReference(binder.referenceNumber));
    expect(await page.textContent('[data-testid="next-due"]')).toBe(en('2026-01-31'));
    await page.getByRole('link', { name: `Pay ${formatMoney(netPremiumCents, 'en')} online` }).click();
    await page.waitForURL(`${t.url}/billing/pay`);
    await checkBoth(page, 'pay online');
    await page.getByRole('button', { name: 'Continue to secure payment' }).click();
    // The processor's own page, on its own server: the card number is typed there, never on Candor's.
    await payOnHostedPage(page);
    await page.waitForURL(/\/billing\/payments\//);
    expect(await page.getAttribute('[data-testid="payment-status"]', 'data-status')).toBe('succeeded');
    await checkBoth(page, 'receipt');

    // The processor's signed webhook for the charge arrives and is taken (once).
    await t.ctx.services.payments.standIn!.idle();
    expect(t.ctx.services.payments.standIn!.failedDeliveries()).toBe(0);
    const [paid] = await t.ctx.db.select().from(payments).where(eq(payments.householdId, householdId));
    expect(paid).toMatchObject({ status: 'succeeded', amountCents: netPremiumCents, channel: 'online' });
    const events = await t.ctx.db.select().from(processorEvents).where(eq(processorEvents.chargeId, paid!.processorChargeId!));
    expect(events.map((e) => e.type)).toContain('charge.succeeded');
    expect((await enrollment()).status).toBe('effectuated');
    expect((await invoiceFor('2026-01-01'))!.status).toBe('paid');

    await page.goto(`${t.url}/coverage`);
    await checkBoth(page, 'coverage, active');
    expect(await main(page)).toContain('Active');
    await page.context().close();
  });

  it('3. the monthly billing run bills February and the invoice email goes out', async () => {
    // Monday 5 January 2026, 6 am: the scheduled run bills the next coverage month.
    moveTo('2026-01-05', '06:00');
    await runJob('billing-monthly-run');
    const feb = (await invoiceFor('2026-02-01'))!;
    expect(feb).toMatchObject({ kind: 'monthly', amountCents: netPremiumCents, dueDate: '2026-01-23', status: 'open', issuedOn: '2026-01-05' });
    // Run again (a retried job): nothing twice.
    await runJob('billing-monthly-run');
    expect((await t.ctx.db.select().from(invoices).where(eq(invoices.enrollmentId, enrollmentId))).length).toBe(2);

    await dispatchNotices();
    const ready = await mailTo('Your premium for February 2026 is ready');
    expect(ready.headers['x-candor-variant']).toBe('pay-online');
    expect(ready.text).toContain(formatMoney(netPremiumCents, 'en'));
    expect(ready.text).toContain('January 23, 2026');

    moveTo('2026-01-05', '10:00');
    const page = await customerSignsIn();
    await page.goto(`${t.url}/billing`);
    await checkBoth(page, 'bills, February due');
    expect(await page.textContent('[data-testid="next-due"]')).toBe(en('2026-01-23'));
    expect(await page.textContent('[data-testid="reference"]')).toBe(formatReference(feb.referenceNumber));
    await page.context().close();

    // Friday 16 January, 8 am, seven days before the due date: the reminder job queues her reminder.
    moveTo('2026-01-16', '08:00');
    await runJob('billing-reminders');
    const [reminder] = await t.ctx.db
      .select()
      .from(noticeMessages)
      .where(like(noticeMessages.dedupeKey, `payment-reminder:${feb.id}#%`));
    expect(reminder).toMatchObject({ type: 'payment-reminder', channel: 'email', state: 'queued' });
    expect((await invoiceFor('2026-02-01'))!.reminderQueuedAt).not.toBeNull();
  });

  it('4. operations take online payment down: her pay button and the reminder switch to phone and mail', async () => {
    // Before the dispatcher reaches the morning's reminders, operations take online payment down (the processor is failing).
    moveTo('2026-01-16', '08:30');
    const ops = await staffSignsIn('operations', true);
    await changeOnlinePayment(ops, 'down', 'The card processor is failing', 'El procesador de tarjetas está fallando');
    await ops.context().close();

    const feb = (await invoiceFor('2026-02-01'))!;
    const own = formatMoney(netPremiumCents, 'en');
    const page = await customerSignsIn();
    await page.goto(`${t.url}/billing`);
    expect(await page.getByRole('link', { name: `Pay ${own} online` }).count()).toBe(0);
    const alternatives = await page.textContent('.candor-capability-alternative');
    expect(alternatives).toContain(vermont.phoneLines.payments.number);
    expect(alternatives).toContain('until 5 pm');
    expect(alternatives).toContain(vermont.lockbox.lines[0]!);
    const mine = (await page.textContent('[data-testid="own-amount"]'))!;
    expect(mine).toContain(own);
    expect(mine).toContain(formatReference(feb.referenceNumber));
    await checkBoth(page, 'bills with online payment down');
    // The pay page itself answers with the alternatives.
    const res = await page.goto(`${t.url}/billing/pay`);
    expect(res?.status()).toBe(503);
    expect(await main(page)).toContain(vermont.phoneLines.payments.number);
    await checkBoth(page, 'pay online while down');
    await page.context().close();

    // The reminder is not handed over while online payment is down: a reminder to pay online is worth a day's wait.
    await dispatchNotices();
    expect(mailsTo('Reminder: your premium is due')).toEqual([]);
    // Saturday 17 January, 9:30 am: still down a day later, the reminder goes with the phone and mail options.
    moveTo('2026-01-17', '09:30');
    await dispatchNotices();
    const reminder = await mailTo('Reminder: your premium is due');
    expect(reminder.headers['x-candor-variant']).toBe('pay-by-phone-or-mail');
    expect(reminder.text).toContain(vermont.phoneLines.payments.number);
    expect(reminder.text).toContain(vermont.lockbox.lines[0]!);
    expect(reminder.text).toContain(own);
    expect(reminder.text).not.toMatch(/Pay \$[\d,.]+ online/);

    // Operations see it in the mailbox and the message's timeline.
    const ops2 = await staffSignsIn('operations');
    await ops2.goto(`${t.url}/operations/notices/mailbox`);
    expect(await ops2.textContent('#mailbox-email')).toContain('pay-by-phone-or-mail');
    await checkBoth(ops2, 'notices mailbox');
    const messageId = reminder.headers['x-candor-message']!;
    await ops2.goto(`${t.url}/operations/notices/messages/${messageId}`);
    expect(await ops2.textContent('#message-variant')).toBe('pay-by-phone-or-mail');
    await checkBoth(ops2, 'the reminder’s timeline');
    await ops2.context().close();
  });

  it('5. a call-centre agent finds the household and takes her payment by phone', async () => {
    moveTo('2026-01-17', '10:00');
    const agent = await staffSignsIn('call-centre-agent', true);
    await agent.goto(`${t.url}/call-centre/billing`);
    await checkBoth(agent, 'call-centre console search');
    await agent.fill('#query', caseNumber);
    await agent.getByRole('button', { name: 'Find' }).click();
    await agent.waitForURL(`${t.url}/call-centre/households/${householdId}/billing`);
    await checkBoth(agent, 'household bills in the console');
    expect(await agent.inputValue('#amount')).toBe((netPremiumCents / 100).toFixed(2));
    await agent.getByRole('button', { name: 'Open the secure payment page' }).click();
    await payOnHostedPage(agent);
    await agent.waitForURL(/\/call-centre\/households\/.+\/billing\?payment=/);
    await checkBoth(agent, 'console after the phone payment');
    const feb = (await invoiceFor('2026-02-01'))!;
    expect(feb).toMatchObject({ paidCents: netPremiumCents, status: 'paid' });
    await agent.selectOption('#topic', 'payment');
    await agent.fill('#note', 'Paid February by card over the phone while online payment was down.');
    await agent.locator('form[action$="/notes"] button').click();
    await agent.waitForURL(/done=note/);
    expect(await main(agent)).toContain('Paid February by card over the phone');
    await agent.context().close();
    await t.ctx.services.payments.standIn!.idle();
    const phone = (await t.ctx.db.select().from(payments).where(eq(payments.householdId, householdId))).filter((p) => p.channel === 'phone');
    expect(phone).toMatchObject([{ status: 'succeeded', amountCents: netPremiumCents }]);

    // Operations restore online payment; her pay button is back (there is nothing to pay now).
    moveTo('2026-01-17', '11:00');
    const ops = await staffSignsIn('operations');
    await changeOnlinePayment(ops, 'operational', 'The processor is working again', 'El procesador funciona de nuevo');
    await ops.context().close();
  });

  it('6. the mailroom posts her check for March from a lockbox file', async () => {
    moveTo('2026-02-05', '06:00');
    await runJob('billing-monthly-run');
    const march = (await invoiceFor('2026-03-01'))!;
    expect(march).toMatchObject({ amountCents: netPremiumCents, dueDate: '2026-02-23', status: 'open' });
    await dispatchNotices();
    expect((await mailTo('Your premium for March 2026 is ready')).headers['x-candor-variant']).toBe('pay-online');

    // Thursday 12 February: her check arrives at the lockbox; the bank's file comes to the mailroom.
    moveTo('2026-02-12', '10:00');
    const file = path.join(tmp, 'lockbox-2026-02-12.csv');
    fs.writeFileSync(
      file,
      `batch_id,sequence,deposit_date,check_number,amount,reference_number,payer_name\nLB-20260212,1,2026-02-12,1042,${(netPremiumCents / 100).toFixed(2)},${formatReference(march.referenceNumber)},"Rivera, Ana"\n`,
    );
    const clerk = await staffSignsIn('mailroom-clerk', true);
    await clerk.goto(`${t.url}/mailroom`);
    await checkBoth(clerk, 'mailroom');
    await clerk.setInputFiles('#file', file);
    await clerk.getByRole('button', { name: 'Import and post checks' }).click();
    await clerk.waitForURL(/\/mailroom\/batches\//);
    expect(await clerk.textContent('[data-testid="batch-summary"]')).toContain('1 checks: 1 posted');
    await checkBoth(clerk, 'lockbox batch');
    await clerk.context().close();
    expect(await invoiceFor('2026-03-01')).toMatchObject({ paidCents: netPremiumCents, status: 'paid' });

    const page = await customerSignsIn();
    await page.goto(`${t.url}/billing`);
    expect(await main(page)).toContain('check 1042');
    await checkBoth(page, 'bills, paid by check');
    await page.context().close();
  });

  it('7. she stops paying: grace period with the credit, then termination at the end of the first grace month', async () => {
    // April's bill, due 23 March, is never paid.
    moveTo('2026-03-05', '06:00');
    await runJob('billing-monthly-run');
    const april = (await invoiceFor('2026-04-01'))!;
    expect(april).toMatchObject({ dueDate: '2026-03-23', status: 'open' });
    moveTo('2026-03-16', '08:00');
    await runJob('billing-reminders');
    await dispatchNotices();
    expect((await mailTo('Reminder: your premium is due March 23, 2026')).headers['x-candor-variant']).toBe('pay-online');

    // On the due date nothing happens yet; the day after, the grace period starts.
    moveTo('2026-03-23', '05:00');
    await runJob('billing-delinquency');
    expect((await enrollment()).status).toBe('effectuated');
    moveTo('2026-03-24', '05:00');
    await runJob('billing-delinquency');
    expect((await enrollment()).status).toBe('in-grace');
    const [grace] = await t.ctx.db.select().from(gracePeriods).where(eq(gracePeriods.enrollmentId, enrollmentId));
    // 3 months with the credit (a full month was paid this year): April, May, June.
    expect(grace).toMatchObject({ firstMonth: '2026-04-01', months: 3, withCredit: true, startedOn: '2026-03-24', status: 'open' });
    await dispatchNotices();
    const graceNotice = await formalNotice('grace-period-started');
    expect(graceNotice.data).toMatchObject({ graceStarted: '2026-03-24', graceEnds: '2026-06-30', coverageMonth: '2026-04-01', withCredit: true });

    moveTo('2026-03-24', '10:00');
    let page = await customerSignsIn();
    await page.goto(`${t.url}/coverage`);
    expect(await main(page)).toContain('Active, payment overdue (grace period)');
    await checkBoth(page, 'coverage in the grace period');
    await page.goto(`${t.url}/billing`);
    await checkBoth(page, 'bills in the grace period');
    await page.goto(`${t.url}/enrollments/${enrollmentId}`);
    expect(await main(page)).toContain('Grace period started');
    expect(await main(page)).toContain(en('2026-04-01'));
    await checkBoth(page, 'enrollment in the grace period');
    // The notice itself is posted to her notices (the email only said one was waiting): what is due, and by when.
    expect(await readNotice(page, graceNotice.id, 'the grace period notice')).toContain(`Pay ${formatMoney(netPremiumCents, 'en')} by June 30, 2026 to keep it.`);
    await page.context().close();

    // The months go by: each month is billed while she is in the grace period.
    for (const [day, month] of [
      ['2026-04-05', '2026-05-01'],
      ['2026-05-05', '2026-06-01'],
      ['2026-06-05', '2026-07-01'],
    ] as const) {
      moveTo(day, '05:00');
      await runJob('billing-delinquency');
      expect((await enrollment()).status).toBe('in-grace');
      moveTo(day, '06:00');
      await runJob('billing-monthly-run');
      expect(await invoiceFor(month)).toMatchObject({ status: 'open' });
    }
    // Two weeks before the grace period ends: the termination warning, with the end date it would have.
    moveTo('2026-06-16', '05:00');
    await runJob('billing-delinquency');
    await dispatchNotices();
    const warningNotice = await formalNotice('termination-warning');
    expect(warningNotice.data).toMatchObject({ terminationDate: '2026-04-30', payBy: '2026-06-30' });
    const [g2] = await t.ctx.db.select().from(gracePeriods).where(eq(gracePeriods.enrollmentId, enrollmentId));
    expect(g2!.warnedOn).toBe('2026-06-16');

    // The last day of the grace period: still covered.
    moveTo('2026-06-30', '05:00');
    await runJob('billing-delinquency');
    expect((await enrollment()).status).toBe('in-grace');
    // The day after: terminated, coverage ending on the last day of the first grace month.
    moveTo('2026-07-01', '05:00');
    await runJob('billing-delinquency');
    expect(await enrollment()).toMatchObject({ status: 'terminated', coverageEnd: '2026-04-30' });
    const [g3] = await t.ctx.db.select().from(gracePeriods).where(eq(gracePeriods.enrollmentId, enrollmentId));
    expect(g3).toMatchObject({ status: 'terminated', closedOn: '2026-07-01' });
    // The months after the end are not owed.
    for (const month of ['2026-05-01', '2026-06-01', '2026-07-01']) expect((await invoiceFor(month))!.status).toBe('void');
    expect((await invoiceFor('2026-04-01'))!.status).toBe('open');
    await dispatchNotices();
    const terminatedNotice = await formalNotice('coverage-terminated');
    expect(terminatedNotice.data).toMatchObject({ terminationDate: '2026-04-30', reason: 'non-payment' });

    moveTo('2026-07-01', '10:00');
    page = await customerSignsIn();
    await page.goto(`${t.url}/coverage`);
    const coverage = await main(page);
    expect(coverage).toContain('Ended');
    expect(coverage).toContain(`${en('2026-01-01')} to ${en('2026-04-30')}`);
    await checkBoth(page, 'coverage ended');
    await page.goto(`${t.url}/enrollments/${enrollmentId}`);
    const history = await main(page);
    expect(history).toContain('Coverage ended');
    expect(history).toContain(en('2026-04-30'));
    await checkBoth(page, 'enrollment ended');
    await page.goto(`${t.url}/billing`);
    await checkBoth(page, 'bills after the termination');
    expect(await readNotice(page, warningNotice.id, 'the termination warning')).toContain('Your coverage will end on April 30, 2026 unless we receive');
    expect(await readNotice(page, terminatedNotice.id, 'the termination notice')).toContain('Your health coverage ended on April 30, 2026.');
    await page.context().close();
  });
});
