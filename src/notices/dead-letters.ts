/**
 * Dead letters (messages `failed` after their attempts) sent again by staff,
 * one or all at once (docs/adr/0087): each goes back to the queue with fresh
 * attempts and a day's more usefulness, marked as retried so the dispatcher
 * claims it whatever its campaign's state (a completed, paused or cancelled
 * campaign no longer stops it), with a timeline event and an audit record.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { pgArray } from './sql.js';

/** How much longer a retried message stays useful at least. */
export const RETRY_USEFUL_MS = 3 * 86_400_000;

export interface RetryInput {
  /** The dead letters to retry; none given: every dead letter (of the campaign, when one is given). */
  ids?: string[];
  campaignId?: string;
  by: { kind: 'person' | 'system'; id: string };
  now: Date;
  ip?: string | null;
}

/** Puts dead letters back in the queue; returns the ids retried (a message no longer failed is left alone). */
export async function retryDeadLetters(tx: Tx, input: RetryInput): Promise<string[]> {
  const { now } = input;
  const ids = input.ids ? sql`AND id = ANY(${pgArray(input.ids)}::uuid[])` : sql``;
  const campaign = input.campaignId ? sql`AND campaign_id = ${input.campaignId}` : sql``;
  const res = await tx.execute<{ id: string }>(sql`
    WITH r AS (
      UPDATE notice_messages SET state = 'queued', attempts = 0, available_at = ${now}, retried_at = ${now},
        latest_useful_at = GREATEST(latest_useful_at, ${new Date(now.getTime() + RETRY_USEFUL_MS)}), updated_at = ${now}
      WHERE state = 'failed' ${ids} ${campaign}
      RETURNING id
    ), e AS (
      INSERT INTO notice_events (message_id, at, kind, reason, details)
      SELECT id, ${now}, 'queued', 'reason.retriedByStaff', ${JSON.stringify({ by: input.by.id })}::jsonb FROM r
    )
    SELECT id FROM r`);
  const retried = res.rows.map((r) => r.id);
  if (retried.length) {
    const one = retried.length === 1 && input.ids?.length === 1;
    await recordAudit(tx, {
      actor: input.by.id,
      actorKind: input.by.kind,
      action: one ? 'notices.message.retry' : 'notices.dead-letters.retry',
      objectType: one ? 'notice-message' : 'notice-dead-letters',
      objectId: one ? retried[0]! : (input.campaignId ?? 'all'),
      ip: input.ip ?? null,
      details: one ? {} : { count: retried.length },
      at: now,
    });
  }
  return retried;
}
