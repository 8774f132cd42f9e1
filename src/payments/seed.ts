/**
 * The demo customer who has paid (H-DEMOALEX, docs/adr/0106): each of his
 * bills that fell due before today is paid by a check received three days
 * before its due date, posted as the lockbox posts one (applied, audited), so
 * his coverage is effectuated with no bill past due behind it. The notices
 * those payments raised on their day are recorded as sent then.
 */
import { sql } from 'drizzle-orm';
import type { ParsedArgs } from '../web/module.js';
import { addDays, localDate } from '../billing/dates.js';
import { recordPastNoticesSent } from '../notices/demo-history.js';
import type { AppContext } from '../web/context.js';
import { applyPayment, auditPayment } from './apply-payment.js';
import { payments } from './schema.js';

const PAID_DEMO_CASES = ['H-DEMOALEX'];

export async function seedPayments(ctx: AppContext, report: (line: string) => void, _args: ParsedArgs): Promise<void> {
  const now = ctx.clock.now();
  const today = localDate(now, ctx.profile.timeZone);
  const { rows } = await ctx.db.execute<{ id: string; household_id: string; owed: number; due_date: string }>(sql`
    SELECT i.id, i.household_id, (i.amount_cents - i.paid_cents)::int AS owed, i.due_date::text AS due_date
      FROM billing_invoices i JOIN households h ON h.id = i.household_id
     WHERE h.case_number IN (${sql.join(
       PAID_DEMO_CASES.map((c) => sql`${c}`),
       sql`, `,
     )})
       AND i.status = 'open' AND i.amount_cents > i.paid_cents AND i.due_date < ${today}::date
     ORDER BY i.due_date`);
  for (const bill of rows) {
    const receivedOn = addDays(bill.due_date, -3);
    const at = new Date(`${receivedOn}T15:00:00Z`);
    const c = { now: at < now ? at : now, profile: ctx.profile };
    await ctx.db.transaction(async (tx) => {
      const [payment] = await tx
        .insert(payments)
        .values({
          idempotencyKey: `demo:${bill.id}`,
          householdId: bill.household_id,
          invoiceId: bill.id,
          channel: 'mail',
          method: 'check',
          checkNumber: '1001',
          amountCents: bill.owed,
          status: 'succeeded',
          receivedOn,
          createdAt: c.now,
          updatedAt: c.now,
        })
        .onConflictDoNothing({ target: payments.idempotencyKey })
        .returning();
      if (!payment) return;
      await applyPayment(tx, payment, c);
      await auditPayment(tx, payment, 'payment.check-posted', c, { id: 'seed', kind: 'system' }, { demo: true });
      await recordPastNoticesSent(tx, [bill.household_id], new Date(c.now.getTime() + 60_000));
    });
  }
  if (rows.length) report(`Payments: the demo customer's ${rows.length === 1 ? 'bill' : `${rows.length} bills`} due before today paid by check.`);
}
