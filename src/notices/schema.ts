/**
 * Notices' tables: the people notices go to (contacts and preferences), the
 * outbox of messages, each message's timeline, the links inside messages,
 * and campaigns. (docs/adr/0040-notice-outbox.md)
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface PostalAddress {
  lines: string[];
  city: string;
  state: string;
  zip: string;
}

/**
 * Where and how a person gets notices. Callers (billing, enrollment) keep
 * these current through enqueueNotice / upsertNoticeRecipient; the person
 * changes their preferences on /account/notices.
 */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** Enrollment's household id (enrollment migrates after notices, so no foreign key). */
    householdId: uuid('household_id'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    language: text('language', { enum: ['en', 'es'] })
      .notNull()
      .default('en'),
    email: text('email'),
    phone: text('phone'),
    mailingAddress: jsonb('mailing_address').$type<PostalAddress>(),
    /** Paper by default unless the person chose electronic (45 CFR 155.230(d)). */
    delivery: text('delivery', { enum: ['paper', 'electronic'] })
      .notNull()
      .default('paper'),
    textsOptIn: boolean('texts_opt_in').notNull().default(false),
    /** Stops reminders only; legally required notices go regardless. */
    remindersOptOut: boolean('reminders_opt_out').notNull().default(false),
    /** Local "HH:MM" window in which no text is sent. */
    quietStart: text('quiet_start').notNull().default('21:00'),
    quietEnd: text('quiet_end').notNull().default('08:00'),
    /** Part of the seeded demo audience. */
    demo: boolean('demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notice_recipients_account_idx')
      .on(t.accountId)
      .where(sql`account_id IS NOT NULL`),
    uniqueIndex('notice_recipients_household_idx')
      .on(t.householdId)
      .where(sql`household_id IS NOT NULL`),
    index('notice_recipients_demo_idx')
      .on(t.demo)
      .where(sql`demo`),
  ],
);

export const CAMPAIGN_STATUSES = ['running', 'paused', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const noticeCampaigns = pgTable(
  'notice_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeType: text('notice_type').notNull(),
    audience: text('audience').notNull(),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('running'),
    startAt: ts('start_at').notNull(),
    total: integer('total').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
    statusChangedBy: text('status_changed_by'),
    reason: text('reason').notNull().default(''),
  },
  (t) => [index('notice_campaigns_status_idx').on(t.status)],
);

