/**
 * The amounts of a carrier's monthly 820, from billing's invoices for the
 * coverage month (what households paid, the credit, state help once paid)
 * and from payments' allocations (refunds and returned payments of earlier
 * months, taken back as negative adjustments). The generator (edi-820.ts)
 * stays a pure function of these lines.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { RemittanceLine } from './edi-820.js';

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

export async function remittanceLines(tx: Tx, carrierHiosId: string, month: string): Promise<RemittanceLine[]> {
  const start = `${month}-01`;
  const end = nextMonth(month);
  const billed = await tx.execute<{ policy_number: string; subscriber_id: string; first_name: string; last_name: string; premium: number; aptc: number; state: number }>(sql`
    SELECT e.policy_number, sub.id AS subscriber_id, sub.first_name, sub.last_name,
           sum(least(i.paid_cents, i.amount_cents))::int AS premium,
           sum(i.aptc_cents)::int AS aptc,
           sum(CASE WHEN i.status = 'paid' THEN i.state_assistance_cents ELSE 0 END)::int AS state
    FROM billing_invoices i
    JOIN enrollments e ON e.id = i.enrollment_id
    JOIN enrollment_members em ON em.enrollment_id = e.id AND em.is_subscriber
    JOIN household_members sub ON sub.id = em.member_id
    WHERE e.carrier_hios_id = ${carrierHiosId} AND i.coverage_month = ${start}::date AND i.status <> 'void'
    GROUP BY e.policy_number, sub.id, sub.first_name, sub.last_name
    ORDER BY e.policy_number`);
  const lines = new Map<string, RemittanceLine>(
    billed.rows.map((r) => [
      r.policy_number,
      {
        policyNumber: r.policy_number,
        subscriberId: r.subscriber_id,
        firstName: r.first_name,
        lastName: r.last_name,
        premiumCents: r.premium,
        aptcCents: r.aptc,
        stateAssistanceCents: r.state,
        adjustmentCents: 0,
      },
    ]),
  );
  const hasAllocations = await tx.execute<{ t: string | null }>(sql`SELECT to_regclass('payment_allocations')::text AS t`);
  if (hasAllocations.rows[0]?.t) {
    const taken = await tx.execute<{ policy_number: string; subscriber_id: string; first_name: string; last_name: string; cents: number }>(sql`
      SELECT e.policy_number, sub.id AS subscriber_id, sub.first_name, sub.last_name, sum(a.cents)::int AS cents
      FROM payment_allocations a
      JOIN billing_invoices i ON i.id = a.invoice_id
      JOIN enrollments e ON e.id = i.enrollment_id
      JOIN enrollment_members em ON em.enrollment_id = e.id AND em.is_subscriber
      JOIN household_members sub ON sub.id = em.member_id
      WHERE e.carrier_hios_id = ${carrierHiosId} AND a.kind IN ('refund', 'return') AND a.at >= ${start}::date AND a.at < ${end}::date AND i.coverage_month < ${start}::date
      GROUP BY e.policy_number, sub.id, sub.first_name, sub.last_name`);
    for (const r of taken.rows) {
      const line = lines.get(r.policy_number) ?? {
        policyNumber: r.policy_number,
        subscriberId: r.subscriber_id,
        firstName: r.first_name,
        lastName: r.last_name,
        premiumCents: 0,
        aptcCents: 0,
        stateAssistanceCents: 0,
        adjustmentCents: 0,
      };
      line.adjustmentCents += r.cents;
      lines.set(r.policy_number, line);
    }
  }
  return [...lines.values()].sort((a, b) => a.policyNumber.localeCompare(b.policyNumber));
}
