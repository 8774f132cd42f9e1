/** The renewal commands and the operations console's renewal page, with the day fixed at 2026-12-07. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testIdText, type TestApp } from '../../test/support/app.js';
import { signedIn } from '../accounts/testing.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { ManualClock } from '../platform/clock.js';
import { renewalModule, renewalSeason, seasonYear } from './module.js';
import { seedBook } from './testing.js';
import { vermont } from '../states/vt.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-12-07T14:00:00Z')) });
  await t.ctx.db.transaction((tx) => loadVermont2026Catalog(tx));
  await t.ctx.db.transaction((tx) => loadVermont2027Catalog(tx));
  await seedBook(t.ctx.db, { prefix: 'H-RP', households: 6 });
  await seedBook(t.ctx.db, { prefix: 'H-RQ', households: 2, homeState: 'NH', zip: '03766' });
}, 60_000);
afterAll(async () => t?.stop());

const command = (name: string) => renewalModule.commands!.find((c) => c.name === name)!;

describe('renewal season', () => {
  it('runs from a month before open enrollment to the January-first deadline', () => {
    expect(renewalSeason(vermont, 2027)).toEqual({ start: '2026-10-01', end: '2026-12-15' });
    expect(seasonYear(vermont, '2026-09-30')).toBeNull();
    expect(seasonYear(vermont, '2026-10-01')).toBe(2027);
    expect(seasonYear(vermont, '2026-12-15')).toBe(2027);
    expect(seasonYear(vermont, '2026-12-16')).toBeNull();
    expect(renewalSeason({ ...vermont, renewal: undefined }, 2027)).toBeNull();
  });
});

describe('candor renewal and the console page', () => {
  it('preview counts without changing anything; run renews; the page shows the same counts in English and Spanish to operations only', { timeout: 120_000 }, async () => {
    const out: string[] = [];
    expect(await command('renewal preview').run(t.ctx, { positional: [], flags: { year: '27' } }, (l) => out.push(l))).toBe(2);
    expect(out.pop()).toBe('Give the plan year as four digits, for example 2027.');
    expect(await command('renewal run').run(t.ctx, { positional: [], flags: { year: '2031' } }, (l) => out.push(l))).toBe(2);
    expect(out.pop()).toMatch(/^The catalog has no plans for 2031 yet/);

    expect(await command('renewal preview').run(t.ctx, { positional: [], flags: { year: '2027' } }, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toContain('Renewal preview for 2027: 8 households enrolled for 2026; nothing was changed.');
    expect(out.find((l) => l.includes('renewed-same-plan'))).toMatch(/renewed-same-plan\s+6/);
    expect(out.find((l) => l.trim().startsWith('moved'))).toMatch(/moved\s+2/);
    const none = await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM renewals`);
    expect(none.rows[0]!.n).toBe(0);

    const ops = await signedIn(t.ctx.db, 'operations');
    const before = await t.server!.inject({ url: '/operations/renewal', headers: { cookie: ops.cookie } });
    expect(before.statusCode).toBe(200);
    expect(testIdText(before.body, 'renewal-status')).toBe('The renewal for 2027 has not run yet.');
    expect(testIdText(before.body, 'renewal-undecided')).toBe('8');
    const preview = await t.server!.inject({ url: '/operations/renewal?year=2027&preview=1', headers: { cookie: ops.cookie } });
    expect(testIdText(preview.body, 'renewal-preview-renewed-same-plan')).toBe('6');

    const ran: string[] = [];
    expect(await command('renewal run').run(t.ctx, { positional: [], flags: { year: '2027', chunk: '3' } }, (l) => ran.push(l))).toBe(0);
    expect(ran[0]).toBe('Renewal run for 2027: 8 households decided now.');

    const after = await t.server!.inject({ url: '/operations/renewal?year=2027', headers: { cookie: `${ops.cookie}; candor_lang=es` } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Renovación para 2027');
    expect(testIdText(after.body, 'renewal-counts-renewed-same-plan')).toBe('6');
    expect(testIdText(after.body, 'renewal-counts-moved')).toBe('2');
    expect(testIdText(after.body, 'renewal-undecided')).toBe('0');
    expect(testIdText(after.body, 'renewal-status')).toMatch(/^La renovación para 2027 terminó el /);
    expect(after.body).not.toContain('Renew'); // no personal names on the page

    const bad = await t.server!.inject({ url: '/operations/renewal?year=abc', headers: { cookie: ops.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give the plan year as four digits');
    const later = await t.server!.inject({ url: '/operations/renewal?year=2031', headers: { cookie: ops.cookie } });
    expect(later.statusCode).toBe(409);
    expect(testIdText(later.body, 'renewal-refusal')).toMatch(/^The catalog has no plans for 2031 yet/);
    const customer = await signedIn(t.ctx.db, 'customer');
    expect((await t.server!.inject({ url: '/operations/renewal', headers: { cookie: customer.cookie } })).statusCode).toBe(403);
  });
});
