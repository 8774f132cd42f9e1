/**
 * The daily reconciliation: the processor's charges for a day against the
 * ledger's payments. Pure comparison here; reconcile-day.ts fetches and stores.
 */
import type { Charge } from './processor.js';
import type { ReconciliationItem } from './schema.js';

export interface LedgerEntry {
  paymentId: string;
  chargeId: string;
  status: string;
  amountCents: number;
  refundedCents: number;
}

export interface Comparison {
  matched: number;
  items: ReconciliationItem[];
  processorCents: number;
  ledgerCents: number;
}

/** Money that stayed: succeeded charges less refunds. */
const kept = (status: string, amount: number, refunded: number) => (status === 'succeeded' ? amount - refunded : 0);

export function compareRecords(processor: ReadonlyArray<Charge>, ledger: ReadonlyArray<LedgerEntry>): Comparison {
  const byCharge = new Map(ledger.map((l) => [l.chargeId, l]));
  const seen = new Set<string>();
  const items: ReconciliationItem[] = [];
  let matched = 0;
  for (const ch of processor) {
    const l = byCharge.get(ch.id);
    const p = { status: ch.status, amountCents: ch.amountCents };
    if (!l) {
      items.push({ kind: 'missing-in-ledger', chargeId: ch.id, paymentId: null, processor: p, ledger: null });
      continue;
    }
    seen.add(ch.id);
    const lv = { status: l.status, amountCents: l.amountCents };
    if (l.amountCents !== ch.amountCents || l.refundedCents !== ch.refundedCents) items.push({ kind: 'amount-differs', chargeId: ch.id, paymentId: l.paymentId, processor: p, ledger: lv });
    else if (l.status !== ch.status) items.push({ kind: 'status-differs', chargeId: ch.id, paymentId: l.paymentId, processor: p, ledger: lv });
    else matched++;
  }
  for (const l of ledger) {
    if (!seen.has(l.chargeId)) items.push({ kind: 'missing-at-processor', chargeId: l.chargeId, paymentId: l.paymentId, processor: null, ledger: { status: l.status, amountCents: l.amountCents } });
  }
  return {
    matched,
    items,
    processorCents: processor.reduce((s, c) => s + kept(c.status, c.amountCents, c.refundedCents), 0),
    ledgerCents: ledger.reduce((s, l) => s + kept(l.status, l.amountCents, l.refundedCents), 0),
  };
}
