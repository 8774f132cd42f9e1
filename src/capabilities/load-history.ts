/** Reads the timeline for the status page, the feed and the console. */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import type { TimelineEvent } from './history.js';
import { capabilityEvents, maintenanceWindows } from './schema.js';

export async function loadEvents(tx: Tx, opts: { since: Date; capability?: string; limit?: number }): Promise<TimelineEvent[]> {
  const rows = await tx
    .select()
    .from(capabilityEvents)
    .where(and(gt(capabilityEvents.at, opts.since), opts.capability ? eq(capabilityEvents.capabilityId, opts.capability) : undefined))
    .orderBy(desc(capabilityEvents.at), desc(capabilityEvents.seq))
    .limit(opts.limit ?? 2_000);
  return rows.reverse();
}

/** Each capability's status in force at `at` (from its last change before it); absent: operational. */
export async function statusesAt(tx: Tx, at: Date): Promise<Map<string, string>> {
  const rows = await tx.execute<{ capability_id: string; status: string }>(
    sql`SELECT DISTINCT ON (capability_id) capability_id, status FROM capability_events WHERE at <= ${at} ORDER BY capability_id, at DESC, seq DESC`,
  );
  return new Map(rows.rows.map((r) => [r.capability_id, r.status]));
}

export async function openWindows(tx: Tx, capability?: string) {
  return tx
    .select()
    .from(maintenanceWindows)
    .where(and(inArray(maintenanceWindows.state, ['scheduled', 'active']), capability ? eq(maintenanceWindows.capabilityId, capability) : undefined))
    .orderBy(maintenanceWindows.startsAt);
}
