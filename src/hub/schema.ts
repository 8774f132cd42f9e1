/**
 * The hub link's tables: the queue of verification requests (ids only: the
 * data sent is read from enrollment's records at the moment of the call), the
 * inconsistencies and their clocks, documents sent to resolve them (content
 * encrypted), identity-proofing outcomes, the link's history, and the wrapped
 * data keys of envelope encryption.
 */
import { sql } from 'drizzle-orm';
import { bigserial, customType, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';
import { applications, households, members, verifications } from '../enrollment/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const QUEUE_STATUSES = ['queued', 'done', 'failed'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/**
 * One row per verification the hub must answer, kept in arrival order (`seq`).
 * Rows wait here while the link is cut or the hub does not answer, and are
 * worked in order when it returns.
 */
export const verificationQueue = pgTable(
  'hub_verification_queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    verificationId: uuid('verification_id')
      .notNull()
      .references(() => verifications.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    element: text('element').notNull(),
    service: text('service').notNull(),
    /** Why the check is made (`application`, `renewal`, `recheck`), for the audit record. */
    purpose: text('purpose').notNull(),
    /** Who asked: an account id, or the system part's name. */
    requestedBy: text('requested_by').notNull(),
    requestedByKind: text('requested_by_kind').notNull(),
    status: text('status', { enum: QUEUE_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** The last failure code (`link-cut`, `timeout`, …), never content. */
    lastFailure: text('last_failure'),
    /** Not tried again before this instant (back-off after a failure). */
    notBefore: ts('not_before'),
    enqueuedAt: ts('enqueued_at').notNull(),
    completedAt: ts('completed_at'),
    /** How it came out: `verified`, `inconsistent`. */
    outcome: text('outcome'),
  },
  (t) => [
    uniqueIndex('hub_queue_seq_idx').on(t.seq),
    index('hub_queue_waiting_idx')
      .on(t.seq)
      .where(sql`status = 'queued'`),
    uniqueIndex('hub_queue_verification_idx')
      .on(t.verificationId)
      .where(sql`status = 'queued'`),
  ],
);

export const INCONSISTENCY_STATUSES = ['open', 'resolved', 'expired'] as const;
export type InconsistencyStatus = (typeof INCONSISTENCY_STATUSES)[number];

/**
 * A data element the hub could not confirm. Eligibility rests on the
 * attestation until `endsOn` (90 days from the notice, 95 for citizenship and
 * immigration, later when a caseworker extends it for good faith).
 */
export const inconsistencies = pgTable(
  'hub_inconsistencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    verificationId: uuid('verification_id')
      .notNull()
      .references(() => verifications.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    element: text('element').notNull(),
    /** Why: `no-match`, `no-record`, `income-above-attested`, `hub-unavailable`, … */
    reason: text('reason').notNull(),
    status: text('status', { enum: INCONSISTENCY_STATUSES }).notNull().default('open'),
    /** The day the notice went out: the clock starts here. */
    noticeOn: day('notice_on').notNull(),
    endsOn: day('ends_on').notNull(),
    extendedBy: uuid('extended_by').references(() => accounts.id),
    extendedAt: ts('extended_at'),
    remindersSent: integer('reminders_sent').notNull().default(0),
    resolvedAt: ts('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => accounts.id),
    /** `documents-accepted`, `hub-verified`, `expired-unresolved`. */
    outcome: text('outcome'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('hub_inconsistencies_verification_idx')
      .on(t.verificationId)
      .where(sql`status = 'open'`),
    index('hub_inconsistencies_open_idx')
      .on(t.endsOn)
      .where(sql`status = 'open'`),
    index('hub_inconsistencies_household_idx').on(t.householdId),
  ],
);

export const DOCUMENT_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** A document a customer sent to resolve an inconsistency; its content is encrypted with a data key. */
export const documents = pgTable(
  'hub_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inconsistencyId: uuid('inconsistency_id')
      .notNull()
      .references(() => inconsistencies.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** What the person says it is (`pay-stub`, `tax-return`, `passport`, …). */
    kind: text('kind').notNull(),
    /** The type found by sniffing the content, not the one the browser claimed. */
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    keyVersion: integer('key_version').notNull(),
    content: bytea('content').notNull(),
    status: text('status', { enum: DOCUMENT_STATUSES }).notNull().default('submitted'),
    uploadedBy: uuid('uploaded_by').references(() => accounts.id),
    uploadedAt: ts('uploaded_at').notNull(),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewedAt: ts('reviewed_at'),
    /** A code for why it was rejected (`unreadable`, `wrong-document`, `does-not-show`). */
    rejectionReason: text('rejection_reason'),
  },
  (t) => [
    index('hub_documents_inconsistency_idx').on(t.inconsistencyId),
    index('hub_documents_review_idx')
      .on(t.uploadedAt)
      .where(sql`status = 'submitted'`),
  ],
);

/** Remote identity proofing of a customer account before an online application is submitted. */
export const identityProofings = pgTable(
  'hub_identity_proofings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** `verified`, `failed`, or `unavailable` (the service could not be reached: alternatives offered). */
    outcome: text('outcome').notNull(),
    /** The proofing service's reference. */
    reference: text('reference'),
    /**
     * Whose identity was checked: a keyed hash of the name and date of birth
     * sent (identitySubject in proof-identity.ts). A proof satisfies an
     * application only when it is its applicant's (docs/adr/0121).
     */
    subject: text('subject'),
    at: ts('at').notNull(),
  },
  (t) => [index('hub_identity_account_idx').on(t.accountId, t.at)],
);

/** Every cut and restore of the link: who, when, why. */
export const linkEvents = pgTable('hub_link_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  action: text('action', { enum: ['disconnect', 'reconnect'] }).notNull(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  actorKind: text('actor_kind').notNull(),
  at: ts('at').notNull(),
});

/**
 * Data keys of envelope encryption, each wrapped (sealed) by the key from
 * configuration whose fingerprint is `wrappedWith`. The newest unretired
 * version seals new data; older versions stay to open what they sealed until
 * `candor keys rotate` has moved it on.
 */
export const dataKeys = pgTable('hub_data_keys', {
  version: integer('version').primaryKey(),
  wrapped: text('wrapped').notNull(),
  wrappedWith: text('wrapped_with').notNull(),
  createdAt: ts('created_at').notNull(),
  retiredAt: ts('retired_at'),
});
