import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../platform/clock.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { MODULES } from '../app/modules.js';
import type { CandorModule } from '../app/module.js';
import { auditLog } from '../audit/schema.js';
import { accounts } from '../accounts/schema.js';
import { capabilityStatuses } from './capability-statuses.js';
import { setCapabilityStatus } from './set-capability-status.js';
import { capabilities, maintenanceWindows } from './schema.js';
import { applyDueWindows } from './apply-due-windows.js';
import { toLocalInput } from './time.js';

// Wednesday 18 November 2026, 10:00 in Vermont: both phone lines open, closing at 5 pm.
const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
const probe: CandorModule = { name: 'probe', routes: (app) => void app.get('/shop-probe', async () => 'shopping works') };
let t: TestApp;
let operator: { id: string; cookie: string };
beforeAll(async () => {
  t = await startTestApp({ clock, modules: [...MODULES, probe] });
  // Other modules' start may keep this process busy past the cache's one second: read the registry once more.
  await t.ctx.services.capabilities.refresh();
  operator = await signedIn(t.ctx.db, 'operations');
});
afterAll(async () => t?.stop());

const tz = 'America/New_York';
const inHours = (h: number) => toLocalInput(new Date(clock.now().getTime() + h * 3_600_000), tz);

/** Posts a console form with the CSRF token of a fresh GET of the page. */
async function post(path: string, form: Record<string, string>, cookie = operator.cookie) {
  const page = await t.server!.inject({ url: '/operations/capabilities/plan-shopping', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const cookies = [cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
  return t.server!.inject({
    method: 'POST',
    url: path,
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...form, _csrf: csrf }).toString(),
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 3_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('degradation, the status page and the console', () => {
  it('shows the board only to operations roles, with an availability chart and its text', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    expect((await t.server!.inject({ url: '/operations/capabilities', headers: { cookie: customer.cookie } })).statusCode).toBe(403);
    const board = await t.server!.inject({ url: '/operations/capabilities', headers: { cookie: operator.cookie } });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Capability status board');
    expect(board.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-online-payment-title"/);
    expect(board.body).toContain('Availability of Online payments over the last 30 days: 100%');
    const staff = await t.server!.inject({ url: '/staff', headers: { cookie: operator.cookie } });
    expect(staff.body).toContain('/operations/capabilities');
  });

  it('refuses bad changes with clear errors and changes nothing', async () => {
    const before = await capabilityStatuses(t.ctx.db);
    const cases: Array<[Record<string, string>, string]> = [
      [{ status: 'down', reasonEn: '', expectedEnd: inHours(2) }, 'Give the reason for this change.'],
      [{ status: 'broken', reasonEn: 'x' }, 'Choose operational, degraded, maintenance or down.'],
      [{ status: 'down', reasonEn: 'x', expectedEnd: '' }, 'Down and maintenance need an expected end'],
      [{ status: 'down', reasonEn: 'x', expectedEnd: inHours(9) }, 'at most 8 hours ahead'],
      [{ status: 'maintenance', reasonEn: 'x', expectedEnd: inHours(-1) }, 'The expected end must be in the future.'],
      [{ status: 'down', reasonEn: 'x', expectedEnd: 'tomorrow-ish' }, 'Down and maintenance need an expected end'],
    ];
    for (const [form, message] of cases) {
      for (const path of ['/operations/capabilities/plan-shopping/preview', '/operations/capabilities/plan-shopping/change']) {
        const res = await post(path, form);
        expect(res.statusCode, `${path} ${JSON.stringify(form)}`).toBe(400);
        expect(res.body).toContain(message);
      }
    }
    const windows: Array<[Record<string, string>, string]> = [
      [{ from: inHours(3), to: inHours(2), reasonEn: 'x' }, 'The window must end after it starts.'],
      [{ from: inHours(-5), to: inHours(-4), reasonEn: 'x' }, 'The window is already over.'],
      [{ from: inHours(1), to: inHours(2), reasonEn: ' ' }, 'Give the reason for this change.'],
    ];
    for (const [form, message] of windows) {
      const res = await post('/operations/capabilities/plan-shopping/maintenance', form);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(message);
    }
    expect((await post('/operations/capabilities/no-such-thing/change', { status: 'down', reasonEn: 'x', expectedEnd: inHours(1) })).statusCode).toBe(404);
    expect(await capabilityStatuses(t.ctx.db)).toEqual(before);
    expect(await t.ctx.db.select().from(maintenanceWindows)).toEqual([]);
  });

  it('takes plan shopping down after the blast radius; guarded pages show the alternatives with 503 and Retry-After; other pages keep working', async () => {
    const customer = await signedIn(t.ctx.db, 'customer');
    expect((await t.server!.inject({ url: '/shop-probe', headers: { cookie: customer.cookie } })).body).toBe('shopping works');
    await waitFor(async () => (await t.ctx.db.select().from(maintenanceWindows)).length === 0);

    const preview = await post('/operations/capabilities/plan-shopping/preview', {
      status: 'down',
      reasonEn: 'Plan data is being reloaded',
      reasonEs: 'Se están recargando los datos de los planes',
      expectedEnd: inHours(2),
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('What this change touches');
    // The customer who just used the shopping page is counted (the visit write is asynchronous).
    await waitFor(async () =>
      /on these pages in the last 15 minutes<\/th><td>1</.test(
        (await post('/operations/capabilities/plan-shopping/preview', { status: 'down', reasonEn: 'Plan data is being reloaded', expectedEnd: inHours(2) })).body,
      ),
    );
    expect((await capabilityStatuses(t.ctx.db)).find((r) => r.id === 'plan-shopping')!.status).toBe('operational');

    const confirmed = await post('/operations/capabilities/plan-shopping/change', {
      status: 'down',
      reasonEn: 'Plan data is being reloaded',
      reasonEs: 'Se están recargando los datos de los planes',
      expectedEnd: inHours(2),
    });
    expect(confirmed.statusCode).toBe(303);
    // The board and the capability's page name the staff member who set it, never an account id.
    await t.ctx.db.update(accounts).set({ firstName: 'Olivia', lastName: 'Marsh' }).where(eq(accounts.id, operator.id));
    for (const url of ['/operations/capabilities', '/operations/capabilities/plan-shopping']) {
      const seen = await t.server!.inject({ url, headers: { cookie: operator.cookie } });
      expect(seen.body).toContain('Olivia Marsh');
      expect(seen.body).not.toContain(operator.id.slice(0, 8));
    }
    const page = await t.server!.inject({ url: '/shop-probe' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe(String(2 * 3600));
    expect(page.body).toContain('Plan shopping: not available right now');
    expect(page.body).toContain('Plan data is being reloaded');
    expect(page.body).toContain('1-855-899-9600');
    expect(page.body).toContain('Open now, until 5 pm today.');
    expect(page.body).toContain('Some services are affected:');
    const es = await t.server!.inject({ url: '/shop-probe', cookies: { candor_lang: 'es' } });
    expect(es.body).toContain('Búsqueda de planes: no disponible en este momento');
    expect(es.body).toContain('Se están recargando los datos de los planes');
    expect(es.body).toContain('Abierto ahora, hasta las 5 p. m. de hoy.');
    // Sign-in is its own capability and still works; the home page too.
    expect((await t.server!.inject({ url: '/' })).statusCode).toBe(200);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.objectId, 'plan-shopping'));
    expect(audit.map((a) => [a.actor, a.action])).toEqual([[operator.id, 'capability.status.change']]);

    const status = await t.server!.inject({ url: '/status' });
    expect(status.body).toMatch(/id="capability-plan-shopping" data-status="down"/);
    expect(status.body).toContain('Recent incidents');
    const api = (await t.server!.inject({ url: '/api/v1/status' })).json();
    expect(api.capabilities.find((c: { id: string }) => c.id === 'plan-shopping')).toMatchObject({ status: 'down', available: false, alternativesAvailableNow: ['call-centre'] });
    const feed = await t.server!.inject({ url: '/status/feed.atom' });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Plan shopping: Not available</title>');

    // Restored.
    expect((await post('/operations/capabilities/plan-shopping/change', { status: 'operational', reasonEn: 'Reload finished' })).statusCode).toBe(303);
    expect((await t.server!.inject({ url: '/shop-probe' })).statusCode).toBe(200);
    const incidentPage = await t.server!.inject({ url: '/status' });
    expect(incidentPage.body).toContain('resolved');
  });

  it('offers no closed phone line: at night the only alternative to plan shopping is none, and says so', async () => {
    await setCapabilityStatus(t.ctx.db, {
      capability: 'plan-shopping',
      status: 'down',
      reasonEn: 'x',
      expectedEnd: new Date(clock.now().getTime() + 3_600_000),
      by: { kind: 'system', id: 't' },
      now: clock.now(),
    });
    await t.ctx.services.capabilities.refresh();
    clock.set(new Date('2026-11-19T03:00:00Z')); // 10 pm in Vermont
    try {
      const page = await t.server!.inject({ url: '/shop-probe' });
      expect(page.statusCode).toBe(503);
      expect(page.body).not.toContain('1-855-899-9600</a>');
      expect(page.body).toContain('None of the other ways to do this is open right now.');
      expect(page.headers['retry-after']).toBeUndefined(); // the expected end has passed
      // The console flags a status past its expected end.
      const board = await t.server!.inject({ url: '/operations/capabilities', headers: { cookie: operator.cookie } });
      expect(board.body).toMatch(/id="board-plan-shopping" data-status="down">.*?Past expected end/s);
      expect(board.body.match(/Past expected end/g)).toHaveLength(1);
    } finally {
      clock.set(new Date('2026-11-18T15:00:00Z'));
      await setCapabilityStatus(t.ctx.db, { capability: 'plan-shopping', status: 'operational', reasonEn: 'back', by: { kind: 'system', id: 't' }, now: clock.now() });
      await t.ctx.services.capabilities.refresh();
    }
  });

  it('schedules a window that starts and ends by itself, after showing overlapping maintenance', async () => {
    const from = inHours(1);
    const to = inHours(2);
    expect((await post('/operations/capabilities/plan-shopping/maintenance', { from, to, reasonEn: 'Catalogue upgrade' })).statusCode).toBe(303);
    await t.ctx.services.capabilities.refresh();
    const preview = await post('/operations/capabilities/plan-shopping/maintenance/preview', { from: inHours(1.5), to: inHours(3), reasonEn: 'Another' });
    expect(preview.body).toMatch(/Maintenance windows that overlap.*<\/th><td>1</s);
    const status = await t.server!.inject({ url: '/status' });
    expect(status.body).toContain('Planned maintenance');
    expect(status.body).toContain('Catalogue upgrade');

    clock.advance(3_600_000);
    await applyDueWindows(t.ctx.db, clock.now());
    await t.ctx.services.capabilities.refresh();
    expect((await t.server!.inject({ url: '/shop-probe' })).statusCode).toBe(503);
    clock.advance(3_600_000);
    await applyDueWindows(t.ctx.db, clock.now());
    await t.ctx.services.capabilities.refresh();
    expect((await t.server!.inject({ url: '/shop-probe' })).statusCode).toBe(200);
    const [row] = await t.ctx.db.select().from(capabilities).where(eq(capabilities.id, 'plan-shopping'));
    expect(row).toMatchObject({ status: 'operational', setByKind: 'schedule' });
    clock.set(new Date('2026-11-18T15:00:00Z'));
  });

  it('renders /status from the last known state when the database cannot be reached', async () => {
    await setCapabilityStatus(t.ctx.db, {
      capability: 'online-payment',
      status: 'down',
      reasonEn: 'Processor outage',
      expectedEnd: new Date(clock.now().getTime() + 3_600_000),
      by: { kind: 'system', id: 't' },
      now: clock.now(),
    });
    await t.ctx.services.capabilities.refresh();
    expect((await t.server!.inject({ url: '/status' })).statusCode).toBe(200);
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await waitFor(() => t.ctx.services.capabilities.snapshot().stale);
      const page = await t.server!.inject({ url: '/status' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('We cannot reach our status records right now. This is the last known status');
      expect(page.body).toMatch(/id="capability-online-payment" data-status="unknown"/);
      expect(page.body).toContain('last known: Not available');
      expect(page.body).toContain('Processor outage');
      expect(page.body).toContain('We cannot confirm the status of our services right now.');
      // Stale means unavailable: guarded pages refuse, the guard refuses.
      expect((await t.server!.inject({ url: '/shop-probe' })).statusCode).toBe(503);
      expect(await t.ctx.services.capabilities.whileAvailable(['plan-shopping'], async () => 1)).toEqual({ ran: false, unavailable: ['plan-shopping'] });
      expect((await t.server!.inject({ url: '/api/v1/status' })).json()).toMatchObject({ stale: true });
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitFor(() => !t.ctx.services.capabilities.snapshot().stale, 10_000);
    expect((await t.server!.inject({ url: '/shop-probe' })).statusCode).toBe(200);
  });
});
