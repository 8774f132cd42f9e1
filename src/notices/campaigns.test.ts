/**
 * Campaigns (CLI, preview, pause/resume/cancel heard by every process),
 * service restored only to the affected, blast radius, preferences, texts
 * with quiet hours, letter short codes and expired links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor } from '../accounts/testing.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import type { CapabilityId } from '../capabilities/ids.js';
import { parseArgs } from '../cli/args.js';
import { ManualClock } from '../platform/clock.js';
import { sha256Hex } from '../platform/crypto.js';
import { seedDemoRecipients } from './audiences.js';
import { previewCampaign, createCampaign } from './campaigns.js';
import '../app/notice-types.js'; // the notice types every module declares, as in the assembled exchange
import { NOTICE_TYPES } from './catalogue.js';
import { enqueueNotice } from './enqueue-notice.js';
import { campaignCommands } from './module.js';
import { affectedAudience, affectedRecipients } from './restored.js';
import { noticeLinks, noticeMessages, noticeRecipients } from './schema.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
  await t.ctx.db.transaction((tx) => seedDemoRecipients(tx, 40, { now: clock.now() }));
});
afterAll(async () => t?.stop());

async function candor(line: string[]) {
  const args = parseArgs(line);
  const cmd = campaignCommands.filter((c) => c.name.split(' ').every((w, i) => args.positional[i] === w)).sort((a, b) => b.name.length - a.name.length)[0]!;
  const out: string[] = [];
  const code = await cmd.run(t.ctx, { ...args, positional: args.positional.slice(cmd.name.split(' ').length) }, (l) => out.push(l));
  return { code, out };
}

async function setStatus(capability: CapabilityId, status: 'operational' | 'down') {
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability,
      status,
      reasonEn: 'test',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 3_600_000) : null,
      by: { kind: 'system', id: 'test' },
      now: clock.now(),
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

const drain = async () => {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
};

describe('campaigns', () => {
  it('candor campaign create, list, pause, resume and cancel; a pause is heard by the process within a second and nothing of it is claimed', async () => {
    const created = await candor(['campaign', 'create', '--notice', 'open-enrollment-reminder', '--audience', 'demo-enrollees']);
    expect(created.code).toBe(0);
    const id = /Campaign ([0-9a-f-]{36})/.exec(created.out[0]!)![1]!;
    expect(created.out[0]).toMatch(/messages queued/);
    const paused = await candor(['campaign', 'pause', id]);
    expect(paused.out[0]).toBe(`Campaign ${id} is paused.`);
    const start = Date.now();
    while (t.ctx.services.notices.campaignStatus(id) !== 'paused') {
      expect(Date.now() - start).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await t.ctx.services.notices.dispatcher.runOnce()).toBe(0);
    expect((await candor(['campaign', 'pause', id])).code).toBe(1);
    expect((await candor(['campaign', 'resume', id])).code).toBe(0);
    const cancelled = await candor(['campaign', 'cancel', id, '--reason', 'wrong list']);
    expect(cancelled.out[0]).toMatch(/cancelled; \d+ messages cancelled/);
    const list = JSON.parse((await candor(['campaign', 'list', '--json'])).out.join('\n')) as Array<{ id: string; status: string; counts: Record<string, number> }>;
    const mine = list.find((c) => c.id === id)!;
    expect(mine.status).toBe('cancelled');
    expect(mine.counts.queued ?? 0).toBe(0);
    const reasons = await t.ctx.db.execute<{ reason: string }>(
      sql`SELECT DISTINCT e.reason FROM notice_events e JOIN notice_messages m ON m.id = e.message_id WHERE m.campaign_id = ${id} AND e.kind = 'cancelled'`,
    );
    expect(reasons.rows.map((r) => r.reason)).toContain('reason.campaignCancelled');
    expect((await candor(['campaign', 'create', '--notice', 'nope', '--audience', 'demo-enrollees'])).code).toBe(2);
  });

  it('previews by channel and by the variant each would get now', async () => {
    const notice = NOTICE_TYPES['invoice-ready']!;
    const audience = t.ctx.services.notices.audience('demo-enrollees')!;
    const preview = (now: Date) =>
      t.ctx.db.transaction((tx) =>
        previewCampaign(tx, { notice, audience, now, timeZone: 'America/New_York', profile: t.ctx.profile, isAvailable: (id) => t.ctx.services.capabilities.isAvailable(id, now) }),
      );
    const up = await preview(clock.now());
    expect(up.recipients).toBe(40);
    expect(Object.keys(up.byChannel).sort()).toEqual(['email', 'letter', 'text']);
    expect(up.byVariant.every((v) => v.outcome === 'pay-online')).toBe(true);
    await setStatus('online-payment', 'down');
    const down = await preview(clock.now());
    expect(down.byVariant.every((v) => v.outcome === 'pay-by-phone-or-mail')).toBe(true);
    await setStatus('online-payment', 'operational');
  });

  it('sends service-restored only to people held or rerouted because of the capability, once', async () => {
    const before = (await affectedRecipients(t.ctx.db, 'document-upload')).length;
    expect(before).toBe(0);
    const people = await t.ctx.db.select({ id: noticeRecipients.id }).from(noticeRecipients).where(eq(noticeRecipients.demo, true)).limit(3);
    await setStatus('document-upload', 'down');
    for (const p of people.slice(0, 2))
      await t.ctx.db.transaction((tx) =>
        enqueueNotice(tx, { type: 'verification-needed', recipient: { recipientId: p.id }, data: { documentsDueDate: '2027-01-12', items: ['income'] }, now: clock.now() }),
      );
    await drain();
    await setStatus('document-upload', 'operational');
    const affected = await affectedRecipients(t.ctx.db, 'document-upload');
    expect(affected.sort()).toEqual(
      people
        .slice(0, 2)
        .map((p) => p.id)
        .sort(),
    );
    const now = clock.now();
    const c = await t.ctx.db.transaction(async (tx) =>
      createCampaign(tx, {
        noticeType: 'service-restored',
        audience: await affectedAudience(tx, 'document-upload'),
        startAt: now,
        now,
        timeZone: 'America/New_York',
        by: { kind: 'system', id: 'test' },
      }),
    );
    expect(c.total).toBeGreaterThanOrEqual(2);
    await drain();
    const sent = await t.ctx.db.execute<{ recipient_id: string; variant: string }>(
      sql`SELECT DISTINCT recipient_id, variant FROM notice_messages WHERE campaign_id = ${c.id} AND state IN ('sent', 'delivered')`,
    );
    expect([...new Set(sent.rows.map((r) => r.recipient_id))].sort()).toEqual(affected.sort());
    expect(sent.rows.every((r) => r.variant === 'restored')).toBe(true);
    expect(await affectedRecipients(t.ctx.db, 'document-upload')).toEqual([]);
  });

  it('counts the blast radius of a proposed change: messages due, by type, and what would happen to each', async () => {
    const householdId = crypto.randomUUID();
    await t.ctx.db.transaction(async (tx) => {
      await enqueueNotice(tx, {
        type: 'payment-reminder',
        recipient: { householdId, firstName: 'Ana', email: 'ana.br@example.test', mailingAddress: { lines: ['1 Main'], city: 'Barre', state: 'VT', zip: '05641' } },
        data: { amountDueCents: 100, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'R-1' },
        now: clock.now(),
      });
      await enqueueNotice(tx, {
        type: 'invoice-ready',
        recipient: { householdId },
        data: { amountDueCents: 100, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'R-1' },
        now: clock.now(),
      });
      await enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { householdId },
        data: { amountPaidCents: 100, receivedOn: '2026-10-13', coverageMonth: '2026-11-01', remainingCents: 0 },
        now: clock.now(),
      });
    });
    const radius = await t.ctx.db.transaction((tx) =>
      t.ctx.services.capabilities.blastRadius(tx, { capabilities: ['online-payment'], status: 'down', from: clock.now(), until: new Date(clock.now().getTime() + 3_600_000) }),
    );
    const items = radius.find((r) => r.contributor === 'notices')!.items;
    const of = (type: string) => items.find((i) => i.label.en === `Messages due: ${type}`)!;
    expect(of('payment-reminder').detail!.en).toMatch(/0 rerouted.*1 held/);
    expect(of('invoice-ready').detail!.en).toMatch(/1 rerouted/);
    expect(of('payment-received').detail!.en).toMatch(/1 unaffected/);
    await drain();
  });
});

describe('preferences, texts and links', () => {
  it('lets a customer choose electronic delivery and texts; texts wait out quiet hours', async () => {
    const account = await createTestAccount(t.ctx.db, { firstName: 'Teo' });
    await t.ctx.db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { accountId: account.id, mailingAddress: { lines: ['2 Elm'], city: 'Barre', state: 'VT', zip: '05641' } },
        data: { amountPaidCents: 100, receivedOn: '2026-10-13', coverageMonth: '2026-11-01', remainingCents: 0 },
        now: clock.now(),
      }),
    );
    await drain();
    const cookie = await sessionCookieFor(t.ctx.db, account.id, clock.now());
    const page = await t.server!.inject({ url: '/account/notices', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookies = [cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join('; ');
    const bad = await t.server!.inject({
      method: 'POST',
      url: '/account/notices',
      headers: { cookie: cookies },
      payload: { _csrf: csrf, delivery: 'electronic', texts: 'yes', phone: '555', reminders: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.server!.inject({
      method: 'POST',
      url: '/account/notices',
      headers: { cookie: cookies },
      payload: { _csrf: csrf, delivery: 'electronic', texts: 'yes', phone: '+1 802 555 0199', reminders: 'yes' },
    });
    expect(ok.statusCode).toBe(303);
    const [r] = await t.ctx.db.select().from(noticeRecipients).where(eq(noticeRecipients.accountId, account.id));
    expect(r).toMatchObject({ delivery: 'electronic', textsOptIn: true, phone: '+18025550199', remindersOptOut: false });

    clock.set(new Date('2026-10-15T02:30:00Z')); // 10:30 pm in Vermont
    const { messages } = await t.ctx.db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { accountId: account.id },
        data: { amountPaidCents: 2_500, receivedOn: '2026-10-14', coverageMonth: '2026-11-01', remainingCents: 0 },
        now: clock.now(),
      }),
    );
    expect(messages.map((m) => m.channel)).toEqual(['email', 'text']);
    await drain();
    const text = messages.find((m) => m.channel === 'text')!;
    const [held] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, text.id));
    expect(held!.state).toBe('queued');
    expect(held!.availableAt.toISOString()).toBe('2026-10-15T12:00:00.000Z'); // 8 am
    clock.set(new Date('2026-10-15T12:01:00Z'));
    await drain();
    const received = t.ctx.services.notices.localSms!.received.find((m) => m.reference === text.id)!;
    expect(received.to).toBe('+18025550199');
    expect(received.body).toContain('$25.00');
    clock.set(new Date('2026-10-14T15:00:00Z'));
  });

  it('opens a person’s own details with the short code printed in their letter, and says when a link has expired', async () => {
    const householdId = crypto.randomUUID();
    const { messages } = await t.ctx.db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'invoice-ready',
        recipient: { householdId, firstName: 'Ines', mailingAddress: { lines: ['3 Oak'], city: 'Barre', state: 'VT', zip: '05641' } },
        data: { amountDueCents: 45_600, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-CODE-0001' },
        now: clock.now(),
      }),
    );
    await drain();
    const letter = messages[0]!;
    // The code is printed only in the PDF; set a known one to exercise the lookup.
    await t.ctx.db
      .update(noticeMessages)
      .set({ shortCodeHash: sha256Hex('ABCD2345') })
      .where(eq(noticeMessages.id, letter.id));
    const form = await t.server!.inject({ url: '/l' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookies = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await t.server!.inject({ method: 'POST', url: '/l', headers: { cookie: cookies }, payload: { _csrf: csrf, code: 'abcd-2345' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('VHC-CODE-0001');
    expect(res.body).toContain('$456.00');
    const [link] = await t.ctx.db.select().from(noticeLinks).where(eq(noticeLinks.messageId, letter.id));
    expect(link).toBeDefined();
    await t.ctx.db
      .update(noticeLinks)
      .set({ expiresAt: new Date(clock.now().getTime() - 1000) })
      .where(eq(noticeLinks.messageId, letter.id));
    // Tokens are stored hashed; an unknown token is simply not found.
    expect((await t.server!.inject({ url: '/l/AAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
  });
});
