/**
 * The Vermont replay (DESIGN.md, issue 4): 6,500 payment reminders are going
 * out when online payment goes down mid-campaign. Not one email handed to
 * SMTP after the change commits carries the pay-online variant (checked by
 * the X-Candor-Variant header against the time each email reached the SMTP
 * server); the rest are held, as the payment-reminder type says; on restore
 * the held ones go out with the online variant; every message's record
 * explains what happened. Once with the change made in this process, once
 * with `candor status set` run from another process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { campaignStates, startRelay, waitFor } from '../../test/support/smtp-relay.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { ManualClock } from '../platform/clock.js';
import { seedDemoRecipients } from './audiences.js';
import { createCampaign } from './campaigns.js';

const N = Number(process.env.REPLAY_N ?? 6_500);
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z')); // a Wednesday, 11 am in Vermont

let t: TestApp;
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  relay = await startRelay(1);
  t = await startTestApp({ clock, jobs: { work: true }, config: { smtpUrl: relay.url } });
  await t.ctx.db.transaction((tx) => seedDemoRecipients(tx, N, { now: clock.now(), electronicShare: 'all-email' }));
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await relay?.close();
});

const states = (campaignId: string) => campaignStates(t.ctx.db, campaignId);

async function startCampaign(): Promise<string> {
  const now = clock.now();
  const audience = t.ctx.services.notices.audience('demo-enrollees')!;
  const c = await t.ctx.db.transaction((tx) =>
    createCampaign(tx, { noticeType: 'payment-reminder', audience, startAt: now, now, timeZone: t.ctx.profile.timeZone, by: { kind: 'system', id: 'vermont-replay' } }),
  );
  expect(c.total).toBe(N);
  t.ctx.services.notices.dispatcher.wake();
  return c.id;
}

async function setOnlinePayment(status: 'down' | 'operational'): Promise<{ lockedAt: number; committedAt: number }> {
  let lockedAt = 0;
  await t.ctx.db.transaction(async (tx) => {
    await setCapabilityStatus(tx, {
      capability: 'online-payment',
      status,
      reasonEn: status === 'down' ? 'The payment website is offline' : 'Back',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 4 * 3_600_000) : null,
      by: { kind: 'system', id: 'vermont-replay' },
      now: clock.now(),
      lockTimeoutMs: 30_000,
    });
    lockedAt = Date.now(); // the change holds its exclusive guard lock from here to its commit
  });
  return { lockedAt, committedAt: Date.now() };
}

function candorCli(args: string[]): Promise<{ code: number; out: string; committedAt: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'candor-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      CANDOR_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CANDOR_ENV: 'test',
      CANDOR_DATA_KEY: t.ctx.keys.data.toString('base64'),
      SESSION_SECRET: t.ctx.keys.cookie,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let committedAt = 0;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // The command prints its line after the change has committed.
    if (!committedAt && /is now/.test(out)) committedAt = Date.now();
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code: code ?? 1, out, committedAt: committedAt || Date.now() });
    }),
  );
}

describe('the Vermont replay', () => {
  it('6,500 payment reminders; online payment goes down mid-campaign in this process', async () => {
    const from = relay.receipts.length;
    const campaignId = await startCampaign();
    await waitFor('the first quarter of the emails', () => relay.receipts.length - from >= Math.floor(N * 0.23));
    const { lockedAt, committedAt } = await setOnlinePayment('down');
    await t.ctx.services.capabilities.refresh();
    await waitFor('every message handed over or held', async () => {
      const s = await states(campaignId);
      return !s.queued && !s.sending;
    });
    const during = relay.receipts.slice(from);
    // The guarantee, checked against the instant the change held its lock (before its commit) and its commit.
    expect(during.filter((r) => r.variant === 'pay-online' && r.at > lockedAt)).toEqual([]);
    expect(during.filter((r) => r.variant === 'pay-online' && r.at > committedAt)).toEqual([]);
    expect(during.every((r) => r.variant === 'pay-online')).toBe(true);
    const s = await states(campaignId);
    const sentBefore = (s.sent ?? 0) + (s.delivered ?? 0);
    expect(sentBefore).toBe(during.length);
    expect(s.held).toBe(N - sentBefore);
    expect(s.held).toBeGreaterThan(0);

    // Online payment returns: the held reminders go out, decided again, with the online variant.
    const restoredAt = Date.now();
    await setOnlinePayment('operational');
    await t.ctx.services.capabilities.refresh();
    await waitFor('every reminder sent', async () => {
      const x = await states(campaignId);
      return (x.sent ?? 0) + (x.delivered ?? 0) === N;
    });
    const all = relay.receipts.slice(from);
    expect(all).toHaveLength(N);
    expect(new Set(all.map((r) => r.messageId)).size).toBe(N);
    expect(all.filter((r) => r.at > restoredAt).every((r) => r.variant === 'pay-online')).toBe(true);

    // Every message's record explains what happened to it.
    const timelines = await t.ctx.db.execute<{ kinds: string; variant: string; held_for: string | null }>(sql`
      SELECT string_agg(e.kind, ',' ORDER BY e.id) AS kinds, m.variant,
             max(CASE WHEN e.kind = 'held' THEN e.details ->> 'waitingFor' END) AS held_for
      FROM notice_messages m JOIN notice_events e ON e.message_id = m.id
      WHERE m.campaign_id = ${campaignId} GROUP BY m.id, m.variant`);
    let held = 0;
    for (const row of timelines.rows) {
      expect(row.variant).toBe('pay-online');
      // queued, then possibly decided again at the hand-over, held and released, and finally sent.
      expect(row.kinds).toMatch(/^queued(,rerouted)?(,held,released)*,sent$/);
      if (row.kinds.includes('held')) {
        held++;
        expect(row.held_for).toBe('["online-payment"]');
      }
    }
    expect(held).toBe(s.held);
    expect(timelines.rows.filter((r) => r.kinds === 'queued,sent')).toHaveLength(sentBefore);
  }, 900_000);

  it('the same with `candor status set` run from another process', async () => {
    const from = relay.receipts.length;
    const campaignId = await startCampaign();
    await waitFor('the first emails', () => relay.receipts.length - from >= Math.floor(N * 0.08));
    const until = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const down = await candorCli(['status', 'set', 'online-payment', 'down', '--reason', 'The payment website is offline', '--until', until]);
    expect(down.out).toContain('online-payment is now down');
    expect(down.code).toBe(0);
    await waitFor('every message handed over or held', async () => {
      const s = await states(campaignId);
      return !s.queued && !s.sending;
    });
    const during = relay.receipts.slice(from);
    expect(during.filter((r) => r.variant === 'pay-online' && r.at > down.committedAt)).toEqual([]);
    const s = await states(campaignId);
    expect(s.held).toBeGreaterThan(0);
    expect((s.sent ?? 0) + (s.delivered ?? 0) + s.held!).toBe(N);

    const up = await candorCli(['status', 'set', 'online-payment', 'operational', '--reason', 'Back']);
    expect(up.code).toBe(0);
    await waitFor('every reminder sent', async () => {
      const x = await states(campaignId);
      return (x.sent ?? 0) + (x.delivered ?? 0) === N;
    });
    const all = relay.receipts.slice(from);
    expect(new Set(all.map((r) => r.messageId)).size).toBe(N);
    expect(all.every((r) => r.variant === 'pay-online')).toBe(true);
    const unexplained = await t.ctx.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM notice_messages m WHERE m.campaign_id = ${campaignId}
        AND NOT EXISTS (SELECT 1 FROM notice_events e WHERE e.message_id = m.id AND e.kind = 'sent' AND e.details ->> 'variant' = m.variant)`);
    expect(unexplained.rows[0]!.n).toBe(0);
  }, 900_000);
});
