import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { auditLog } from '../audit/schema.js';
import { DAY, ManualClock, MINUTE } from '../platform/clock.js';
import { sha256Hex } from '../platform/crypto.js';
import { accessTokens, accountRoles, accounts } from './schema.js';
import { LOCKOUT } from './lockout.js';
import { requestPasswordReset } from './password-reset.js';
import { createTestAccount, sessionCookieFor, signedIn, TEST_PASSWORD, TestAgent } from './testing.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-06-01T13:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

const api = (token: string, url = '/api/v1/me') => t.server!.inject({ url, headers: { authorization: `Bearer ${token}` } });

async function newToken(agent: TestAgent, name = 'nightly report') {
  const res = await agent.post('/account/tokens', { name });
  expect(res.statusCode).toBe(200);
  return /<code class="candor-token">([^<]+)<\/code>/.exec(res.body)![1]!;
}

describe('personal access tokens', () => {
  it('is shown once, kept only as a hash, and answers /api/v1/me with the holder’s roles', async () => {
    const staff = await signedIn(t.ctx.db, 'operations');
    const a = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, staff.id, clock.now()));
    const token = await newToken(a);
    expect(token).toMatch(/^candor_pat_/);
    const [row] = await t.ctx.db.select().from(accessTokens).where(eq(accessTokens.accountId, staff.id));
    expect(row!.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const list = await a.get('/account/tokens');
    expect(list.body).toContain('nightly report');
    expect(list.body).not.toContain(token);

    const me = await api(token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id: staff.id, kind: 'staff', roles: ['operations'] });
    const [used] = await t.ctx.db.select().from(accessTokens).where(eq(accessTokens.id, row!.id));
    expect(used!.lastUsedAt).toEqual(clock.now());
    expect((await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'accounts.token-create'))).map((r) => r.objectId)).toContain(row!.id);
    // The holder is told a token was made, without the token.
    await expect.poll(() => t.ctx.localSmtp!.received.filter((m) => m.to.includes(staff.email) && m.text.includes('A personal access token was created')).length, { timeout: 5_000 }).toBe(1);
    expect(t.ctx.localSmtp!.received.some((m) => m.text.includes(token))).toBe(false);
  });

  it('carries the roles the holder has at the time of use', async () => {
    const staff = await signedIn(t.ctx.db, 'caseworker');
    const token = await newToken(TestAgent.withCookie(t.server!, staff.cookie));
    expect((await api(token)).json().roles).toEqual(['caseworker']);
    await t.ctx.db.insert(accountRoles).values({ accountId: staff.id, role: 'supervisor' });
    expect((await api(token)).json().roles.sort()).toEqual(['caseworker', 'supervisor']);
  });

  it('stops working when revoked, when it expires, or when the account is disabled', async () => {
    const staff = await signedIn(t.ctx.db, 'supervisor');
    const a = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, staff.id, clock.now()));
    const revoked = await newToken(a, 'to revoke');
    const [row] = await t.ctx.db
      .select()
      .from(accessTokens)
      .where(eq(accessTokens.tokenHash, sha256Hex(revoked)));
    expect((await a.post(`/account/tokens/${row!.id}/revoke`)).headers.location).toBe('/account/tokens?revoked=1');
    expect((await api(revoked)).statusCode).toBe(401);
    expect((await api(revoked)).headers['content-type']).toContain('application/problem+json');

    const expiring = await newToken(a, 'to expire');
    clock.advance(90 * DAY - MINUTE);
    expect((await api(expiring)).statusCode).toBe(200);
    clock.advance(MINUTE);
    expect((await api(expiring)).statusCode).toBe(401);

    const live = await newToken(TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, staff.id, clock.now())), 'holder disabled');
    expect((await api(live)).statusCode).toBe(200);
    await t.ctx.db.update(accounts).set({ disabledAt: clock.now() }).where(eq(accounts.id, staff.id));
    expect((await api(live)).statusCode).toBe(401);
  });

  it('cannot revoke someone else’s token', async () => {
    const owner = await signedIn(t.ctx.db, 'operations');
    const token = await newToken(TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, owner.id, clock.now())));
    const [row] = await t.ctx.db
      .select()
      .from(accessTokens)
      .where(eq(accessTokens.tokenHash, sha256Hex(token)));
    const other = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, (await signedIn(t.ctx.db, 'operations')).id, clock.now()));
    expect((await other.post(`/account/tokens/${row!.id}/revoke`)).statusCode).toBe(404);
    expect((await api(token)).statusCode).toBe(200);
  });

  it('is refused for pages and for unknown tokens; customers have none', async () => {
    expect((await api('candor_pat_not-a-token')).statusCode).toBe(401);
    const customer = await signedIn(t.ctx.db, 'customer');
    expect((await TestAgent.withCookie(t.server!, customer.cookie).get('/account/tokens')).statusCode).toBe(403);
    const me = await t.server!.inject({ url: '/api/v1/me', cookies: { candor_session: customer.cookie.split('=')[1]! } });
    expect(me.json()).toEqual({ id: customer.id, kind: 'customer', roles: ['customer'] });
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await t.server!.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/api/v1/me'].get.responses['200']).toBeDefined();
  });
});

