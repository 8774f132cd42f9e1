/**
 * Raising a notice: how other modules ask for one.
 *
 *   import { enqueueNotice } from '../notices/enqueue-notice.js';
 *
 *   await db.transaction(async (tx) => {
 *     await postPayment(tx, …);                     // the event …
 *     await enqueueNotice(tx, {                     // … and its notice, in the same transaction
 *       type: 'payment-received',                   // a notice type id (src/notices/catalogue.ts, or one your
 *                                                   // module declares with defineNotice and imports there)
 *       recipient: { householdId, accountId, firstName, lastName, language, email, phone, mailingAddress },
 *       data: { amountPaidCents, receivedOn: '2026-10-20', coverageMonth: '2026-11-01', remainingCents: 0 },
 *       now: ctx.clock.now(),
 *       timeZone: ctx.profile.timeZone,             // optional (default America/New_York)
 *       dueAt,                                      // optional: not before this instant (default now)
 *       channels: ['email', 'letter'],              // optional: the caller's channel preference, in order
 *       campaignId,                                 // optional
 *       dedupeKey: `payment-received:${paymentId}`, // optional: at most one message per key
 *     });
 *   });
 *
 * The message rows are written in the caller's transaction: they exist if and
 * only if the event commits. Nothing is rendered or sent here: the dispatcher
 * decides the channel's variant (the call to action) from the live
 * capability registry when it hands the message over, and renders it then.
 *
 * recipient: identify the person by `recipientId`, `householdId` or
 *   `accountId` (in that order). Contact fields you pass replace what is on
 *   file (pass the freshest you have); fields you leave out keep their value.
 *   A new recipient needs `firstName` (taken from the account when only
 *   `accountId` is given). Delivery preferences (paper/electronic, texts,
 *   reminders) are the person's own and are not set here.
 * data: validated against the type's schema (amounts in integer cents, dates
 *   as YYYY-MM-DD); a mismatch throws `invalid-input` and nothing is written.
 * Returns the message ids per channel; when the person gets no message (opted
 *   out of reminders, no usable contact) one cancelled message records why.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import type { Tx } from '../platform/database.js';
import { invalidInput, fieldErrorsFromZod } from '../platform/errors.js';
import { noticeType } from './catalogue.js';
import type { Channel } from './declaration.js';
import { chooseChannels } from './rules.js';
import { noticeEvents, noticeMessages, noticeRecipients, type PostalAddress } from './schema.js';

export interface RecipientInput {
  recipientId?: string;
  accountId?: string;
  householdId?: string;
  firstName?: string;
  lastName?: string;
  language?: 'en' | 'es';
  email?: string | null;
  phone?: string | null;
  mailingAddress?: PostalAddress | null;
}

export interface EnqueueNoticeInput {
  type: string;
  recipient: RecipientInput;
  data: unknown;
  now: Date;
  timeZone?: string;
  dueAt?: Date;
  channels?: Channel[];
  campaignId?: string;
  dedupeKey?: string;
  /** The message this one follows (a letter after a bounced email). */
  followsMessageId?: string;
}

export interface EnqueueNoticeResult {
  recipientId: string;
  messages: Array<{ id: string; channel: Channel }>;
  /** Set when the person gets nothing (a reason code). */
  skipped?: string;
  /** False when the dedupe key was already used (nothing new written). */
  created: boolean;
}

export type RecipientRow = typeof noticeRecipients.$inferSelect;

