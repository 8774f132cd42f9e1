/**
 * The annual renewal of 100,000 households enrolled for 2026 into 2027 —
 * redetermination (a new application and determination each), pricing through
 * the quote engine, passive re-enrollment by the hierarchy (10 % in a plan
 * the issuer discontinued, renewed by its crosswalk), the IRS income check
 * left pending, and a renewal notice per household — against a set-based SQL
 * floor measured in the same run on the same PostgreSQL: one INSERT … SELECT
 * per table writing the same rows into copies of the tables, prices read
 * straight from next year's rate table (no eligibility, no hierarchy).
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadVermont2026Catalog, loadVermont2027Catalog } from '../src/catalog/seed-vermont-2026.js';
import { createEngine } from '../src/enrollment/engine-adapter.js';
import { connect } from '../src/platform/database.js';
import { previewRenewal, runRenewal } from '../src/renewal/run-renewal.js';
import { seedBook } from '../src/renewal/testing.js';
import { vermont } from '../src/states/vt.js';
import { benchDatabase, benchHeader } from './support.js';

const HOUSEHOLDS = Number(process.env.BENCH_RENEWAL_HOUSEHOLDS ?? 100_000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function floor(db: ReturnType<typeof connect>['db'], now: Date): Promise<{ ms: number; rows: number }> {
  for (const t of [
    'applications',
    'eligibility_determinations',
    'enrollments',
    'enrollment_members',
    'enrollment_amounts',
    'enrollment_transitions',
    'renewals',
    'verifications',
    'notice_recipients',
    'notice_messages',
  ]) {
    await db.execute(sql.raw(`CREATE TABLE bench_${t} (LIKE ${t} INCLUDING ALL)`));
  }
  const t0 = performance.now();
  let rows = 0;
  const run = async (q: ReturnType<typeof sql>) => {
    rows += (await db.execute(q)).rowCount ?? 0;
  };
  await run(sql`
    INSERT INTO bench_applications (id, household_id, plan_year, channel, status, step, annual_income_cents, tax_household_size, submitted_at, determined_at, created_at, updated_at)
    SELECT gen_random_uuid(), household_id, 2027, channel, 'determined', 'review', annual_income_cents, tax_household_size, ${now}, ${now}, ${now}, ${now}
      FROM applications WHERE plan_year = 2026 AND status = 'determined'`);
  await run(sql`
    INSERT INTO bench_eligibility_determinations (application_id, household_id, member_id, plan_year, outcome, fpl_percent, max_aptc_cents, state_assistance_cents, csr_variant, reasons, determined_at)
    SELECT a.id, a.household_id, m.id, 2027, 'qhp-aptc', (a.annual_income_cents * 100 / 1596000)::int, e.aptc_cents, 0, '01', '["renewal"]'::jsonb, ${now}
      FROM bench_applications a JOIN household_members m ON m.household_id = a.household_id
      JOIN enrollments e ON e.household_id = a.household_id AND e.plan_year = 2026`);
  await run(sql`
    INSERT INTO bench_renewals (household_id, plan_year, outcome, rule, from_enrollment_id, application_id, income_check, previous_net_cents, decided_at)
    SELECT e.household_id, 2027, 'renewed-same-plan', 'same-plan', e.id, a.id, 'pending', e.net_premium_cents, ${now}
      FROM enrollments e JOIN bench_applications a ON a.household_id = e.household_id WHERE e.plan_year = 2026`);
  await run(sql`
    INSERT INTO bench_verifications (application_id, household_id, element, status, attested_at, updated_at)
    SELECT id, household_id, 'income', 'pending', ${now}, ${now} FROM bench_applications`);
  await run(sql`
    INSERT INTO bench_enrollments (id, household_id, application_id, plan_year, carrier_hios_id, plan_hios_id, plan_variant, policy_number, coverage_start, coverage_end,
                                   gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status, status_changed_at, created_at, updated_at)
    SELECT gen_random_uuid(), e.household_id, a.id, 2027, e.carrier_hios_id, coalesce(cw.to_plan_hios_id, e.plan_hios_id), e.plan_variant, 'R' || substr(md5(e.id::text), 1, 11),
           '2027-01-01', '2027-12-31', r.individual_cents, least(e.aptc_cents, r.individual_cents), 0, r.individual_cents - least(e.aptc_cents, r.individual_cents),
           'effectuated', ${now}, ${now}, ${now}
      FROM enrollments e
      JOIN bench_applications a ON a.household_id = e.household_id
      JOIN household_members m ON m.household_id = e.household_id AND m.is_primary
      LEFT JOIN renewal_plan_crosswalks cw ON cw.from_year = 2026 AND cw.from_plan_hios_id = e.plan_hios_id
      JOIN catalog_rates r ON r.plan_year = 2027 AND r.standard_component_id = coalesce(cw.to_plan_hios_id, e.plan_hios_id)
                          AND r.age = 'Family Option' -- Vermont rates by family tier: one adult pays the individual rate
     WHERE e.plan_year = 2026`);
  await run(sql`
    INSERT INTO bench_enrollment_members (enrollment_id, member_id, is_subscriber, premium_cents)
    SELECT b.id, m.id, true, b.gross_premium_cents FROM bench_enrollments b JOIN household_members m ON m.household_id = b.household_id AND m.is_primary`);
  await run(sql`
    INSERT INTO bench_enrollment_amounts (enrollment_id, effective_from, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, max_aptc_cents, reason, application_id, actor, actor_kind, recorded_at)
    SELECT id, coverage_start, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, aptc_cents, 'redetermination', application_id, 'bench', 'system', ${now} FROM bench_enrollments`);
  await run(sql`
    INSERT INTO bench_enrollment_transitions (enrollment_id, kind, from_status, to_status, effective_date, reason, actor, actor_kind, at)
    SELECT id, 'created', NULL, 'effectuated', coverage_start, 'renewal', 'bench', 'system', ${now} FROM bench_enrollments`);
  await run(sql`
    INSERT INTO bench_notice_recipients (household_id, first_name, last_name, language, mailing_address, created_at, updated_at)
    SELECT h.id, m.first_name, m.last_name, h.language, jsonb_build_object('lines', jsonb_build_array(a.line1), 'city', a.city, 'state', a.state, 'zip', a.zip), ${now}, ${now}
      FROM households h JOIN household_members m ON m.household_id = h.id AND m.is_primary JOIN household_addresses a ON a.household_id = h.id AND a.kind = 'home'`);
  await run(sql`
    INSERT INTO bench_notice_messages (type, recipient_id, channel, lang, data, due_at, available_at, dedupe_key, created_at, updated_at)
    SELECT 'renewal', r.id, 'letter', r.language,
           jsonb_build_object('planYear', 2027, 'planHiosId', b.plan_hios_id, 'coverageStart', '2027-01-01', 'chooseBy', '2026-12-15', 'grossPremiumCents', b.gross_premium_cents,
                              'creditCents', b.aptc_cents, 'stateAssistanceCents', 0, 'netPremiumCents', b.net_premium_cents, 'changes', '[]'::jsonb),
           ${now}, ${now}, 'renewal:2027:' || r.household_id, ${now}, ${now}
      FROM bench_notice_recipients r JOIN bench_enrollments b ON b.household_id = r.household_id`);
  return { ms: performance.now() - t0, rows };
}

export async function main(): Promise<string> {
  const database = await benchDatabase();
  const { db, close } = connect(database.url, 4);
  try {
    process.stderr.write(`renewal: ${fmt(HOUSEHOLDS)} households…\n`);
    await db.transaction((tx) => loadVermont2026Catalog(tx));
    await db.transaction((tx) => loadVermont2027Catalog(tx));
    // MVP drops its HDHP Silver for 2027 and crosswalks its enrollees to its Standard Silver.
    await db.execute(sql`DELETE FROM catalog_rates WHERE plan_year = 2027 AND standard_component_id = '77566VT0020005'`);
    await db.execute(sql`DELETE FROM catalog_plans WHERE plan_year = 2027 AND standard_component_id = '77566VT0020005'`);
    await db.execute(sql`INSERT INTO catalog_imports (source, plans, rates) VALUES ('bench: 2027 discontinued plan', 0, 0)`);
    await db.execute(sql`INSERT INTO renewal_plan_crosswalks (from_year, from_plan_hios_id, to_plan_hios_id, source) VALUES (2026, '77566VT0020005', '77566VT0020004', 'bench')`);
    const tenth = Math.round(HOUSEHOLDS / 10);
    await seedBook(db, { prefix: 'H-BA', households: HOUSEHOLDS - tenth });
    await seedBook(db, { prefix: 'H-BB', households: tenth, carrierHiosId: '77566', planHiosId: '77566VT0020005', grossPremiumCents: 129_918 });
    await db.execute(sql`ANALYZE`);
    const now = new Date('2026-10-01T10:00:00Z');

    const base = await floor(db, now);
    process.stderr.write(`renewal: floor ${fmt(base.ms / 1000, 1)} s\n`);

    const deps = { engine: createEngine(vermont), profile: vermont };
    let t0 = performance.now();
    const preview = await previewRenewal(db, deps, { planYear: 2027, now, chunkSize: 1_000 });
    const previewMs = performance.now() - t0;
    t0 = performance.now();
    const run = await runRenewal(db, deps, { planYear: 2027, now, chunkSize: 1_000, onProgress: (done) => done % 20_000 === 0 && process.stderr.write(`renewal: ${fmt(done)} households…\n`) });
    const runMs = performance.now() - t0;
    const written = await db.execute<{ enrollments: number; messages: number; determinations: number }>(sql`
      SELECT (SELECT count(*) FROM enrollments WHERE plan_year = 2027)::int AS enrollments, (SELECT count(*) FROM notice_messages WHERE type = 'renewal')::int AS messages,
             (SELECT count(*) FROM eligibility_determinations WHERE plan_year = 2027)::int AS determinations`);
    t0 = performance.now();
    const again = await runRenewal(db, deps, { planYear: 2027, now, chunkSize: 1_000 });
    const againMs = performance.now() - t0;
    const w = written.rows[0]!;

    return [
      '## renewal',
      '',
      `${benchHeader()} · load average ${fmt(os.loadavg()[0]!, 1)} at the end`,
      '',
      '| measure | Candor | floor (same run) | ratio |',
      '|---|---|---|---|',
      `| annual renewal, ${fmt(HOUSEHOLDS)} households: redetermination, pricing through the quote engine, passive re-enrollment (${fmt(run.counts['renewed-same-plan'])} same plan, ${fmt(run.counts['renewed-crosswalk'])} crosswalk), IRS income check queued, notices (${fmt(w.enrollments)} enrollments, ${fmt(w.determinations)} determinations, ${fmt(w.messages)} renewal notices) | ${fmt(runMs / 1000, 1)} s (${fmt((HOUSEHOLDS / runMs) * 1000)} households/s) | ${fmt(base.ms / 1000, 2)} s: one INSERT … SELECT per table of the same ${fmt(base.rows)} rows, prices straight from the rate table | ${fmt(runMs / base.ms, 1)} |`,
      `| preview (the same decisions, nothing written) | ${fmt(previewMs / 1000, 1)} s, ${fmt(preview.counts['renewed-same-plan'] + preview.counts['renewed-crosswalk'])} would renew | ${fmt(base.ms / 1000, 2)} s | ${fmt(previewMs / base.ms, 1)} |`,
      `| the same run again (nothing to decide) | ${fmt(againMs / 1000, 2)} s, ${again.decided} decided | ${fmt(base.ms / 1000, 2)} s | ${fmt(againMs / base.ms, 2)} |`,
      '',
      'The run reads a chunk of 1,000 households in five statements (keyset by household id), decides each in memory through the enrollment engine (eligibility and every plan priced by the quote engine from its cached catalog, then the 155.335(j) hierarchy), and writes the chunk in one transaction: the renewal rows first (ON CONFLICT DO NOTHING, the idempotency key), then applications, determinations, verifications, enrollments with members, amounts and transitions, and the notices through the set-based enqueue. The floor writes the same tables with no decisions at all.',
      `Run: \`npm run bench -- renewal\` (BENCH_RENEWAL_HOUSEHOLDS to change the size).`,
    ].join('\n');
  } finally {
    await close();
    await database.drop();
  }
}