describe('tokens end when the holder’s standing changes (ADR 0084)', () => {
  const NEW_PASSWORD = 'cobalt thistle gravel';
  async function holderWithToken(role: 'operations' | 'caseworker' = 'operations') {
    const staff = await signedIn(t.ctx.db, role);
    const agent = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, staff.id, clock.now()));
    const token = await newToken(agent);
    expect((await api(token)).statusCode).toBe(200);
    return { staff, agent, token };
  }
  const revocations = async (accountId: string) =>
    (await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'accounts.token-revoke'))).filter((r) => r.objectId === accountId).map((r) => (r.details as { reason?: string }).reason);

  it('on a password change', async () => {
    const { staff, agent, token } = await holderWithToken();
    const res = await agent.post('/account/password', { current: TEST_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.headers.location).toBe('/account?done=password');
    expect((await api(token)).statusCode).toBe(401);
    expect(await revocations(staff.id)).toEqual(['password-change']);
  });

  it('on a password reset', async () => {
    const { staff, token } = await holderWithToken();
    const reset = await requestPasswordReset(t.ctx.db, { email: staff.email, ip: '127.0.0.1', now: clock.now() });
    const a = new TestAgent(t.server!);
    await a.get(`/password/reset/${reset!.token}`);
    const res = await a.post(`/password/reset/${reset!.token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.statusCode).toBeLessThan(400);
    expect((await api(token)).statusCode).toBe(401);
    expect(await revocations(staff.id)).toEqual(['password-reset']);
  });

  it('on a lockout from wrong passwords at sign-in', async () => {
    const { staff, token } = await holderWithToken();
    const a = new TestAgent(t.server!);
    for (let i = 0; i < LOCKOUT.staff.maxFailures - 1; i++) await a.post('/sign-in', { email: staff.email, password: 'not the password' });
    expect((await api(token)).statusCode).toBe(200);
    await a.post('/sign-in', { email: staff.email, password: 'not the password' });
    expect((await api(token)).statusCode).toBe(401);
    expect(await revocations(staff.id)).toEqual(['lockout']);
  });

  it('on an MFA reset and on a role change, by an administrator', async () => {
    const admin = TestAgent.withCookie(t.server!, (await signedIn(t.ctx.db, 'administrator')).cookie);
    const mfa = await holderWithToken();
    expect((await admin.post(`/admin/staff/${mfa.staff.id}/reset-mfa`)).headers.location).toBe(`/admin/staff/${mfa.staff.id}?done=reset-mfa`);
    expect((await api(mfa.token)).statusCode).toBe(401);
    expect(await revocations(mfa.staff.id)).toEqual(['mfa-reset']);

    const roles = await holderWithToken('caseworker');
    const kept = await holderWithToken('caseworker');
    expect((await admin.post(`/admin/staff/${roles.staff.id}/roles`, { roles: ['caseworker', 'supervisor'] })).statusCode).toBe(303);
    expect((await api(roles.token)).statusCode).toBe(401);
    expect(await revocations(roles.staff.id)).toEqual(['role-change']);
    // Saving the same roles changes nothing, and leaves the token alone.
    expect((await admin.post(`/admin/staff/${kept.staff.id}/roles`, { roles: ['caseworker'] })).statusCode).toBe(303);
    expect((await api(kept.token)).statusCode).toBe(200);
  });
});

describe('the current password on the change-password form', () => {
  it('counts each wrong one toward the lockout, which then ends the session', async () => {
    const customer = await createTestAccount(t.ctx.db, { role: 'customer' });
    const agent = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, customer.id, clock.now()));
    for (let i = 1; i < LOCKOUT.customer.maxFailures; i++) {
      const res = await agent.post('/account/password', { current: `wrong guess ${i}`, password: 'cobalt thistle gravel', confirm: 'cobalt thistle gravel' });
      expect(res.statusCode).toBe(400);
      const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, customer.id));
      expect(row!.failedSignIns).toBe(i);
    }
    await agent.post('/account/password', { current: 'last wrong guess', password: 'cobalt thistle gravel', confirm: 'cobalt thistle gravel' });
    const [locked] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, customer.id));
    expect(locked!.lockedUntil).toEqual(new Date(clock.now().getTime() + LOCKOUT.customer.lockMs));
    expect((await agent.get('/account')).statusCode).toBe(303);
    const failures = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'accounts.password-change'))).filter((r) => r.objectId === customer.id && r.outcome === 'failure');
    expect(failures).toHaveLength(LOCKOUT.customer.maxFailures);
    // Even the right password does not change it while locked out: the session is gone.
    const res = await agent.post('/account/password', { current: TEST_PASSWORD, password: 'cobalt thistle gravel', confirm: 'cobalt thistle gravel' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });
});
