/** The daily delinquency job: every enrollment whose standing may change today, each in its own transaction. */
import type { Db } from '../platform/database.js';
import type { StateProfile } from '../states/profile.js';
import { localDate } from './dates.js';
import { loadChannelOutages } from './load-outages.js';
import { enrollmentsToCheck, updateBillingStanding } from './update-billing-standing.js';

export async function checkDelinquency(db: Db, input: { now: Date; profile: StateProfile }): Promise<Record<string, number>> {
  const today = localDate(input.now, input.profile.timeZone);
  const outages = await loadChannelOutages(db, input.profile.billing.outageChannels);
  const ids = await enrollmentsToCheck(db, today);
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const action = await db.transaction((tx) => updateBillingStanding(tx, id, { now: input.now, profile: input.profile, outages, actor: 'billing-delinquency' }));
    counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}
