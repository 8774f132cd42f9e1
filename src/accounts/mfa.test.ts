import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { auditLog } from '../audit/schema.js';
import { ManualClock } from '../platform/clock.js';
import { seal } from '../platform/crypto.js';
import { accounts, recoveryCodes } from './schema.js';
import { createTestAccount, signedIn, TestAgent, TEST_PASSWORD } from './testing.js';
import { newTotpSecret, totpCode } from './totp.js';
import { openEnrolment } from './mfa.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 } });
});
afterAll(async () => t?.stop());

const agent = () => new TestAgent(t.server!);
const nextStep = () => clock.advance(30_000);
const audits = (action: string, objectId: string) =>
  t.ctx.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .then((rows) => rows.filter((r) => r.objectId === objectId));

async function staffWithMfa(role: 'caseworker' | 'administrator' = 'caseworker') {
  const acc = await createTestAccount(t.ctx.db, { role });
  const secret = newTotpSecret();
  await t.ctx.db
    .update(accounts)
    .set({ totpSecretSealed: seal(t.ctx.keys.data, secret), mfaEnabledAt: clock.now() })
    .where(eq(accounts.id, acc.id));
  return { ...acc, secret };
}

describe('staff sign-in needs the second factor', () => {
  it('holds the session at mfa-pending until a right code, then replaces it', async () => {
    const staff = await staffWithMfa();
    const a = agent();
    const res = await a.post('/sign-in', { email: staff.email, password: TEST_PASSWORD, next: '/account' });
    expect(res.headers.location).toBe('/sign-in/mfa?next=%2Faccount');
    const pending = a.session()!;
    // Half signed in: nothing but the code page.
    expect((await a.get('/staff')).headers.location).toBe('/sign-in?next=%2Fstaff');
    expect((await a.get('/account')).statusCode).toBe(303);
    const page = await a.get('/sign-in/mfa?next=%2Faccount');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enter your security code');

    const wrong = await a.post('/sign-in/mfa', { intent: 'code', code: '000000', next: '/account' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That code is not right');

    const ok = await a.post('/sign-in/mfa', { intent: 'code', code: totpCode(staff.secret, clock.now()), next: '/account' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account');
    expect(a.session()).not.toBe(pending);
    expect((await a.get('/staff')).statusCode).toBe(200);
    expect((await TestAgent.withCookie(t.server!, `candor_session=${pending}`).get('/sign-in/mfa')).statusCode).toBe(303);
    expect(await audits('accounts.mfa-verify', staff.id)).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'success' }), expect.objectContaining({ outcome: 'failure' })]));
  });

  it('refuses a code that was already used', async () => {
    const staff = await staffWithMfa();
    nextStep();
    const code = totpCode(staff.secret, clock.now());
    const a = agent();
    await a.post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect((await a.post('/sign-in/mfa', { intent: 'code', code })).statusCode).toBe(303);
    const b = agent();
    await b.post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect((await b.post('/sign-in/mfa', { intent: 'code', code })).statusCode).toBe(400);
    nextStep();
    expect((await b.post('/sign-in/mfa', { intent: 'code', code: totpCode(staff.secret, clock.now()) })).statusCode).toBe(303);
  });

  it('counts wrong codes as failed sign-ins: 3 lock a staff account', async () => {
    const staff = await staffWithMfa();
    const a = agent();
    await a.post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect((await a.post('/sign-in/mfa', { intent: 'code', code: '111111' })).statusCode).toBe(400);
    // A new password step does not clear the count.
    await a.post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect((await a.post('/sign-in/mfa', { intent: 'code', code: '222222' })).statusCode).toBe(400);
    const third = await a.post('/sign-in/mfa', { intent: 'code', code: '333333' });
    expect(third.statusCode).toBe(303);
    expect(third.headers.location).toBe('/sign-in');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, staff.id));
    expect(row!.lockedByPolicyAt).not.toBeNull();
    expect(await audits('accounts.lockout', staff.id)).toHaveLength(1);
    expect((await agent().post('/sign-in', { email: staff.email, password: TEST_PASSWORD })).statusCode).toBe(400);
  });
});

