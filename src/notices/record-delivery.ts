/**
 * What transports report after hand-over: delivered, or bounced. A bounced
 * email produces the same notice as a letter, due at once and useful for
 * 3 business days (45 CFR 155.230(d)(2)).
 *
 * Providers' reports (the signed webhook, docs/adr/0048) come here too: each
 * is taken once, and a message only moves forward — sent → delivered →
 * bounced or failed — so a late "delivered" never undoes a bounce and its
 * letter. A report about a message whose hand-over is not yet recorded waits
 * for it (applyPendingDeliveryReports).
 */
import { sql } from 'drizzle-orm';
import { pgArray } from './sql.js';
import type { Tx } from '../platform/database.js';
import { enqueueNotice } from './enqueue-notice.js';
import { noticeType } from './catalogue.js';
import { addBusinessDays } from './rules.js';
import type { DeliveryReportStatus } from './schema.js';
import type { ClosedDays } from '../states/calendar.js';

/** Marks sent messages delivered (one statement for many). */
export async function recordDeliveries(tx: Tx, messageIds: string[], now: Date, details: Record<string, unknown> = {}): Promise<number> {
  if (!messageIds.length) return 0;
  const res = await tx.execute(sql`
    WITH d AS (
      UPDATE notice_messages SET state = 'delivered', updated_at = ${now}
      WHERE id = ANY(${pgArray(messageIds)}::uuid[]) AND state = 'sent'
      RETURNING id
    )
    INSERT INTO notice_events (message_id, at, kind, reason, details) SELECT id, ${now}, 'delivered', '', ${JSON.stringify(details)}::jsonb FROM d`);
  return res.rowCount ?? 0;
}

export interface BounceContext {
  now: Date;
  timeZone: string;
  holidays: ClosedDays;
}

/** A bounce reported after hand-over (or a refusal at hand-over): the letter follows. */
export async function recordBounce(tx: Tx, messageId: string, ctx: BounceContext, reason = 'reason.bounced', details: Record<string, unknown> = {}): Promise<{ letterId: string | null }> {
  const res = await tx.execute<{ id: string; type: string; channel: string; data: Record<string, unknown>; recipient_id: string; state: string }>(sql`
    SELECT id, type, channel, data, recipient_id, state FROM notice_messages WHERE id = ${messageId} FOR UPDATE`);
  const row = res.rows[0];
  if (!row) return { letterId: null };
  if (row.state === 'sent' || row.state === 'delivered') {
    await tx.execute(sql`UPDATE notice_messages SET state = 'bounced', updated_at = ${ctx.now} WHERE id = ${messageId}`);
    await tx.execute(sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${messageId}, ${ctx.now}, 'bounced', ${reason}, ${JSON.stringify(details)}::jsonb)`);
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
    await tx.execute(
      sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${messageId}, ${ctx.now}, 'rerouted', 'reason.letterAfterBounce', ${JSON.stringify({ letterId })}::jsonb)`,
    );
  }
  return { letterId };
}

export interface DeliveryReport {
  /** The provider's id for the report (a replay carries the same). */
  id: string;
  messageId: string;
  status: DeliveryReportStatus;
  /** When the provider says it happened. */
  at: Date | null;
}

/** applied; stale: the message had already moved on; pending: not yet recorded as handed over; duplicate: seen before; ignored: no such message. */
export type ReportOutcome = 'applied' | 'stale' | 'pending' | 'duplicate' | 'ignored';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_YET_HANDED_OVER = ['queued', 'sending', 'held'];

type MessageState = { id: string; channel: string; state: string };

async function lockMessage(tx: Tx, messageId: string): Promise<MessageState | undefined> {
  const res = await tx.execute<MessageState>(sql`SELECT id, channel, state FROM notice_messages WHERE id = ${messageId} FOR UPDATE`);
  return res.rows[0];
}

