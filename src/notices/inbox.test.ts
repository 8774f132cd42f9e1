/**
 * Electronic notices and the customer's notices page, on the whole exchange
 * (real local SMTP, print batch, live capability registry): a formal notice
 * for a person who chose electronic delivery is posted to "Your notices and
 * documents" and the email is an alert with nothing of the person in it; a
 * bounced alert brings the full notice by mail within 3 business days; other
 * notices keep their email and are listed too; nobody sees another person's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestAccount, sessionCookieFor, signedIn } from '../accounts/testing.js';
import type { CapabilityId } from '../capabilities/ids.js';
import { setCapabilityStatus } from '../capabilities/set-capability-status.js';
import { ManualClock } from '../platform/clock.js';
import { ALL_RECIPIENTS_AUDIENCE } from './audiences.js';
import { previewCampaign } from './campaigns.js';
import { noticeType } from './catalogue.js';
import { enqueueNotice } from './enqueue-notice.js';
import { LINK_TARGETS } from './link-targets.js';
import { noticeEvents, noticeMessages, noticeRecipients } from './schema.js';

let t: TestApp;
// Wednesday 14 October 2026, 11:00 in Vermont: the phone lines are open.
const clock = new ManualClock(new Date('2026-10-14T15:00:00Z'));
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  for (const id of ['sign-in', 'online-payment', 'email-notices', 'letter-notices'] as CapabilityId[]) await setStatus(id, 'operational');
});

async function setStatus(capability: CapabilityId, status: 'operational' | 'down') {
  if (t.ctx.services.capabilities.snapshot().capabilities[capability].status === status) return;
  await t.ctx.db.transaction((tx) =>
    setCapabilityStatus(tx, {
      capability,
      status,
      reasonEn: status === 'down' ? 'Test outage' : 'Back',
      expectedEnd: status === 'down' ? new Date(clock.now().getTime() + 3_600_000) : null,
      by: { kind: 'system', id: 'test' },
      now: clock.now(),
    }),
  );
  await t.ctx.services.capabilities.refresh();
}

const address = { lines: ['77 Sentinel Road'], city: 'Quimbyville', state: 'VT', zip: '05999' };
const warning = { amountDueCents: 91_234, terminationDate: '2026-11-30', payBy: '2026-10-31', referenceNumber: 'VHC-ZQ7X-4411' };

/** A customer who reads notices online: an account, a recipient with email and address, electronic delivery. */
async function electronicCustomer(email?: string) {
  const account = await createTestAccount(t.ctx.db, { firstName: 'Philippa', email });
  const r = await t.ctx.db.transaction((tx) =>
    enqueueNotice(tx, {
      type: 'payment-received',
      recipient: { accountId: account.id, lastName: 'Quennell', mailingAddress: address },
      data: { amountPaidCents: 1, receivedOn: '2026-10-01', coverageMonth: '2026-10-01', remainingCents: 0 },
      now: clock.now(),
    }),
  );
  await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, r.recipientId));
  await t.ctx.db.update(noticeMessages).set({ state: 'cancelled' }).where(eq(noticeMessages.recipientId, r.recipientId));
  return { ...account, recipientId: r.recipientId, cookie: await sessionCookieFor(t.ctx.db, account.id, clock.now()) };
}

async function raise(type: string, accountId: string, data: unknown) {
  return t.ctx.db.transaction((tx) => enqueueNotice(tx, { type, recipient: { accountId }, data, now: clock.now(), timeZone: 'America/New_York' }));
}

async function drain() {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
}

const mailFor = (messageId: string) => t.ctx.localSmtp!.received.find((m) => m.headers['x-candor-message'] === messageId);
const get = (url: string, cookie?: string) => t.server!.inject({ url, headers: cookie ? { cookie } : {} });

