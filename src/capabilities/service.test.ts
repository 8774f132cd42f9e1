import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ManualClock } from '../platform/clock.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { capabilityStatuses } from './capability-statuses.js';
import { setCapabilityStatus } from './set-capability-status.js';
import { CAPABILITY_IDS } from './ids.js';
import { capabilityEvents } from './schema.js';
import { auditLog } from '../audit/schema.js';

// A Wednesday, 10:00 in Vermont: both phone lines are open.
const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
  // Other modules' start may keep this process busy past the cache's one second: read the registry once more.
  await t.ctx.services.capabilities.refresh();
});
afterAll(async () => t?.stop());

const by = { kind: 'system', id: 'test' } as const;

async function waitFor(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the capability registry and service', () => {
  it('is seeded with every capability, operational, with ordered alternatives', async () => {
    const rows = await capabilityStatuses(t.ctx.db);
    expect(rows.map((r) => r.id).sort()).toEqual([...CAPABILITY_IDS].sort());
    expect(rows.every((r) => r.status === 'operational')).toBe(true);
    expect(rows.find((r) => r.id === 'online-payment')!.alternatives).toEqual(['phone-payment', 'mail-payment']);
    const snap = t.ctx.services.capabilities.snapshot();
    expect(snap.stale).toBe(false);
    expect(snap.capabilities['plan-shopping'].status).toBe('operational');
  });

  it('sees a committed change through NOTIFY, audits it and keeps it in the timeline', async () => {
    const svc = t.ctx.services.capabilities;
    expect(svc.isAvailable('online-payment')).toBe(true);
    await t.ctx.db.transaction((tx) =>
      setCapabilityStatus(tx, { capability: 'online-payment', status: 'down', reasonEn: 'Card processor outage', expectedEnd: new Date(clock.now().getTime() + 3_600_000), by, now: clock.now() }),
    );
    await waitFor(() => !svc.isAvailable('online-payment'));
    expect(svc.snapshot().capabilities['online-payment']).toMatchObject({ status: 'down', reason: { en: 'Card processor outage' } });
    expect(svc.alternatives('online-payment').map((a) => a.id)).toEqual(['phone-payment', 'mail-payment']);
    expect(svc.retryAfterSeconds(['online-payment'])).toBe(3600);
    const events = await t.ctx.db.select().from(capabilityEvents).where(eq(capabilityEvents.capabilityId, 'online-payment'));
    expect(events.map((e) => [e.previousStatus, e.status])).toEqual([['operational', 'down']]);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.objectId, 'online-payment'));
    expect(audits.map((a) => a.action)).toEqual(['capability.status.change']);
    await setCapabilityStatus(t.ctx.db, { capability: 'online-payment', status: 'operational', reasonEn: 'Restored', by, now: clock.now() });
    await waitFor(() => svc.isAvailable('online-payment'));
  });

  it('runs a guarded action only while the capability is available, re-reading the table', async () => {
    const svc = t.ctx.services.capabilities;
    expect(await svc.whileAvailable(['plan-shopping'], async () => 42)).toEqual({ ran: true, value: 42 });
    // Changed behind the cache's back (no NOTIFY reaches it before the guard re-reads): the table decides.
    await t.ctx.db.execute(sql`ALTER TABLE capabilities DISABLE TRIGGER capabilities_changed`);
    await t.ctx.db.execute(sql`UPDATE capabilities SET status = 'down' WHERE id = 'plan-shopping'`);
    await t.ctx.db.execute(sql`ALTER TABLE capabilities ENABLE TRIGGER capabilities_changed`);
    let ran = false;
    const result = await svc.whileAvailable(['plan-shopping', 'enrollment'], async () => {
      ran = true;
    });
    // The poll may already have seen it; either way the action did not run.
    expect(ran).toBe(false);
    expect(result).toEqual({ ran: false, unavailable: ['plan-shopping'] });
    await t.ctx.db.execute(sql`UPDATE capabilities SET status = 'operational' WHERE id = 'plan-shopping'`);
    await waitFor(() => svc.isAvailable('plan-shopping'));
  });

  it('makes a change to down wait for running actions, and fails it clearly when they outlast the wait', async () => {
    const svc = t.ctx.services.capabilities;
    let release!: () => void;
    const running = svc.whileAvailable(['enrollment'], () => new Promise<void>((r) => (release = r)));
    await waitFor(() => typeof release === 'function');
    await expect(
      setCapabilityStatus(t.ctx.db, { capability: 'enrollment', status: 'down', reasonEn: 'x', expectedEnd: new Date(clock.now().getTime() + 60_000), by, now: clock.now(), lockTimeoutMs: 200 }),
    ).rejects.toMatchObject({ name: 'conflict', messageKey: 'capabilities.errors.actionsStillRunning' });
    expect((await capabilityStatuses(t.ctx.db)).find((r) => r.id === 'enrollment')!.status).toBe('operational');
    const change = setCapabilityStatus(t.ctx.db, { capability: 'enrollment', status: 'down', reasonEn: 'x', expectedEnd: new Date(clock.now().getTime() + 60_000), by, now: clock.now() });
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await running).toEqual({ ran: true, value: undefined });
    await change;
    await waitFor(() => !svc.isAvailable('enrollment'));
    expect(await svc.whileAvailable(['enrollment'], async () => 1)).toEqual({ ran: false, unavailable: ['enrollment'] });
  });
});
