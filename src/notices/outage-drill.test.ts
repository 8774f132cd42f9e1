/**
 * Drill: the SMTP server goes away in the middle of a campaign and stays away
 * far longer than every retry of every message (the day moved on with a
 * ManualClock), then comes back. Nothing is burned through its attempts: the
 * email channel is reported down by its monitor, the messages are held, the
 * campaign stays running, and all of them go out, released in order and
 * decided again, once the server answers. Dead letters, retried from the
 * console, go whatever their campaign's state. (docs/adr/0086, 0087, 0088)
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { campaignStates, startRelay, waitFor } from '../../test/support/smtp-relay.js';
import { signedIn, TestAgent } from '../accounts/testing.js';
import { ManualClock } from '../platform/clock.js';
import { createMailer } from '../platform/mail.js';
import { seedDemoRecipients } from './audiences.js';
import { completeFinishedCampaigns, createCampaign } from './campaigns.js';
import { createDispatcher, emailTransport, type Dispatcher } from './dispatcher.js';
import { RETRY } from './rules.js';

const N = 150;
let t: TestApp;
// Wednesday 14 October 2026, 11:00 in Vermont.
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => seedDemoRecipients(tx, N, { now: clock.now(), electronicShare: 'all-email' }));
});
afterAll(async () => t?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function dispatcherFor(smtpUrl: string): { dispatcher: Dispatcher; close(): Promise<void> } {
  const mailer = createMailer(smtpUrl);
  const dispatcher = createDispatcher(
    {
      db: t.ctx.db,
      databaseUrl: t.databaseUrl,
      clock,
      profile: t.ctx.profile,
      log: t.ctx.log,
      capabilities: t.ctx.services.capabilities,
      transports: { email: emailTransport(mailer), letters: t.ctx.services.notices.printBatch, sms: { send: async () => ({ ok: false, permanent: true, error: 'no texts here' }) } },
      probes: { email: () => mailer.verify() },
      publicUrl: () => t.url,
      mailFrom: 'notices@candor.localhost',
      campaignStatus: (id) => t.ctx.services.notices.campaignStatus(id),
    },
    { probeMs: 100 },
  );
  return {
    dispatcher,
    async close() {
      await dispatcher.stop();
      mailer.close();
    },
  };
}

async function campaign(type: string): Promise<string> {
  const audience = t.ctx.services.notices.audience('demo-enrollees')!;
  const now = clock.now();
  const c = await t.ctx.db.transaction((tx) => createCampaign(tx, { noticeType: type, audience, startAt: now, now, timeZone: t.ctx.profile.timeZone, by: { kind: 'system', id: 'drill' } }));
  await t.ctx.services.notices.refreshCampaigns();
  return c.id;
}

async function campaignStatus(id: string): Promise<string> {
  const res = await t.ctx.db.execute<{ status: string }>(sql`SELECT status FROM notice_campaigns WHERE id = ${id}`);
  return res.rows[0]!.status;
}

describe('an SMTP outage in the middle of a campaign', () => {
  it('holds the mail while the server is away (the channel down by its monitor, no attempts spent), keeps the campaign running, and sends everything when it returns', async () => {
    let relay = await startRelay(2);
    const { port, receipts } = relay;
    const { dispatcher, close } = dispatcherFor(relay.url);
    const id = await campaign('payment-received');
    dispatcher.start(20);
    try {
      await waitFor('the first emails', () => receipts.length >= 20, 60_000);
      await relay.close();
      // Away for 2 hours of the exchange's day: today's back-off (at most 30 s + 1 + 2 + 4 + 8 min) would have dead-lettered every message.
      await waitFor('the email channel down by its monitor', () => t.ctx.services.capabilities.snapshot().capabilities['email-notices'].lastKnownStatus === 'down', 30_000);
      for (let i = 0; i < 24; i++) {
        clock.advance(5 * 60_000);
        await sleep(60);
      }
      const email = t.ctx.services.capabilities.snapshot().capabilities['email-notices'];
      expect(email.setBy).toEqual({ kind: 'monitor', id: 'notices-email' });
      const during = await campaignStates(t.ctx.db, id);
      expect(during.failed ?? 0).toBe(0);
      expect(during.held).toBeGreaterThan(0);
      expect((during.sent ?? 0) + (during.held ?? 0) + (during.queued ?? 0) + (during.sending ?? 0)).toBe(N);
      const attempts = await t.ctx.db.execute<{ max: number }>(sql`SELECT max(attempts)::int AS max FROM notice_messages WHERE campaign_id = ${id}`);
      // At most the few hand-overs that tripped the channel counted an attempt each.
      expect(attempts.rows[0]!.max).toBeLessThan(RETRY.maxAttempts - 3);
      await completeFinishedCampaigns(t.ctx.db, clock.now());
      expect(await campaignStatus(id)).toBe('running');

      relay = await startRelay(2, { port, receipts });
      await waitFor('every message sent', async () => (await campaignStates(t.ctx.db, id)).sent === N, 60_000);
    } finally {
      await close();
      await relay.close();
    }
    expect(t.ctx.services.capabilities.snapshot().capabilities['email-notices'].lastKnownStatus).toBe('operational');
    const all = await t.ctx.db.execute<{ id: string }>(sql`SELECT id FROM notice_messages WHERE campaign_id = ${id}`);
    const received = new Set(receipts.map((r) => r.messageId));
    expect(all.rows.filter((m) => !received.has(m.id))).toEqual([]);
    // Each message held during the outage has held, released and sent in its timeline, in that order.
    const timelines = await t.ctx.db.execute<{ message_id: string; kinds: string[]; reasons: string[] }>(sql`
      SELECT e.message_id, array_agg(e.kind ORDER BY e.id) AS kinds, array_agg(e.reason ORDER BY e.id) AS reasons FROM notice_events e JOIN notice_messages m ON m.id = e.message_id
      WHERE m.campaign_id = ${id} GROUP BY e.message_id`);
    const held = timelines.rows.filter((r) => r.kinds.includes('held'));
    expect(held.length).toBeGreaterThan(N / 2);
    for (const r of held) {
      const k = r.kinds;
      expect(k.indexOf('held')).toBeLessThan(k.lastIndexOf('released'));
      expect(k.lastIndexOf('released')).toBeLessThan(k.lastIndexOf('sent'));
      expect(r.reasons).not.toContain('reason.retriesExhausted');
    }
    // Only the few hand-overs before the channel tripped were counted as attempts.
    expect(timelines.rows.flatMap((r) => r.reasons).filter((x) => x === 'reason.willRetry').length).toBeLessThanOrEqual(10);
    await completeFinishedCampaigns(t.ctx.db, clock.now());
    expect(await campaignStatus(id)).toBe('completed');
  }, 180_000);
});

describe('dead letters', () => {
  it('are retried one by one and all at once from the console, and go whatever their campaign’s state', async () => {
    const relay = await startRelay(0);
    const { dispatcher, close } = dispatcherFor(relay.url);
    try {
      const first = await campaign('payment-received');
      const second = await campaign('payment-received');
      // Dead letters of two campaigns: one a person paused, one that the old rule had marked completed.
      await t.ctx.db.execute(sql`UPDATE notice_messages SET state = 'failed', attempts = ${RETRY.maxAttempts}, last_error = 'SMTP 421' WHERE campaign_id IN (${first}, ${second})`);
      await t.ctx.db.execute(sql`UPDATE notice_campaigns SET status = 'paused' WHERE id = ${first}`);
      await t.ctx.db.execute(sql`UPDATE notice_campaigns SET status = 'completed' WHERE id = ${second}`);
      await t.ctx.services.notices.refreshCampaigns();
      // A dead letter keeps its campaign from completing.
      await t.ctx.db.execute(sql`UPDATE notice_campaigns SET status = 'running' WHERE id = ${second}`);
      await completeFinishedCampaigns(t.ctx.db, clock.now());
      expect(await campaignStatus(second)).toBe('running');
      await t.ctx.db.execute(sql`UPDATE notice_campaigns SET status = 'completed' WHERE id = ${second}`);
      await t.ctx.services.notices.refreshCampaigns();

      const ops = await signedIn(t.ctx.db, 'operations');
      const agent = TestAgent.withCookie(t.server!, ops.cookie);
      const consolePage = await agent.get('/operations/notices');
      expect(consolePage.body).toContain('Try every dead letter again');
      const [one] = (await t.ctx.db.execute<{ id: string }>(sql`SELECT id FROM notice_messages WHERE campaign_id = ${first} LIMIT 1`)).rows;
      const single = await agent.post(`/operations/notices/messages/${one!.id}/retry`);
      expect(single.statusCode).toBe(303);
      while ((await dispatcher.runOnce()) > 0);
      expect((await campaignStates(t.ctx.db, first)).sent).toBe(1);
      expect(relay.receipts.map((r) => r.messageId)).toEqual([one!.id]);

      const campaignPage = await agent.get(`/operations/notices/campaigns/${first}`);
      expect(campaignPage.body).toContain(`Try this campaign’s ${N - 1} dead letters again`);
      const bulk = await agent.post('/operations/notices/dead-letters/retry', {});
      expect(bulk.statusCode).toBe(303);
      expect(bulk.headers.location).toBe(`/operations/notices?retried=${2 * N - 1}`);
      while ((await dispatcher.runOnce()) > 0);
      expect(await campaignStates(t.ctx.db, first)).toEqual({ sent: N });
      expect(await campaignStates(t.ctx.db, second)).toEqual({ sent: N });
      expect(new Set(relay.receipts.map((r) => r.messageId)).size).toBe(2 * N);
      // A message that is not a dead letter cannot be retried.
      const again = await agent.post(`/operations/notices/messages/${one!.id}/retry`);
      expect(again.statusCode).toBe(404);
    } finally {
      await close();
      await relay.close();
    }
  }, 120_000);
});
