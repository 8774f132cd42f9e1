/**
 * What transports report after hand-over: delivered, or bounced. A bounced
 * email produces the same notice as a letter, due at once and useful for
 * 3 business days (45 CFR 155.230(d)(2)).
 */
import { sql } from 'drizzle-orm';
import { pgArray } from './sql.js';
import type { Tx } from '../platform/database.js';
import { enqueueNotice } from './enqueue-notice.js';
import { noticeType } from './catalogue.js';
import { addBusinessDays } from './rules.js';

/** Marks sent messages delivered (one statement for many). */
export async function recordDeliveries(tx: Tx, messageIds: string[], now: Date): Promise<number> {
  if (!messageIds.length) return 0;
  const res = await tx.execute(sql`
    WITH d AS (
      UPDATE notice_messages SET state = 'delivered', updated_at = ${now}
      WHERE id = ANY(${pgArray(messageIds)}::uuid[]) AND state = 'sent'
      RETURNING id
    )
    INSERT INTO notice_events (message_id, at, kind, reason, details) SELECT id, ${now}, 'delivered', '', '{}'::jsonb FROM d`);
  return res.rowCount ?? 0;
}

export interface BounceContext {
  now: Date;
  timeZone: string;
  holidays: readonly string[];
}

/** A bounce reported after hand-over (or a refusal at hand-over): the letter follows. */
export async function recordBounce(tx: Tx, messageId: string, ctx: BounceContext, reason = 'reason.bounced'): Promise<{ letterId: string | null }> {
  const res = await tx.execute<{ id: string; type: string; channel: string; data: Record<string, unknown>; recipient_id: string; state: string }>(sql`
    SELECT id, type, channel, data, recipient_id, state FROM notice_messages WHERE id = ${messageId} FOR UPDATE`);
  const row = res.rows[0];
  if (!row) return { letterId: null };
  if (row.state === 'sent' || row.state === 'delivered') {
    await tx.execute(sql`UPDATE notice_messages SET state = 'bounced', updated_at = ${ctx.now} WHERE id = ${messageId}`);
    await tx.execute(sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${messageId}, ${ctx.now}, 'bounced', ${reason}, '{}'::jsonb)`);
  }
  if (row.channel !== 'email') return { letterId: null };
  const notice = noticeType(row.type);
  if (!notice?.channels.includes('letter')) return { letterId: null };
  const address = await tx.execute<{ has: boolean }>(sql`SELECT mailing_address IS NOT NULL AS has FROM notice_recipients WHERE id = ${row.recipient_id}`);
  if (!address.rows[0]?.has) {
    await tx.execute(sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${messageId}, ${ctx.now}, 'failed', 'reason.bouncedNoAddress', '{}'::jsonb)`);
    return { letterId: null };
  }
  const letter = await enqueueNotice(tx, {
    type: row.type,
    recipient: { recipientId: row.recipient_id },
    data: row.data,
    now: ctx.now,
    timeZone: ctx.timeZone,
    channels: ['letter'],
    dedupeKey: `bounce:${messageId}`,
    followsMessageId: messageId,
  });
  const letterId = letter.messages[0]?.id ?? null;
  if (letterId && letter.created) {
    // The letter must be in the mail within 3 business days: that is its latest useful time.
    const by = addBusinessDays(ctx.now, 3, ctx.timeZone, ctx.holidays);
    await tx.execute(sql`UPDATE notice_messages SET latest_useful_at = LEAST(COALESCE(latest_useful_at, ${by}), ${by}) WHERE id = ${letterId}`);
    await tx.execute(sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${messageId}, ${ctx.now}, 'rerouted', 'reason.letterAfterBounce', ${JSON.stringify({ letterId })}::jsonb)`);
  }
  return { letterId };
}
