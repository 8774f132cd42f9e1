/**
 * The daily delinquency job: first the bills of enrollments that changed
 * since yesterday follow the change (whatever module made it, rebill-enrollment.ts),
 * then every enrollment whose standing may change today, each in its own transaction.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { addDays, localDate } from './dates.js';
import { loadChannelOutages } from './load-outages.js';
import { rebillEnrollment } from './rebill-enrollment.js';
import { enrollmentsToCheck, updateBillingStanding } from './update-billing-standing.js';

const TWO_DAYS_MS = 2 * 86_400_000;

export async function checkDelinquency(db: Db, input: { now: Date; profile: StateProfile }): Promise<Record<string, number>> {
  const today = localDate(input.now, input.profile.timeZone);
  const counts: Record<string, number> = {};
  const changed = await db.execute<{ id: string }>(sql`
    SELECT DISTINCT t.enrollment_id AS id FROM enrollment_transitions t
     WHERE t.at >= ${new Date(input.now.getTime() - TWO_DAYS_MS)} AND t.kind IN ('change', 'termination', 'cancellation', 'reinstatement')
       AND EXISTS (SELECT 1 FROM billing_invoices i WHERE i.enrollment_id = t.enrollment_id AND i.status <> 'void')`);
  for (const { id } of changed.rows) {
    const r = await db.transaction((tx) => rebillEnrollment(tx, id, { now: input.now, dueNoEarlierThan: addDays(today, input.profile.billing.reminderDaysBeforeDue), actor: 'billing-delinquency' }));
    if (r.changed || r.voided) counts.rebilled = (counts.rebilled ?? 0) + 1;
  }
  const outages = await loadChannelOutages(db, input.profile.billing.outageChannels);
  const ids = await enrollmentsToCheck(db, today);
  for (const id of ids) {
    const action = await db.transaction((tx) => updateBillingStanding(tx, id, { now: input.now, profile: input.profile, outages, actor: 'billing-delinquency' }));
    counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}
