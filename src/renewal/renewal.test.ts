/**
 * The annual renewal on the real database, with the day fixed at 2026-12-07
 * (open enrollment for 2027): households enrolled for 2026 are previewed,
 * renewed for 2027 in a run interrupted after a few chunks and resumed (the
 * same enrollments as an uninterrupted run), told why when they are not
 * renewed, billed for January with regular bills (no binder, none twice),
 * sent to the carrier as re-enrollments and confirmed by its effectuation
 * file; an active choice for 2027 then replaces the passive renewal.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database.js';
import { runBilling } from '../billing/run-billing.js';
import { dailyMaintenance } from '../carriers/carrier-data.js';
import { build834, parse834 } from '../carriers/edi-834.js';
import { importCarrierFile } from '../carriers/import-carrier-file.js';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../catalog/seed-vermont-2026.js';
import { createEngine } from '../enrollment/engine-adapter.js';
import { EnrollmentEvents } from '../enrollment/events.js';
import { selectPlan } from '../enrollment/select-plan.js';
import { disconnectHub } from '../hub/link-commands.js';
import { ManualClock } from '../platform/clock.js';
import { vermont } from '../states/vt.js';
import { previewRenewal, runRenewal } from './run-renewal.js';
import { seedBook } from './testing.js';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const clock = new ManualClock(new Date('2026-12-07T14:00:00Z'));
const engine = createEngine(vermont);
const deps = { engine, profile: vermont };
const groups: Record<string, string[]> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  await db.transaction((tx) => loadVermont2026Catalog(tx));
  await db.transaction((tx) => loadVermont2027Catalog(tx));
  // 2027: MVP drops its HDHP Silver (its crosswalk names the Standard Silver) and Blue Cross its Gold CDHP (no crosswalk).
  await db.execute(sql`DELETE FROM catalog_rates WHERE plan_year = 2027 AND standard_component_id IN ('77566VT0020005', '13627VT0010003')`);
  await db.execute(sql`DELETE FROM catalog_plans WHERE plan_year = 2027 AND standard_component_id IN ('77566VT0020005', '13627VT0010003')`);
  await db.execute(sql`INSERT INTO catalog_imports (source, plans, rates) VALUES ('test: 2027 discontinued plans', 0, 0)`);
  await db.execute(
    sql`INSERT INTO renewal_plan_crosswalks (from_year, from_plan_hios_id, to_plan_hios_id, source) VALUES (2026, '77566VT0020005', '77566VT0020004', 'MVP plan ID crosswalk 2027 (test)')`,
  );

  groups.same = await seedBook(db, { prefix: 'H-RA', households: 24 });
  groups.crosswalk = await seedBook(db, { prefix: 'H-RB', households: 6, carrierHiosId: '77566', planHiosId: '77566VT0020005', grossPremiumCents: 129_918 });
  groups.other = await seedBook(db, { prefix: 'H-RC', households: 5, planHiosId: '13627VT0010003', grossPremiumCents: 139_870, annualIncomeCents: 9_000_000, aptcCents: 0 });
  groups.noConsent = await seedBook(db, { prefix: 'H-RD', households: 5, carrierHiosId: '77566', planHiosId: '77566VT0020006', grossPremiumCents: 84_627, aptcCents: 40_000, consent: false });
  groups.moved = await seedBook(db, { prefix: 'H-RE', households: 3, homeState: 'NH', zip: '03766' });
  groups.ended = await seedBook(db, { prefix: 'H-RF', households: 3, status: 'terminated', coverageEnd: '2026-06-30' });
  groups.ineligible = await seedBook(db, { prefix: 'H-RG', households: 3, annualIncomeCents: 1_000_000 });
});
afterAll(async () => database?.drop());

const RENEWED = 40;

/** Next year's enrollments as a comparable list: household, plan, variant, amounts, members, status. */
async function snapshot() {
  const { rows } = await database.db.execute<Record<string, unknown>>(sql`
    SELECT e.household_id, e.plan_hios_id, e.plan_variant, e.gross_premium_cents, e.aptc_cents, e.state_assistance_cents, e.net_premium_cents, e.status,
           e.coverage_start::text, e.coverage_end::text, (SELECT string_agg(member_id::text, ',' ORDER BY member_id) FROM enrollment_members m WHERE m.enrollment_id = e.id) AS members,
           r.outcome, r.rule
      FROM enrollments e JOIN renewals r ON r.to_enrollment_id = e.id
     WHERE e.plan_year = 2027 ORDER BY e.household_id`);
  return rows;
}

