/**
 * `npm start` on any date tells a coherent story (docs/adr/0106): every
 * module's demo seed run on a test app whose clock is fixed on a day in the
 * renewal season, on New Year's Day and in mid-year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sessionCookieFor } from '../src/accounts/testing.js';
import { localDay } from '../src/enrollment/dates.js';
import { ManualClock } from '../src/platform/clock.js';
import { openEnrollmentUnderWay } from '../src/states/calendar.js';
import { startTestApp, type TestApp } from './support/app.js';

const DAYS = [
  { at: '2026-12-07T15:00:00Z', inForce: 2026, onOffer: 2027, renewedInto: 2027, mariaYear: 2027 },
  { at: '2027-01-01T15:00:00Z', inForce: 2027, onOffer: 2027, renewedInto: null, mariaYear: 2027 },
  { at: '2027-07-15T15:00:00Z', inForce: 2027, onOffer: 2027, renewedInto: null, mariaYear: 2027 },
] as const;

describe.each(DAYS)('the demo data seeded on $at', (day) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ clock: new ManualClock(new Date(day.at)), listen: false });
    for (const module of t.modules) await module.seed?.(t.ctx, (l) => lines.push(l), { positional: [], flags: {} });
  }, 45_000);
  afterAll(async () => t?.stop());

  const today = () => localDay(t.ctx.clock.now(), t.ctx.profile.timeZone);

  it('has the catalog of the year on offer, and its newcomers apply for that year', async () => {
    expect(openEnrollmentUnderWay(t.ctx.profile.openEnrollment, today()) ?? Number(today().slice(0, 4))).toBe(day.onOffer);
    const { rows } = await t.ctx.db.execute<{ plan_year: number }>(sql`SELECT DISTINCT plan_year FROM catalog_plans WHERE state_code = 'VT' ORDER BY plan_year`);
    expect(rows.map((r) => r.plan_year)).toContain(day.onOffer);
    const apps = await t.ctx.db.execute<{ case_number: string; plan_year: number }>(sql`
      SELECT h.case_number, a.plan_year FROM applications a JOIN households h ON h.id = a.household_id
       WHERE h.case_number IN ('H-DEMOPAPR', 'H-DEMOCALL') ORDER BY h.case_number`);
    expect(apps.rows).toEqual([
      { case_number: 'H-DEMOCALL', plan_year: day.onOffer },
      { case_number: 'H-DEMOPAPR', plan_year: day.onOffer },
    ]);
  });

  it('enrolls the newcomer who moved last week (a special enrollment period, or open enrollment in December)', async () => {
    const { rows } = await t.ctx.db.execute<{ plan_year: number; status: string }>(sql`
      SELECT e.plan_year, e.status FROM enrollments e JOIN households h ON h.id = e.household_id WHERE h.case_number = 'H-DEMOMARA'`);
    expect(rows).toEqual([{ plan_year: day.mariaYear, status: 'pending-binder' }]);
  });

  it('covers the demo customer in the plan year in force today', async () => {
    const { rows } = await t.ctx.db.execute<{ plan_year: number; coverage_start: string; status: string }>(sql`
      SELECT e.plan_year, e.coverage_start::text AS coverage_start, e.status FROM enrollments e JOIN households h ON h.id = e.household_id
       WHERE h.case_number = 'H-DEMOALEX' AND e.coverage_start <= ${today()}::date AND e.coverage_end >= ${today()}::date`);
    expect(rows).toEqual([{ plan_year: day.inForce, coverage_start: `${day.inForce}-01-01`, status: 'effectuated' }]);
  });

  it('issues no bill after its due date, and leaves none past due behind an active enrollment', async () => {
    const { rows: bills } = await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM billing_invoices`);
    expect(bills[0]!.n).toBeGreaterThan(0);
    const late = await t.ctx.db.execute(sql`SELECT coverage_month, issued_on, due_date FROM billing_invoices WHERE issued_on > due_date`);
    expect(late.rows).toEqual([]);
    const pastDue = await t.ctx.db.execute(sql`
      SELECT e.status, i.coverage_month, i.due_date FROM billing_invoices i JOIN enrollments e ON e.id = i.enrollment_id
       WHERE i.status = 'open' AND i.due_date < ${today()}::date AND e.status IN ('pending-binder', 'effectuated')`);
    expect(pastDue.rows).toEqual([]);
    const expired = await t.ctx.db.execute(sql`
      SELECT type FROM notice_messages WHERE state IN ('queued', 'held') AND latest_useful_at IS NOT NULL AND latest_useful_at <= ${t.ctx.clock.now()}`);
    expect(expired.rows).toEqual([]);
  });

  it('lets its customers apply and pay online: every account it made has a confirmed email address (ADR 0130)', async () => {
    const { rows: customers } = await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM accounts WHERE kind = 'customer'`);
    expect(customers[0]!.n).toBeGreaterThan(0);
    const unconfirmed = await t.ctx.db.execute(sql`SELECT email FROM accounts WHERE email_verified_at IS NULL`);
    expect(unconfirmed.rows).toEqual([]);
  });

  it('tells the demo customer the same story on the home, coverage and bills pages: coverage in force with nothing past due, or a grace period shown as such', async () => {
    const { rows } = await t.ctx.db.execute<{ account: string; household: string }>(sql`SELECT customer_account_id AS account, id AS household FROM households WHERE case_number = 'H-DEMOALEX'`);
    const cookie = await sessionCookieFor(t.ctx.db, rows[0]!.account, t.ctx.clock.now());
    const page = async (url: string) => {
      const res = await t.server!.inject({ url, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      return res.body.replace(/\s+/g, ' ');
    };
    const { rows: graces } = await t.ctx.db.execute(sql`
      SELECT 1 FROM billing_grace_periods g JOIN enrollments e ON e.id = g.enrollment_id WHERE e.household_id = ${rows[0]!.household} AND g.status = 'open'`);
    const [home, coverage, bills] = [await page('/'), await page('/coverage'), await page('/billing')];
    if (graces.length) {
      // A grace period is said as such everywhere: the home asks for the overdue premium, the bills page explains the grace period.
      expect(home).toContain('data-situation="in-grace"');
      expect(bills).toContain('You are in a grace period');
      return;
    }
    expect(coverage).toContain('Active');
    expect(bills).not.toContain('data-testid="past-due-since"');
    expect(home).not.toContain('data-situation="in-grace"');
    expect(home).not.toContain('Pay your overdue premium');
  });

  it('shows a renewed household and its renewal notice in the renewal season', async () => {
    const { rows } = await t.ctx.db.execute<{ plan_year: number; outcome: string; notices: number }>(sql`
      SELECT r.plan_year, r.outcome,
             (SELECT count(*)::int FROM notice_messages m JOIN notice_recipients nr ON nr.id = m.recipient_id
               WHERE nr.household_id = r.household_id AND m.type = 'renewal') AS notices
        FROM renewals r JOIN households h ON h.id = r.household_id WHERE h.case_number = 'H-DEMOALEX'`);
    if (day.renewedInto === null) {
      expect(rows).toEqual([]);
      return;
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ plan_year: day.renewedInto });
    expect(rows[0]!.outcome).not.toBe('ended');
    expect(rows[0]!.notices).toBeGreaterThan(0);
    const next = await t.ctx.db.execute(sql`
      SELECT 1 FROM enrollments e JOIN households h ON h.id = e.household_id WHERE h.case_number = 'H-DEMOALEX' AND e.plan_year = ${day.renewedInto}`);
    expect(next.rows).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('Renewal: '))).toBe(true);
  });
});
