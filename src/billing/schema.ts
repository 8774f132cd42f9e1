/**
 * Billing's tables: invoices (one per enrollment and coverage month, each
 * with a reference number), billing runs, grace periods, and the supervisor
 * reviews that stand between an exchange outage and a termination.
 * Payments and their allocations to invoices are the payments module's.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';
import { enrollments, households } from '../enrollment/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const INVOICE_KINDS = ['binder', 'monthly'] as const;
export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * What a household owes for one coverage month of one enrollment. The unique
 * key (enrollment, coverage month) is what makes the billing run idempotent.
 * `paid_cents` is the sum of the payments module's allocations to it, kept
 * here so the amount due is one read.
 */
export const invoices = pgTable(
  'billing_invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Ten digits with a Luhn check digit (reference-number.ts; billing_reference() in SQL). */
    /** Defaults (in SQL, appended to the migration) to billing_reference(nextval('billing_invoice_reference_seq')). */
    referenceNumber: text('reference_number').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    coverageMonth: day('coverage_month').notNull(),
    issuedOn: day('issued_on').notNull(),
    dueDate: day('due_date').notNull(),
    grossPremiumCents: integer('gross_premium_cents').notNull(),
    aptcCents: integer('aptc_cents').notNull(),
    stateAssistanceCents: integer('state_assistance_cents').notNull(),
    /** Net premium owed: gross − credit − state help, never below 0. */
    amountCents: integer('amount_cents').notNull(),
    /** Days covered when coverage starts or ends inside the month (the amounts are prorated, proration.ts); null for a whole month. */
    coveredDays: smallint('covered_days'),
    paidCents: integer('paid_cents').notNull().default(0),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('open'),
    /** When the reminder before the due date was queued (once per invoice). */
    reminderQueuedAt: ts('reminder_queued_at'),
    /** The billing run month that created it (null: binder at plan selection). */
    runMonth: day('run_month'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_invoices_enrollment_month_idx').on(t.enrollmentId, t.coverageMonth),
    uniqueIndex('billing_invoices_reference_idx').on(t.referenceNumber),
    index('billing_invoices_household_idx').on(t.householdId, t.coverageMonth),
    index('billing_invoices_open_due_idx')
      .on(t.dueDate)
      .where(sql`status = 'open'`),
    check('billing_invoices_amounts_check', sql`amount_cents >= 0 AND paid_cents >= 0 AND amount_cents = greatest(0, gross_premium_cents - aptc_cents - state_assistance_cents)`),
  ],
);

/** One row per month the billing run was started for: progress, and when it finished. */
export const billingRuns = pgTable('billing_runs', {
  month: day('month').primaryKey(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  invoicesCreated: integer('invoices_created').notNull().default(0),
  startedBy: text('started_by').notNull(),
});

export const GRACE_STATUSES = ['open', 'cured', 'terminated'] as const;

/** A grace period: the months an enrollee may pay late before coverage ends (grace.ts). */
export const gracePeriods = pgTable(
  'billing_grace_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    firstMonth: day('first_month').notNull(),
    months: smallint('months').notNull(),
    withCredit: boolean('with_credit').notNull(),
    startedOn: day('started_on').notNull(),
    warnedOn: day('warned_on'),
    /** A supervisor reviewed the exchange's outages up to this date (billing_reviews). */
    reviewedThrough: day('reviewed_through'),
    /** Days a supervisor added after reviewing an outage. */
    extraDays: integer('extra_days').notNull().default(0),
    status: text('status', { enum: GRACE_STATUSES }).notNull().default('open'),
    closedOn: day('closed_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_grace_open_idx')
      .on(t.enrollmentId)
      .where(sql`status = 'open'`),
    index('billing_grace_enrollment_idx').on(t.enrollmentId),
  ],
);

export const REVIEW_STATUSES = ['pending', 'released', 'extended'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * A termination (or binder cancellation) for non-payment held because the
 * exchange made a payment channel unavailable in the person's window. Only a
 * supervisor's recorded decision lets it go ahead or extends the period.
 */
export const reviews = pgTable(
  'billing_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    gracePeriodId: uuid('grace_period_id').references(() => gracePeriods.id),
    /** The binder invoice, for a held cancellation. */
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    kind: text('kind', { enum: ['termination', 'cancellation'] }).notNull(),
    /** Coverage end the termination would have (the day before the start for a cancellation). */
    proposedEndDate: day('proposed_end_date').notNull(),
    windowStart: day('window_start').notNull(),
    windowEnd: day('window_end').notNull(),
    /** Calendar days in the window on which a payment channel was unavailable. */
    outageDays: integer('outage_days').notNull(),
    /** Capabilities that were unavailable. */
    channels: text('channels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: ts('decided_at'),
    extendedDays: integer('extended_days'),
    /** The supervisor's reason (staff-only text; never copied to the audit trail). */
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('billing_reviews_pending_idx')
      .on(t.enrollmentId)
      .where(sql`status = 'pending'`),
    index('billing_reviews_status_idx').on(t.status, t.createdAt),
  ],
);
