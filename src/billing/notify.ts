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

export type BillingNotice =
  | { type: 'invoice-ready' | 'payment-reminder'; data: InvoiceFacts }
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
