/**
 * Campaigns: a notice type sent to a named audience. Creating one writes
 * every message to the outbox in one transaction; pause, resume and cancel
 * change the campaign row and NOTIFY every process (docs/adr/0044).
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { pgArray } from './sql.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CapabilityId } from '../capabilities/ids.js';
import type { Tx } from '../platform/database.js';
import { CandorError, conflict, invalidInput, notFound } from '../platform/errors.js';
import type { Audience } from './audiences.js';
import { noticeType } from './catalogue.js';
import { enqueueNotices } from './enqueue-notice.js';
import type { Channel, NoticeDeclaration } from './declaration.js';
import { chooseChannels } from './rules.js';
import { decideDelivery } from './alert.js';
import type { StateProfile } from '../states/profile.js';
import { noticeCampaigns, type CampaignStatus } from './schema.js';

export const CAMPAIGN_CHANNEL = 'candor_notices';

type ContactRow = {
  id: string;
  language: 'en' | 'es';
  delivery: 'paper' | 'electronic';
  email: string | null;
  phone: string | null;
  has_address: boolean;
  texts_opt_in: boolean;
  reminders_opt_out: boolean;
  account_id: string | null;
};

async function contacts(tx: Tx, ids: string[]): Promise<Map<string, ContactRow>> {
  const res = await tx.execute<ContactRow>(sql`
    SELECT id, language, delivery, email, phone, mailing_address IS NOT NULL AS has_address, texts_opt_in, reminders_opt_out, account_id
    FROM notice_recipients WHERE id = ANY(${pgArray(ids)}::uuid[])`);
  return new Map(res.rows.map((r) => [r.id, r]));
}

function channelsFor(notice: NoticeDeclaration, c: ContactRow) {
  return chooseChannels(notice, { delivery: c.delivery, email: c.email, phone: c.phone, hasMailingAddress: c.has_address, textsOptIn: c.texts_opt_in, remindersOptOut: c.reminders_opt_out });
}

export interface CampaignPreview {
  recipients: number;
  messages: number;
  byChannel: Record<string, number>;
  /** "pay-online", "held", "dropped", "expired" … per channel; a notice posted online with its alert email: "variant · alert sign-in". */
  byVariant: Array<{ channel: Channel | '—'; outcome: string; count: number }>;
  skipped: Record<string, number>;
}

/** What each recipient would get if the campaign went out now. */
export async function previewCampaign(
  tx: Tx,
  input: { notice: NoticeDeclaration; audience: Audience; now: Date; timeZone: string; profile: Pick<StateProfile, 'exchangeName'>; isAvailable: (id: CapabilityId) => boolean },
): Promise<CampaignPreview> {
  const out: CampaignPreview = { recipients: 0, messages: 0, byChannel: {}, byVariant: [], skipped: {} };
  const variants = new Map<string, number>();
  for await (const page of input.audience.members(tx, input.notice, { now: input.now, timeZone: input.timeZone })) {
    const info = await contacts(
      tx,
      page.map((m) => m.recipientId),
    );
    for (const member of page) {
      const c = info.get(member.recipientId);
      if (!c) continue;
      out.recipients++;
      const choice = channelsFor(input.notice, c);
      if ('skip' in choice) {
        out.skipped[choice.skip] = (out.skipped[choice.skip] ?? 0) + 1;
        continue;
      }
      for (const channel of choice.channels) {
        out.messages++;
        out.byChannel[channel] = (out.byChannel[channel] ?? 0) + 1;
        // Decided exactly as the dispatcher will: a formal notice posted online needs its alert's call to action too.
        const { decision: d, alert } = decideDelivery({
          notice: input.notice as NoticeDeclaration<unknown>,
          data: member.data,
          channel,
          now: input.now,
          queuedAt: input.now,
          latestUsefulAt: input.notice.latestUseful(member.data, input.now, input.timeZone),
          available: input.isAvailable,
          accountId: c.account_id,
          profile: input.profile,
        });
        const outcome = d.action === 'send' ? (alert ? `${d.variant} · alert ${alert.variant}` : d.variant) : d.action === 'hold' ? 'held' : d.action === 'drop' ? 'dropped' : 'expired';
        const key = `${channel}|${outcome}`;
        variants.set(key, (variants.get(key) ?? 0) + 1);
      }
    }
  }
  out.byVariant = [...variants.entries()].map(([k, count]) => {
    const [channel, outcome] = k.split('|') as [Channel, string];
    return { channel, outcome, count };
  });
  out.byVariant.sort((a, b) => a.channel.localeCompare(b.channel) || b.count - a.count);
  return out;
}

