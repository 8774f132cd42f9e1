/**
 * The outbox end to end on the whole exchange: a real local SMTP peer, the
 * stand-in SMS gateway, the print batch folder, the live capability registry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor, signedIn } from '../accounts/testing.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import type { CapabilityId } from '../capabilities/ids.js';
import { ManualClock } from '../platform/clock.js';
import { createDispatcher } from './dispatcher.js';
import { enqueueNotice } from './enqueue-notice.js';
import { RETRY } from './rules.js';
import { noticeEvents, noticeMessages, noticeRecipients } from './schema.js';

let t: TestApp;
// Wednesday 14 October 2026, 11:00 in Vermont: both phone lines open.
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  for (const id of ['online-payment', 'email-notices', 'letter-notices'] as CapabilityId[]) await setStatus(id, 'operational');
});

const by = { kind: 'system', id: 'test' } as const;
async function setStatus(capability: CapabilityId, status: 'operational' | 'down') {
  const current = t.ctx.services.capabilities.snapshot().capabilities[capability].status;
  if (current === status) return;
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability,
      status,
      reasonEn: status === 'down' ? 'Test outage' : 'Back',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 3_600_000) : null,
      by,
      now: clock.now(),
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

const invoice = { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-TEST-0001' };
const address = { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' };

async function enqueue(type: string, recipient: Record<string, unknown>, data: unknown = invoice) {
  return t.ctx.db.transaction((tx) => enqueueNotice(tx, { type, recipient, data, now: clock.now(), timeZone: 'America/New_York' }));
}

async function electronicRecipient(email = `p${Math.random().toString(36).slice(2)}@example.test`) {
  const householdId = crypto.randomUUID();
  const r = await enqueue(
    'payment-received',
    { householdId, firstName: 'Rosa', email, mailingAddress: address },
    { amountPaidCents: 1, receivedOn: '2026-10-01', coverageMonth: '2026-10-01', remainingCents: 0 },
  );
  await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, r.recipientId));
  await t.ctx.db.update(noticeMessages).set({ state: 'cancelled' }).where(eq(noticeMessages.recipientId, r.recipientId));
  return { householdId, email, recipientId: r.recipientId };
}

async function message(id: string) {
  const [m] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, id));
  const events = await t.ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, id)).orderBy(noticeEvents.id);
  return { ...m!, events };
}

async function drain() {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
}

describe('the dispatcher', () => {
  it('hands an email to SMTP with a stable Message-ID and the notice and variant headers, and records it', async () => {
    const p = await electronicRecipient();
    const { messages } = await enqueue('invoice-ready', { householdId: p.householdId }, invoice);
    await drain();
    const mail = t.ctx.localSmtp!.received.find((m) => m.to.includes(p.email))!;
    expect(mail.headers['x-candor-notice']).toBe('invoice-ready');
    expect(mail.headers['x-candor-variant']).toBe('pay-online');
    expect(mail.headers['message-id']).toBe(`<notice-${messages[0]!.id}@127.0.0.1>`);
    expect(mail.html).toMatch(/\/l\/[A-Za-z0-9_-]{24}/);
    expect(mail.text).not.toContain(invoice.referenceNumber);
    await t.ctx.services.notices.flushDeliveries();
    const m = await message(messages[0]!.id);
    expect(m.state).toBe('delivered');
    expect(m.variant).toBe('pay-online');
    expect(m.capabilitySnapshot?.statuses['online-payment']).toBe('operational');
    expect(m.events.map((e) => e.kind)).toEqual(['queued', 'sent', 'delivered']);
  });

  it('reroutes to phone and mail when online payment is down, and the link leads to the alternatives with the person’s own details only after sign-in', async () => {
    const account = await createTestAccount(t.ctx.db, { firstName: 'Luz' });
    const { messages, recipientId } = await enqueue('invoice-ready', { accountId: account.id, mailingAddress: address });
    await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, recipientId));
    await t.ctx.db.update(noticeMessages).set({ channel: 'email' }).where(eq(noticeMessages.id, messages[0]!.id));
    // A message sent while it works …
    await drain();
    const before = t.ctx.localSmtp!.received.find((m) => m.headers['x-candor-message'] === messages[0]!.id)!;
    const token = /\/l\/([A-Za-z0-9_-]+)/.exec(before.text)![1]!;
    expect((await t.server!.inject({ url: `/l/${token}` })).headers.location).toBe('/billing/pay');
    // … then the outage: the old link tells the truth, and the new message carries another way to pay.
    await setStatus('online-payment', 'down');
    const page = await t.server!.inject({ url: `/l/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1-855-899-9601');
    expect(page.body).not.toContain(invoice.referenceNumber);
    const mine = await t.server!.inject({ url: `/l/${token}`, headers: { cookie: await sessionCookieFor(t.ctx.db, account.id, clock.now()) } });
    expect(mine.body).toContain(invoice.referenceNumber);
    expect(mine.body).toContain('$123.45');
    const other = await signedIn(t.ctx.db, 'customer');
    expect((await t.server!.inject({ url: `/l/${token}`, headers: { cookie: other.cookie } })).body).not.toContain(invoice.referenceNumber);

    const second = await enqueue('invoice-ready', { accountId: account.id });
    await drain();
    const m = await message(second.messages[0]!.id);
    expect(m.variant).toBe('pay-by-phone-or-mail');
    // The local SMTP peer's delivery report may be recorded in the background by now: only the dispatcher's own events are compared.
    expect(m.events.map((e) => e.kind).filter((k) => k !== 'delivered')).toEqual(['queued', 'rerouted', 'sent']);
    expect(m.events[1]!.details).toMatchObject({ from: 'pay-online', to: 'pay-by-phone-or-mail', because: ['online-payment'] });
    const mail = t.ctx.localSmtp!.received.find((x) => x.headers['x-candor-message'] === m.id)!;
    expect(mail.headers['x-candor-variant']).toBe('pay-by-phone-or-mail');
    expect(mail.text).not.toMatch(/pay[^.]{0,40} online/i);
  });

  it('holds a payment reminder while online payment is down and releases it, re-decided, when it returns', async () => {
    const p = await electronicRecipient();
    const { messages } = await enqueue('payment-reminder', { householdId: p.householdId });
    await setStatus('online-payment', 'down');
    await drain();
    let m = await message(messages[0]!.id);
    expect(m.state).toBe('held');
    expect(m.heldFor).toEqual(['online-payment']);
    await t.ctx.services.notices.dispatcher.sweep();
    expect((await message(m.id)).state).toBe('held');
    await setStatus('online-payment', 'operational');
    await t.ctx.services.notices.dispatcher.sweep();
    await drain();
    m = await message(m.id);
    expect(m.state).toBe('sent');
    expect(m.variant).toBe('pay-online');
    expect(m.events.map((e) => e.kind).filter((k) => k !== 'delivered')).toEqual(['queued', 'held', 'released', 'sent']);
  });

  it('sends a held reminder with phone and mail once the hold ends, and expires what is past its latest useful time', async () => {
    const p = await electronicRecipient();
    const { messages } = await enqueue('payment-reminder', { householdId: p.householdId });
    const late = await enqueue('payment-reminder', { householdId: p.householdId }, { ...invoice, dueDate: '2026-10-14' });
    await setStatus('online-payment', 'down');
    await drain();
    clock.advance(25 * 3_600_000);
    await t.ctx.services.notices.dispatcher.sweep();
    await drain();
    const m = await message(messages[0]!.id);
    expect(m.state).toBe('sent');
    expect(m.variant).toBe('pay-by-phone-or-mail');
    expect(m.events.map((e) => e.reason)).toContain('reason.holdEnded');
    const l = await message(late.messages[0]!.id);
    expect(l.state).toBe('expired');
    clock.advance(-25 * 3_600_000);
  });

  it('retries a temporary failure with back-off and jitter, then puts it in the dead letters shown in the console', async () => {
    const p = await electronicRecipient();
    const { messages } = await enqueue('payment-received', { householdId: p.householdId }, { amountPaidCents: 100, receivedOn: '2026-10-14', coverageMonth: '2026-11-01', remainingCents: 0 });
    let calls = 0;
    const failing = createDispatcher(
      {
        db: t.ctx.db,
        databaseUrl: t.databaseUrl,
        clock,
        profile: t.ctx.profile,
        log: t.ctx.log,
        capabilities: t.ctx.services.capabilities,
        transports: {
          email: async () => {
            calls++;
            return { ok: false, permanent: false, error: 'SMTP 421' };
          },
          letters: t.ctx.services.notices.printBatch,
          sms: { send: async () => ({ ok: false, permanent: false, error: 'x' }) },
        },
        publicUrl: () => t.url,
        mailFrom: 'test@candor.localhost',
        campaignStatus: () => undefined,
      },
      { random: () => 0.5 },
    );
    const delays: number[] = [];
    for (let i = 0; i < RETRY.maxAttempts; i++) {
      await failing.runOnce();
      const m = await message(messages[0]!.id);
      if (m.state === 'failed') break;
      delays.push(m.availableAt.getTime() - clock.now().getTime());
      clock.set(m.availableAt);
    }
    expect(calls).toBe(RETRY.maxAttempts);
    expect(delays).toEqual([22_500, 45_000, 90_000, 180_000, 360_000]);
    const m = await message(messages[0]!.id);
    expect(m.state).toBe('failed');
    await failing.stop();
    expect(m.events.at(-1)).toMatchObject({ kind: 'failed', reason: 'reason.retriesExhausted' });
    const ops = await signedIn(t.ctx.db, 'operations');
    const console = await t.server!.inject({ url: '/operations/notices', headers: { cookie: ops.cookie } });
    expect(console.body).toContain(m.id.slice(0, 8));
  });

  it('turns a bounced email into a tagged PDF letter in the day’s print batch, with a short code that opens the person’s details', async () => {
    const p = await electronicRecipient(`gone${Date.now()}@bounce.invalid`);
    const { messages } = await enqueue(
      'termination-warning',
      { householdId: p.householdId },
      { amountDueCents: 91_200, terminationDate: '2026-11-30', payBy: '2026-10-31', referenceNumber: 'VHC-BNCE-0001' },
    );
    await drain();
    await t.ctx.services.notices.flushDeliveries();
    const bounced = await message(messages[0]!.id);
    expect(bounced.state).toBe('bounced');
    const letterId = (bounced.events.find((e) => e.reason === 'reason.letterAfterBounce')!.details as { letterId: string }).letterId;
    await drain();
    const letter = await message(letterId);
    expect(letter.state).toBe('sent');
    expect(letter.channel).toBe('letter');
    expect(letter.latestUsefulAt!.getTime() - clock.now().getTime()).toBeLessThanOrEqual(5 * 86_400_000);
    const folder = path.join(t.ctx.config.dataDir, 'print', '2026-10-14');
    const pdf = fs.readFileSync(path.join(folder, `${letterId}.pdf`)).toString('latin1');
    expect(pdf).toContain('/StructTreeRoot');
    expect(pdf).toContain('/MarkInfo');
    expect(pdf).toMatch(/\/Lang \(en-US\)/);
    const lines = fs
      .readFileSync(path.join(folder, 'batch.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.messageId === letterId && l.notice === 'termination-warning')).toBe(true);
    // The short code is printed only in the letter: look it up by its hash through the page.
    const wrong = await t.server!.inject({ method: 'POST', url: '/l', payload: { code: 'AAAA-AAAA' } });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
  });
});
