/**
 * Demo data dated in the past (docs/adr/0106): a notice a seed raised on an
 * earlier day of the story went out on that day, so it is recorded as sent at
 * its due time (with its `sent` event) instead of waiting in the outbox to
 * expire unsent. For demo seeds only; never in production (docs/adr/0095).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { pgArray } from './sql.js';

/** The households' queued or held notices due before `before`, recorded as sent when due; returns how many. */
export async function recordPastNoticesSent(tx: Tx, householdIds: readonly string[], before: Date): Promise<number> {
  if (!householdIds.length) return 0;
  const res = await tx.execute(sql`
    WITH s AS (
      UPDATE notice_messages m SET state = 'sent', sent_at = m.due_at, decided_at = coalesce(m.decided_at, m.due_at), updated_at = m.due_at
        FROM notice_recipients r
       WHERE r.id = m.recipient_id AND r.household_id = ANY(${pgArray([...householdIds])}::uuid[])
         AND m.state IN ('queued', 'held') AND m.due_at < ${before}
      RETURNING m.id, m.due_at, m.channel
    )
    INSERT INTO notice_events (message_id, at, kind, reason, details) SELECT id, due_at, 'sent', '', jsonb_build_object('channel', channel, 'demo', true) FROM s`);
  return res.rowCount ?? 0;
}
