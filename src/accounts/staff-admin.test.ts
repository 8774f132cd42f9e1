import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { auditLog } from '../audit/schema.js';
import { ManualClock } from '../platform/clock.js';
import { accountRoles, accounts } from './schema.js';
import { createTestAccount, sessionCookieFor, signedIn, TestAgent, TEST_PASSWORD } from './testing.js';

let t: TestApp;
let admin: TestAgent;
let adminId: string;
const clock = new ManualClock(new Date('2026-05-04T13:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock, config: { signInAttemptsPerMinute: 1000 } });
  const a = await signedIn(t.ctx.db, 'administrator');
  adminId = a.id;
  admin = TestAgent.withCookie(t.server!, await sessionCookieFor(t.ctx.db, a.id, clock.now()));
});
afterAll(async () => t?.stop());

const rolesOf = async (id: string) => (await t.ctx.db.select().from(accountRoles).where(eq(accountRoles.accountId, id))).map((r) => r.role).sort();
const audits = (objectId: string) => t.ctx.db.select().from(auditLog).where(eq(auditLog.objectId, objectId)).orderBy(auditLog.seq);

describe('staff administration', () => {
  it('lists staff accounts with their roles and status', async () => {
    const staff = await createTestAccount(t.ctx.db, { roles: ['caseworker', 'supervisor'], firstName: 'Priya' });
    const page = await admin.get('/admin/staff');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(staff.email);
    expect(page.body).toContain('Caseworker, Supervisor');
  });

  it('creates a staff account with a one-time password shown once, audited', async () => {
    const res = await admin.post('/admin/staff', { email: 'Ops.Two@State.example', firstName: 'Kim', lastName: 'Lee', roles: 'operations' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Account created');
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.email, 'ops.two@state.example'));
    expect(row).toMatchObject({ kind: 'staff', passwordMustChange: true, mfaEnabledAt: null });
    expect(await rolesOf(row!.id)).toEqual(['operations']);
    const records = await audits(row!.id);
    expect(records.map((r) => r.action)).toEqual(['accounts.account-create', 'accounts.role-grant']);
    expect(records[0]).toMatchObject({ actor: adminId, actorKind: 'person' });
    expect(JSON.stringify(records)).not.toContain('state.example');
    // The list shows the account, never the password again.
    const password = /<code class="candor-secret">([^<]+)<\/code>/.exec(res.body)![1]!;
    expect((await admin.get('/admin/staff')).body).not.toContain(password);
  });

  it('refuses a staff account without roles, with a customer role, or with a taken email', async () => {
    const none = await admin.post('/admin/staff', { email: 'x1@state.example', firstName: 'A', lastName: 'B' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one role.');
    expect((await admin.post('/admin/staff', { email: 'x2@state.example', firstName: 'A', lastName: 'B', roles: 'customer' })).statusCode).toBe(400);
    expect((await admin.post('/admin/staff', { email: 'ops.two@state.example', firstName: 'A', lastName: 'B', roles: 'operations' })).body).toContain('already exists');
    expect(await t.ctx.db.select().from(accounts).where(eq(accounts.email, 'x2@state.example'))).toHaveLength(0);
  });

  it('grants and revokes roles, each change audited, and the change applies at once', async () => {
    const staff = await signedIn(t.ctx.db, 'call-centre-agent');
    const them = TestAgent.withCookie(t.server!, staff.cookie);
    expect((await them.get('/admin/staff')).statusCode).toBe(403);
    const res = await admin.post(`/admin/staff/${staff.id}/roles`, { roles: ['caseworker', 'administrator'] });
    expect(res.headers.location).toBe(`/admin/staff/${staff.id}?done=roles`);
    expect(await rolesOf(staff.id)).toEqual(['administrator', 'caseworker']);
    const changes = (await audits(staff.id)).map((r) => [r.action, (r.details as { role: string }).role]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ['accounts.role-grant', 'caseworker'],
        ['accounts.role-grant', 'administrator'],
        ['accounts.role-revoke', 'call-centre-agent'],
      ]),
    );
    expect((await them.get('/admin/staff')).statusCode).toBe(200);
    expect((await admin.post(`/admin/staff/${staff.id}/roles`, {})).statusCode).toBe(400);
  });

  it('keeps at least one active administrator', async () => {
    const fresh = await startTestApp({ clock });
    try {
      const only = await signedIn(fresh.ctx.db, 'administrator');
      const a = TestAgent.withCookie(fresh.server!, only.cookie);
      const res = await a.post(`/admin/staff/${only.id}/roles`, { roles: 'operations' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('at least one active administrator');
      expect((await a.post(`/admin/staff/${only.id}/disable`)).statusCode).toBe(400);
    } finally {
      await fresh.stop();
    }
  });

  it('disables an account (its sessions end) and enables it again', async () => {
    const staff = await signedIn(t.ctx.db, 'mailroom-clerk');
    const them = TestAgent.withCookie(t.server!, staff.cookie);
    expect((await them.get('/staff')).statusCode).toBe(200);
    expect((await admin.post(`/admin/staff/${staff.id}/disable`)).headers.location).toBe(`/admin/staff/${staff.id}?done=disable`);
    expect((await them.get('/staff')).statusCode).toBe(303);
    expect((await admin.get(`/admin/staff/${staff.id}?done=disable`)).body).toContain('Disabled');
    expect((await admin.post(`/admin/staff/${staff.id}/enable`)).statusCode).toBe(303);
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, staff.id));
    expect(row!.disabledAt).toBeNull();
    expect((await audits(staff.id)).map((r) => r.action)).toEqual(expect.arrayContaining(['accounts.account-disable', 'accounts.account-enable']));
    expect((await admin.post(`/admin/staff/${adminId}/disable`)).statusCode).toBe(400);
  });

  it('resets a staff member’s two-step verification: sessions end and the next sign-in enrols again', async () => {
    const staff = await signedIn(t.ctx.db, 'caseworker');
    await t.ctx.db.update(accounts).set({ totpSecretSealed: 'v1.x.y.z', mfaEnabledAt: clock.now() }).where(eq(accounts.id, staff.id));
    expect((await admin.get(`/admin/staff/${staff.id}`)).body).toContain('Reset two-step verification');
    expect((await admin.post(`/admin/staff/${staff.id}/reset-mfa`)).headers.location).toBe(`/admin/staff/${staff.id}?done=reset-mfa`);
    const [row] = await t.ctx.db.select().from(accounts).where(eq(accounts.id, staff.id));
    expect(row).toMatchObject({ totpSecretSealed: null, mfaEnabledAt: null });
    expect((await TestAgent.withCookie(t.server!, staff.cookie).get('/staff')).statusCode).toBe(303);
    const a = new TestAgent(t.server!);
    await a.post('/sign-in', { email: staff.email, password: TEST_PASSWORD });
    expect((await a.get('/sign-in/mfa')).body).toContain('Set up two-step verification');
    expect((await audits(staff.id)).map((r) => r.action)).toContain('accounts.mfa-reset');
  });

  it('answers 404 for an account that is not staff, or not there', async () => {
    const customer = await createTestAccount(t.ctx.db, { role: 'customer' });
    expect((await admin.get(`/admin/staff/${customer.id}`)).statusCode).toBe(404);
    expect((await admin.post(`/admin/staff/${customer.id}/unlock`)).statusCode).toBe(404);
    expect((await admin.get('/admin/staff/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await admin.get('/admin/staff/not-a-uuid')).statusCode).toBe(404);
  });
});
