/**
 * Tax forms' tables: every Form 1095-A issued, as versioned records of one
 * policy and coverage year (original, then corrected or void, each linking
 * to the one it replaces), and the runs that issued them
 * (docs/adr/0110-form-1095-a.md).
 *
 * Personal data at rest: a statement's content carries each person's SSN
 * only sealed with the hub's envelope keyring (as `household_members` holds
 * it), beside its keyed hash and last four digits; the content hash is
 * figured without the sealed values, so re-sealing changes nothing.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { enrollments, households } from '../enrollment/schema.js';
import type { StatementContent } from './statement.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const STATEMENT_KINDS = ['original', 'corrected', 'void'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const taxStatements = pgTable(
  'tax_statements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** The policy (one enrollment is one policy). */
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    coverageYear: smallint('coverage_year').notNull(),
    policyNumber: text('policy_number').notNull(),
    /** 1 for the original; each corrected or void statement is the next version. */
    version: smallint('version').notNull(),
    kind: text('kind', { enum: STATEMENT_KINDS }).notNull(),
    /** The statement this one corrects or voids. */
    replacesId: uuid('replaces_id').references((): AnyPgColumn => taxStatements.id),
    content: jsonb('content').$type<StatementContent>().notNull(),
    /** SHA-256 of the content without sealed values: a rerun compares it to know whether anything changed. */
    contentHash: text('content_hash').notNull(),
    issuedAt: ts('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
  },
  (t) => [
    uniqueIndex('tax_statements_version_idx').on(t.enrollmentId, t.coverageYear, t.version),
    index('tax_statements_year_kind_idx').on(t.coverageYear, t.kind),
    index('tax_statements_household_idx').on(t.householdId, t.coverageYear),
    check('tax_statements_link_check', sql`(kind = 'original') = (replaces_id IS NULL)`),
  ],
);

/** Each coverage year's statement run: when it started and finished, who started it, what it made. */
export const taxStatementRuns = pgTable('tax_statement_runs', {
  coverageYear: smallint('coverage_year').primaryKey(),
  startedAt: ts('started_at').notNull(),
  startedBy: text('started_by').notNull(),
  finishedAt: ts('finished_at'),
  statementsMade: integer('statements_made').notNull().default(0),
});

// ── the reports to the IRS (docs/adr/0140, 0112) ─────────────────────

export const IRS_FILE_KINDS = ['annual-1095a', 'monthly-epd'] as const;
export const IRS_FILE_STATUSES = ['written', 'sent', 'send-failed', 'accepted', 'accepted-with-errors', 'rejected'] as const;
export type IrsFileStatus = (typeof IRS_FILE_STATUSES)[number];
export const IRS_RECORD_STATUSES = ['pending', 'accepted', 'in-error', 'rejected'] as const;
export type IrsRecordStatus = (typeof IRS_RECORD_STATUSES)[number];

/**
 * Each file sent to the IRS: its manifest (name, SHA-256, counts and totals),
 * where it stands, the receipt and acknowledgement, and the file it answers
 * (a resubmission). The body is never stored: it holds SSNs, and the writers
 * are deterministic, so it is rebuilt from the statement versions it carries.
 */
export const irsFiles = pgTable(
  'irs_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: IRS_FILE_KINDS }).notNull(),
    taxYear: smallint('tax_year').notNull(),
    submissionYear: smallint('submission_year'),
    submissionMonth: smallint('submission_month'),
    transmissionId: text('transmission_id').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    recordCount: integer('record_count').notNull(),
    originals: integer('originals').notNull().default(0),
    corrected: integer('corrected').notNull().default(0),
    voids: integer('voids').notNull().default(0),
    totalPremium: numeric('total_premium', { precision: 19, scale: 2 }).notNull(),
    totalSlcsp: numeric('total_slcsp', { precision: 19, scale: 2 }).notNull(),
    totalAptc: numeric('total_aptc', { precision: 19, scale: 2 }).notNull(),
    status: text('status', { enum: IRS_FILE_STATUSES }).notNull(),
    receiptId: text('receipt_id'),
    ackCode: text('ack_code'),
    ackMessage: text('ack_message'),
    /** Codes, messages and element paths only. */
    fileErrors: jsonb('file_errors').$type<Array<{ code: string; message: string; xpath?: string }>>().notNull().default([]),
    answersId: uuid('answers_id').references((): AnyPgColumn => irsFiles.id),
    writtenAt: ts('written_at').notNull(),
    sentAt: ts('sent_at'),
    acknowledgedAt: ts('acknowledged_at'),
  },
  (t) => [uniqueIndex('irs_files_transmission_idx').on(t.transmissionId), index('irs_files_year_idx').on(t.kind, t.taxYear, t.status)],
);

/** Each record of a file: the statement version it carries (annual) or the household (monthly), its status and errors. */
export const irsRecords = pgTable(
  'irs_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => irsFiles.id, { onDelete: 'cascade' }),
    recordSequenceNum: integer('record_sequence_num').notNull(),
    statementId: uuid('statement_id').references(() => taxStatements.id),
    householdId: uuid('household_id').references(() => households.id),
    kind: text('kind', { enum: STATEMENT_KINDS }).notNull(),
    /** For a corrected or void record: the IRS record it answers (`receipt|00001|seq`). */
    refersTo: text('refers_to'),
    /** `receipt|00001|seq`, once the file has a receipt. */
    uniqueRecordId: text('unique_record_id'),
    status: text('status', { enum: IRS_RECORD_STATUSES }).notNull().default('pending'),
    errors: jsonb('errors').$type<Array<{ code: string; message: string; xpath?: string }>>().notNull().default([]),
  },
  (t) => [uniqueIndex('irs_records_seq_idx').on(t.fileId, t.recordSequenceNum), index('irs_records_statement_idx').on(t.statementId)],
);
