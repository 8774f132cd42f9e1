/**
 * Form 1095-A delivered, on the whole exchange (real PostgreSQL, the local
 * SMTP peer, the print batch), the day fixed at 2026-12-07: a run raises one
 * formal notice per statement version; a customer who reads notices online
 * gets it posted to their notices with an email alert holding nothing of
 * them (no name, SSN, amount or form), and downloads the statement's PDF
 * there; a household without an account gets the letter; the SSN appears
 * only as its last four digits, and never in the email, the logs or the
 * outbox; the call centre sends it again, audited with the agent and reason.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { captureLog } from '../../test/support/log-capture.js';
import { createTestAccount, sessionCookieFor, signedIn } from '../accounts/testing.js';
import { loadVermont2026Catalog } from '../catalog/seed-vermont-2026.js';
import { createEnrollment, createHousehold } from '../enrollment/testing.js';
import { enqueueNotice } from '../notices/enqueue-notice.js';
import { noticeMessages, noticeRecipients } from '../notices/schema.js';
import { hmacHex, seal } from '../platform/crypto.js';
import { ManualClock } from '../platform/clock.js';
import { recipientCopy } from './notices.js';
import { runTaxForms } from './run-tax-forms.js';
import type { StatementContent } from './statement.js';

const clock = new ManualClock(new Date('2026-12-07T15:00:00Z'));
const logs = captureLog('debug');
const key = randomBytes(32);
const SSN = '123456789';
let t: TestApp;
let online: { householdId: string; accountId: string; cookie: string };
let paper: { householdId: string };

async function drain() {
  while ((await t.ctx.services.notices.dispatcher.runOnce()) > 0);
}
const get = (url: string, cookie?: string) => t.server!.inject({ url, headers: cookie ? { cookie } : {} });
const formNotices = async () =>
  (
    await t.ctx.db.execute<{ id: string; household_id: string; channel: string; state: string; data: Record<string, unknown>; data_text: string; transport_ref: string | null }>(sql`
    SELECT m.id, r.household_id, m.channel, m.state, m.data, m.data::text AS data_text, m.transport_ref
      FROM notice_messages m JOIN notice_recipients r ON r.id = m.recipient_id WHERE m.type = 'form-1095-a' ORDER BY m.created_at, m.id`)
  ).rows;

beforeAll(async () => {
  t = await startTestApp({ clock, log: logs.log });
  const db = t.ctx.db;
  await db.transaction((tx) => loadVermont2026Catalog(tx));

  // Online: an account, electronic delivery, the SSN on file (sealed).
  const account = await createTestAccount(db, { firstName: 'Philippa', email: 'philippa@example.test' });
  const a = await createHousehold(db, { customerAccountId: account.id, members: [{ firstName: 'Philippa', lastName: 'Quennell', dateOfBirth: '1980-02-02' }] });
  await db.execute(sql`UPDATE household_members SET ssn_sealed = ${seal(key, SSN)}, ssn_hash = ${hmacHex(key, SSN)}, ssn_last4 = '6789' WHERE id = ${a.members[0]!.id}`);
  await createEnrollment(db, {
    householdId: a.household.id,
    coverageStart: '2026-03-01',
    carrierHiosId: '77566',
    planHiosId: '77566VT0020004',
    grossPremiumCents: 127_463,
    aptcCents: 80_000,
    status: 'effectuated',
    at: clock.now(),
  });
  const r = await db.transaction((tx) =>
    enqueueNotice(tx, {
      type: 'payment-received',
      recipient: { householdId: a.household.id, accountId: account.id, firstName: 'Philippa', lastName: 'Quennell' },
      data: { amountPaidCents: 1, receivedOn: '2026-10-01', coverageMonth: '2026-10-01', remainingCents: 0 },
      now: clock.now(),
    }),
  );
  await db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, r.recipientId));
  await db.update(noticeMessages).set({ state: 'cancelled' }).where(eq(noticeMessages.recipientId, r.recipientId));
  online = { householdId: a.household.id, accountId: account.id, cookie: await sessionCookieFor(db, account.id, clock.now()) };

  // Paper: no account, Spanish.
  const b = await createHousehold(db, { language: 'es', members: [{ firstName: 'Bartolo', lastName: 'Ibarra', dateOfBirth: '1975-07-07' }] });
  await createEnrollment(db, {
    householdId: b.household.id,
    coverageStart: '2026-01-01',
    carrierHiosId: '77566',
    planHiosId: '77566VT0020004',
    grossPremiumCents: 127_463,
    status: 'effectuated',
    at: clock.now(),
  });
  paper = { householdId: b.household.id };
}, 120_000);
afterAll(async () => t?.stop());

describe('Form 1095-A as a formal notice', () => {
  it('a run raises one notice per statement: posted online with an alert that says nothing, or a letter; the SSN only as its last four digits', async () => {
    const run = await runTaxForms(t.ctx.db, { profile: t.ctx.profile }, { year: 2026, now: clock.now() });
    expect(run.statements).toBe(2);
    const notices = await formNotices();
    expect(notices.map((n) => [n.household_id, n.channel]).sort()).toEqual(
      [
        [online.householdId, 'email'],
        [paper.householdId, 'letter'],
      ].sort(),
    );
    const mine = notices.find((n) => n.household_id === online.householdId)!;
    expect(mine.data).toMatchObject({ kind: 'original', coverageYear: 2026, recipient: { firstName: 'Philippa', ssnLast4: '6789' } });
    for (const n of notices) {
      expect(n.data_text).not.toContain(SSN);
      expect(n.data_text).not.toMatch(/sealed|hash/);
    }
    // A second run issues nothing and raises nothing.
    expect((await runTaxForms(t.ctx.db, { profile: t.ctx.profile }, { year: 2026, now: clock.now() })).statements).toBe(0);
    expect(await formNotices()).toHaveLength(2);

    await drain();
    await t.ctx.services.notices.flushDeliveries();
    const mail = t.ctx.localSmtp!.received.find((m) => m.headers['x-candor-message'] === mine.id)!;
    expect(mail.headers['x-candor-notice']).toBe('notice-alert');
    const all = `${mail.subject}\n${mail.html}\n${mail.text}`;
    for (const personal of ['Philippa', 'Quennell', '6789', SSN, '1095', '1,274.63', '800.00', 'Main Street', 'MVP', 'tax']) expect(all, personal).not.toContain(personal);
    // The letter went to the print batch.
    const letter = (await formNotices()).find((n) => n.household_id === paper.householdId)!;
    expect(letter.state).toBe('sent');
    expect(letter.transport_ref).toMatch(/^print\/2026-12-07\/.+\.pdf$/);
    // Nothing of the SSN in the logs.
    expect(logs.text()).not.toContain(SSN);
    expect(logs.text()).not.toContain('6789');
  });

  it('is never emailed as itself: someone without an account who chose electronic delivery gets the letter', async () => {
    const [statement] = (
      await t.ctx.db.execute<{ id: string; kind: 'original'; content: StatementContent }>(sql`SELECT id, kind, content FROM tax_statements WHERE household_id = ${paper.householdId} LIMIT 1`)
    ).rows;
    const r = await t.ctx.db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { firstName: 'Nadia', email: 'nadia@example.test', mailingAddress: { lines: ['2 Elm Street'], city: 'Barre', state: 'VT', zip: '05641' } },
        data: { amountPaidCents: 1, receivedOn: '2026-10-01', coverageMonth: '2026-10-01', remainingCents: 0 },
        now: clock.now(),
      }),
    );
    await t.ctx.db.update(noticeRecipients).set({ delivery: 'electronic' }).where(eq(noticeRecipients.id, r.recipientId));
    const sent = await t.ctx.db.transaction((tx) =>
      enqueueNotice(tx, { type: 'form-1095-a', recipient: { recipientId: r.recipientId }, data: recipientCopy(statement!), now: clock.now(), channels: ['email', 'letter'] }),
    );
    expect(sent.messages.map((m) => m.channel)).toEqual(['letter']);
    await t.ctx.db.update(noticeMessages).set({ state: 'cancelled' }).where(eq(noticeMessages.recipientId, r.recipientId));
  });

  it('the customer finds the statement on their notices page and downloads its PDF', async () => {
    const list = await get('/account/notices/inbox', online.cookie);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Form 1095-A, Health Insurance Marketplace Statement, 2026');
    const [mine] = (await formNotices()).filter((n) => n.household_id === online.householdId);
    const page = await get(`/account/notices/inbox/${mine!.id}`, online.cookie);
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Part I. Recipient information',
      'Part II. Covered individuals',
      'Part III. Coverage information',
      'XXX-XX-6789',
      'CORRECTED: not checked',
      '$1,274.63',
      '$800.00',
      'Language assistance',
    ])
      expect(page.body, text).toContain(text);
    expect(page.body).not.toContain(SSN);
    expect(page.body).toContain(`/account/notices/inbox/${mine!.id}/letter.pdf`);
    const pdf = await get(`/account/notices/inbox/${mine!.id}/letter.pdf`, online.cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="form-1095-a-2026-12-07.pdf"');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('/StructTreeRoot');
    // Nobody else's.
    const other = await signedIn(t.ctx.db, 'customer');
    expect((await get(`/account/notices/inbox/${mine!.id}/letter.pdf`, other.cookie)).statusCode).toBe(404);
  });

  it('the call centre sends it again as a letter, audited with the agent and reason; bad input changes nothing', async () => {
    const agent = await signedIn(t.ctx.db, 'call-centre-agent');
    const url = `/call-centre/households/${paper.householdId}/tax-forms`;
    const page = await get(url, agent.cookie);
    expect(page.statusCode).toBe(200);
    const statementId = /name="statementId" value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookies = `${agent.cookie}; _csrf=${page.cookies.find((c) => c.name === '_csrf')!.value}`;
    const post = (body: Record<string, string>) =>
      t.server!.inject({
        method: 'POST',
        url: `${url}/resend`,
        headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...body }).toString(),
      });

    const before = (await formNotices()).length;
    const refused = await post({ statementId, how: 'letter' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose why the form is sent again.');
    expect(await formNotices()).toHaveLength(before);

    const sent = await post({ statementId, reason: 'lost', how: 'letter' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${url}?done=1`);
    const notices = (await formNotices()).filter((n) => n.household_id === paper.householdId);
    expect(notices).toHaveLength(2);
    expect(notices[1]!.channel).toBe('letter');
    const audit = await t.ctx.db.execute<{ actor: string; details: Record<string, unknown> }>(sql`SELECT actor, details FROM audit_log WHERE action = 'tax-forms.statement.resent'`);
    expect(audit.rows).toEqual([{ actor: agent.id, details: expect.objectContaining({ reason: 'lost', how: 'letter', coverageYear: 2026, messages: 1 }) }]);
    expect(JSON.stringify(audit.rows)).not.toContain('Bartolo');

    // Another household's statement id through this household's page is not found.
    const [onlineStatement] = (await t.ctx.db.execute<{ id: string }>(sql`SELECT id FROM tax_statements WHERE household_id = ${online.householdId}`)).rows;
    expect((await post({ statementId: onlineStatement!.id, reason: 'lost', how: 'letter' })).statusCode).toBe(404);
    // A customer cannot reach the call centre's page.
    expect((await get(url, online.cookie)).statusCode).not.toBe(200);
  });
});
