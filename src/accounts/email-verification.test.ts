import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { ManualClock } from '../platform/clock.js';
import { createEmailVerification } from './email-verification.js';
import { accounts } from './schema.js';
import { createTestAccount, sessionCookieFor, TestAgent } from './testing.js';

// The whole app: the guard is the web layer's, the routes it guards are enrollment's and payments'.
const clock = new ManualClock(new Date('2026-04-10T13:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 } });
});
afterAll(async () => t?.stop());

const GUARDED_PAGES = ['/apply', '/billing/pay', '/coverage/life-event'];

async function unverifiedCustomer() {
  const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
  await t.ctx.db.update(accounts).set({ emailVerifiedAt: null }).where(eq(accounts.id, acc.id));
  return { ...acc, agent: TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, acc.id, clock.now())) };
}

describe('applying and paying need a confirmed email address', () => {
  it('sends an unverified customer to "Confirm your email" and refuses the payments API, until the link is used', async () => {
    const me = await unverifiedCustomer();
    expect((await me.agent.get('/account')).statusCode).toBe(200);
    for (const url of GUARDED_PAGES) {
      const res = await me.agent.get(url);
      expect([url, res.statusCode, res.headers.location]).toEqual([url, 303, '/account/confirm-email']);
    }
    const apply = await me.agent.post('/apply', {});
    expect(apply.headers.location).toBe('/account/confirm-email');
    const api = await t.server!.inject({
      method: 'POST',
      url: '/api/v1/payments',
      cookies: Object.fromEntries(me.agent.cookies),
      headers: { 'idempotency-key': 'k-unverified-1', 'content-type': 'application/json' },
      payload: { amountCents: 100, token: 'tok_x' },
    });
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ type: expect.stringContaining('email-unconfirmed') });
    const confirm = await me.agent.get('/account/confirm-email');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Confirm your email address');

    const token = await t.ctx.db.transaction((tx) => createEmailVerification(tx, { accountId: me.id, by: { actor: me.id, actorKind: 'person' }, now: clock.now() }));
    expect((await me.agent.post(`/email/confirm/${token}`)).headers.location).toBe('/account?done=email-confirmed');
    for (const url of GUARDED_PAGES) {
      const res = await me.agent.get(url);
      expect([url, res.headers.location]).not.toEqual([url, '/account/confirm-email']);
    }
    expect((await me.agent.get('/apply')).statusCode).toBe(200);
  });

  it('counts accounts made by staff, the command line and the seed as verified', async () => {
    const { createAccount } = await import('./create-account.js');
    const made = await t.ctx.db.transaction((tx) =>
      createAccount(tx, { email: 'paper.applicant@example.test', firstName: 'Pat', roles: ['customer'] }, { by: { actor: 'cli', actorKind: 'system' }, now: clock.now(), dataKey: t.ctx.keys.data }),
    );
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, made.accountId));
    expect(row!.emailVerifiedAt).toEqual(clock.now());
    const agent = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, made.accountId, clock.now()));
    expect((await agent.get('/apply')).statusCode).toBe(200);
  });
});
