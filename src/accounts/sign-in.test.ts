import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { auditLog } from '../audit/schema.js';
import { DAY, ManualClock, MINUTE } from '../platform/clock.js';
import { sha256Hex } from '../platform/crypto.js';
import { accounts, sessions } from './schema.js';
import { createTestAccount, signedIn, TestAgent, TEST_PASSWORD } from './testing.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 } });
});
afterAll(async () => t?.stop());

const agent = () => new TestAgent(t.server!);
const audits = (action: string) => t.ctx.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.seq);
/** The page without what differs on every render (the CSRF token). */
const comparable = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');

async function waitForMail(to: string, subject: RegExp) {
  for (let i = 0; i < 100; i++) {
    const found = t.ctx.localSmtp!.received.find((m) => m.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no email "${subject}" to ${to}`);
}

describe('customer sign-in', () => {
  it('signs in, sets a strict session cookie, and records the sign-in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = agent();
    const res = await a.post('/sign-in', { email: acc.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((c) => c.name === 'candor_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy(); // test environment over http; Secure outside development and test
    expect((await a.get('/account')).statusCode).toBe(200);
    const [row] = await t.ctx.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sha256Hex(cookie.value)));
    expect(row).toMatchObject({ accountId: acc.id, mfaPassed: true });
    const records = (await audits('accounts.sign-in')).filter((r) => r.objectId === acc.id);
    expect(records.at(-1)).toMatchObject({ actor: acc.id, outcome: 'success', ip: '127.0.0.1' });
  });

  it('gives the same answer for an unknown address, a wrong password and a locked account', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const unknown = await agent().post('/sign-in', { email: 'nobody-here@example.test', password: 'wrong password here' });
    const wrong = await agent().post('/sign-in', { email: 'nobody-here@example.test'.replace('nobody-here@example.test', acc.email), password: 'wrong password here' });
    expect(unknown.statusCode).toBe(400);
    expect(wrong.statusCode).toBe(400);
    expect(comparable(wrong.body).replace(acc.email, 'X')).toBe(comparable(unknown.body).replace('nobody-here@example.test', 'X'));
    expect(unknown.body).toContain('The email address or password is not right.');
    await t.ctx.db
      .update(accounts)
      .set({ lockedUntil: new Date(clock.now().getTime() + 10 * MINUTE) })
      .where(eq(accounts.id, acc.id));
    const locked = await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(400);
    expect(comparable(locked.body).replace(acc.email, 'X')).toBe(comparable(unknown.body).replace('nobody-here@example.test', 'X'));
    const failures = await audits('accounts.sign-in');
    expect(failures.some((r) => r.actorKind === 'anonymous' && r.outcome === 'failure' && (r.details as { reason: string }).reason === 'unknown-account')).toBe(true);
    expect(failures.some((r) => r.objectId === acc.id && r.outcome === 'denied')).toBe(true);
    expect(JSON.stringify(failures)).not.toContain('@');
  });

  it('answers in the person’s language, with the errors next to the fields', async () => {
    const a = agent();
    await a.get('/language?to=es&next=/sign-in');
    const res = await a.post('/sign-in', { email: 'not-an-address', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Escriba un correo electrónico como nombre@ejemplo.com.');
    expect(res.body).toContain('id="password-error"');
    expect(res.body).toContain('Este dato es obligatorio.');
  });

  it('replaces the session token at sign-in', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = agent();
    await a.post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    const first = a.session()!;
    await a.post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    const second = a.session()!;
    expect(second).not.toBe(first);
    const old = TestAgent.withCookie(t.server!, `candor_session=${first}`);
    expect((await old.get('/account')).statusCode).toBe(303);
    expect((await a.get('/account')).statusCode).toBe(200);
  });

  it('goes to ?next= only when it is a path on this site', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const page = await agent().get('/sign-in?next=%2Faccount%3Fdone%3Dx');
    expect(page.body).toContain('name="next" value="/account?done=x"');
    const ok = await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD, next: '/account' });
    expect(ok.headers.location).toBe('/account');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD, next });
      expect(res.headers.location).toBe('/');
    }
  });

  it('signs out: the session is revoked and its cookie no longer works', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    const a = agent();
    await a.post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    const token = a.session()!;
    const out = await a.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?notice=signed-out');
    const [row] = await t.ctx.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sha256Hex(token)));
    expect(row!.revokedAt).not.toBeNull();
    const replay = await TestAgent.withCookie(t.server!, `candor_session=${token}`).get('/account');
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?next=%2Faccount');
    expect((await audits('accounts.sign-out')).some((r) => r.objectId === acc.id)).toBe(true);
  });
});

describe('the session cookie in production', () => {
  it('is Secure as well as HttpOnly and SameSite=Lax, with HSTS', async () => {
    const prod = await startTestApp({ config: { env: 'production', sessionSecret: 'p'.repeat(40), dataKey: Buffer.alloc(32, 7).toString('base64') } });
    try {
      const acc = await createTestAccount(prod.ctx.db, { role: 'customer' });
      const res = await new TestAgent(prod.server!).post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.cookies.find((c) => c.name === 'candor_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
      // And the browser is told to use HTTPS only, and to upgrade any plain-http reference.
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await prod.stop();
    }
  });
});

describe('lockout', () => {
  it('locks a customer after 5 failures within 120 minutes, for 60 minutes, and says so by email', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer', firstName: 'Lena' });
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE);
      expect((await agent().post('/sign-in', { email: acc.email, password: `wrong guess number ${i}` })).statusCode).toBe(400);
    }
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.lockedUntil?.getTime()).toBe(clock.now().getTime() + 60 * MINUTE);
    expect((await audits('accounts.lockout')).filter((r) => r.objectId === acc.id)).toHaveLength(1);
    const mail = await waitForMail(acc.email, /locked/);
    expect(mail.text).toContain('Hello Lena');
    expect(mail.text).not.toContain(acc.email);

    const refused = await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
    expect(refused.statusCode).toBe(400);
    clock.advance(59 * MINUTE);
    expect((await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD })).statusCode).toBe(400);
    clock.advance(MINUTE);
    expect((await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD })).statusCode).toBe(303);
  });

  it('locks a staff member after 3 failures until an administrator unlocks', async () => {
    const staff = await createTestAccount(t.ctx.db, { role: 'caseworker' });
    for (let i = 0; i < 3; i++) await agent().post('/sign-in', { email: staff.email, password: `wrong guess number ${i}` });
    clock.advance(30 * DAY);
    expect((await agent().post('/sign-in', { email: staff.email, password: TEST_PASSWORD })).statusCode).toBe(400);

    const admin = await signedIn(t.ctx.db, 'administrator');
    const adminAgent = TestAgent.withCookie(t.server!, admin.cookie);
    const page = await adminAgent.get(`/admin/staff/${staff.id}`);
    expect(page.body).toContain('Locked');
    const unlocked = await adminAgent.post(`/admin/staff/${staff.id}/unlock`);
    expect(unlocked.statusCode).toBe(303);
    const [record] = (await audits('accounts.unlock')).filter((r) => r.objectId === staff.id);
    expect(record).toMatchObject({ actor: admin.id, actorKind: 'person', outcome: 'success' });
    const res = await agent().post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in/mfa');
  });
});

describe('the audit record is part of the action', () => {
  it('fails the sign-in, and changes nothing, when its audit record cannot be written', async () => {
    const acc = await createTestAccount(t.ctx.db, { role: 'customer' });
    await t.ctx.pool.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
    await t.ctx.pool.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
    try {
      const before = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(sessions);
      const ok = await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD });
      expect(ok.statusCode).toBe(500);
      const wrong = await agent().post('/sign-in', { email: acc.email, password: 'not the password at all' });
      expect(wrong.statusCode).toBe(500);
      const after = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(sessions);
      expect(after[0]!.n).toBe(before[0]!.n);
      const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, acc.id));
      expect(row!.failedSignIns).toBe(0);
    } finally {
      await t.ctx.pool.query('DROP TRIGGER refuse_audit ON audit_log');
      await t.ctx.pool.query('DROP FUNCTION refuse_audit()');
    }
    expect((await agent().post('/sign-in', { email: acc.email, password: TEST_PASSWORD })).statusCode).toBe(303);
  });
});

describe('per-IP rate limits', () => {
  it('refuses the eleventh sign-in attempt in a minute from one address with 429', async () => {
    const limited = await startTestApp({ config: { signInAttemptsPerMinute: 10 } });
    try {
      const a = new TestAgent(limited.server!);
      for (let i = 0; i < 10; i++) expect((await a.post('/sign-in', { email: 'someone@example.test', password: 'a wrong password' })).statusCode).toBe(400);
      const res = await a.post('/sign-in', { email: 'someone@example.test', password: 'a wrong password' });
      expect(res.statusCode).toBe(429);
      expect(res.body).toContain('Too many attempts');
      for (const url of ['/password/forgot', '/register']) {
        for (let i = 0; i < 10; i++) await a.post(url, {});
        expect((await a.post(url, {})).statusCode).toBe(429);
      }
    } finally {
      await limited.stop();
    }
  });
});

describe('the audit trail after all of the above', () => {
  it('is one intact chain', async () => {
    const { verifyAudit } = await import('../audit/verify-audit.js');
    const result = await verifyAudit(t.databaseUrl);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThan(20);
  });
});
