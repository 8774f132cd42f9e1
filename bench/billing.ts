/**
 * The monthly billing run for 100,000 households (invoices and their notices:
 * invoice-ready now and the payment reminder queued for a week before the
 * due date), against a single set-based INSERT … SELECT of the same invoices
 * into a copy of the invoice table, in the same run on the same PostgreSQL.
 * The reminders come from the daily reminder job on their morning; also
 * measured: the run without notices, and the same month run again (nothing new).
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { enqueueNoticeSink } from '../src/billing/notice-sink.js';
import { setNoticeSink } from '../src/billing/notify.js';
import { queueReminders } from '../src/billing/queue-reminders.js';
import { runBilling } from '../src/billing/run-billing.js';
import { connect } from '../src/platform/database.js';
import { vermont } from '../src/states/vt.js';
import { benchDatabase, benchHeader } from './support.js';

const HOUSEHOLDS = Number(process.env.BENCH_BILLING_HOUSEHOLDS ?? 100_000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function main(): Promise<string> {
  const database = await benchDatabase();
  const { db, close } = connect(database.url, 4);
  try {
    process.stderr.write(`billing: ${fmt(HOUSEHOLDS)} households…\n`);
    await db.execute(
      sql`INSERT INTO households (case_number, state, language) SELECT 'H-B' || lpad(g::text, 7, '0'), 'VT', CASE WHEN g % 5 = 0 THEN 'es' ELSE 'en' END FROM generate_series(1, ${HOUSEHOLDS}) AS g`,
    );
    await db.execute(sql`INSERT INTO household_members (household_id, is_primary, first_name, last_name, date_of_birth) SELECT id, true, 'Pat', 'Bench', '1980-01-01' FROM households`);
    await db.execute(sql`
      INSERT INTO enrollments (household_id, plan_year, carrier_hios_id, plan_hios_id, policy_number, coverage_start, coverage_end, gross_premium_cents, aptc_cents, state_assistance_cents, net_premium_cents, status)
      SELECT id, 2026, '77566', '77566VT0010001', 'PB' || substr(md5(id::text), 1, 10), '2026-01-01', '2026-12-31', 82400, a, 0, 82400 - a, 'effectuated'
        FROM (SELECT id, CASE WHEN random() < 0.6 THEN 55000 ELSE 0 END AS a FROM households) h`);
    await db.execute(sql`ANALYZE`);
    const now = new Date('2026-04-05T10:00:00Z');

    // Baseline: one statement, the same rows (reference numbers included), into a copy of the table.
    await db.execute(sql`CREATE TABLE bench_invoices (LIKE billing_invoices INCLUDING ALL)`);
    let t0 = performance.now();
    const base = await db.execute(sql`
      INSERT INTO bench_invoices (household_id, enrollment_id, kind, coverage_month, issued_on, due_date, gross_premium_cents, aptc_cents, state_assistance_cents, amount_cents, status, run_month, created_at, updated_at)
      SELECT e.household_id, e.id, 'monthly', '2026-05-01', '2026-04-05', '2026-04-23', e.gross_premium_cents, e.aptc_cents, e.state_assistance_cents, e.net_premium_cents,
             CASE WHEN e.net_premium_cents = 0 THEN 'paid' ELSE 'open' END, '2026-05-01', ${now}, ${now}
        FROM enrollments e
       WHERE e.status IN ('pending-binder', 'effectuated', 'in-grace') AND e.coverage_start <= '2026-05-31' AND e.coverage_end >= '2026-05-01'
      ON CONFLICT (enrollment_id, coverage_month) DO NOTHING`);
    const baselineMs = performance.now() - t0;

    // Candor: the run with its invoice-ready notices, then the reminder job on the reminder morning, then the month again.
    setNoticeSink(enqueueNoticeSink(vermont.timeZone));
    t0 = performance.now();
    const full = await runBilling(db, {
      month: '2026-05-01',
      now,
      profile: vermont,
      chunkSize: 2_000,
      onProgress: (n) => n % 20_000 === 0 && process.stderr.write(`billing: ${fmt(n)} enrollments billed…\n`),
    });
    const runMs = performance.now() - t0;
    t0 = performance.now();
    const reminders = await queueReminders(db, { now: new Date('2026-04-16T12:00:00Z'), profile: vermont, chunkSize: 2_000 });
    const remindMs = performance.now() - t0;
    const messages = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notice_messages`)).rows[0]!.n;
    t0 = performance.now();
    const again = await runBilling(db, { month: '2026-05-01', now, profile: vermont, chunkSize: 2_000 });
    const againMs = performance.now() - t0;

    // The invoices alone: the next month without notices.
    setNoticeSink(null);
    t0 = performance.now();
    const plain = await runBilling(db, { month: '2026-06-01', now: new Date('2026-05-05T10:00:00Z'), profile: vermont, chunkSize: 2_000 });
    const plainMs = performance.now() - t0;
    const fullMs = runMs + remindMs;

    const perSec = (n: number, ms: number) => fmt((n / ms) * 1000);
    return [
      '## billing',
      '',
      `${benchHeader()} · load average ${fmt(os.loadavg()[0]!, 1)} at the end`,
      '',
      '| measure | Candor | baseline (same run) | ratio |',
      '|---|---|---|---|',
      `| monthly billing, ${fmt(HOUSEHOLDS)} households: the run (invoices + invoice-ready notices) and the reminder job (${fmt(full.invoicesCreated)} invoices, ${fmt(reminders)} reminders, ${fmt(messages)} messages queued) | ${fmt(fullMs / 1000, 1)} s (run ${fmt(runMs / 1000, 1)} s + reminders ${fmt(remindMs / 1000, 1)} s) | ${fmt(baselineMs / 1000, 2)} s single INSERT … SELECT of the same ${fmt(base.rowCount ?? 0)} invoices | ${fmt(fullMs / baselineMs, 1)} |`,
      `| monthly run, invoices only (no notices) | ${fmt(plainMs / 1000, 2)} s (${perSec(plain.invoicesCreated, plainMs)} invoices/s) | ${fmt(baselineMs / 1000, 2)} s | ${fmt(plainMs / baselineMs, 2)} |`,
      `| the same month run again (nothing to create) | ${fmt(againMs / 1000, 2)} s, ${again.invoicesCreated} created | ${fmt(baselineMs / 1000, 2)} s | ${fmt(againMs / baselineMs, 2)} |`,
      '',
      'The run commits in chunks of 2,000 enrollments (keyset by id): one `INSERT … SELECT … ON CONFLICT (enrollment_id, coverage_month) DO NOTHING RETURNING` per chunk, and in the same transaction the notices for the rows it returned, so a run killed half-way and started again creates nothing twice (src/billing/billing-run-kill.test.ts kills one).',
      'The invoices alone cost about what the single statement does; nearly all of the rest is the notices: one `enqueueNotice` call per message (recipient look-up, dedupe check, message and event rows), one at a time. A set-based enqueue in the notices module (as its campaigns already do) would bring the whole close to the invoices-only figure.',
      'The reminders are queued by a daily job on the morning they are due to go out (7 days before the due date), for bills still unpaid, so someone who paid meanwhile gets none.',
      `Run: \`npm run bench -- billing\` (BENCH_BILLING_HOUSEHOLDS to change the size).`,
    ].join('\n');
  } finally {
    setNoticeSink(null);
    await close();
    await database.drop();
  }
}
