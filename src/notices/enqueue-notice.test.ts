import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.js';
import { createTestAccount } from '../accounts/testing.js';
import { CandorError } from '../platform/errors.js';
import { enqueueNotice } from './enqueue-notice.js';
import { noticeEvents, noticeMessages, noticeRecipients } from './schema.js';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.drop());

const now = new Date('2026-10-14T15:00:00Z');
const invoice = { amountDueCents: 12_345, dueDate: '2026-10-23', coverageMonth: '2026-11-01', referenceNumber: 'VHC-AAAA-BBBB' };
const address = { lines: ['1 Main St'], city: 'Barre', state: 'VT', zip: '05641' };

describe('enqueueNotice', () => {
  it('writes the message in the caller’s transaction: a rolled-back event leaves no message', async () => {
    const householdId = crypto.randomUUID();
    await expect(
      db.db.transaction(async (tx) => {
        await enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId, firstName: 'Ana', mailingAddress: address }, data: invoice, now });
        throw new Error('the causing event failed');
      }),
    ).rejects.toThrow('the causing event failed');
    const rows = await db.db.select().from(noticeRecipients).where(eq(noticeRecipients.householdId, householdId));
    expect(rows).toHaveLength(0);
  });

  it('sends paper by default, email when the person chose electronic, and a text alert when opted in', async () => {
    const householdId = crypto.randomUUID();
    const first = await db.db.transaction((tx) =>
      enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId, firstName: 'Ana', email: 'ana@example.test', mailingAddress: address }, data: invoice, now }),
    );
    expect(first.messages.map((m) => m.channel)).toEqual(['letter']);
    await db.db.update(noticeRecipients).set({ delivery: 'electronic', textsOptIn: true, phone: '+18025550100' }).where(eq(noticeRecipients.id, first.recipientId));
    const second = await db.db.transaction((tx) => enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId }, data: invoice, now }));
    expect(second.messages.map((m) => m.channel)).toEqual(['email', 'text']);
    const [row] = await db.db.select().from(noticeMessages).where(eq(noticeMessages.id, second.messages[0]!.id));
    expect(row).toMatchObject({ state: 'queued', type: 'invoice-ready', lang: 'en', variant: null });
    const events = await db.db.select().from(noticeEvents).where(eq(noticeEvents.messageId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(['queued']);
  });

  it('never stops a formal notice for a reminders opt-out, but does stop a reminder, and records why', async () => {
    const householdId = crypto.randomUUID();
    const r = await db.db.transaction((tx) => enqueueNotice(tx, { type: 'payment-reminder', recipient: { householdId, firstName: 'Ana', mailingAddress: address }, data: invoice, now }));
    await db.db.update(noticeRecipients).set({ remindersOptOut: true }).where(eq(noticeRecipients.id, r.recipientId));
    const reminder = await db.db.transaction((tx) => enqueueNotice(tx, { type: 'payment-reminder', recipient: { householdId }, data: invoice, now }));
    expect(reminder.skipped).toBe('reason.optedOutOfReminders');
    const formal = await db.db.transaction((tx) =>
      enqueueNotice(tx, { type: 'termination-warning', recipient: { householdId }, data: { amountDueCents: 100, terminationDate: '2026-11-30', payBy: '2027-01-31', referenceNumber: 'VHC-1' }, now }),
    );
    expect(formal.messages.map((m) => m.channel)).toEqual(['letter']);
  });

  it('takes name, email and language from the account when only the account is given', async () => {
    const account = await createTestAccount(db.db, { firstName: 'Beatriz', language: 'es' });
    const r = await db.db.transaction((tx) =>
      enqueueNotice(tx, {
        type: 'payment-received',
        recipient: { accountId: account.id },
        data: { amountPaidCents: 100, receivedOn: '2026-10-20', coverageMonth: '2026-11-01', remainingCents: 0 },
        now,
      }),
    );
    const [recipient] = await db.db.select().from(noticeRecipients).where(eq(noticeRecipients.id, r.recipientId));
    expect(recipient).toMatchObject({ firstName: 'Beatriz', language: 'es', email: account.email, delivery: 'paper' });
    // No mailing address on file: the email goes instead of the letter, with the reason recorded.
    expect(r.messages.map((m) => m.channel)).toEqual(['email']);
  });

  it('refuses bad data with field errors and writes nothing; a dedupe key makes it idempotent', async () => {
    const householdId = crypto.randomUUID();
    const err = await db.db
      .transaction((tx) => enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId, firstName: 'Ana' }, data: { ...invoice, amountDueCents: -5 }, now }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CandorError);
    expect((err as CandorError).details.fields?.[0]?.field).toBe('data.amountDueCents');
    const once = await db.db.transaction((tx) =>
      enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId, firstName: 'Ana', mailingAddress: address }, data: invoice, now, dedupeKey: 'invoice:1' }),
    );
    const twice = await db.db.transaction((tx) => enqueueNotice(tx, { type: 'invoice-ready', recipient: { householdId }, data: invoice, now, dedupeKey: 'invoice:1' }));
    expect(twice.created).toBe(false);
    expect(twice.messages).toEqual(once.messages);
  });
});