describe('electronic formal notices', () => {
  it('are posted to the person’s notices page and the email is an alert with nothing of the person in it', async () => {
    const p = await electronicCustomer();
    const { messages } = await raise('termination-warning', p.id, warning);
    const id = messages[0]!.id;
    expect(messages[0]!.channel).toBe('email');
    await drain();

    const mail = mailFor(id)!;
    expect(mail.headers['x-candor-notice']).toBe('notice-alert');
    expect(mail.headers['x-candor-variant']).toBe('sign-in');
    expect(mail.subject).toBe('You have a new notice from Vermont Health Connect');
    const all = `${mail.subject}\n${mail.html}\n${mail.text}`;
    for (const personal of ['Philippa', 'Quennell', 'Sentinel', '912.34', '$912', 'November 30', 'October 31', warning.referenceNumber, 'coverage will end', 'termination'])
      expect(all, personal).not.toContain(personal);
    const link = /\/l\/([A-Za-z0-9_-]+)/.exec(mail.text)![0]!;
    expect((await get(link)).headers.location).toBe('/account/notices/inbox');

    await t.ctx.services.notices.flushDeliveries();
    const [m] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, id));
    expect(m!.variant).toBe('pay-online'); // the notice's own call to action, shown on the notices page
    const sent = (await t.ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, id))).find((e) => e.kind === 'sent')!;
    expect(sent).toMatchObject({ reason: 'reason.postedWithAlert', details: { posted: true, alert: 'sign-in' } });

    // The notice itself, on the person's page, as it was rendered for them.
    const list = await get('/account/notices/inbox', p.cookie);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Your coverage will end unless you pay');
    expect(list.body).toContain('Posted here, with an email alert');
    const page = await get(`/account/notices/inbox/${id}`, p.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('$912.34');
    expect(page.body).toContain('October 31, 2026');
    expect(page.body).toContain('Your right to appeal');
    expect(page.body).toContain('lang="ne"');
    expect(page.body).toContain(`/account/notices/inbox/${id}/go/pay`);
    // Its links resolve when clicked, like /l/: to the page while it works, else to the alternatives with the person's details.
    expect((await get(`/account/notices/inbox/${id}/go/pay`, p.cookie)).headers.location).toBe(LINK_TARGETS.pay.path);
    await setStatus('online-payment', 'down');
    const alternatives = await get(`/account/notices/inbox/${id}/go/pay`, p.cookie);
    expect(alternatives.statusCode).toBe(200);
    expect(alternatives.body).toContain(warning.referenceNumber);
    expect((await get(`/account/notices/inbox/${id}/go/nowhere`, p.cookie)).statusCode).toBe(404);

    // Nobody else sees it: another customer gets "not found", and a stranger is sent to sign in.
    const other = await signedIn(t.ctx.db, 'customer');
    for (const url of [`/account/notices/inbox/${id}`, `/account/notices/inbox/${id}/go/pay`, `/account/notices/inbox/${id}/letter.pdf`])
      expect((await get(url, other.cookie)).statusCode, url).toBe(404);
    expect((await get('/account/notices/inbox', other.cookie)).body).not.toContain(id);
    expect((await get(`/account/notices/inbox/${id}`)).headers.location).toMatch(/^\/sign-in\?next=/);
    expect((await get('/account/notices/inbox/not-a-uuid', p.cookie)).statusCode).toBe(404);
  });

  it('offer the support line in the alert while signing in is unavailable', async () => {
    const p = await electronicCustomer();
    await setStatus('sign-in', 'down');
    const { messages } = await raise('verification-needed', p.id, { documentsDueDate: '2027-01-12', items: ['income'] });
    await drain();
    const mail = mailFor(messages[0]!.id)!;
    expect(mail.headers['x-candor-variant']).toBe('call');
    expect(mail.text).toContain('1-855-899-9600');
    expect(mail.text).not.toMatch(/\/l\//);
    expect(mail.text).not.toContain('January 12');
    // A link sent earlier to the notices page tells the truth while sign-in is down.
    await setStatus('sign-in', 'operational');
    const { messages: second } = await raise('verification-needed', p.id, { documentsDueDate: '2027-01-12', items: ['ssn'] });
    await drain();
    const link = /\/l\/([A-Za-z0-9_-]+)/.exec(mailFor(second[0]!.id)!.text)![0]!;
    await setStatus('sign-in', 'down');
    const page = await get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1-855-899-9600');
  });

  it('are previewed and counted in a blast radius as the dispatcher will send them: the alert needs sign-in, or the support line', async () => {
    const p = await electronicCustomer();
    const verification = noticeType('verification-needed')!;
    const tally = async (capabilities: CapabilityId[]) => {
      const radius = await t.ctx.db.transaction((tx) =>
        t.ctx.services.capabilities.blastRadius(tx, { capabilities, status: 'down', from: clock.now(), until: new Date(clock.now().getTime() + 3_600_000) }),
      );
      const item = radius.find((r) => r.contributor === 'notices')!.items.find((i) => i.label.en === 'Messages due: verification-needed');
      const n = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(item?.detail?.en ?? '')?.[1] ?? 0);
      return { rerouted: n('rerouted'), held: n('held'), unaffected: n('unaffected') };
    };
    const before = { signIn: await tally(['sign-in']), both: await tally(['sign-in', 'call-centre']) };
    const { messages } = await raise('verification-needed', p.id, { documentsDueDate: '2027-01-12', items: ['income'] });
    // The notice itself needs nothing sign-in gives; its alert does.
    const signIn = await tally(['sign-in']);
    expect(signIn.rerouted - before.signIn.rerouted).toBe(1);
    expect(signIn.unaffected - before.signIn.unaffected).toBe(0);
    const both = await tally(['sign-in', 'call-centre']);
    expect(both.held - before.both.held).toBe(1);

    const preview = (available: (id: CapabilityId) => boolean) =>
      t.ctx.db.transaction((tx) =>
        previewCampaign(tx, { notice: verification, audience: ALL_RECIPIENTS_AUDIENCE, now: clock.now(), timeZone: 'America/New_York', profile: t.ctx.profile, isAvailable: available }),
      );
    const up = await preview(() => true);
    expect(up.byVariant.some((v) => v.channel === 'email' && v.outcome.endsWith('· alert sign-in'))).toBe(true);
    const down = await preview((id) => id !== 'sign-in');
    expect(down.byVariant.some((v) => v.channel === 'email' && v.outcome.endsWith('· alert call'))).toBe(true);
    expect(down.byVariant.some((v) => v.outcome.endsWith('· alert sign-in'))).toBe(false);

    // And the message's timeline says its alert went out with the support line instead of sign-in, and why.
    await setStatus('sign-in', 'down');
    await drain();
    const events = await t.ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, messages[0]!.id));
    expect(events.find((e) => e.kind === 'rerouted')).toMatchObject({ reason: 'reason.capabilityUnavailable', details: { alert: true, from: 'sign-in', to: 'call', because: ['sign-in'] } });
  });

  it('whose alert bounces go by mail, in full, within 3 business days; the letter is on the notices page with its PDF', async () => {
    const p = await electronicCustomer(`gone-${Date.now()}@bounce.invalid`);
    const { messages } = await raise('coverage-terminated', p.id, { terminationDate: '2026-11-30', reason: 'non-payment', unpaidCents: 91_234 });
    await drain();
    await t.ctx.services.notices.flushDeliveries();
    const events = await t.ctx.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, messages[0]!.id));
    expect(events.map((e) => e.kind)).toContain('bounced');
    const letterId = (events.find((e) => e.reason === 'reason.letterAfterBounce')!.details as { letterId: string }).letterId;
    const [queued] = await t.ctx.db.select().from(noticeMessages).where(eq(noticeMessages.id, letterId));
    expect(queued!.type).toBe('coverage-terminated');
    expect(queued!.channel).toBe('letter');
    expect(queued!.latestUsefulAt!.getTime() - clock.now().getTime()).toBeLessThanOrEqual(5 * 86_400_000);
    await drain();

    const list = await get('/account/notices/inbox', p.cookie);
    expect(list.body).toContain('Letter by mail');
    expect(list.body).toContain('Posted here, with an email alert (the email was returned to us)');
    const letterPage = await get(`/account/notices/inbox/${letterId}`, p.cookie);
    expect(letterPage.body).toContain('Philippa Quennell');
    expect(letterPage.body).toContain('$912.34');
    expect(letterPage.body).toContain('id="letter-pdf"');
    const pdf = await get(`/account/notices/inbox/${letterId}/letter.pdf`, p.cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // An email has no PDF.
    expect((await get(`/account/notices/inbox/${messages[0]!.id}/letter.pdf`, p.cookie)).statusCode).toBe(404);
  });
});