export const MESSAGE_STATES = ['queued', 'sending', 'held', 'sent', 'delivered', 'bounced', 'failed', 'cancelled', 'expired'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** What a message's snapshot keeps: the status of each capability it looked at, when it decided. */
export interface CapabilitySnapshotRecord {
  at: string;
  stale: boolean;
  statuses: Record<string, string>;
}

/** The outbox: one row per message to one person on one channel. */
export const noticeMessages = pgTable(
  'notice_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => noticeRecipients.id),
    campaignId: uuid('campaign_id').references(() => noticeCampaigns.id),
    channel: text('channel', { enum: ['email', 'letter', 'text'] }).notNull(),
    lang: text('lang', { enum: ['en', 'es'] }).notNull(),
    /** The notice's facts (amounts, dates, reference numbers): validated by the type's schema. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    state: text('state', { enum: MESSAGE_STATES }).notNull().default('queued'),
    dueAt: ts('due_at').notNull(),
    /** Not claimed before this instant (due time, retry back-off, quiet hours). */
    availableAt: ts('available_at').notNull(),
    /** After this the message is of no use: held or queued messages expire. */
    latestUsefulAt: ts('latest_useful_at'),
    /** A held message is decided again at this instant even if its capabilities have not returned. */
    heldUntil: ts('held_until'),
    /** Capabilities a held message waits for. */
    heldFor: text('held_for')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    attempts: integer('attempts').notNull().default(0),
    variant: text('variant'),
    capabilitySnapshot: jsonb('capability_snapshot').$type<CapabilitySnapshotRecord>(),
    decidedAt: ts('decided_at'),
    sentAt: ts('sent_at'),
    /** The dispatcher holding the message while it is `sending` ("<pid>:<claim lock key>"); the claim lasts as long as that dispatcher's database session (docs/adr/0085). */
    claimedBy: text('claimed_by'),
    /** No longer used: claims end with their dispatcher's session, not at a lease's end (docs/adr/0085). */
    leaseUntil: ts('lease_until'),
    /** When staff last retried the message from the dead letters: it is claimed whatever its campaign's state (docs/adr/0087). */
    retriedAt: ts('retried_at'),
    lastError: text('last_error'),
    /** Set for messages raised once per cause (bounce → letter, service restored). */
    dedupeKey: text('dedupe_key'),
    /** Id at the transport (SMS gateway id, print batch file). */
    transportRef: text('transport_ref'),
    /** SHA-256 of the short code printed in a letter (it opens the person's own details on /l/). */
    shortCodeHash: text('short_code_hash'),
    /** The message this one replaces or follows (a letter after a bounced email). */
    followsMessageId: uuid('follows_message_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('notice_messages_due_idx')
      .on(t.availableAt)
      .where(sql`state = 'queued'`),
    index('notice_messages_sending_idx')
      .on(t.leaseUntil)
      .where(sql`state = 'sending'`),
    index('notice_messages_held_idx')
      .on(t.latestUsefulAt)
      .where(sql`state = 'held'`),
    index('notice_messages_campaign_idx').on(t.campaignId, t.state),
    index('notice_messages_recipient_idx').on(t.recipientId),
    index('notice_messages_state_idx').on(t.state, t.updatedAt),
    uniqueIndex('notice_messages_dedupe_idx')
      .on(t.dedupeKey)
      .where(sql`dedupe_key IS NOT NULL`),
  ],
);

export const EVENT_KINDS = ['queued', 'held', 'released', 'rerouted', 'sent', 'delivered', 'bounced', 'failed', 'cancelled', 'expired', 'paused', 'resumed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Each message's timeline: what happened to it and why. Append-only. */
export const noticeEvents = pgTable(
  'notice_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => noticeMessages.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    /** A reason code (notices/messages.ts `reason.*`). */
    reason: text('reason').notNull().default(''),
    /** Ids, codes, capability names, variant: never personal data. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('notice_events_message_idx').on(t.messageId, t.id), index('notice_events_kind_idx').on(t.kind, t.at)],
);

/** Links inside messages: a random token (stored hashed) resolved when clicked. */
export const noticeLinks = pgTable(
  'notice_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => noticeMessages.id, { onDelete: 'cascade' }),
    target: text('target').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('notice_links_message_idx').on(t.messageId)],
);

export const DELIVERY_REPORT_STATUSES = ['delivered', 'bounced', 'failed'] as const;
export type DeliveryReportStatus = (typeof DELIVERY_REPORT_STATUSES)[number];

/**
 * What email and SMS providers report after hand-over, as received on the
 * signed webhook (docs/adr/0048-delivery-reports.md): each report once, by
 * the provider's id. A report that comes before the hand-over is recorded
 * waits (applied_at empty) until it is.
 */
export const noticeDeliveryReports = pgTable(
  'notice_delivery_reports',
  {
    /** `<message id>:<provider's report id>`: a replayed report is recognised. */
    key: text('key').primaryKey(),
    /** The order reports arrived in, which is the order they are applied in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => noticeMessages.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DELIVERY_REPORT_STATUSES }).notNull(),
    /** When the provider says it happened (their clock). */
    reportedAt: ts('reported_at'),
    receivedAt: ts('received_at').notNull(),
    appliedAt: ts('applied_at'),
    /** applied, stale (the message had moved on: a late "delivered" after a bounce), or pending. */
    outcome: text('outcome').notNull().default('pending'),
  },
  (t) => [
    index('notice_delivery_reports_pending_idx')
      .on(t.seq)
      .where(sql`applied_at IS NULL`),
    index('notice_delivery_reports_message_idx').on(t.messageId),
  ],
);
