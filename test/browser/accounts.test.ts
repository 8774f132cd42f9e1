import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accounts } from '../../src/accounts/schema.js';
import { createTestAccount, sessionCookieFor, TEST_PASSWORD } from '../../src/accounts/testing.js';
import { newTotpSecret, totpCode } from '../../src/accounts/totp.js';
import { seal } from '../../src/platform/crypto.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectAccessible, launchBrowser, newPage, useLanguage } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp({ config: { signInAttemptsPerMinute: 1000 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function staffWithMfa(role: 'administrator' | 'caseworker' = 'caseworker') {
  const acc = await createTestAccount(t.ctx.db, { role });
  const secret = newTotpSecret();
  await t.ctx.db
    .update(accounts)
    .set({ totpSecretSealed: seal(t.ctx.keys.data, secret), mfaEnabledAt: new Date() })
    .where(eq(accounts.id, acc.id));
  return { ...acc, secret };
}

async function signInForm(page: Page, email: string, password: string) {
  await page.goto(`${t.url}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('main button[type=submit]');
}

/** A context already signed in as the account (the session made directly, as `signedIn` does). */
async function signedInContext(accountId: string, lang: 'en' | 'es'): Promise<{ context: BrowserContext; page: Page }> {
  const page = await newPage(browser);
  const context = page.context();
  const token = (await sessionCookieFor(t.ctx.db, accountId)).split('=')[1]!;
  await context.addCookies([{ name: 'candor_session', value: token, url: t.url }]);
  await useLanguage(page, t.url, lang);
  return { context, page };
}

describe('signing in, in Chromium', () => {
  it('a customer signs in and lands signed in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer', firstName: 'Marisol' });
    const page = await newPage(browser);
    await signInForm(page, acc.email, TEST_PASSWORD);
    await page.waitForURL(`${t.url}/`);
    expect(await page.textContent('main')).toContain('Welcome, Marisol');
    await page.goto(`${t.url}/account`);
    expect(await page.textContent('h1')).toBe('Account settings');
    await page.context().close();
  });

  it('a staff member signs in with a TOTP code from their authenticator', async () => {
    const staff = await staffWithMfa();
    const page = await newPage(browser);
    await signInForm(page, staff.email, TEST_PASSWORD);
    await page.waitForURL(`${t.url}/sign-in/mfa`);
    await page.fill('#code', totpCode(staff.secret, new Date()));
    await page.click('main button[type=submit]');
    await page.waitForURL(`${t.url}/staff`);
    expect(await page.textContent('h1')).toBe('Staff home');
    await page.context().close();
  });

  it('locks a customer out after 5 wrong passwords: the right one is then refused too', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const page = await newPage(browser);
    for (let i = 0; i < 5; i++) {
      await signInForm(page, acc.email, `not my password ${i}`);
      expect(await page.textContent('.usa-alert--error')).toContain('The email address or password is not right.');
    }
    await signInForm(page, acc.email, TEST_PASSWORD);
    expect(page.url()).toBe(`${t.url}/sign-in`);
    expect(await page.textContent('.usa-alert--error')).toContain('The email address or password is not right.');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    await page.context().close();
  });

  it('after sign-out the old session cookie no longer signs anyone in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const page = await newPage(browser);
    const context = page.context();
    await signInForm(page, acc.email, TEST_PASSWORD);
    await page.waitForURL(`${t.url}/`);
    const old = (await context.cookies()).find((c) => c.name === 'candor_session')!;
    expect(old.httpOnly).toBe(true);
    expect(old.sameSite).toBe('Lax');
    await page.click('header form[action="/sign-out"] button');
    await page.waitForURL(`${t.url}/sign-in?notice=signed-out`);
    expect((await context.cookies()).find((c) => c.name === 'candor_session')).toBeUndefined();
    await context.addCookies([old]);
    await page.goto(`${t.url}/account`);
    expect(page.url()).toBe(`${t.url}/sign-in?next=%2Faccount`);
    await context.close();
  });
});

describe('every accounts page passes axe', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`sign-in, MFA, enrolment, registration, reset (${lang})`, { timeout: 600_000 }, async () => {
      const page = await newPage(browser);
      await useLanguage(page, t.url, lang);
      await page.goto(`${t.url}/sign-in`);
      await expectAccessible(page, `sign-in ${lang}`);
      await page.click('main button[type=submit]');
      await expectAccessible(page, `sign-in with errors ${lang}`);
      await page.fill('#email', 'nobody@example.test');
      await page.fill('#password', 'a wrong password');
      await page.click('main button[type=submit]');
      await expectAccessible(page, `sign-in failed ${lang}`);

      await page.goto(`${t.url}/register`);
      await expectAccessible(page, `register ${lang}`);
      await page.fill('#email', 'not an address');
      await page.fill('#password', 'short');
      await page.click('main button[type=submit]');
      expect(await page.locator('.usa-error-message').count()).toBeGreaterThan(0);
      await expectAccessible(page, `register with errors ${lang}`);

      // A registration that goes through: "Check your email", then, signed in but unconfirmed, applying asks
      // for the emailed link ("send the link again" too), and the link confirms the address.
      const reg = await newPage(browser);
      await useLanguage(reg, t.url, lang);
      const newEmail = `nadia-${lang}-${Date.now()}@example.test`;
      const newPassword = 'juniper orbit candle 77';
      await reg.goto(`${t.url}/register`);
      await reg.fill('#firstName', 'Nadia');
      await reg.fill('#lastName', 'Okafor');
      await reg.fill('#email', newEmail);
      await reg.fill('#password', newPassword);
      await reg.fill('#confirm', newPassword);
      await reg.click('main button[type=submit]');
      await reg.waitForSelector('main h1');
      await expectAccessible(reg, `register sent ${lang}`);
      await signInForm(reg, newEmail, newPassword);
      await reg.waitForURL(`${t.url}/`);
      await reg.goto(`${t.url}/apply`);
      expect(reg.url()).toBe(`${t.url}/account/confirm-email`);
      await expectAccessible(reg, `confirm your email ${lang}`);
      await reg.click('main button[type=submit]');
      await reg.waitForURL(`${t.url}/account/confirm-email?notice=sent`);
      await expectAccessible(reg, `confirm your email, sent again ${lang}`);
      for (let i = 0; i < 100 && !t.ctx.localSmtp!.received.some((m) => m.to.includes(newEmail)); i++) await new Promise((r) => setTimeout(r, 50));
      const confirmMail = t.ctx.localSmtp!.received.find((m) => m.to.includes(newEmail))!;
      const confirmLink = /(http:\/\/\S+\/email\/confirm\/\S+)/.exec(confirmMail.text)![1]!;
      await reg.goto(confirmLink);
      await expectAccessible(reg, `confirm link ${lang}`);
      await reg.click('main button[type=submit]');
      await reg.waitForURL(`${t.url}/account?done=email-confirmed`);
      await expectAccessible(reg, `email confirmed ${lang}`);
      await reg.goto(confirmLink);
      await expectAccessible(reg, `confirm link used ${lang}`);
      await reg.goto(`${t.url}/apply`);
      expect(reg.url()).toBe(`${t.url}/apply`);
      await reg.context().close();

      await page.goto(`${t.url}/password/forgot`);
      await expectAccessible(page, `forgot ${lang}`);
      const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
      const before = t.ctx.localSmtp!.received.length;
      await page.fill('#email', acc.email);
      await page.click('main button[type=submit]');
      await expectAccessible(page, `forgot sent ${lang}`);
      for (let i = 0; i < 100 && !t.ctx.localSmtp!.received.slice(before).some((m) => m.to.includes(acc.email)); i++) await new Promise((r) => setTimeout(r, 50));
      const mail = t.ctx.localSmtp!.received.slice(before).find((m) => m.to.includes(acc.email))!;
      const link = /(http:\/\/\S+\/password\/reset\/\S+)/.exec(mail.text)![1]!;
      await page.goto(link);
      await expectAccessible(page, `reset ${lang}`);
      await page.fill('#password', 'short');
      await page.fill('#confirm', 'short');
      await page.click('main button[type=submit]');
      await expectAccessible(page, `reset with errors ${lang}`);
      await page.goto(`${t.url}/password/reset/not-a-token`);
      await expectAccessible(page, `reset link invalid ${lang}`);
      await page.context().close();

      // A staff member's first sign-in: enrolment, then the recovery codes.
      const fresh = await createTestAccount(t.ctx.db, { role: 'operations' });
      const staffPage = await newPage(browser);
      await useLanguage(staffPage, t.url, lang);
      await signInForm(staffPage, fresh.email, TEST_PASSWORD);
      await staffPage.waitForURL(`${t.url}/sign-in/mfa`);
      await expectAccessible(staffPage, `enrol ${lang}`);
      const secret = (await staffPage.textContent('code.candor-secret'))!.replace(/\s/g, '');
      await staffPage.fill('#code', '000000');
      await staffPage.click('main button[type=submit]');
      await expectAccessible(staffPage, `enrol with errors ${lang}`);
      await staffPage.fill('#code', totpCode(secret, new Date()));
      await staffPage.click('main button[type=submit]');
      expect(await staffPage.locator('.candor-recovery-codes li').count()).toBe(10);
      await expectAccessible(staffPage, `recovery codes ${lang}`);
      await staffPage.context().close();

      const staff = await staffWithMfa();
      const codePage = await newPage(browser);
      await useLanguage(codePage, t.url, lang);
      await signInForm(codePage, staff.email, TEST_PASSWORD);
      await codePage.waitForURL(`${t.url}/sign-in/mfa`);
      await expectAccessible(codePage, `MFA code ${lang}`);
      await codePage.fill('#code', '000000');
      await codePage.click('main button[type=submit]');
      await expectAccessible(codePage, `MFA code wrong ${lang}`);
      await codePage.context().close();
    });

    it(`account settings, two-step settings, tokens, staff administration (${lang})`, { timeout: 600_000 }, async () => {
      const customer = await createTestAccount(t.ctx.db, { role: 'customer' });
      const c = await signedInContext(customer.id, lang);
      await c.page.goto(`${t.url}/account`);
      await expectAccessible(c.page, `account ${lang}`);
      await c.page.fill('#current', 'wrong');
      await c.page.click('form[action="/account/password"] button');
      await expectAccessible(c.page, `account password errors ${lang}`);
      await c.page.goto(`${t.url}/account/mfa`);
      await expectAccessible(c.page, `account MFA enrol ${lang}`);
      const secret = (await c.page.textContent('code.candor-secret'))!.replace(/\s/g, '');
      await c.page.fill('#code', totpCode(secret, new Date()));
      await c.page.click('main form button[type=submit]');
      await expectAccessible(c.page, `account MFA codes ${lang}`);
      await c.page.goto(`${t.url}/account/mfa`);
      await expectAccessible(c.page, `account MFA manage ${lang}`);
      await c.context.close();

      const admin = await staffWithMfa('administrator');
      const a = await signedInContext(admin.id, lang);
      await a.page.goto(`${t.url}/account/tokens`);
      await expectAccessible(a.page, `tokens none ${lang}`);
      await a.page.fill('#name', 'nightly report');
      await a.page.click('form[action="/account/tokens"] button');
      await expectAccessible(a.page, `token created ${lang}`);
      await a.page.goto(`${t.url}/admin/staff`);
      await expectAccessible(a.page, `staff list ${lang}`);
      await a.page.click('form[action="/admin/staff"] button');
      await expectAccessible(a.page, `staff create errors ${lang}`);
      await a.page.fill('#email', `new-${lang}-${Date.now()}@state.example`);
      await a.page.fill('#firstName', 'Dana');
      await a.page.fill('#lastName', 'Ortiz');
      await a.page.click('label[for="roles-caseworker"]');
      await a.page.click('form[action="/admin/staff"] button');
      await expectAccessible(a.page, `staff created ${lang}`);
      await a.page.goto(`${t.url}/admin/staff/${admin.id}`);
      await expectAccessible(a.page, `staff member ${lang}`);
      await a.context.close();
    });
  }
});