describe('other notices', () => {
  it('keep their email content and are listed with the rest, newest first', async () => {
    const p = await electronicCustomer();
    const first = await raise('invoice-ready', p.id, { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-TEST-0001' });
    await drain();
    clock.advance(60_000);
    const second = await raise('payment-received', p.id, { amountPaidCents: 12_345, receivedOn: '2026-10-14', coverageMonth: '2026-11-01', remainingCents: 0 });
    await drain();
    const mail = mailFor(first.messages[0]!.id)!;
    expect(mail.headers['x-candor-notice']).toBe('invoice-ready');
    expect(mail.text).toContain('$123.45');
    expect(mail.text).toContain('Philippa');
    const list = await get('/account/notices/inbox', p.cookie);
    const order = [second.messages[0]!.id, first.messages[0]!.id].map((id) => list.body.indexOf(`data-message="${id}"`));
    expect(order[0]).toBeGreaterThan(0);
    expect(order[0]).toBeLessThan(order[1]!);
    expect(list.body).toContain('We received your payment');
    const es = await t.server!.inject({ url: '/account/notices/inbox', headers: { cookie: `${p.cookie}; candor_lang=es` } });
    expect(es.body).toContain('Sus avisos y documentos');
    expect(es.body).toContain('Recibimos su pago');
  });

  it('are linked from the customer’s home and account pages; a customer with none sees so', async () => {
    const p = await signedIn(t.ctx.db, 'customer');
    for (const url of ['/', '/account']) expect((await get(url, p.cookie)).body).toContain('href="/account/notices/inbox"');
    expect((await get('/account/notices/inbox', p.cookie)).body).toContain('id="inbox-empty"');
    expect((await get('/account/notices/inbox?page=abc', p.cookie)).statusCode).toBe(200);
  });
});
