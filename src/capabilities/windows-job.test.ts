import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { WINDOWS_JOB } from './module.js';
import { scheduleMaintenance } from './schedule-maintenance.js';
import { maintenanceWindows } from './schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ jobs: { work: true } });
});
afterAll(async () => t?.stop());

async function waitFor(check: () => boolean | Promise<boolean>, ms = 30_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the maintenance windows job on pg-boss', () => {
  it('starts a due window and ends it when its time has passed, and every process sees it', async () => {
    const now = new Date();
    const { id } = await scheduleMaintenance(t.ctx.db, {
      capability: 'document-upload',
      from: now,
      to: new Date(now.getTime() + 4_000),
      reasonEn: 'Storage upgrade',
      by: { kind: 'system', id: 'test' },
      now,
    });
    const svc = t.ctx.services.capabilities;
    await t.ctx.jobs!.send(WINDOWS_JOB, {});
    await waitFor(() => svc.snapshot().capabilities['document-upload'].status === 'maintenance');
    expect(svc.snapshot().capabilities['document-upload']).toMatchObject({ setBy: { kind: 'schedule', id }, reason: { en: 'Storage upgrade' } });
    await waitFor(() => Date.now() > now.getTime() + 4_000);
    await t.ctx.jobs!.send(WINDOWS_JOB, {});
    await waitFor(() => svc.snapshot().capabilities['document-upload'].status === 'operational');
    const [w] = await t.ctx.db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id));
    expect(w!.state).toBe('ended');
  }, 60_000);
});