/** Finds the person's recipient record, creating or updating it with the contact fields given. */
export async function upsertNoticeRecipient(tx: Tx, input: RecipientInput, now: Date): Promise<RecipientRow> {
  let existing: RecipientRow | undefined;
  if (input.recipientId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.id, input.recipientId));
  if (!existing && input.householdId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.householdId, input.householdId));
  if (!existing && input.accountId) [existing] = await tx.select().from(noticeRecipients).where(eq(noticeRecipients.accountId, input.accountId));
  const changes: Partial<typeof noticeRecipients.$inferInsert> = {};
  for (const key of ['accountId', 'householdId', 'firstName', 'lastName', 'language', 'email', 'phone', 'mailingAddress'] as const) {
    if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = key === 'email' && input.email ? input.email.toLowerCase() : input[key];
  }
  if (existing) {
    const differs = Object.entries(changes).some(([k, v]) => JSON.stringify((existing as Record<string, unknown>)[k]) !== JSON.stringify(v));
    if (!differs) return existing;
    const [row] = await tx.update(noticeRecipients).set({ ...changes, updatedAt: now }).where(eq(noticeRecipients.id, existing.id)).returning();
    return row!;
  }
  if (input.recipientId) throw invalidInput([{ field: 'recipient.recipientId', messageKey: 'errors.field.invalid' }]);
  if (!changes.firstName && input.accountId) {
    const [account] = await tx.select({ firstName: accounts.firstName, lastName: accounts.lastName, email: accounts.email, language: accounts.language }).from(accounts).where(eq(accounts.id, input.accountId));
    if (account) {
      changes.firstName = account.firstName;
      changes.lastName ??= account.lastName;
      if (changes.email === undefined) changes.email = account.email;
      changes.language ??= account.language;
    }
  }
  if (!changes.firstName) throw invalidInput([{ field: 'recipient.firstName', messageKey: 'errors.field.required' }]);
  const [row] = await tx
    .insert(noticeRecipients)
    .values({ ...(changes as typeof noticeRecipients.$inferInsert), firstName: changes.firstName, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

export async function enqueueNotice(tx: Tx, input: EnqueueNoticeInput): Promise<EnqueueNoticeResult> {
  const notice = noticeType(input.type);
  if (!notice) throw invalidInput([{ field: 'type', messageKey: 'errors.field.invalid' }]);
  const parsed = notice.schema.safeParse(input.data);
  if (!parsed.success) throw invalidInput(fieldErrorsFromZod(parsed.error).map((f) => ({ ...f, field: `data.${f.field}` })));
  const data = parsed.data as Record<string, unknown>;
  const recipient = await upsertNoticeRecipient(tx, input.recipient, input.now);

  if (input.dedupeKey) {
    const keys = ['email', 'letter', 'text', '-'].map((suffix) => `${input.dedupeKey}#${suffix}`);
    const seen = await tx.select({ id: noticeMessages.id, channel: noticeMessages.channel }).from(noticeMessages).where(inArray(noticeMessages.dedupeKey, keys));
    if (seen.length) return { recipientId: recipient.id, messages: seen, created: false };
  }

  const dueAt = input.dueAt ?? input.now;
  const latestUsefulAt = notice.latestUseful(data, dueAt, input.timeZone ?? 'America/New_York');
  const choice = chooseChannels(
    notice,
    {
      delivery: recipient.delivery,
      email: recipient.email,
      phone: recipient.phone,
      hasMailingAddress: !!recipient.mailingAddress,
      textsOptIn: recipient.textsOptIn,
      remindersOptOut: recipient.remindersOptOut,
    },
    input.channels,
  );
  const base = {
    type: notice.id,
    recipientId: recipient.id,
    campaignId: input.campaignId ?? null,
    lang: recipient.language,
    data,
    dueAt,
    availableAt: dueAt,
    latestUsefulAt,
    followsMessageId: input.followsMessageId ?? null,
    createdAt: input.now,
    updatedAt: input.now,
  };
  if ('skip' in choice) {
    const id = randomUUID();
    await tx.insert(noticeMessages).values({ ...base, id, channel: notice.channels[0]!, state: 'cancelled', dedupeKey: input.dedupeKey ? `${input.dedupeKey}#-` : null });
    await tx.insert(noticeEvents).values({ messageId: id, at: input.now, kind: 'cancelled', reason: choice.skip, details: { type: notice.id } });
    return { recipientId: recipient.id, messages: [], skipped: choice.skip, created: true };
  }
  const rows = choice.channels.map((channel) => ({ ...base, id: randomUUID(), channel, dedupeKey: input.dedupeKey ? `${input.dedupeKey}#${channel}` : null }));
  await tx.insert(noticeMessages).values(rows);
  await tx.insert(noticeEvents).values(
    rows.map((r) => ({ messageId: r.id, at: input.now, kind: 'queued' as const, reason: choice.note ?? '', details: { type: notice.id, channel: r.channel, ...(input.campaignId ? { campaignId: input.campaignId } : {}) } })),
  );
  return { recipientId: recipient.id, messages: rows.map((r) => ({ id: r.id, channel: r.channel })), created: true };
}

/** The recipient of an account, if any (for the preferences page and /l/ sign-in). */
export async function recipientOfAccount(tx: Tx, accountId: string): Promise<RecipientRow | undefined> {
  const [row] = await tx.select().from(noticeRecipients).where(and(eq(noticeRecipients.accountId, accountId)));
  return row;
}
