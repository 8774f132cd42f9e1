import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { MODULES } from '../app/modules.js';
import { auditLog } from '../audit/schema.js';
import { DAY, HOUR, ManualClock, MINUTE } from '../platform/clock.js';
import { sha256Hex } from '../platform/crypto.js';
import { accounts, emailVerifications, passwordResets, sessions } from './schema.js';
import { createTestAccount, sessionCookieFor, TestAgent, TEST_PASSWORD } from './testing.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-04-10T13:00:00Z'));
beforeAll(async () => {
  // Without the capabilities module: registration's 'sign-in' capability gate is that module's
  // to test, and its one-second freshness rule can report "unknown" on a starved machine.
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 }, modules: MODULES.filter((m) => m.name === 'home' || m.name === 'accounts') });
});
afterAll(async () => t?.stop());

const agent = () => new TestAgent(t.server!);
const audits = (action: string) => t.ctx.db.select().from(auditLog).where(eq(auditLog.action, action));

async function mailTo(to: string, count = 1) {
  for (let i = 0; i < 100; i++) {
    const found = t.ctx.localSmtp!.received.filter((m) => m.to.includes(to));
    if (found.length >= count) return found[count - 1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no email to ${to}`);
}

describe('registration', () => {
  const good = { firstName: 'Rosa', lastName: 'Díaz', email: 'rosa.diaz@example.test', password: 'otter quartz lantern', confirm: 'otter quartz lantern' };

  const strip = (b: string) => b.replace(/name="_csrf" value="[^"]+"/g, '');

  it('answers a new address, a customer’s address and a staff address alike, creates nothing for a taken one, and emails its owner instead', async () => {
    const customer = await createTestAccount(t.ctx.db, { role: 'customer', firstName: 'Inés', language: 'es' });
    const staff = await createTestAccount(t.ctx.db, { role: 'caseworker', firstName: 'Cal' });
    const [before] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, customer.id));
    const answers = [];
    for (const email of ['brand.new@example.test', customer.email.toUpperCase(), staff.email]) {
      const res = await agent().post('/register', { ...good, email });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.map((c) => c.name)).not.toContain('candor_session');
      expect(res.body).toContain('Check your email');
      answers.push(strip(res.body));
    }
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    // Nothing about the existing accounts changed, and no second account exists.
    const [after] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, customer.id));
    expect(after).toEqual(before);
    expect(await t.ctx.db.select().from(accounts).where(eq(accounts.email, customer.email))).toHaveLength(1);
    expect(await t.ctx.db.select().from(accounts).where(eq(accounts.email, staff.email))).toHaveLength(1);
    // Each owner is told, in their language, with the sign-in and reset links and nothing that acts.
    const toCustomer = await mailTo(customer.email);
    expect(toCustomer.subject).toBe('Alguien intentó crear una cuenta de Vermont Health Connect con su correo electrónico');
    expect(toCustomer.text).toContain('Hola, Inés');
    expect(toCustomer.text).toMatch(/http:\/\/\S+\/sign-in/);
    expect(toCustomer.text).toMatch(/http:\/\/\S+\/password\/forgot/);
    const toStaff = await mailTo(staff.email);
    expect(toStaff.subject).toBe('Someone tried to create a Vermont Health Connect account with your address');
    expect(toStaff.text).toContain('If it was you, sign in');
    // The new address gets the link that confirms it.
    expect((await mailTo('brand.new@example.test')).subject).toBe('Confirm your email address for Vermont Health Connect');
    const refused = (await audits('accounts.register')).filter((r) => r.objectId === customer.id || r.objectId === staff.id);
    expect(refused.map((r) => [r.outcome, r.actorKind])).toEqual([
      ['failure', 'anonymous'],
      ['failure', 'anonymous'],
    ]);
  });

  it('creates the account unverified, in the person’s language; the emailed link confirms it once', async () => {
    const a = agent();
    await a.get('/language?to=es&next=/register');
    const res = await a.post('/register', good);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Revise su correo electrónico');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.email, 'rosa.diaz@example.test'));
    expect(row).toMatchObject({ kind: 'customer', language: 'es', firstName: 'Rosa', emailVerifiedAt: null });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await audits('accounts.register')).map((r) => r.objectId)).toContain(row!.id);

    const mail = await mailTo('rosa.diaz@example.test');
    expect(mail.subject).toBe('Confirme su correo electrónico para Vermont Health Connect');
    expect(mail.text).toContain('Hola, Rosa');
    const token = /http:\/\/\S+\/email\/confirm\/(\S+)/.exec(mail.text)![1]!;
    const [stored] = await t.ctx.db.select().from(emailVerifications).where(eq(emailVerifications.accountId, row!.id));
    expect(stored!.tokenHash).toBe(sha256Hex(token));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(DAY);

    // Unverified, the person can sign in and see the account, which asks them to confirm.
    const signIn = await a.post('/sign-in', { email: good.email, password: good.password });
    expect(signIn.statusCode).toBe(303);
    expect((await a.get('/account')).body).toContain('Confirme su correo electrónico antes de solicitar cobertura');

    const page = await a.get(`/email/confirm/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirmar mi correo electrónico');
    // Showing the page does not use the link (mail scanners follow links); the button does.
    expect((await t.ctx.db.select().from(accounts).where(eq(accounts.id, row!.id)))[0]!.emailVerifiedAt).toBeNull();
    const done = await a.post(`/email/confirm/${token}`);
    expect(done.headers.location).toBe('/account?done=email-confirmed');
    expect((await a.get('/account?done=email-confirmed')).body).toContain('Su correo electrónico está confirmado.');
    expect((await t.ctx.db.select().from(accounts).where(eq(accounts.id, row!.id)))[0]!.emailVerifiedAt).toEqual(clock.now());
    expect((await audits('accounts.email-verify')).map((r) => r.objectId)).toContain(row!.id);
    // Once only.
    expect((await agent().post(`/email/confirm/${token}`)).statusCode).toBe(404);
    expect((await agent().get(`/email/confirm/${token}`)).body).toContain('This link no longer works');
  });

  it('refuses a confirmation link after 24 hours; a signed-in person asks for another, a few times at most', async () => {
    const email = 'late.reader@example.test';
    await agent().post('/register', { ...good, email });
    const token = /\/email\/confirm\/(\S+)/.exec((await mailTo(email)).text)![1]!;
    clock.advance(DAY - MINUTE);
    expect((await agent().get(`/email/confirm/${token}`)).statusCode).toBe(200);
    clock.advance(MINUTE);
    expect((await agent().get(`/email/confirm/${token}`)).statusCode).toBe(404);
    expect((await agent().post(`/email/confirm/${token}`)).statusCode).toBe(404);
    expect((await agent().post('/email/confirm/not-a-real-token')).statusCode).toBe(404);
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.email, email));
    expect(row!.emailVerifiedAt).toBeNull();

    const a = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, row!.id, clock.now()));
    const page = await a.get('/account/confirm-email');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Send the link again');
    const again = await a.post('/account/confirm-email');
    expect(again.headers.location).toBe('/account/confirm-email?notice=sent');
    const fresh = /\/email\/confirm\/(\S+)/.exec((await mailTo(email, 2)).text)![1]!;
    expect(fresh).not.toBe(token);
    expect((await a.post('/account/confirm-email')).statusCode).toBe(303);
    expect((await a.post('/account/confirm-email')).statusCode).toBe(303);
    expect((await a.post('/account/confirm-email')).statusCode).toBe(429);
    expect((await a.post(`/email/confirm/${fresh}`)).headers.location).toBe('/account?done=email-confirmed');
    // Verified: the page has nothing more to ask.
    expect((await a.get('/account/confirm-email')).headers.location).toBe('/account');
  });

  it('explains each problem next to its field, in the person’s language, and creates nothing', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ ...good, email: 'x@example.test', password: 'short', confirm: 'short' }, 'password', 'Use at least 12 characters.'],
      [{ ...good, email: 'x@example.test', password: 'passwordpassword', confirm: 'passwordpassword' }, 'password', 'This password is too common'],
      [{ ...good, email: 'x@example.test', confirm: 'something else' }, 'confirm', 'The two passwords do not match.'],
      [{ ...good, email: 'x@example.test', firstName: '' }, 'firstName', 'This is required.'],
      [{ ...good, email: 'not an address' }, 'email', 'Enter an email address like name@example.com.'],
    ];
    for (const [fields, field, message] of cases) {
      const res = await agent().post('/register', fields);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`id="${field}-error"`);
      expect(res.body).toContain(message);
    }
    const es = agent();
    await es.get('/language?to=es&next=/');
    expect((await es.post('/register', { ...good, email: 'y@example.test', password: 'short', confirm: 'short' })).body).toContain('Use al menos 12 caracteres.');
    expect(await t.ctx.db.select().from(accounts).where(eq(accounts.email, 'x@example.test'))).toHaveLength(0);
  });
});

