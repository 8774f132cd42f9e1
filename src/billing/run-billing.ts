/**
 * The monthly billing run: one invoice per active enrollment for a coverage
 * month, made set-based in chunks. Each chunk inserts its invoices and queues
 * their invoice-ready notices in one transaction (the reminders are queued by
 * the daily reminder job, so a bill paid meanwhile gets none); the unique (enrollment, month) key means
 * a run killed half-way and started again creates nothing twice.
 * (docs/adr/0060-idempotent-billing-run.md)
 * Amounts: those of the enrollment in force for the month (its dated
 * history), prorated for coverage that starts or ends inside the month
 * (docs/adr/0065); a household's credit pays the new bills (docs/adr/0066).
 * A renewed enrollment's first month is a regular bill, not a binder (docs/adr/0105).
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import { applyCreditOfHouseholds } from '../payments/apply-credit.js';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { addDays, addMonths, localDate, type IsoDate } from './dates.js';
import { monthlyDueDate } from './due-dates.js';
import { invoiceReadyNotice, raiseNotices } from './notify.js';
import { monthLength } from './proration.js';

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
  const monthDays = monthLength(month);
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
                                      gross_premium_cents, aptc_cents, state_assistance_cents, amount_cents, covered_days, status, run_month, created_at, updated_at)
        SELECT e.household_id, e.id,
               CASE WHEN b.first_month THEN 'binder' ELSE 'monthly' END,
               ${month}, ${today},
               CASE WHEN b.first_month
                    THEN greatest(e.coverage_start + ${profile.billing.binderDueDaysAfterCoverageStart}::int, ${monthlyDue}::date)
                    ELSE ${monthlyDue}::date END,
               p.gross, p.aptc, p.help - p.aptc, greatest(0, p.gross - p.help),
               CASE WHEN d.days = ${monthDays} THEN NULL ELSE d.days END,
               CASE WHEN p.gross <= p.help THEN 'paid' ELSE 'open' END,
               ${month}, ${now}, ${now}
          FROM enrollments e
          -- The amounts in force on the month's first covered day (monthly-amounts.ts), else the enrollment's own.
          LEFT JOIN LATERAL (
            SELECT h.gross_premium_cents, h.aptc_cents, h.state_assistance_cents FROM enrollment_amounts h
             WHERE h.enrollment_id = e.id AND h.effective_from <= greatest(${month}::date, e.coverage_start)
             ORDER BY h.effective_from DESC, h.id DESC LIMIT 1
          ) h ON true
          CROSS JOIN LATERAL (SELECT least(e.coverage_end, ${monthEnd}::date) - greatest(e.coverage_start, ${month}::date) + 1 AS days) d
          -- A new enrollment's first month is its binder bill; a renewal's is a regular bill (no binder, docs/adr/0105).
          CROSS JOIN LATERAL (
            SELECT date_trunc('month', e.coverage_start)::date = ${month}::date
                   AND NOT EXISTS (SELECT 1 FROM enrollment_transitions t WHERE t.enrollment_id = e.id AND t.kind = 'created' AND t.reason = 'renewal') AS first_month
          ) b
          -- proration.ts prorateAmounts(): premium, credit and credit + state help, each × days ÷ days in the month.
          CROSS JOIN LATERAL (
            SELECT billing_prorate(coalesce(h.gross_premium_cents, e.gross_premium_cents), d.days, ${monthDays}) AS gross,
                   billing_prorate(coalesce(h.aptc_cents, e.aptc_cents), d.days, ${monthDays}) AS aptc,
                   billing_prorate(coalesce(h.aptc_cents, e.aptc_cents) + coalesce(h.state_assistance_cents, e.state_assistance_cents), d.days, ${monthDays}) AS help
          ) p
         WHERE e.id > ${after}::uuid AND e.id <= ${last}::uuid
           AND e.status IN ('pending-binder', 'effectuated', 'in-grace')
           AND e.coverage_start <= ${monthEnd} AND e.coverage_end >= ${month}
        ON CONFLICT (enrollment_id, coverage_month) DO NOTHING
        RETURNING id, household_id, reference_number, amount_cents, due_date::text AS due_date`);
      // The household's credit pays the new bills first; the notices name it and ask for what is left.
      const credit = await applyCreditOfHouseholds(
        tx,
        inserted.rows.map((inv) => inv.household_id),
        { at: now, actor: startedBy },
      );
      // The chunk's invoice-ready notices in a few statements (the notices engine's set-based enqueue).
      await raiseNotices(
        tx,
        inserted.rows.flatMap((inv) => {
          const notice = invoiceReadyNotice({
            amountCents: inv.amount_cents,
            creditCents: credit.get(inv.id) ?? 0,
            dueDate: inv.due_date,
            coverageMonth: month,
            referenceNumber: inv.reference_number,
          });
          return notice ? [{ notice, opts: { householdId: inv.household_id, dedupeKey: `invoice-ready:${inv.id}`, now } }] : [];
        }),
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
