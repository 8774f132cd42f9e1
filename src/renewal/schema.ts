/**
 * Renewal's tables: one row per household and plan year saying what the
 * annual renewal decided for it (docs/adr/0105-annual-renewal.md), the runs,
 * and the issuers' plan crosswalk (which plan of next year replaces a plan
 * that is discontinued).
 */
import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { applications, enrollments, households } from '../enrollment/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What a renewal decided: renewed in the same plan, the issuer's crosswalk
 * plan or another plan by the 155.335(j) hierarchy; or not renewed, and why.
 */
export const RENEWAL_OUTCOMES = ['renewed-same-plan', 'renewed-crosswalk', 'renewed-other-plan', 'already-enrolled', 'moved', 'ended', 'ineligible', 'no-plan', 'no-application'] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];

/**
 * One row per household and plan year, written in the same transaction as
 * everything the renewal made for it: the unique key is what makes a run
 * killed half-way and started again renew nobody twice.
 */
export const renewals = pgTable(
  'renewals',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** The plan year renewed into. */
    planYear: smallint('plan_year').notNull(),
    outcome: text('outcome', { enum: RENEWAL_OUTCOMES }).notNull(),
    /** For a renewal into another plan: the hierarchy step that chose it (rules.ts). */
    rule: text('rule'),
    fromEnrollmentId: uuid('from_enrollment_id').references(() => enrollments.id, { onDelete: 'set null' }),
    toEnrollmentId: uuid('to_enrollment_id').references(() => enrollments.id, { onDelete: 'set null' }),
    applicationId: uuid('application_id').references(() => applications.id, { onDelete: 'set null' }),
    /** Income checked with the IRS through the hub (the household allowed it), pending until the hub answers. */
    incomeCheck: text('income_check', { enum: ['pending', 'not-authorised'] }),
    previousNetCents: integer('previous_net_cents'),
    netPremiumCents: integer('net_premium_cents'),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.planYear] }), index('renewals_year_outcome_idx').on(t.planYear, t.outcome)],
);

/** Each renewal run of a plan year: when it started and finished and who started it. */
export const renewalRuns = pgTable('renewal_runs', {
  planYear: smallint('plan_year').primaryKey(),
  startedAt: ts('started_at').notNull(),
  startedBy: text('started_by').notNull(),
  finishedAt: ts('finished_at'),
});

/**
 * The issuers' plan crosswalk (CMS Plan ID Crosswalk): for a plan of
 * `fromYear` that is discontinued, the plan of the next year its enrollees
 * are renewed into.
 */
export const planCrosswalks = pgTable(
  'renewal_plan_crosswalks',
  {
    fromYear: smallint('from_year').notNull(),
    /** HIOS standard component id (14 characters) of this year's plan. */
    fromPlanHiosId: text('from_plan_hios_id').notNull(),
    /** HIOS standard component id of next year's plan. */
    toPlanHiosId: text('to_plan_hios_id').notNull(),
    /** Where the row came from, e.g. the issuer's crosswalk template file. */
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('crosswalk_from_idx').on(t.fromYear, t.fromPlanHiosId)],
);
