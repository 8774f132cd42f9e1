/**
 * Carriers' tables: every file sent to a carrier (the daily 834, the monthly
 * 820) with its control number, the export runs that made them, and every
 * file received back (effectuation, audit) with the discrepancies found.
 */
import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';
import { enrollments } from '../enrollment/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One file per carrier, kind and period: exporting again rewrites it under the same control number. */
export const carrierFiles = pgTable(
  'carrier_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** ISA13 / GS06: unique across all files the exchange sends. */
    controlNumber: bigserial('control_number', { mode: 'number' }).notNull(),
    carrierHiosId: text('carrier_hios_id').notNull(),
    kind: text('kind', { enum: ['834', '820'] }).notNull(),
    /** YYYY-MM-DD for an 834, YYYY-MM for an 820. */
    period: text('period').notNull(),
    /** Path inside the data folder. */
    path: text('path').notNull(),
    sha256: text('sha256').notNull(),
    /** Member loops (834) or policies (820). */
    records: integer('records').notNull(),
    /** 820: the money sent (BPR02), cents. */
    totalCents: integer('total_cents'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('carrier_files_period_idx').on(t.carrierHiosId, t.kind, t.period), uniqueIndex('carrier_files_control_idx').on(t.controlNumber)],
);

/**
 * One row per export run's period (kind, day or month): the scheduled job
 * claims the period here before it writes, so running it again (a retry, a
 * second worker, a catch-up) never makes a second file for the same period.
 */
export const carrierExportRuns = pgTable(
  'carrier_export_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['834', '820'] }).notNull(),
    /** YYYY-MM-DD for an 834, YYYY-MM for an 820. */
    period: text('period').notNull(),
    startedBy: text('started_by', { enum: ['schedule', 'command-line'] }).notNull(),
    /** Files written (one per carrier with something to send; 0 when nothing changed). */
    files: integer('files').notNull(),
    records: integer('records').notNull(),
    ranAt: ts('ran_at').notNull(),
  },
  (t) => [uniqueIndex('carrier_export_runs_period_idx').on(t.kind, t.period), index('carrier_export_runs_ran_idx').on(t.ranAt)],
);

export const carrierImports = pgTable(
  'carrier_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    carrierHiosId: text('carrier_hios_id').notNull(),
    kind: text('kind', { enum: ['effectuation', 'audit'] }).notNull(),
    fileName: text('file_name').notNull(),
    /** The same file imported twice is recognised by its hash and changes nothing. */
    sha256: text('sha256').notNull(),
    records: integer('records').notNull(),
    discrepancies: integer('discrepancies').notNull(),
    importedBy: uuid('imported_by').references(() => accounts.id),
    importedAt: ts('imported_at').notNull(),
  },
  (t) => [uniqueIndex('carrier_imports_sha_idx').on(t.sha256), index('carrier_imports_carrier_idx').on(t.carrierHiosId, t.importedAt)],
);

export const DISCREPANCY_KINDS = ['unknown-policy', 'missing-at-carrier', 'cancelled-at-exchange', 'wrong-carrier', 'mismatch'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** A difference between the exchange's enrollment and the carrier's record: ids, codes, dates and amounts only. */
export const carrierDiscrepancies = pgTable(
  'carrier_discrepancies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => carrierImports.id, { onDelete: 'cascade' }),
    policyNumber: text('policy_number').notNull(),
    enrollmentId: uuid('enrollment_id').references(() => enrollments.id),
    kind: text('kind', { enum: DISCREPANCY_KINDS }).notNull(),
    /** For a mismatch: which field (plan, coverage-start, coverage-end, gross-premium, aptc, responsible, members, status). */
    field: text('field'),
    exchangeValue: text('exchange_value'),
    carrierValue: text('carrier_value'),
  },
  (t) => [index('carrier_discrepancies_import_idx').on(t.importId)],
);
