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
 *
 * Many at once (a billing run's 2,000 invoices, a campaign's page):
 *
 *   const results = await enqueueNotices(tx, inputs);   // one result per input, in order
 *
 * does what the same calls to enqueueNotice one after another would do (a
 * later input sees the recipient changes and dedupe keys of earlier ones), in
 * a handful of statements whatever the number: one read of the recipients, one
 * of the accounts, one of the dedupe keys, then one multi-row write each for
 * the recipients updated and created, the messages and their timeline rows.
 * Every input is validated before anything is written. enqueueNotice is this
 * with one input. (src/notices/enqueue-notices.test.ts checks the two agree.)
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { accounts } from '../accounts/schema.js';
import type { Tx } from '../platform/database.js';
import { invalidInput, fieldErrorsFromZod } from '../platform/errors.js';
import { noticeType } from './catalogue.js';
import type { Channel, NoticeDeclaration } from './declaration.js';
import { chooseChannels } from './rules.js';
import { noticeRecipients, type PostalAddress } from './schema.js';
import { pgArray } from './sql.js';

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

const CONTACT_FIELDS = ['accountId', 'householdId', 'firstName', 'lastName', 'language', 'email', 'phone', 'mailingAddress'] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
type Changes = Partial<Pick<RecipientRow, ContactField>>;
const COLUMN: Record<ContactField, string> = {
  accountId: 'account_id',
  householdId: 'household_id',
  firstName: 'first_name',
  lastName: 'last_name',
  language: 'language',
  email: 'email',
  phone: 'phone',
  mailingAddress: 'mailing_address',
};
const CHANNEL_ORDER: Record<string, number> = { email: 0, letter: 1, text: 2 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Equal by content: jsonb keeps keys in its own order, so a stored address is compared by its JSON with sorted keys. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function changesOf(input: RecipientInput): Changes {
  const changes: Record<string, unknown> = {};
  for (const key of CONTACT_FIELDS) {
    if (input[key] !== undefined) changes[key] = key === 'email' && input.email ? input.email.toLowerCase() : input[key];
  }
  return changes as Changes;
}

type AccountNames = { firstName: string; lastName: string; email: string | null; language: 'en' | 'es' };

/**
 * The recipients a set of inputs touches, held in memory while the inputs are
 * applied in order, then written in two statements. A later input finds the
 * recipient an earlier one created or changed, as it would in the table.
 */
class RecipientBook {
  private byId = new Map<string, RecipientRow>();
  private byHousehold = new Map<string, RecipientRow>();
  private byAccount = new Map<string, RecipientRow>();
  private created = new Set<string>();
  private changed = new Map<string, Set<ContactField>>();

  constructor(
    rows: RecipientRow[],
    private accountNames: Map<string, AccountNames>,
  ) {
    for (const row of rows) this.index(row);
  }

  private index(row: RecipientRow): void {
    this.byId.set(row.id, row);
    if (row.householdId) this.byHousehold.set(row.householdId, row);
    if (row.accountId) this.byAccount.set(row.accountId, row);
  }

  /** The unique household and account indexes: a key held by another recipient fails as the table would. */
  private claim(row: RecipientRow, changes: Changes): void {
    const holders = [changes.householdId && this.byHousehold.get(changes.householdId), changes.accountId && this.byAccount.get(changes.accountId)];
    if (holders.some((holder) => holder && holder !== row)) throw new Error('notice recipient: the household or account already belongs to another recipient');
    if (changes.householdId !== undefined && row.householdId && row.householdId !== changes.householdId) this.byHousehold.delete(row.householdId);
    if (changes.accountId !== undefined && row.accountId && row.accountId !== changes.accountId) this.byAccount.delete(row.accountId);
  }

  /** What upserting one input does: find by recipient, household, then account; update what differs, or create. */
  apply(input: RecipientInput, now: Date): RecipientRow {
    let existing: RecipientRow | undefined;
    if (input.recipientId) existing = this.byId.get(input.recipientId);
    if (!existing && input.householdId) existing = this.byHousehold.get(input.householdId);
    if (!existing && input.accountId) existing = this.byAccount.get(input.accountId);
    const changes = changesOf(input);
    if (existing) {
      const row = existing;
      const differing = (Object.keys(changes) as ContactField[]).filter((k) => !same(row[k], changes[k]));
      if (!differing.length) return row;
      this.claim(row, changes);
      Object.assign(row, changes, { updatedAt: now });
      this.index(row);
      if (!this.created.has(row.id)) {
        const set = this.changed.get(row.id) ?? new Set<ContactField>();
        for (const k of differing) set.add(k);
        this.changed.set(row.id, set);
      }
      return row;
    }
    if (input.recipientId) throw invalidInput([{ field: 'recipient.recipientId', messageKey: 'errors.field.invalid' }]);
    if (!changes.firstName && input.accountId) {
      const account = this.accountNames.get(input.accountId);
      if (account) {
        changes.firstName = account.firstName;
        changes.lastName ??= account.lastName;
        if (changes.email === undefined) changes.email = account.email;
        changes.language ??= account.language;
      }
    }
    if (!changes.firstName) throw invalidInput([{ field: 'recipient.firstName', messageKey: 'errors.field.required' }]);
    const row: RecipientRow = {
      id: randomUUID(),
      accountId: changes.accountId ?? null,
      householdId: changes.householdId ?? null,
      firstName: changes.firstName,
      lastName: changes.lastName ?? '',
      language: changes.language ?? 'en',
      email: changes.email ?? null,
      phone: changes.phone ?? null,
      mailingAddress: changes.mailingAddress ?? null,
      delivery: 'paper',
      textsOptIn: false,
      remindersOptOut: false,
      quietStart: '21:00',
      quietEnd: '08:00',
      demo: false,
      createdAt: now,
      updatedAt: now,
    };
    this.claim(row, changes);
    this.index(row);
    this.created.add(row.id);
    return row;
  }

  /** Writes what changed: updates first (a recipient may give up a household or account a new one takes), then the new ones. */
  async write(tx: Tx): Promise<void> {
    if (this.changed.size) {
      const rows = [...this.changed].map(([id, fields]) => {
        const r = this.byId.get(id)!;
        return {
          id,
          changed: [...fields].map((f) => COLUMN[f]),
          account_id: r.accountId,
          household_id: r.householdId,
          first_name: r.firstName,
          last_name: r.lastName,
          language: r.language,
          email: r.email,
          phone: r.phone,
          mailing_address: r.mailingAddress,
          updated_at: r.updatedAt.toISOString(),
        };
      });
      // One statement checks the unique indexes row by row: a recipient taking the household or account
      // another gives up in the same set could collide with the old value, so moved keys are cleared first.
      const moving = rows.filter((r) => r.changed.includes('household_id') || r.changed.includes('account_id'));
      if (moving.length > 1) {
        await tx.execute(sql`
          UPDATE notice_recipients r SET
            household_id = CASE WHEN 'household_id' = ANY(x.changed) THEN NULL ELSE r.household_id END,
            account_id = CASE WHEN 'account_id' = ANY(x.changed) THEN NULL ELSE r.account_id END
          FROM jsonb_to_recordset(${JSON.stringify(moving.map((r) => ({ id: r.id, changed: r.changed })))}::jsonb) AS x(id uuid, changed text[])
          WHERE r.id = x.id`);
      }
      const set = (column: string) => sql.raw(`${column} = CASE WHEN '${column}' = ANY(x.changed) THEN x.${column} ELSE r.${column} END`);
      await tx.execute(sql`
        UPDATE notice_recipients r SET ${sql.join(Object.values(COLUMN).map(set), sql`, `)}, updated_at = x.updated_at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS x(id uuid, changed text[], account_id uuid, household_id uuid, first_name text, last_name text, language text, email text, phone text, mailing_address jsonb, updated_at timestamptz)
        WHERE r.id = x.id`);
    }
    if (this.created.size) {
      const rows = [...this.created].map((id) => {
        const r = this.byId.get(id)!;
        return {
          id,
          account_id: r.accountId,
          household_id: r.householdId,
          first_name: r.firstName,
          last_name: r.lastName,
          language: r.language,
          email: r.email,
          phone: r.phone,
          mailing_address: r.mailingAddress,
          at: r.createdAt.toISOString(),
          updated_at: r.updatedAt.toISOString(),
        };
      });
      await tx.execute(sql`
        INSERT INTO notice_recipients (id, account_id, household_id, first_name, last_name, language, email, phone, mailing_address, created_at, updated_at)
        SELECT x.id, x.account_id, x.household_id, x.first_name, x.last_name, x.language, x.email, x.phone, x.mailing_address, x.at, x.updated_at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS x(id uuid, account_id uuid, household_id uuid, first_name text, last_name text, language text, email text, phone text, mailing_address jsonb, at timestamptz, updated_at timestamptz)`);
    }
    this.changed.clear();
    this.created.clear();
  }
}

const uuids = (values: Iterable<string | undefined>) => {
  const out = [...new Set([...values].filter((v): v is string => !!v))];
  // A malformed id fails here as it would in the table (a uuid column), before anything is written.
  for (const v of out) if (!UUID.test(v)) throw new Error(`notice recipient: malformed id`);
  return out;
};

/** Reads every recipient and account the inputs may name, in two statements. */
async function openBook(tx: Tx, recipients: readonly RecipientInput[]): Promise<RecipientBook> {
  const ids = uuids(recipients.map((r) => r.recipientId));
  const households = uuids(recipients.map((r) => r.householdId));
  const accountIds = uuids(recipients.map((r) => r.accountId));
  const rows =
    ids.length + households.length + accountIds.length
      ? await tx
          .select()
          .from(noticeRecipients)
          .where(
            sql`${noticeRecipients.id} = ANY(${pgArray(ids)}::uuid[]) OR ${noticeRecipients.householdId} = ANY(${pgArray(households)}::uuid[]) OR ${noticeRecipients.accountId} = ANY(${pgArray(accountIds)}::uuid[])`,
          )
      : [];
  // Names from the account, for a new recipient given only an account.
  const wantNames = uuids(recipients.filter((r) => r.accountId && !r.firstName).map((r) => r.accountId));
  const names = new Map<string, AccountNames>();
  if (wantNames.length) {
    const found = await tx
      .select({ id: accounts.id, firstName: accounts.firstName, lastName: accounts.lastName, email: accounts.email, language: accounts.language })
      .from(accounts)
      .where(sql`${accounts.id} = ANY(${pgArray(wantNames)}::uuid[])`);
    for (const a of found) names.set(a.id, a);
  }
  return new RecipientBook(rows, names);
}

/** Finds the person's recipient record, creating or updating it with the contact fields given. */
export async function upsertNoticeRecipient(tx: Tx, input: RecipientInput, now: Date): Promise<RecipientRow> {
  const book = await openBook(tx, [input]);
  const row = book.apply(input, now);
  await book.write(tx);
  return row;
}

interface Validated {
  notice: NoticeDeclaration;
  data: Record<string, unknown>;
}

function validate(input: EnqueueNoticeInput): Validated {
  const notice = noticeType(input.type);
  if (!notice) throw invalidInput([{ field: 'type', messageKey: 'errors.field.invalid' }]);
  const parsed = notice.schema.safeParse(input.data);
  if (!parsed.success) throw invalidInput(fieldErrorsFromZod(parsed.error).map((f) => ({ ...f, field: `data.${f.field}` })));
  return { notice, data: parsed.data as Record<string, unknown> };
}

const DEDUPE_SUFFIXES = ['email', 'letter', 'text', '-'] as const;

export async function enqueueNotice(tx: Tx, input: EnqueueNoticeInput): Promise<EnqueueNoticeResult> {
  return (await enqueueNotices(tx, [input]))[0]!;
}

/** Many notices at once, as if by enqueueNotice one after another (see the top of this file). */
export async function enqueueNotices(tx: Tx, inputs: readonly EnqueueNoticeInput[]): Promise<EnqueueNoticeResult[]> {
  if (!inputs.length) return [];
  const book = await openBook(
    tx,
    inputs.map((i) => i.recipient),
  );

  // Messages already raised under the inputs' dedupe keys, by key.
  const used = new Map<string, Array<{ id: string; channel: Channel }>>();
  const keys = [...new Set(inputs.flatMap((i) => (i.dedupeKey ? DEDUPE_SUFFIXES.map((s) => `${i.dedupeKey}#${s}`) : [])))];
  if (keys.length) {
    const seen = await tx.execute<{ id: string; channel: Channel; dedupe_key: string }>(sql`
      SELECT id, channel, dedupe_key FROM notice_messages
      WHERE dedupe_key = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)))`);
    for (const r of seen.rows) {
      const key = r.dedupe_key.slice(0, r.dedupe_key.lastIndexOf('#'));
      used.set(key, [...(used.get(key) ?? []), { id: r.id, channel: r.channel }]);
    }
    for (const list of used.values()) list.sort((a, b) => CHANNEL_ORDER[a.channel]! - CHANNEL_ORDER[b.channel]!);
  }

  const messages: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];
  // In order, as one call after another would: each input's data is checked, then its recipient found or changed.
  const results = inputs.map((input): EnqueueNoticeResult => {
    const { notice, data } = validate(input);
    const recipient = book.apply(input.recipient, input.now);
    if (input.dedupeKey) {
      const seen = used.get(input.dedupeKey);
      if (seen) return { recipientId: recipient.id, messages: seen.map((m) => ({ ...m })), created: false };
    }
    const dueAt = input.dueAt ?? input.now;
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
      // A document is never emailed as itself: without an account to post it to, it is a letter (docs/adr/0111).
      notice.document && !recipient.accountId ? ['letter'] : input.channels,
    );
    const base = {
      type: notice.id,
      recipient_id: recipient.id,
      campaign_id: input.campaignId ?? null,
      lang: recipient.language,
      data,
      due_at: dueAt.toISOString(),
      latest_useful_at: notice.latestUseful(data, dueAt, input.timeZone ?? 'America/New_York').toISOString(),
      follows_message_id: input.followsMessageId ?? null,
      created_at: input.now.toISOString(),
    };
    const campaign = input.campaignId ? { campaignId: input.campaignId } : {};
    if ('skip' in choice) {
      const id = randomUUID();
      const channel = notice.channels[0]!;
      messages.push({ ...base, id, channel, state: 'cancelled', dedupe_key: input.dedupeKey ? `${input.dedupeKey}#-` : null });
      events.push({ message_id: id, at: base.created_at, kind: 'cancelled', reason: choice.skip, details: { type: notice.id, ...campaign } });
      if (input.dedupeKey) used.set(input.dedupeKey, [{ id, channel }]);
      return { recipientId: recipient.id, messages: [], skipped: choice.skip, created: true };
    }
    const mine = choice.channels.map((channel) => ({ id: randomUUID(), channel }));
    for (const m of mine) {
      messages.push({ ...base, id: m.id, channel: m.channel, state: 'queued', dedupe_key: input.dedupeKey ? `${input.dedupeKey}#${m.channel}` : null });
      events.push({ message_id: m.id, at: base.created_at, kind: 'queued', reason: choice.note ?? '', details: { type: notice.id, channel: m.channel, ...campaign } });
    }
    if (input.dedupeKey) used.set(input.dedupeKey, mine);
    return { recipientId: recipient.id, messages: mine.map((m) => ({ ...m })), created: true };
  });

  await book.write(tx);
  if (messages.length) {
    await tx.execute(sql`
      INSERT INTO notice_messages (id, type, recipient_id, campaign_id, channel, lang, data, state, due_at, available_at, latest_useful_at, dedupe_key, follows_message_id, created_at, updated_at)
      SELECT x.id, x.type, x.recipient_id, x.campaign_id, x.channel, x.lang, x.data, x.state, x.due_at, x.due_at, x.latest_useful_at, x.dedupe_key, x.follows_message_id, x.created_at, x.created_at
      FROM jsonb_to_recordset(${JSON.stringify(messages)}::jsonb)
        AS x(id uuid, type text, recipient_id uuid, campaign_id uuid, channel text, lang text, data jsonb, state text, due_at timestamptz, latest_useful_at timestamptz, dedupe_key text, follows_message_id uuid, created_at timestamptz)`);
    await tx.execute(sql`
      INSERT INTO notice_events (message_id, at, kind, reason, details)
      SELECT x.message_id, x.at, x.kind, x.reason, x.details
      FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(message_id uuid, at timestamptz, kind text, reason text, details jsonb)`);
  }
  return results;
}

/** The recipient of an account, if any (for the preferences page and /l/ sign-in). */
export async function recipientOfAccount(tx: Tx, accountId: string): Promise<RecipientRow | undefined> {
  const [row] = await tx
    .select()
    .from(noticeRecipients)
    .where(and(eq(noticeRecipients.accountId, accountId)));
  return row;
}
