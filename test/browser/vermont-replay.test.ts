/**
 * The Vermont replay from the console, in Chromium: an operator starts a
 * payment-reminder campaign to the seeded enrollees from the campaign console,
 * and while it is going out takes online payment down from the capabilities
 * console (blast radius first). No email that reaches the SMTP server after
 * the console has answered carries the pay-online variant; the rest wait,
 * held, as the payment-reminder type says; the campaign page and each
 * message's timeline show it; when the operator brings online payment back,
 * the held reminders go out with the online variant. The full-size replay
 * (6,500 messages, and `candor status set` from another process) is
 * src/notices/vermont-replay.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { campaignStates, startRelay, waitFor } from '../support/smtp-relay.js';
import { expectAccessible, launchBrowser, newPage } from '../support/browser.js';
import { signedIn } from '../../src/accounts/testing.js';
import { ManualClock } from '../../src/platform/clock.js';
import { seedDemoRecipients } from '../../src/notices/audiences.js';

const N = 1_000;
// A Wednesday, 11 am in Vermont: the phone lines are open.
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));

let t: TestApp;
let relay: Awaited<ReturnType<typeof startRelay>>;
let browser: Browser;
let ops: Page;

beforeAll(async () => {
  relay = await startRelay(40); // 40 ms a message: the campaign is still going out while the operator acts
  t = await startTestApp({ clock, jobs: { work: true }, config: { smtpUrl: relay.url } });
  await t.ctx.db.transaction((tx) => seedDemoRecipients(tx, N, { now: clock.now(), electronicShare: 'all-email' }));
  browser = await launchBrowser();
  ops = await newPage(browser);
  const cookie = (await signedIn(t.ctx.db, 'operations')).cookie;
  const [name, value] = cookie.split('=') as [string, string];
  await ops.context().addCookies([{ name, value, url: t.url }]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await relay?.close();
});

const states = (campaignId: string) => campaignStates(t.ctx.db, campaignId);

/** The operator changes online payment in the console: the form, the blast radius, then the change. Returns when the console has answered. */
async function changeOnlinePayment(status: 'down' | 'operational'): Promise<{ blastRadius: string; answeredAt: number }> {
  await ops.goto(`${t.url}/operations/capabilities/online-payment`);
  await ops.selectOption('#status', status);
  await ops.fill('#reasonEn', status === 'down' ? 'The payment website is offline' : 'The payment website is back');
  await ops.fill('#reasonEs', status === 'down' ? 'El sitio de pagos no funciona' : 'El sitio de pagos volvió');
  await ops.click('form[action="/operations/capabilities/online-payment/preview"] button[type="submit"]');
  await ops.waitForSelector('#blast-radius');
  const blastRadius = (await ops.textContent('#blast-radius')) ?? '';
  await ops.click('form[action="/operations/capabilities/online-payment/change"] button[type="submit"]');
  await ops.waitForSelector(`#current-status[data-status="${status}"]`);
  return { blastRadius, answeredAt: Date.now() };
}

describe('the Vermont replay from the console, in Chromium', () => {
  it(`${N.toLocaleString('en-US')} payment reminders; the operator takes online payment down mid-campaign, then brings it back`, async () => {
    // The campaign, from the campaign console: preview first, then start.
    await ops.goto(`${t.url}/operations/notices/campaigns/new`);
    await ops.selectOption('#notice', 'payment-reminder');
    await ops.selectOption('#audience', 'demo-enrollees');
    await ops.click('#preview-campaign button[type="submit"]');
    await ops.waitForSelector('#preview-variants');
    expect(await ops.textContent('#preview-variants')).toContain('pay-online');
    await ops.click('#create-campaign button[type="submit"]');
    await ops.waitForURL(/\/operations\/notices\/campaigns\/[0-9a-f-]{36}/);
    const campaignId = /campaigns\/([0-9a-f-]{36})/.exec(ops.url())![1]!;
    const campaignUrl = ops.url().split('?')[0]!;

    await waitFor('the first tenth of the emails', () => relay.receipts.length >= N / 10);
    const down = await changeOnlinePayment('down');
    // The blast radius named the reminders still to go and what would happen to them.
    expect(down.blastRadius).toContain('payment-reminder');
    expect(down.blastRadius).toMatch(/[1-9]\d* held/);
    await waitFor('every message handed over or held', async () => {
      const s = await states(campaignId);
      return !s.queued && !s.sending;
    });

    // The guarantee: nothing that reached the SMTP server after the console answered offers to pay online.
    expect(relay.receipts.filter((r) => r.variant === 'pay-online' && r.at > down.answeredAt)).toEqual([]);
    expect(relay.receipts.every((r) => r.variant === 'pay-online')).toBe(true);
    const s = await states(campaignId);
    const sentBefore = (s.sent ?? 0) + (s.delivered ?? 0);
    expect(sentBefore).toBe(relay.receipts.length);
    expect(s.held).toBe(N - sentBefore);
    expect(s.held).toBeGreaterThan(0);

    // The campaign page shows the held reminders; a held message's timeline says why.
    await ops.goto(campaignUrl);
    expect(Number(await ops.textContent('#campaign-counts td[data-state="held"]'))).toBe(s.held);
    await expectAccessible(ops, 'campaign with held reminders');
    const heldId = (await t.ctx.db.execute<{ id: string }>(sql`SELECT id FROM notice_messages WHERE campaign_id = ${campaignId} AND state = 'held' LIMIT 1`)).rows[0]!.id;
    await ops.goto(`${t.url}/operations/notices/messages/${heldId}`);
    expect(await ops.textContent('#timeline')).toContain('online-payment');
    expect(await ops.locator('#timeline td[data-kind="held"]').count()).toBe(1);
    await expectAccessible(ops, 'a held reminder');

    // Online payment returns, from the console: the held reminders go out, decided again, with the online variant.
    const up = await changeOnlinePayment('operational');
    await waitFor('every reminder sent', async () => {
      const x = await states(campaignId);
      return (x.sent ?? 0) + (x.delivered ?? 0) === N;
    });
    expect(relay.receipts).toHaveLength(N);
    expect(new Set(relay.receipts.map((r) => r.messageId)).size).toBe(N);
    expect(relay.receipts.filter((r) => r.at > up.answeredAt).every((r) => r.variant === 'pay-online')).toBe(true);
    await ops.goto(`${t.url}/operations/notices/messages/${heldId}`);
    expect(await ops.locator('#timeline td[data-kind="released"]').count()).toBe(1);
    expect(await ops.locator('#timeline td[data-kind="sent"]').count()).toBe(1);
    expect(await ops.textContent('#message-variant')).toBe('pay-online');
    await expectAccessible(ops, 'a reminder sent after online payment returned');
  }, 600_000);
});
