/**
 * The reminder before a due date, queued on the morning it is due to go out
 * (the profile's days before the due date), only for bills still unpaid, with
 * the due date as it stands then (moved for any outage). Queuing it when the
 * bill is made would remind people who have since paid.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { addDays, localDate } from './dates.js';
import { effectiveDueDate } from './grace.js';
import { loadChannelOutages } from './load-outages.js';
import { raiseNotices, type RaisedNotice } from './notify.js';
import { invoices } from './schema.js';
import { countsAsPaidInFull } from './threshold.js';

export async function queueReminders(db: Db, input: { now: Date; profile: StateProfile; chunkSize?: number }): Promise<number> {
  const { now, profile } = input;
  const today = localDate(now, profile.timeZone);
  const outages = await loadChannelOutages(db, profile.billing.outageChannels);
  const horizon = addDays(today, profile.billing.reminderDaysBeforeDue);
  let queued = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Candidates by the original due date; outages only ever move a due date later.
    const rows = await db
      .select()
      .from(invoices)
      .where(and(eq(invoices.status, 'open'), isNull(invoices.reminderQueuedAt), sql`${invoices.dueDate} <= ${horizon}::date`, sql`${invoices.id} > ${after}::uuid`))
      .orderBy(invoices.id)
      .limit(input.chunkSize ?? 1_000);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    queued += await db.transaction(async (tx) => {
      const reminders: RaisedNotice[] = [];
      const done: string[] = [];
      for (const inv of rows) {
        const due = effectiveDueDate(inv, { outages, timeZone: profile.timeZone, asOf: now }, profile.billing);
        if (addDays(due, -profile.billing.reminderDaysBeforeDue) > today) continue;
        if (due >= today && !countsAsPaidInFull(inv.paidCents, inv.amountCents, profile.billing.paidInFullThreshold)) {
          reminders.push({
            notice: { type: 'payment-reminder', data: { amountDueCents: inv.amountCents - inv.paidCents, dueDate: due, coverageMonth: inv.coverageMonth, referenceNumber: inv.referenceNumber } },
            opts: { householdId: inv.householdId, dedupeKey: `payment-reminder:${inv.id}`, now },
          });
        }
        // Reminded, or past its due date, or paid enough: no reminder, now or later.
        done.push(inv.id);
      }
      // The chunk's reminders in a few statements (the notices engine's set-based enqueue).
      await raiseNotices(tx, reminders);
      if (done.length) await tx.update(invoices).set({ reminderQueuedAt: now }).where(inArray(invoices.id, done));
      return reminders.length;
    });
  }
  return queued;
}
