import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { auditLog } from '../audit/schema.js';
import { DAY, ManualClock, MINUTE } from '../platform/clock.js';
import { sha256Hex } from '../platform/crypto.js';
import { accessTokens, accountRoles, accounts } from './schema.js';
import { sessionCookieFor, signedIn, TestAgent } from './testing.js';

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
    const [row] = await t.ctx.db.select().from(accessTokens).where(eq(accessTokens.tokenHash, sha256Hex(revoked)));
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
    const [row] = await t.ctx.db.select().from(accessTokens).where(eq(accessTokens.tokenHash, sha256Hex(token)));
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