describe('enrolment at a staff member’s first sign-in', () => {
  it('an administrator creates the account; the staff member enrols, chooses a password, and gets recovery codes', async () => {
    const admin = TestAgent.withCookie(t.server!, (await signedIn(t.ctx.db, 'administrator')).cookie);
    const created = await admin.post('/admin/staff', { email: 'new.clerk@state.example', firstName: 'Noor', lastName: 'Haddad', roles: ['mailroom-clerk', 'caseworker'] });
    expect(created.statusCode).toBe(200);
    const oneTime = /<code class="candor-secret">([^<]+)<\/code>/.exec(created.body)![1]!;
    expect(oneTime).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);

    const a = agent();
    expect((await a.post('/sign-in', { email: 'new.clerk@state.example', password: oneTime })).headers.location).toBe('/sign-in/mfa');
    const page = await a.get('/sign-in/mfa');
    expect(page.body).toContain('Set up two-step verification');
    expect(page.body).toMatch(/<img src="data:image\/png;base64,/);
    expect(page.body).toContain('Choose your own password');
    const secret = /<code class="candor-secret">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/\s/g, '');
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!;

    const tooShort = await a.post('/sign-in/mfa', { intent: 'enrol', enrolment, code: totpCode(secret, clock.now()), password: 'short one', confirm: 'short one' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('Use at least 15 characters.');

    const newPassword = 'harbor saffron walnut gravel';
    const done = await a.post('/sign-in/mfa', { intent: 'enrol', enrolment, code: totpCode(secret, clock.now()), password: newPassword, confirm: newPassword });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Save your recovery codes');
    const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((x) => x[1]!);
    expect(codes).toHaveLength(10);
    expect((await a.get('/staff')).statusCode).toBe(200);

    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.email, 'new.clerk@state.example'));
    expect(row!.totpSecretSealed).not.toContain(secret);
    expect(row!.passwordMustChange).toBe(false);
    const stored = await t.ctx.db.select().from(recoveryCodes).where(eq(recoveryCodes.accountId, row!.id));
    expect(stored).toHaveLength(10);
    expect(stored.map((s) => s.codeHash)).not.toContain(codes[0]);
    expect(await audits('accounts.mfa-enrol', row!.id)).toHaveLength(1);
    expect(await audits('accounts.password-change', row!.id)).toHaveLength(1);

    // The one-time password no longer works; the chosen one does, with a recovery code, once.
    expect((await agent().post('/sign-in', { email: 'new.clerk@state.example', password: oneTime })).statusCode).toBe(400);
    const b = agent();
    await b.post('/sign-in', { email: 'new.clerk@state.example', password: newPassword });
    expect((await b.post('/sign-in/mfa', { intent: 'code', code: codes[3]!.toUpperCase() })).statusCode).toBe(303);
    const c = agent();
    await c.post('/sign-in', { email: 'new.clerk@state.example', password: newPassword });
    expect((await c.post('/sign-in/mfa', { intent: 'code', code: codes[3]! })).statusCode).toBe(400);
    expect(await audits('accounts.recovery-code-use', row!.id)).toHaveLength(1);
  });

  it('refuses an enrolment form made for someone else, or older than 15 minutes', async () => {
    const first = await createTestAccount(t.ctx.db, { role: 'operations' });
    const second = await createTestAccount(t.ctx.db, { role: 'operations' });
    const a = agent();
    await a.post('/sign-in', { email: first.email, password: TEST_PASSWORD });
    const page = await a.get('/sign-in/mfa');
    const secret = /<code class="candor-secret">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/\s/g, '');
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!;
    const b = agent();
    await b.post('/sign-in', { email: second.email, password: TEST_PASSWORD });
    const res = await b.post('/sign-in/mfa', { intent: 'enrol', enrolment, code: totpCode(secret, clock.now()) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This setup page expired');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, second.id));
    expect(row!.mfaEnabledAt).toBeNull();
    expect(openEnrolment(t.ctx.keys.data, enrolment, first.id, clock.now())).toBe(secret);
    expect(openEnrolment(t.ctx.keys.data, enrolment, first.id, new Date(clock.now().getTime() + 15 * 60_000))).toBeNull();
    expect(openEnrolment(t.ctx.keys.data, enrolment.slice(0, -2) + 'AA', first.id, clock.now())).toBeNull();
  });
});

describe('two-step verification for customers (optional)', () => {
  it('is turned on in settings, then asked for at sign-in, and can be turned off with the password', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = agent();
    await a.post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    const page = await a.get('/account/mfa');
    expect(page.body).toContain('Set up two-step verification');
    const secret = /<code class="candor-secret">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/\s/g, '');
    const enrolment = /name="enrolment" value="([^"]+)"/.exec(page.body)![1]!;
    const on = await a.post('/account/mfa', { intent: 'enrol', enrolment, code: totpCode(secret, clock.now()) });
    expect(on.statusCode).toBe(200);
    expect(on.body).toContain('Save your recovery codes');

    const b = agent();
    expect((await b.post('/sign-in', { email: acc.email, password: TEST_PASSWORD })).headers.location).toBe('/sign-in/mfa');
    // A customer who has given only the password is not signed in.
    expect((await b.get('/account')).statusCode).toBe(303);
    nextStep();
    expect((await b.post('/sign-in/mfa', { intent: 'code', code: totpCode(secret, clock.now()) })).headers.location).toBe('/');
    expect((await b.get('/account')).statusCode).toBe(200);

    const wrong = await b.post('/account/mfa/disable', { disablePassword: 'not my password at all' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is not right.');
    const off = await b.post('/account/mfa/disable', { disablePassword: TEST_PASSWORD });
    expect(off.headers.location).toBe('/account?done=mfa-off');
    expect(await audits('accounts.mfa-disable', acc.id)).toHaveLength(1);
    expect((await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD })).headers.location).toBe('/');
    // Each change was emailed to the person.
    await expect
      .poll(() => t.ctx.localSmtp!.received.filter((m) => m.to.includes(acc.email) && m.subject.includes('account changed')).map((m) => m.text.split('\n')[2]), { timeout: 5_000 })
      .toEqual(['Two-step verification was turned on for your account.', 'Two-step verification was turned off for your account.']);
  });

  it('is required for staff: they cannot turn it off', async () => {
    const staff = await signedIn(t.ctx.db, 'supervisor');
    const res = await TestAgent.withCookie(t.server!, staff.cookie).post('/account/mfa/disable', { disablePassword: TEST_PASSWORD });
    expect(res.statusCode).toBe(403);
  });
});
