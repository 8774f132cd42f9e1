/**
 * After a capability returns: one service-restored notice, only to the people
 * whose messages were held or rerouted because of it (since the last such
 * notice for that capability), sent as a campaign.
 */
import { sql } from 'drizzle-orm';
import type { CapabilityId } from '../capabilities/ids.js';
import type { Tx } from '../platform/database.js';
import { localTime } from '../states/hours.js';
import type { Audience } from './audiences.js';
import { RESTORABLE } from './types/service.js';

export function isRestorable(id: string): id is CapabilityId {
  return id in RESTORABLE;
}

/** Since when people count as affected: after the last service-restored campaign for this capability. */
async function since(tx: Tx, capability: CapabilityId): Promise<Date> {
  const res = await tx.execute<{ at: Date | null }>(sql`SELECT max(created_at) AS at FROM notice_campaigns WHERE notice_type = 'service-restored' AND audience = ${`affected-by:${capability}`}`);
  return res.rows[0]?.at ? new Date(res.rows[0].at) : new Date(0);
}

/** Recipients held or rerouted because of the capability since the last restored notice. */
export async function affectedRecipients(tx: Tx, capability: CapabilityId): Promise<string[]> {
  const from = await since(tx, capability);
  const res = await tx.execute<{ recipient_id: string }>(sql`
    SELECT DISTINCT m.recipient_id FROM notice_events e JOIN notice_messages m ON m.id = e.message_id
    WHERE e.at > ${from} AND m.type <> 'service-restored'
      AND ((e.kind = 'held' AND e.details -> 'waitingFor' ? ${capability}) OR (e.kind = 'rerouted' AND e.details -> 'because' ? ${capability}))`);
  return res.rows.map((r) => r.recipient_id);
}

/** The audience of a service-restored campaign: the affected people, counted now (before the campaign exists). */
export async function affectedAudience(tx: Tx, capability: CapabilityId): Promise<Audience> {
  const ids = await affectedRecipients(tx, capability);
  return {
    name: `affected-by:${capability}`,
    label: { en: `People held or rerouted because of ${capability}`, es: `Personas retenidas o desviadas por ${capability}` },
    supports: (n) => n.id === 'service-restored',
    async *members(_tx, _notice, at) {
      const restoredOn = localTime(at.now, at.timeZone).date;
      for (let i = 0; i < ids.length; i += 2000) yield ids.slice(i, i + 2000).map((recipientId) => ({ recipientId, data: { capability, restoredOn } }));
    },
  };
}
