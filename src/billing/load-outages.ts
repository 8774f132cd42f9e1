/**
 * The exchange's payment-channel outages, read from the capabilities
 * timeline (capability_events): a span runs from a change to a status in
 * which the channel cannot be used (down, maintenance) to the next change
 * back to one in which it can.
 */
import { asc, inArray } from 'drizzle-orm';
import { capabilityEvents } from '../capabilities/schema.js';
import type { Tx } from '../platform/database.js';
import type { ChannelOutage } from './outage.js';

const USABLE = new Set(['operational', 'degraded']);

export function outagesFromTimeline(events: ReadonlyArray<{ capabilityId: string; at: Date; status: string }>): ChannelOutage[] {
  const open = new Map<string, Date>();
  const out: ChannelOutage[] = [];
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const since = open.get(e.capabilityId);
    if (!USABLE.has(e.status)) {
      if (!since) open.set(e.capabilityId, e.at);
    } else if (since) {
      out.push({ capability: e.capabilityId, start: since, end: e.at });
      open.delete(e.capabilityId);
    }
  }
  for (const [capability, start] of open) out.push({ capability, start, end: null });
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

export async function loadChannelOutages(tx: Tx, channels: readonly string[]): Promise<ChannelOutage[]> {
  if (channels.length === 0) return [];
  const events = await tx
    .select({ capabilityId: capabilityEvents.capabilityId, at: capabilityEvents.at, status: capabilityEvents.status })
    .from(capabilityEvents)
    .where(inArray(capabilityEvents.capabilityId, [...channels]))
    .orderBy(asc(capabilityEvents.at), asc(capabilityEvents.seq));
  return outagesFromTimeline(events);
}
