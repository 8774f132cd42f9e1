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
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
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