export interface CreateCampaignInput {
  noticeType: string;
  audience: Audience;
  startAt: Date;
  now: Date;
  timeZone: string;
  by: { kind: 'person' | 'system' | 'schedule'; id: string };
  ip?: string | null;
}

/** Creates the campaign and writes all its messages to the outbox, in the caller's transaction. */
export async function createCampaign(tx: Tx, input: CreateCampaignInput): Promise<{ id: string; total: number; skipped: number }> {
  const notice = noticeType(input.noticeType);
  if (!notice) throw invalidInput([{ field: 'notice', messageKey: 'errors.field.invalid' }]);
  if (!input.audience.supports(notice)) throw invalidInput([{ field: 'audience', messageKey: 'notices.errors.audienceUnsupported' }]);
  const id = randomUUID();
  await tx.insert(noticeCampaigns).values({
    id,
    noticeType: notice.id,
    audience: input.audience.name,
    status: 'running',
    startAt: input.startAt,
    createdBy: input.by.id,
    createdAt: input.now,
    statusChangedAt: input.now,
    statusChangedBy: input.by.id,
  });
  let total = 0;
  let skipped = 0;
  for await (const page of input.audience.members(tx, notice, { now: input.now, timeZone: input.timeZone })) {
    // The same path as any notice (validation, channels by preference, opt-outs), a page at a time.
    const results = await enqueueNotices(
      tx,
      page.map((member) => ({ type: notice.id, recipient: { recipientId: member.recipientId }, data: member.data, now: input.now, timeZone: input.timeZone, dueAt: input.startAt, campaignId: id })),
    ).catch((err: unknown) => {
      if (err instanceof CandorError && err.name === 'invalid-input') throw invalidInput([{ field: 'audience', messageKey: 'notices.errors.audienceData' }]);
      throw err;
    });
    for (const r of results) {
      if (r.skipped) skipped++;
      else total += r.messages.length;
    }
  }
  await tx.update(noticeCampaigns).set({ total }).where(eq(noticeCampaigns.id, id));
  await recordAudit(tx, {
    actor: input.by.id,
    actorKind: input.by.kind === 'person' ? 'person' : input.by.kind === 'schedule' ? 'schedule' : 'system',
    action: 'notices.campaign.create',
    objectType: 'notice-campaign',
    objectId: id,
    ip: input.ip,
    details: { notice: notice.id, audience: input.audience.name, total, skipped, startAt: input.startAt.toISOString() },
    at: input.now,
  });
  return { id, total, skipped };
}

export type CampaignAction = 'pause' | 'resume' | 'cancel';

const NEXT: Record<CampaignAction, { from: CampaignStatus[]; to: CampaignStatus }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
};

/**
 * Pause keeps the messages (they wait); resume lets them go; cancel drops
 * every message not yet handed over, each with the reason. Every process
 * hears of it at commit (NOTIFY) and stops handing over within a second.
 */