describe('password reset by email', () => {
  it('gives the same answer whether or not the address has an account', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const known = await agent().post('/password/forgot', { email: acc.email });
    const unknown = await agent().post('/password/forgot', { email: 'nobody@example.test' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (b: string) => b.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(known.body)).toBe(strip(unknown.body));
    await mailTo(acc.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.ctx.localSmtp!.received.some((m) => m.to.includes('nobody@example.test'))).toBe(false);
  });

  it('sends a single-use link, valid for an hour, that ends every session', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer', firstName: 'Inés', language: 'es' });
    const other = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now()));
    expect((await other.get('/account')).statusCode).toBe(200);
    await t.ctx.db
      .update(accounts)
      .set({ failedSignIns: 5, firstFailedAt: clock.now(), lockedUntil: new Date(clock.now().getTime() + HOUR) })
      .where(eq(accounts.id, acc.id));

    await agent().post('/password/forgot', { email: acc.email });
    const mail = await mailTo(acc.email);
    expect(mail.subject).toBe('Restablezca su contraseña de Vermont Health Connect');
    expect(mail.text).toContain('Hola, Inés');
    expect(mail.text).not.toContain(acc.email);
    const link = /(http:\/\/\S+\/password\/reset\/(\S+))/.exec(mail.text)!;
    const token = link[2]!;
    const [stored] = await t.ctx.db.select().from(passwordResets).where(eq(passwordResets.accountId, acc.id));
    expect(stored!.tokenHash).toBe(sha256Hex(token));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(HOUR);

    const a = agent();
    expect((await a.get(`/password/reset/${token}`)).statusCode).toBe(200);
    const weak = await a.post(`/password/reset/${token}`, { password: 'password1234', confirm: 'password1234' });
    expect(weak.statusCode).toBe(400);
    const done = await a.post(`/password/reset/${token}`, { password: 'thistle cobalt harbor', confirm: 'thistle cobalt harbor' });
    expect(done.headers.location).toBe('/sign-in?notice=reset');
    expect((await other.get('/account')).statusCode).toBe(303);
    expect((await a.post(`/password/reset/${token}`, { password: 'walnut gravel meadow', confirm: 'walnut gravel meadow' })).statusCode).toBe(404);
    expect((await a.get(`/password/reset/${token}`)).body).toContain('This link does not work');
    const told = await mailTo(acc.email, 2);
    expect(told.subject).toBe('Su cuenta de Vermont Health Connect cambió');
    expect(told.text).toContain('Se restableció la contraseña de su cuenta');
    // The reset lifted the customer's lockout.
    expect((await agent().post('/sign-in', { email: acc.email, password: 'thistle cobalt harbor' })).statusCode).toBe(303);
    expect((await audits('accounts.password-reset')).map((r) => r.objectId)).toContain(acc.id);
  });

  it('refuses a link after an hour', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const before = t.ctx.localSmtp!.received.filter((m) => m.to.includes(acc.email)).length;
    await agent().post('/password/forgot', { email: acc.email });
    const mail = await mailTo(acc.email, before + 1);
    const token = /\/password\/reset\/(\S+)/.exec(mail.text)![1]!;
    clock.advance(HOUR - MINUTE);
    expect((await agent().get(`/password/reset/${token}`)).statusCode).toBe(200);
    clock.advance(MINUTE);
    expect((await agent().get(`/password/reset/${token}`)).statusCode).toBe(404);
    expect((await agent().get('/password/reset/not-a-real-token')).statusCode).toBe(404);
  });
});

