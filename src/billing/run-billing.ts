/**
 * The monthly billing run: one invoice per active enrollment for a coverage
 * month, made set-based in chunks. Each chunk inserts its invoices and queues
 * their invoice-ready notices in one transaction (the reminders are queued by
 * the daily reminder job, so a bill paid meanwhile gets none); the unique (enrollment, month) key means
 * a run killed half-way and started again creates nothing twice.
 * (docs/adr/0060-idempotent-billing-run.md)
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { addDays, addMonths, localDate, type IsoDate } from './dates.js';
import { monthlyDueDate } from './due-dates.js';
import { raiseNotices } from './notify.js';

export interface BillingRunResult {
  month: IsoDate;
  enrollmentsSeen: number;
  invoicesCreated: number;
}

interface CreatedInvoice {
  id: string;
  household_id: string;
  reference_number: string;
  amount_cents: number;
  due_date: string;
  [key: string]: unknown;
}

export async function runBilling(
  db: Db,
  input: { month: IsoDate; now: Date; profile: StateProfile; chunkSize?: number; startedBy?: string; onProgress?: (done: number) => void },
): Promise<BillingRunResult> {
  const { month, now, profile } = input;
  const chunk = input.chunkSize ?? 2_000;
  const monthEnd = addDays(addMonths(month, 1), -1);
  const today = localDate(now, profile.timeZone);
  const monthlyDue = monthlyDueDate(month, profile.billing);
  const startedBy = input.startedBy ?? 'billing-run';

  await db.execute(sql`INSERT INTO billing_runs (month, started_at, started_by) VALUES (${month}, ${now}, ${startedBy}) ON CONFLICT (month) DO NOTHING`);

  const result: BillingRunResult = { month, enrollmentsSeen: 0, invoicesCreated: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db.execute<{ last: string | null; n: number }>(sql`
      SELECT max(id::text) AS last, count(*)::int AS n FROM (
        SELECT id FROM enrollments
         WHERE id > ${after}::uuid
           AND status IN ('pending-binder', 'effectuated', 'in-grace')
           AND coverage_start <= ${monthEnd} AND coverage_end >= ${month}
         ORDER BY id LIMIT ${chunk}
      ) page`);
    const last = page.rows[0]?.last;
    if (!last) break;
    const created = await db.transaction(async (tx) => {
      const inserted = await tx.execute<CreatedInvoice>(sql`
        INSERT INTO billing_invoices (household_id, enrollment_id, kind, coverage_month, issued_on, due_date,
                                      gross_premium_cents, aptc_cents, state_assistance_cents, amount_cents, status, run_month, created_at, updated_at)
        SELECT e.household_id, e.id,
               CASE WHEN date_trunc('month', e.coverage_start)::date = ${month}::date THEN 'binder' ELSE 'monthly' END,
               ${month}, ${today},
               CASE WHEN date_trunc('month', e.coverage_start)::date = ${month}::date
                    THEN greatest(e.coverage_start + ${profile.billing.binderDueDaysAfterCoverageStart}::int, ${monthlyDue}::date)
                    ELSE ${monthlyDue}::date END,
               e.gross_premium_cents, e.aptc_cents, e.state_assistance_cents, e.net_premium_cents,
               CASE WHEN e.net_premium_cents = 0 THEN 'paid' ELSE 'open' END,
               ${month}, ${now}, ${now}
          FROM enrollments e
         WHERE e.id > ${after}::uuid AND e.id <= ${last}::uuid
           AND e.status IN ('pending-binder', 'effectuated', 'in-grace')
           AND e.coverage_start <= ${monthEnd} AND e.coverage_end >= ${month}
        ON CONFLICT (enrollment_id, coverage_month) DO NOTHING
        RETURNING id, household_id, reference_number, amount_cents, due_date::text AS due_date`);
      // The chunk's invoice-ready notices in a few statements (the notices engine's set-based enqueue).
      await raiseNotices(
        tx,
        inserted.rows
          .filter((inv) => inv.amount_cents !== 0)
          .map((inv) => ({
            notice: { type: 'invoice-ready' as const, data: { amountDueCents: inv.amount_cents, dueDate: inv.due_date, coverageMonth: month, referenceNumber: inv.reference_number } },
            opts: { householdId: inv.household_id, dedupeKey: `invoice-ready:${inv.id}`, now },
          })),
      );
      await tx.execute(sql`UPDATE billing_runs SET invoices_created = invoices_created + ${inserted.rows.length} WHERE month = ${month}`);
      return inserted.rows.length;
    });
    result.enrollmentsSeen += page.rows[0]!.n;
    result.invoicesCreated += created;
    input.onProgress?.(result.enrollmentsSeen);
    after = last;
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE billing_runs SET finished_at = ${now} WHERE month = ${month}`);
    await recordAudit(tx, {
      actor: startedBy,
      actorKind: startedBy === 'billing-run' ? 'schedule' : 'system',
      action: 'billing.run.completed',
      objectType: 'billing-run',
      objectId: month,
      details: { invoicesCreated: result.invoicesCreated, enrollmentsSeen: result.enrollmentsSeen },
      at: now,
    });
  });
  return result;
}
