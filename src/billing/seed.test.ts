import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { ManualClock } from '../platform/clock.js';
import { addDays } from './dates.js';
import { demoCaseNumber, seedBilling } from './seed.js';

const clock = new ManualClock(new Date('2026-11-18T15:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());

describe('candor seed --households N', () => {
  it('makes N enrolled households with a bill due within the week and a demo address, once', async () => {
    const lines: string[] = [];
    await seedBilling(t.ctx, (l) => lines.push(l), { positional: [], flags: { households: '40' } });
    await seedBilling(t.ctx, (l) => lines.push(l), { positional: [], flags: { households: '40' } });
    expect(lines.some((l) => l.includes('40/40 (40 new)'))).toBe(true);
    expect(lines.some((l) => l.includes('40/40 (0 new)'))).toBe(true);
    const r = await t.ctx.db.execute<{ households: number; enrollments: number; due_soon: number; emails: number }>(sql`
      SELECT count(DISTINCT h.id)::int AS households,
             count(DISTINCT e.id)::int AS enrollments,
             count(DISTINCT i.id) FILTER (WHERE i.due_date BETWEEN '2026-11-19' AND ${addDays('2026-11-18', 7)})::int AS due_soon,
             count(DISTINCT r.id) FILTER (WHERE r.email LIKE '%@demo.candor.localhost')::int AS emails
        FROM households h
        JOIN enrollments e ON e.household_id = h.id AND e.status = 'effectuated'
        LEFT JOIN billing_invoices i ON i.enrollment_id = e.id AND i.status = 'open'
        LEFT JOIN notice_recipients r ON r.household_id = h.id
       WHERE h.case_number LIKE 'H-DM%'`);
    expect(r.rows[0]).toMatchObject({ households: 40, enrollments: 40, emails: 40 });
    // Households with the full credit owe nothing; every other one has its bill due within the week.
    const owing = await t.ctx.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enrollments e JOIN households h ON h.id = e.household_id WHERE h.case_number LIKE 'H-DM%' AND e.net_premium_cents > 0`,
    );
    expect(r.rows[0]!.due_soon).toBe(owing.rows[0]!.n);
    expect(demoCaseNumber(0)).toBe('H-DM222222');
  });
});