export async function changeCampaignStatus(
  tx: Tx,
  input: { id: string; action: CampaignAction; by: { kind: 'person' | 'system'; id: string }; now: Date; reason?: string; ip?: string | null },
): Promise<{ status: CampaignStatus; cancelled: number }> {
  const [campaign] = await tx.select().from(noticeCampaigns).where(eq(noticeCampaigns.id, input.id)).for('update');
  if (!campaign) throw notFound();
  const step = NEXT[input.action];
  if (!step.from.includes(campaign.status)) throw conflict('notices.errors.campaignState', { status: campaign.status });
  await tx
    .update(noticeCampaigns)
    .set({ status: step.to, statusChangedAt: input.now, statusChangedBy: input.by.id, reason: input.reason ?? '' })
    .where(eq(noticeCampaigns.id, input.id));
  let cancelled = 0;
  if (input.action === 'cancel') {
    const res = await tx.execute<{ id: string }>(sql`
      WITH c AS (
        UPDATE notice_messages SET state = 'cancelled', updated_at = ${input.now}, held_for = '{}'
        WHERE campaign_id = ${input.id} AND state IN ('queued', 'held', 'failed')
        RETURNING id
      ), e AS (
        INSERT INTO notice_events (message_id, at, kind, reason, details)
        SELECT id, ${input.now}, 'cancelled', 'reason.campaignCancelled', ${JSON.stringify({ campaignId: input.id, by: input.by.id })}::jsonb FROM c
      )
      SELECT id FROM c`);
    cancelled = res.rows.length;
  }
  await tx.execute(sql`SELECT pg_notify(${CAMPAIGN_CHANNEL}, ${JSON.stringify({ campaignId: input.id, status: step.to })})`);
  await recordAudit(tx, {
    actor: input.by.id,
    actorKind: input.by.kind === 'person' ? 'person' : 'system',
    action: `notices.campaign.${input.action}`,
    objectType: 'notice-campaign',
    objectId: input.id,
    ip: input.ip,
    details: { from: campaign.status, to: step.to, cancelled },
    at: input.now,
  });
  return { status: step.to, cancelled };
}

export interface CampaignSummary {
  id: string;
  noticeType: string;
  audience: string;
  status: CampaignStatus;
  startAt: Date;
  createdAt: Date;
  total: number;
  counts: Record<string, number>;
  variants: Record<string, number>;
}

export async function listCampaigns(tx: Tx, opts: { id?: string; limit?: number } = {}): Promise<CampaignSummary[]> {
  const campaigns = opts.id
    ? await tx.select().from(noticeCampaigns).where(eq(noticeCampaigns.id, opts.id))
    : await tx
        .select()
        .from(noticeCampaigns)
        .orderBy(desc(noticeCampaigns.createdAt))
        .limit(opts.limit ?? 50);
  if (!campaigns.length) return [];
  const ids = campaigns.map((c) => c.id);
  const counts = await tx.execute<{ campaign_id: string; state: string; variant: string | null; n: number }>(sql`
    SELECT campaign_id, state, variant, count(*)::int AS n FROM notice_messages WHERE campaign_id = ANY(${pgArray(ids)}::uuid[]) GROUP BY 1, 2, 3`);
  return campaigns.map((c) => {
    const mine = counts.rows.filter((r) => r.campaign_id === c.id);
    const byState: Record<string, number> = {};
    const byVariant: Record<string, number> = {};
    for (const r of mine) {
      byState[r.state] = (byState[r.state] ?? 0) + r.n;
      if (r.variant && ['sent', 'delivered', 'bounced'].includes(r.state)) byVariant[r.variant] = (byVariant[r.variant] ?? 0) + r.n;
    }
    return { id: c.id, noticeType: c.noticeType, audience: c.audience, status: c.status, startAt: c.startAt, createdAt: c.createdAt, total: c.total, counts: byState, variants: byVariant };
  });
}

/**
 * Marks running campaigns as completed once every message has reached an end
 * (docs/adr/0088): handed over (sent, delivered, bounced into a letter),
 * expired or cancelled. A held message waits for its capability, and a dead
 * letter waits for staff to retry it or a person to cancel the campaign: either
 * keeps the campaign running.
 */
export async function completeFinishedCampaigns(tx: Tx, now: Date): Promise<number> {
  const res = await tx.execute(sql`
    UPDATE notice_campaigns c SET status = 'completed', status_changed_at = ${now}
    WHERE c.status = 'running' AND c.start_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM notice_messages m WHERE m.campaign_id = c.id AND m.state IN ('queued', 'sending', 'held', 'failed'))`);
  return res.rowCount ?? 0;
}