/** Applies one stored report to its (locked) message and marks the report done, unless the message is not handed over yet. */
async function applyReport(tx: Tx, key: string, m: MessageState, report: { id: string; status: DeliveryReportStatus; at: Date | null }, ctx: BounceContext): Promise<ReportOutcome> {
  if (NOT_YET_HANDED_OVER.includes(m.state)) return 'pending';
  const details = { reportId: report.id, ...(report.at ? { reportedAt: report.at.toISOString() } : {}) };
  let outcome: ReportOutcome = 'stale';
  if (report.status === 'delivered') {
    if (m.state === 'sent' && (await recordDeliveries(tx, [m.id], ctx.now, details)) > 0) outcome = 'applied';
  } else if (m.state === 'sent' || m.state === 'delivered') {
    if (m.channel === 'email') {
      // An email that did not arrive is a bounce whatever the provider calls it: the letter follows.
      await recordBounce(tx, m.id, ctx, report.status === 'bounced' ? 'reason.bounced' : 'reason.deliveryFailed', details);
    } else {
      await tx.execute(sql`UPDATE notice_messages SET state = 'failed', last_error = ${report.status}, updated_at = ${ctx.now} WHERE id = ${m.id}`);
      await tx.execute(sql`INSERT INTO notice_events (message_id, at, kind, reason, details) VALUES (${m.id}, ${ctx.now}, 'failed', 'reason.deliveryFailed', ${JSON.stringify(details)}::jsonb)`);
    }
    outcome = 'applied';
  }
  await tx.execute(sql`UPDATE notice_delivery_reports SET applied_at = ${ctx.now}, outcome = ${outcome} WHERE key = ${key}`);
  return outcome;
}

/** Takes a provider's reports, each once, in the caller's transaction. Unknown messages are ignored and nothing is kept of them. */
export async function receiveDeliveryReports(tx: Tx, reports: readonly DeliveryReport[], ctx: BounceContext): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = new Array(reports.length);
  // Messages locked in one order, so two deliveries of reports cannot wait on each other.
  const order = reports.map((r, i) => ({ r, i })).sort((a, b) => (a.r.messageId < b.r.messageId ? -1 : a.r.messageId > b.r.messageId ? 1 : a.i - b.i));
  for (const { r, i } of order) {
    const m = UUID.test(r.messageId) ? await lockMessage(tx, r.messageId.toLowerCase()) : undefined;
    if (!m) {
      outcomes[i] = 'ignored';
      continue;
    }
    const key = `${m.id}:${r.id}`;
    const fresh = await tx.execute(sql`
      INSERT INTO notice_delivery_reports (key, message_id, status, reported_at, received_at)
      VALUES (${key}, ${m.id}, ${r.status}, ${r.at}, ${ctx.now}) ON CONFLICT (key) DO NOTHING`);
    outcomes[i] = (fresh.rowCount ?? 0) === 0 ? 'duplicate' : await applyReport(tx, key, m, r, ctx);
  }
  return outcomes;
}

/** Applies reports that came before their message's hand-over was recorded, oldest first; returns how many. */
export async function applyPendingDeliveryReports(db: Tx, ctx: () => BounceContext, limit = 200): Promise<number> {
  // Usually there are none: one look at the partial index before opening a transaction.
  const any = await db.execute(sql`SELECT 1 FROM notice_delivery_reports WHERE applied_at IS NULL LIMIT 1`);
  if (!any.rows.length) return 0;
  return db.transaction(async (tx) => {
    const due = await tx.execute<{ key: string; message_id: string; status: DeliveryReportStatus; reported_at: string | null }>(sql`
      SELECT r.key, r.message_id, r.status, r.reported_at FROM notice_delivery_reports r JOIN notice_messages m ON m.id = r.message_id
      WHERE r.applied_at IS NULL AND m.state NOT IN ('queued', 'sending', 'held')
      ORDER BY r.seq LIMIT ${limit}
      FOR UPDATE OF r SKIP LOCKED`);
    let applied = 0;
    for (const r of due.rows) {
      const m = await lockMessage(tx, r.message_id);
      if (!m) continue;
      const outcome = await applyReport(tx, r.key, m, { id: r.key.slice(r.key.indexOf(':') + 1), status: r.status, at: r.reported_at ? new Date(r.reported_at) : null }, ctx());
      if (outcome !== 'pending') applied++;
    }
    return applied;
  });
}
