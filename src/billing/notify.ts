/**
 * The billing and payment events that raise notices, with the data each
 * notice type declares (src/notices/types/payments.tsx). Raised inside the
 * caller's transaction so the event and its notice commit together; the
 * dedupe key makes a retried job raise each notice once.
 */
import type { Tx } from '../platform/database.js';

interface InvoiceFacts {
  amountDueCents: number;
  dueDate: string;
  coverageMonth: string;
  referenceNumber: string;
}

/** A new bill: what is left to pay after the household's credit, and (when credit went to it) the premium and the credit applied. */
interface NewInvoiceFacts extends InvoiceFacts {
  premiumCents?: number;
  creditAppliedCents?: number;
}

/**
 * The invoice-ready notice of a new bill of `amountCents` that the
 * household's credit paid `creditCents` of (docs/adr/0066), or null when
 * the bill asks nothing of anyone (assistance pays the whole premium). A
 * bill the credit paid in full still gets its notice: it says so, with no
 * way to pay, so the person knows that month is settled and does not pay
 * it again.
 */
export function invoiceReadyNotice(bill: { amountCents: number; creditCents: number; dueDate: string; coverageMonth: string; referenceNumber: string }): BillingNotice | null {
  if (bill.amountCents <= 0) return null;
  const facts = { amountDueCents: bill.amountCents - bill.creditCents, dueDate: bill.dueDate, coverageMonth: bill.coverageMonth, referenceNumber: bill.referenceNumber };
  return { type: 'invoice-ready', data: bill.creditCents > 0 ? { ...facts, premiumCents: bill.amountCents, creditAppliedCents: bill.creditCents } : facts };
}

export type BillingNotice =
  | { type: 'invoice-ready'; data: NewInvoiceFacts }
  | { type: 'payment-reminder'; data: InvoiceFacts }
  | { type: 'payment-received'; data: { amountPaidCents: number; receivedOn: string; coverageMonth: string; remainingCents: number } }
  | { type: 'grace-period-started'; data: { amountDueCents: number; graceStarted: string; graceEnds: string; coverageMonth: string; referenceNumber: string; withCredit: boolean } }
  | { type: 'termination-warning'; data: { amountDueCents: number; terminationDate: string; payBy: string; referenceNumber: string } }
  | { type: 'coverage-terminated'; data: { terminationDate: string; reason: 'non-payment'; unpaidCents: number } }
  | { type: 'coverage-reinstated'; data: { reinstatedOn: string; coverageStart: string } }
  | { type: 'binder-cancelled'; data: { coverageStart: string; binderDueDate: string; binderAmountCents: number; referenceNumber: string } }
  | { type: 'payment-returned'; data: { amountReturnedCents: number; paidOn: string; returnedOn: string; amountDueCents: number; dueDate: string | null; referenceNumber: string | null } };

export interface RaiseOptions {
  householdId: string;
  /** Once per cause: e.g. `invoice-ready:<invoice id>`. */
  dedupeKey: string;
  /** Not before this instant (reminders are queued ahead; the call to action is chosen when sent). */
  dueAt?: Date;
  now: Date;
}

export interface RaisedNotice {
  notice: BillingNotice;
  opts: RaiseOptions;
}

/** Writes notices in the caller's transaction: one, or a run's whole chunk in a few statements. */
export type NoticeSink = (tx: Tx, notices: readonly RaisedNotice[]) => Promise<void>;

let sink: NoticeSink | null = null;

/** Installed by the billing module's start from the notices engine. */
export function setNoticeSink(next: NoticeSink | null): void {
  sink = next;
}

export async function raiseNotice(tx: Tx, notice: BillingNotice, opts: RaiseOptions): Promise<void> {
  if (sink) await sink(tx, [{ notice, opts }]);
}

/** Many notices at once (a billing run's chunk, a day's reminders): the same as raiseNotice for each, set-based. */
export async function raiseNotices(tx: Tx, notices: readonly RaisedNotice[]): Promise<void> {
  if (sink && notices.length) await sink(tx, notices);
}