describe('account settings', () => {
  it('saves the language on the account and in the cookie', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now()));
    const res = await a.post('/account/language', { language: 'es' });
    expect(res.headers.location).toBe('/account?done=language');
    expect(a.cookies.get('candor_lang')).toBe('es');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.language).toBe('es');
    expect((await a.get('/account?done=language')).body).toContain('Se guardó su idioma.');
    // Without the cookie (another browser) the account's language applies.
    const b = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now()));
    expect((await b.get('/account')).body).toContain('<html lang="es"');
  });

  it('changes the password and ends every session of the account, keeping this browser signed in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now()));
    const other = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now()));
    const before = a.session()!;

    const wrong = await a.post('/account/password', { current: 'not it at all', password: 'cobalt thistle gravel', confirm: 'cobalt thistle gravel' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is not right.');
    expect((await other.get('/account')).statusCode).toBe(200);

    const res = await a.post('/account/password', { current: TEST_PASSWORD, password: 'cobalt thistle gravel', confirm: 'cobalt thistle gravel' });
    expect(res.headers.location).toBe('/account?done=password');
    expect(a.session()).not.toBe(before);
    expect((await a.get('/account')).statusCode).toBe(200);
    expect((await other.get('/account')).statusCode).toBe(303);
    expect((await TestAgent.withCookie(t.server!, `candor_session=${before}`).get('/account')).statusCode).toBe(303);
    const live = await t.ctx.db.select().from(sessions).where(eq(sessions.accountId, acc.id));
    expect(live.filter((s) => !s.revokedAt)).toHaveLength(1);
    expect((await audits('accounts.password-change')).map((r) => r.objectId)).toContain(acc.id);
    expect((await agent().post('/sign-in', { email: acc.email, password: 'cobalt thistle gravel' })).statusCode).toBe(303);
    // The person is told, so a change they did not make does not go unnoticed; the email holds no secret.
    const told = await mailTo(acc.email);
    expect(told.subject).toBe('Your Vermont Health Connect account changed');
    expect(told.text).toContain('The password of your account was changed');
    expect(told.text).toMatch(/http:\/\/\S+\/password\/forgot/);
    expect(told.text).not.toContain('cobalt thistle gravel');
  });
});
