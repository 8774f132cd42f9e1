/**
 * Payments' tables: every payment (online, phone, mail) with its idempotency
 * key, how each was spread over invoices (allocations, signed, append-only),
 * the processor's webhook events seen, refunds, lockbox batches and their
 * exceptions queue, the daily reconciliation reports, and call-centre notes.
 */
import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema.js';
import { households } from '../enrollment/schema.js';
import { invoices } from '../billing/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const PAYMENT_CHANNELS = ['online', 'phone', 'mail'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
export const PAYMENT_STATUSES = ['created', 'pending', 'succeeded', 'failed', 'returned', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One payment per key, whatever is retried: the request header, a lockbox item, a hosted session. */
    idempotencyKey: text('idempotency_key').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** The invoice the person meant to pay (paid first; the rest goes to older months). */
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    channel: text('channel', { enum: PAYMENT_CHANNELS }).notNull(),
    method: text('method', { enum: ['card', 'bank', 'check'] }),
    last4: text('last4'),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('created'),
    processorSessionId: text('processor_session_id'),
    processorChargeId: text('processor_charge_id'),
    failureCode: text('failure_code'),
    checkNumber: text('check_number'),
    lockboxBatchId: uuid('lockbox_batch_id'),
    /** The day the money reached the exchange (charge date, check deposit date), in the state's time zone. */
    receivedOn: day('received_on'),
    /** The customer who paid online. */
    initiatedBy: uuid('initiated_by').references(() => accounts.id),
    /** The agent or clerk who took it. */
    takenBy: uuid('taken_by').references(() => accounts.id),
    refundedCents: integer('refunded_cents').notNull().default(0),
    appliedAt: ts('applied_at'),
    reversedAt: ts('reversed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_idempotency_idx').on(t.idempotencyKey),
    uniqueIndex('payments_session_idx')
      .on(t.processorSessionId)
      .where(sql`processor_session_id IS NOT NULL`),
    uniqueIndex('payments_charge_idx')
      .on(t.processorChargeId)
      .where(sql`processor_charge_id IS NOT NULL`),
    index('payments_household_idx').on(t.householdId, t.createdAt),
    index('payments_received_idx').on(t.receivedOn),
    check('payments_amount_check', sql`amount_cents > 0 AND refunded_cents >= 0 AND refunded_cents <= amount_cents`),
  ],
);

/**
 * Money moved by a payment: positive when applied, negative when taken back
 * (refund, return). `invoice_id` null is credit not yet applied to any invoice;
 * `credit` rows come in pairs moving money between the credit and an invoice
 * (apply-credit.ts), so they never change the payment's total.
 * The sum over a payment never exceeds its amount; rows are never updated.
 */
export const allocations = pgTable(
  'payment_allocations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    cents: integer('cents').notNull(),
    kind: text('kind', { enum: ['apply', 'refund', 'return', 'credit'] }).notNull(),
    refundId: uuid('refund_id'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('payment_allocations_payment_idx').on(t.paymentId),
    index('payment_allocations_invoice_idx').on(t.invoiceId),
    // The credit rows (few) by payment: does a household hold credit? (asked for each household the billing run bills)
    index('payment_allocations_credit_idx')
      .on(t.paymentId)
      .where(sql`invoice_id IS NULL`),
  ],
);

/** Webhook events already taken in (a replay of one is acknowledged and changes nothing). */
export const processorEvents = pgTable('payment_processor_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  chargeId: text('charge_id').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: ts('received_at').notNull(),
});

export const refunds = pgTable(
  'payment_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    idempotencyKey: text('idempotency_key').notNull(),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: ['requested', 'succeeded', 'failed'] })
      .notNull()
      .default('requested'),
    processorRefundId: text('processor_refund_id'),
    /** A reason code (`overpayment`, `duplicate`, `coverage-cancelled`, `customer-request`). */
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_refunds_idempotency_idx').on(t.idempotencyKey), index('payment_refunds_payment_idx').on(t.paymentId)],
);

export const lockboxBatches = pgTable(
  'lockbox_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the file: importing the same file twice is one import. */
    fileSha256: text('file_sha256').notNull(),
    fileName: text('file_name').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: ts('imported_at').notNull(),
    lines: integer('lines').notNull().default(0),
    posted: integer('posted').notNull().default(0),
    exceptions: integer('exceptions').notNull().default(0),
    postedCents: integer('posted_cents').notNull().default(0),
  },
  (t) => [uniqueIndex('lockbox_batches_file_idx').on(t.fileSha256)],
);

/** Lockbox items that could not be posted by themselves: the mailroom's queue. */
export const lockboxExceptions = pgTable(
  'lockbox_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => lockboxBatches.id),
    lineNumber: integer('line_number').notNull(),
    /** The item's key in the file (batch and sequence), for the posted payment's idempotency key. */
    itemKey: text('item_key').notNull(),
    referenceAsWritten: text('reference_as_written').notNull().default(''),
    amountCents: integer('amount_cents'),
    checkNumber: text('check_number').notNull().default(''),
    depositDate: day('deposit_date'),
    payerName: text('payer_name').notNull().default(''),
    /** A code: `unknown-reference`, `invalid-reference`, `invalid-amount`, `malformed-line`, `household-not-billed`. */
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'posted', 'returned'] })
      .notNull()
      .default('open'),
    resolvedBy: uuid('resolved_by').references(() => accounts.id),
    resolvedAt: ts('resolved_at'),
    paymentId: uuid('payment_id').references(() => payments.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('lockbox_exceptions_open_idx').on(t.status, t.createdAt), uniqueIndex('lockbox_exceptions_item_idx').on(t.itemKey)],
);

export interface ReconciliationItem {
  kind: 'missing-in-ledger' | 'missing-at-processor' | 'amount-differs' | 'status-differs';
  chargeId: string | null;
  paymentId: string | null;
  processor: { status: string; amountCents: number } | null;
  ledger: { status: string; amountCents: number } | null;
}

export const reconciliationReports = pgTable('payment_reconciliation_reports', {
  reportDate: day('report_date').primaryKey(),
  generatedAt: ts('generated_at').notNull(),
  processorCount: integer('processor_count').notNull(),
  ledgerCount: integer('ledger_count').notNull(),
  processorCents: integer('processor_cents').notNull(),
  ledgerCents: integer('ledger_cents').notNull(),
  matched: integer('matched').notNull(),
  items: jsonb('items').$type<ReconciliationItem[]>().notNull().default([]),
});

/** What a call-centre agent noted about a call (staff-only). */
export const callNotes = pgTable(
  'call_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => accounts.id),
    topic: text('topic', { enum: ['billing', 'payment', 'coverage', 'other'] }).notNull(),
    note: text('note').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('call_notes_household_idx').on(t.householdId, t.createdAt)],
);
