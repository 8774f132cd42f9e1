/**
 * Delivery reports through the real HTTP route, signed as a provider signs
 * them: the stand-in SMS gateway reporting its texts, a provider's bounce
 * with the letter that follows, replays, reports out of order or before the
 * hand-over is recorded, bad signatures and unknown messages.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { ManualClock } from '../platform/clock.js';
import { signReport } from './delivery-report-signature.js';
import { DELIVERY_REPORTS_PATH } from './delivery-reports.js';
import { enqueueNotice } from './enqueue-notice.js';
import { noticeDeliveryReports, noticeEvents, noticeMessages, noticeRecipients } from './schema.js';

const SECRET = 'delivery-report-secret-for-tests';
let t: TestApp;
// Wednesday 14 October 2026, 11:00 in Vermont: no quiet hours for texts.
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock, config: { deliveryReportSecret: SECRET } });
});
afterAll(async () => t?.stop());

const address = { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' };
const received = { amountPaidCents: 2_500, receivedOn: '2026-10-14', coverageMonth: '2026-11-01', remainingCents: 0 };

async function person(opts: { phone?: string; address?: boolean } = {}) {
  const [r] = await t.ctx.db
    .insert(noticeRecipients)
    .values({
      firstName: 'Rosa',
      email: `r${randomUUID().slice(0, 8)}@example.test`,
      phone: opts.phone ?? null,
      textsOptIn: !!opts.phone,
      delivery: 'electronic',
      mailingAddress: opts.address === false ? null : address,
    })
    .returning();
  return r!;
}

async function enqueue(recipientId: string) {
  const r = await t.ctx.db.transaction((tx) => enqueueNotice(tx, { type: 'payment-received', recipient: { recipientId }, data: received, now: clock.now() }));
  return Object.fromEntries(r.messages.map((m) => [m.channel, m.id])) as Partial<Record<'email' | 'text' | 'letter', string>>;
}

async function drain() {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
}

async function message(id: string) {
  const [m] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, id));
  const events = await t.ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, id)).orderBy(noticeEvents.id);
  return { ...m!, events, kinds: events.map((e) => e.kind).join(',') };
}

async function post(payload: unknown, opts: { secret?: string; at?: Date; signature?: string | null; rawBody?: string } = {}) {
  const body = opts.rawBody ?? JSON.stringify(payload);
  const signature = opts.signature === undefined ? signReport(opts.secret ?? SECRET, body, opts.at ?? clock.now()) : opts.signature;
  const res = await fetch(`${t.url}${DELIVERY_REPORTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'candor-signature': signature } : {}) }, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as Record<string, unknown> };
}

const outcomes = (r: { json: Record<string, unknown> }) => (r.json.outcomes as Array<{ outcome: string }>).map((o) => o.outcome);

/** Waits (bounded, generously, for a loaded machine) for the stand-in's report to be written. */
async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    await t.ctx.services.notices.flushDeliveries();
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('delivery reports', () => {
  it('the stand-in SMS gateway reports each text through the signed webhook: delivered, or failed for an unreachable handset', async () => {
    const reachable = await enqueue((await person({ phone: '+18025550123' })).id);
    const unreachable = await enqueue((await person({ phone: '+18025550000' })).id);
    await drain();
    await until('both texts reported', async () => {
      const states = await Promise.all([reachable.text!, unreachable.text!].map(async (id) => (await message(id)).state));
      return states.join() === 'delivered,failed';
    });
    const ok = await message(reachable.text!);
    expect(ok.kinds).toBe('queued,sent,delivered');
    expect(ok.events.at(-1)!.details).toMatchObject({ reportId: expect.stringMatching(/^sms-/) });
    const bad = await message(unreachable.text!);
    expect(bad.kinds).toBe('queued,sent,failed');
    expect(bad.events.at(-1)!.reason).toBe('reason.deliveryFailed');
    const reports = await t.ctx.db.select().from(noticeDeliveryReports).where(eq(noticeDeliveryReports.messageId, reachable.text!));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.outcome).toBe('applied');
  });

  it('a provider’s bounce: the letter follows; a late “delivered” does not undo it; a replay changes nothing', async () => {
    const p = await person();
    const { email } = await enqueue(p.id);
    await drain();
    // The local SMTP peer may have reported it delivered already: a bounce after delivery still counts.
    const bounce = { id: 'bounce-1', messageId: email!, status: 'bounced', at: clock.now().toISOString() };
    expect(outcomes(await post(bounce))).toEqual(['applied']);
    const lateDelivered = await post({ id: 'delivery-1', messageId: email!, status: 'delivered' });
    expect(lateDelivered.status).toBe(200);
    expect(outcomes(lateDelivered)).toEqual(['stale']);
    clock.advance(60_000);
    expect(outcomes(await post(bounce))).toEqual(['duplicate']);

    const m = await message(email!);
    expect(m.state).toBe('bounced');
    expect(m.events.filter((e) => e.kind === 'bounced')).toHaveLength(1);
    expect(m.events.find((e) => e.kind === 'bounced')!.details).toMatchObject({ reportId: 'bounce-1' });
    const letters = await t.ctx.db
      .select()
      .from(noticeMessages)
      .where(and(eq(noticeMessages.followsMessageId, email!), eq(noticeMessages.channel, 'letter')));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.state).toBe('queued');
  });

  it('a report that comes before the hand-over is recorded waits for it; reports out of order end in the same state', async () => {
    const p = await person({ address: false });
    const { email } = await enqueue(p.id);
    // Claimed and being handed over: the provider answered faster than the dispatcher recorded it.
    await t.ctx.db.update(noticeMessages).set({ state: 'sending' }).where(eq(noticeMessages.id, email!));
    expect(
      outcomes(
        await post({
          reports: [
            { id: 'f-1', messageId: email!, status: 'failed' },
            { id: 'd-1', messageId: email!, status: 'delivered' },
          ],
        }),
      ),
    ).toEqual(['pending', 'pending']);
    expect((await message(email!)).kinds).toBe('queued');
    await t.ctx.db.update(noticeMessages).set({ state: 'sent' }).where(eq(noticeMessages.id, email!));
    await t.ctx.services.notices.flushDeliveries();
    const m = await message(email!);
    // Failed first, then the delivered report is stale; there is no address, so no letter and the reason says so.
    expect(m.state).toBe('bounced');
    expect(m.kinds).toBe('queued,bounced,failed');
    expect(m.events.map((e) => e.reason)).toEqual(['', 'reason.deliveryFailed', 'reason.bouncedNoAddress']);
    const reports = await t.ctx.db.select().from(noticeDeliveryReports).where(eq(noticeDeliveryReports.messageId, email!));
    expect(Object.fromEntries(reports.map((r) => [r.key.split(':')[1], r.outcome]))).toEqual({ 'f-1': 'applied', 'd-1': 'stale' });
  });

  it('refuses a bad signature with problem details and records nothing', async () => {
    const p = await person();
    const { email } = await enqueue(p.id);
    await drain();
    await until('the local SMTP peer’s report', async () => (await message(email!)).state === 'delivered');
    const before = await message(email!);
    const report = { id: 'forged', messageId: email!, status: 'bounced' };
    const body = JSON.stringify(report);
    const refusals = [
      await post(report, { secret: 'not-the-secret-at-all' }),
      await post(report, { signature: null }),
      await post(report, { at: new Date(clock.now().getTime() - 10 * 60_000) }),
      await post(report, { signature: signReport(SECRET, body, clock.now()), rawBody: body.replace('bounced', 'failed') }),
      await post(report, { signature: 't=1,v1=zz' }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(401);
      expect(r.type).toContain('application/problem+json');
      expect(r.json).toMatchObject({ status: 401, type: expect.stringContaining('/problems/bad-signature') });
    }
    expect(await message(email!)).toEqual(before);
    expect(await t.ctx.db.select().from(noticeDeliveryReports).where(eq(noticeDeliveryReports.messageId, email!))).toEqual([]);
  });

  it('ignores reports about messages it does not know, and refuses a malformed body with 400', async () => {
    const count = async () => (await t.ctx.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notice_delivery_reports`)).rows[0]!.n;
    const n = await count();
    const unknown = await post({
      reports: [
        { id: 'u-1', messageId: randomUUID(), status: 'delivered' },
        { id: 'u-2', messageId: 'not-a-message', status: 'bounced' },
      ],
    });
    expect(unknown.status).toBe(200);
    expect(outcomes(unknown)).toEqual(['ignored', 'ignored']);
    for (const bad of [{ id: 'x', messageId: randomUUID(), status: 'opened' }, { reports: [] }, { messageId: randomUUID(), status: 'delivered' }]) {
      const r = await post(bad);
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
    }
    expect((await post(null, { rawBody: '{not json' })).status).toBe(400);
    expect(await count()).toBe(n);
  });
});
