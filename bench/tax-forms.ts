/**
 * Form 1095-A statements for 100,000 households of 2026 — one policy each,
 * a tenth ended mid-June and a tenth with a credit redetermined from July —
 * through `runTaxForms` (pages of 1,000 households read set-based, each
 * policy's months, benchmark and content decided in memory, the page's
 * statements written in one INSERT), against a set-based SQL floor measured
 * in the same run on the same PostgreSQL: one INSERT … SELECT that figures
 * the same twelve months per policy (amounts in force, billing's proration,
 * the benchmark as one scalar) and writes them as JSON into a copy of the
 * statements table.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadVermont2026Catalog } from '../src/catalog/seed-vermont-2026.js';
import { connect } from '../src/platform/database.js';
import { seedBook } from '../src/renewal/testing.js';
import { vermont } from '../src/states/vt.js';
import { previewTaxForms, runTaxForms } from '../src/tax-forms/run-tax-forms.js';
import { benchDatabase, benchHeader } from './support.js';

const HOUSEHOLDS = Number(process.env.BENCH_TAX_FORMS_HOUSEHOLDS ?? 100_000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function floor(db: ReturnType<typeof connect>['db'], now: Date): Promise<{ ms: number; rows: number }> {
  await db.execute(sql`CREATE TABLE bench_tax_statements (LIKE tax_statements INCLUDING ALL)`);
  const t0 = performance.now();
  const r = await db.execute(sql`
    WITH benchmark AS (
      SELECT r.individual_cents AS cents FROM catalog_rates r
        JOIN catalog_plans p ON p.plan_year = r.plan_year AND p.plan_id = r.standard_component_id || '-01'
       WHERE r.plan_year = 2026 AND p.metal_level = 'silver' AND r.age = 'Family Option'
       ORDER BY r.individual_cents OFFSET 1 LIMIT 1
    ), months AS (
      SELECT e.id, e.household_id, e.policy_number, m.month::date AS month,
             greatest(0, least(e.coverage_end, (m.month + interval '1 month - 1 day')::date) - greatest(e.coverage_start, m.month::date) + 1) AS days,
             extract(day FROM m.month + interval '1 month - 1 day')::int AS month_days,
             coalesce(a.gross_premium_cents, e.gross_premium_cents) AS gross, coalesce(a.aptc_cents, e.aptc_cents) AS aptc
        FROM enrollments e
       CROSS JOIN generate_series('2026-01-01'::date, '2026-12-01'::date, interval '1 month') AS m(month)
        LEFT JOIN LATERAL (SELECT x.gross_premium_cents, x.aptc_cents FROM enrollment_amounts x
                            WHERE x.enrollment_id = e.id AND x.effective_from <= greatest(e.coverage_start, m.month::date)
                            ORDER BY x.effective_from DESC, x.id DESC LIMIT 1) a ON true
       WHERE e.plan_year = 2026 AND e.status NOT IN ('pending-binder', 'cancelled')
    )
    INSERT INTO bench_tax_statements (household_id, enrollment_id, coverage_year, policy_number, version, kind, content, content_hash, issued_at, issued_by)
    SELECT household_id, id, 2026, policy_number, 1, 'original', c.content, md5(c.content::text), ${now}, 'bench'
      FROM (SELECT household_id, id, policy_number,
                   jsonb_build_object('months', jsonb_agg(jsonb_build_object(
                     'premiumCents', billing_prorate(gross, days, month_days),
                     'slcspCents', CASE WHEN days > 0 THEN billing_prorate((SELECT cents FROM benchmark), days, month_days) ELSE 0 END,
                     'aptcCents', billing_prorate(aptc, days, month_days)) ORDER BY month)) AS content
              FROM months GROUP BY household_id, id, policy_number) c`);
  return { ms: performance.now() - t0, rows: r.rowCount ?? 0 };
}

export async function main(): Promise<string> {
  const database = await benchDatabase();
  const { db, close } = connect(database.url, 4);
  try {
    process.stderr.write(`tax-forms: ${fmt(HOUSEHOLDS)} households…\n`);
    await db.transaction((tx) => loadVermont2026Catalog(tx));
    const tenth = Math.round(HOUSEHOLDS / 10);
    await seedBook(db, { prefix: 'H-TA', households: HOUSEHOLDS - 2 * tenth });
    await seedBook(db, { prefix: 'H-TB', households: tenth, status: 'terminated', coverageEnd: '2026-06-15' });
    await seedBook(db, { prefix: 'H-TC', households: tenth });
    const at = new Date('2026-01-10T15:00:00Z');
    // Each enrollment's dated amounts; the third group's credit redetermined from July.
    await db.execute(sql`
      INSERT INTO enrollment_amounts (enrollment_id, effective_from, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, max_aptc_cents, reason, actor, actor_kind, recorded_at)
      SELECT id, coverage_start, gross_premium_cents, aptc_cents, 0, net_premium_cents, aptc_cents, 'selection', 'bench', 'system', ${at} FROM enrollments`);
    await db.execute(sql`
      INSERT INTO enrollment_amounts (enrollment_id, effective_from, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, max_aptc_cents, reason, actor, actor_kind, recorded_at)
      SELECT e.id, '2026-07-01', e.gross_premium_cents, 60000, 0, e.gross_premium_cents - 60000, 60000, 'redetermination', 'bench', 'system', ${at}
        FROM enrollments e JOIN households h ON h.id = e.household_id WHERE h.case_number LIKE 'H-TC%'`);
    await db.execute(sql`ANALYZE`);
    const now = new Date('2026-12-07T14:00:00Z');
    const deps = { profile: vermont };

    const base = await floor(db, now);
    process.stderr.write(`tax-forms: floor ${fmt(base.ms / 1000, 1)} s\n`);

    let t0 = performance.now();
    const preview = await previewTaxForms(db, deps, { year: 2026, chunkSize: 1_000 });
    const previewMs = performance.now() - t0;
    t0 = performance.now();
    const run = await runTaxForms(db, deps, { year: 2026, now, chunkSize: 1_000, onProgress: (done) => done % 20_000 === 0 && process.stderr.write(`tax-forms: ${fmt(done)} households…\n`) });
    const runMs = performance.now() - t0;
    t0 = performance.now();
    const again = await runTaxForms(db, deps, { year: 2026, now, chunkSize: 1_000 });
    const againMs = performance.now() - t0;

    return [
      '## tax-forms',
      '',
      `${benchHeader()} · load average ${fmt(os.loadavg()[0]!, 1)} at the end`,
      '',
      '| measure | Candor | floor (same run) | ratio |',
      '|---|---|---|---|',
      `| Form 1095-A statements, ${fmt(HOUSEHOLDS)} households (${fmt(tenth)} ended mid-June, ${fmt(tenth)} with a credit changed from July): ${fmt(run.statements)} statements | ${fmt(runMs / 1000, 1)} s (${fmt((HOUSEHOLDS / runMs) * 1000)} households/s) | ${fmt(base.ms / 1000, 2)} s: one INSERT … SELECT of the same ${fmt(base.rows)} policies' twelve months as JSON | ${fmt(runMs / base.ms, 1)} |`,
      `| preview (the same decisions and exceptions, nothing written) | ${fmt(previewMs / 1000, 1)} s, ${fmt(preview.counts.original)} would be issued | ${fmt(base.ms / 1000, 2)} s | ${fmt(previewMs / base.ms, 1)} |`,
      `| the same run again (nothing changed) | ${fmt(againMs / 1000, 1)} s, ${again.statements} statements | ${fmt(base.ms / 1000, 2)} s | ${fmt(againMs / base.ms, 1)} |`,
      '',
      "The run reads a page of 1,000 households in nine statements (keyset by household id), figures each policy's statement in memory (months from the dated amounts and billing's proration, the benchmark from the cached catalog, the people, the content hash) and writes the page's statements in one INSERT … SELECT from a JSON array, in the transaction it read them in. The floor figures the months in SQL with no people, no benchmark per family and no comparison with earlier statements.",
      'Run: `npm run bench -- tax-forms` (BENCH_TAX_FORMS_HOUSEHOLDS to change the size).',
    ].join('\n');
  } finally {
    await close();
    await database.drop();
  }
}