async function outcomes() {
  const { rows } = await database.db.execute<{ outcome: string; n: number }>(sql`SELECT outcome, count(*)::int AS n FROM renewals WHERE plan_year = 2027 GROUP BY outcome ORDER BY outcome`);
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

const EXPECTED = { 'renewed-same-plan': 29, 'renewed-crosswalk': 6, 'renewed-other-plan': 5, moved: 3, ended: 3, ineligible: 3 };

describe('annual renewal for 2027', () => {
  it('previews the outcomes without changing anything', async () => {
    const p = await previewRenewal(database.db, deps, { planYear: 2027, now: clock.now(), chunkSize: 10 });
    expect(p.total).toBe(49);
    expect(Object.fromEntries(Object.entries(p.counts).filter(([, n]) => n > 0))).toEqual(EXPECTED);
    const written = await database.db.execute<{ r: number; e: number; n: number }>(sql`
      SELECT (SELECT count(*) FROM renewals)::int AS r, (SELECT count(*) FROM enrollments WHERE plan_year = 2027)::int AS e, (SELECT count(*) FROM notice_messages)::int AS n`);
    expect(written.rows[0]).toEqual({ r: 0, e: 0, n: 0 });
  });

  it('renews with the hub link cut, interrupted after three chunks and resumed, as an uninterrupted run would', { timeout: 120_000 }, async () => {
    await database.db.transaction((tx) => disconnectHub(tx, { reason: 'test: security review', by: { id: 'test', kind: 'system' }, now: clock.now() }));
    const first = await runRenewal(database.db, deps, { planYear: 2027, now: clock.now(), chunkSize: 7, maxChunks: 3 });
    expect(first.finished).toBe(false);
    expect(first.decided).toBe(21);
    const rest = await runRenewal(database.db, deps, { planYear: 2027, now: clock.now(), chunkSize: 7 });
    expect(rest.finished).toBe(true);
    expect(rest.decided).toBe(49 - 21);
    expect(rest.alreadyDone).toBe(21);
    expect(await outcomes()).toEqual(EXPECTED);
    const resumed = await snapshot();
    expect(resumed).toHaveLength(RENEWED);

    // Again: nothing new.
    const again = await runRenewal(database.db, deps, { planYear: 2027, now: clock.now(), chunkSize: 7 });
    expect(again).toMatchObject({ decided: 0, alreadyDone: 49 });

    // The same run from scratch, uninterrupted, decides the same enrollments.
    await database.db.execute(sql`DELETE FROM renewals WHERE plan_year = 2027`);
    await database.db.execute(sql`DELETE FROM enrollments WHERE plan_year = 2027`);
    await database.db.execute(sql`DELETE FROM applications WHERE plan_year = 2027`);
    await database.db.execute(sql`DELETE FROM notice_messages`);
    const whole = await runRenewal(database.db, deps, { planYear: 2027, now: clock.now(), chunkSize: 1000 });
    expect(whole.decided).toBe(49);
    const strip = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r }));
    expect(strip(await snapshot())).toEqual(strip(resumed));
  });

  it('re-enrolls by the hierarchy, with the variant of the new determination and the income check pending', async () => {
    const rows = await snapshot();
    const of = (ids: string[]) => rows.filter((r) => ids.includes(r.household_id as string));
    // Same plan, and at 188 % of the 2027 poverty line the silver variant with cost-sharing reductions.
    expect(new Set(of(groups.same!).map((r) => `${String(r.plan_hios_id)}-${String(r.plan_variant)}`))).toEqual(new Set(['13627VT0010004-05']));
    expect(of(groups.crosswalk!).every((r) => r.plan_hios_id === '77566VT0020004' && r.rule === 'crosswalk')).toBe(true);
    expect(of(groups.other!).every((r) => r.plan_hios_id === '13627VT0010002' && r.rule === 'same-product-same-metal')).toBe(true);
    // No consent to IRS data: renewed without financial help, in the standard variant.
    expect(of(groups.noConsent!).every((r) => r.plan_hios_id === '77566VT0020006' && r.plan_variant === '01' && r.aptc_cents === 0 && r.status === 'effectuated')).toBe(true);
    const checks = await database.db.execute<{ pending: number }>(sql`
      SELECT count(*)::int AS pending FROM verifications v JOIN applications a ON a.id = v.application_id WHERE a.plan_year = 2027 AND v.element = 'income' AND v.status = 'pending'`);
    expect(checks.rows[0]!.pending).toBe(RENEWED - groups.noConsent!.length);
    const current = await database.db.execute<{ year: number; n: number }>(sql`
      SELECT plan_year AS year, count(DISTINCT household_id)::int AS n FROM eligibility_determinations WHERE current GROUP BY plan_year`);
    expect(current.rows).toEqual([{ year: 2027, n: RENEWED + groups.ineligible!.length }]);
  });

  it('sends each household its renewal notice, or the reason it is not renewed, in its language', async () => {
    const { rows } = await database.db.execute<{ type: string; n: number; es: number }>(sql`
      SELECT m.type, count(DISTINCT r.household_id)::int AS n, count(DISTINCT r.household_id) FILTER (WHERE r.language = 'es')::int AS es
        FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id GROUP BY m.type ORDER BY m.type`);
    expect(rows.map((r) => [r.type, r.n])).toEqual([
      ['renewal', RENEWED],
      ['renewal-ended', 9],
    ]);
    expect(rows.find((r) => r.type === 'renewal')!.es).toBeGreaterThan(0);
    const ended = await database.db.execute<{ reason: string; n: number }>(
      sql`SELECT data->>'reason' AS reason, count(DISTINCT recipient_id)::int AS n FROM notice_messages WHERE type = 'renewal-ended' GROUP BY 1 ORDER BY 1`,
    );
    expect(ended.rows).toEqual([
      { reason: 'ended', n: 3 },
      { reason: 'ineligible', n: 3 },
      { reason: 'moved', n: 3 },
    ]);
    const crosswalk = await database.db.execute<{ data: { changes: string[]; planName: string; chooseBy: string } }>(sql`
      SELECT m.data FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE m.type = 'renewal' AND r.household_id = ${groups.crosswalk![0]!} LIMIT 1`);
    // The 2027 applicable-percentage table is provisional: the amounts are labelled as an estimate.
    expect(crosswalk.rows[0]!.data).toMatchObject({ planName: 'MVP VT Standard Silver', chooseBy: '2026-12-15', estimate: true });
    expect(crosswalk.rows[0]!.data.changes).toContain('crosswalk');
  });

  it('bills January with one regular bill per renewed enrollment, no binder, and nothing twice', { timeout: 60_000 }, async () => {
    clock.set(new Date('2026-12-10T11:00:00Z'));
    const first = await runBilling(database.db, { month: '2027-01-01', now: clock.now(), profile: vermont, chunkSize: 9 });
    expect(first.invoicesCreated).toBe(RENEWED);
    const kinds = await database.db.execute<{ kind: string; n: number }>(sql`SELECT kind, count(*)::int AS n FROM billing_invoices WHERE coverage_month = '2027-01-01' GROUP BY kind`);
    expect(kinds.rows).toEqual([{ kind: 'monthly', n: RENEWED }]);
    const second = await runBilling(database.db, { month: '2027-01-01', now: clock.now(), profile: vermont });
    expect(second.invoicesCreated).toBe(0);
  });

  it('tells the carrier of a renewal as a re-enrollment (INS03 021, INS04 41), and its effectuation file confirms it', async () => {
    const byCarrier = await dailyMaintenance(database.db, { day: '2026-12-07', timeZone: vermont.timeZone, state: 'VT', sourceExchangeId: 'VT0' });
    const mvp = byCarrier.get('77566')!.filter((e) => e.coverageStart === '2027-01-01');
    expect(mvp).toHaveLength(groups.crosswalk!.length + groups.noConsent!.length);
    expect(mvp.every((e) => e.maintenance === 'add' && e.reason === 're-enrollment')).toBe(true);
    const exchange = { id: 'VT0', name: vermont.exchangeName };
    const carrier = { id: '77566', name: 'MVP Health Care' };
    const outbound = build834({ sender: exchange, receiver: carrier, controlNumber: 501, createdAt: clock.now(), purpose: 'update', reference: 'VT-RENEWAL', production: false, enrollments: mvp });
    expect(outbound).toContain('INS*Y*18*021*41*A');
    const back = parse834(outbound).enrollments.map((e) => ({ ...e, carrierPolicyId: `MVP${e.policyNumber}` }));
    expect(back.every((e) => e.reason === 're-enrollment')).toBe(true);
    const effectuation = build834({
      sender: carrier,
      receiver: exchange,
      controlNumber: 77,
      createdAt: clock.now(),
      purpose: 'update',
      reference: 'MVP-EFF-2027',
      production: false,
      enrollments: back,
    });
    const r = await database.db.transaction((tx) => importCarrierFile(tx, { text: effectuation, fileName: 'mvp-2027.x12', actor: { id: 'test', kind: 'system' }, at: clock.now() }));
    expect(r).toMatchObject({ kind: 'effectuation', confirmed: mvp.length, discrepancies: 0 });
    const confirmed = await database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enrollments WHERE plan_year = 2027 AND carrier_hios_id = '77566' AND carrier_confirmed_at IS NOT NULL`,
    );
    expect(confirmed.rows[0]!.n).toBe(mvp.length);
  });

  it('an active choice for 2027 before the deadline replaces the passive renewal', async () => {
    const householdId = groups.same![0]!;
    clock.set(new Date('2026-12-12T16:00:00Z'));
    const { enrollmentId } = await database.db.transaction((tx) =>
      selectPlan(tx, { engine, events: new EnrollmentEvents(), profile: vermont }, { householdId, plan: '77566VT0020004-05', actor: { id: 'customer', kind: 'person' }, at: clock.now() }),
    );
    const rows = await database.db.execute<{ id: string; status: string; plan_hios_id: string; coverage_start: string }>(sql`
      SELECT id, status, plan_hios_id, coverage_start::text FROM enrollments WHERE household_id = ${householdId} AND plan_year = 2027 ORDER BY created_at`);
    expect(rows.rows).toEqual([
      expect.objectContaining({ status: 'cancelled', plan_hios_id: '13627VT0010004', coverage_start: '2027-01-01' }),
      expect.objectContaining({ id: enrollmentId, status: 'pending-binder', plan_hios_id: '77566VT0020004', coverage_start: '2027-01-01' }),
    ]);
    // Running the renewal again leaves the choice alone.
    const again = await runRenewal(database.db, deps, { planYear: 2027, now: clock.now() });
    expect(again.decided).toBe(0);
    const active = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM enrollments WHERE household_id = ${householdId} AND plan_year = 2027 AND status <> 'cancelled'`);
    expect(active.rows[0]!.n).toBe(1);
  });
});
