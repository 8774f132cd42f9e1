/**
 * How a payment is spread over a household's open invoices: oldest coverage
 * month first, each up to what it still owes, exact in cents; whatever is left
 * is an unapplied credit. A preferred invoice (the reference number written on
 * a check) is paid first.
 */
export interface OpenInvoice {
  id: string;
  coverageMonth: string;
  /** What is still owed, in cents (≥ 0). */
  owedCents: number;
}

export interface Allocation {
  invoiceId: string;
  cents: number;
}

export function allocatePayment(amountCents: number, invoices: ReadonlyArray<OpenInvoice>, preferredInvoiceId?: string): { allocations: Allocation[]; unappliedCents: number } {
  if (!Number.isInteger(amountCents) || amountCents < 0) throw new RangeError('amount must be whole cents, not negative');
  const ordered = [...invoices].sort((a, b) => {
    if (a.id === preferredInvoiceId) return -1;
    if (b.id === preferredInvoiceId) return 1;
    return a.coverageMonth.localeCompare(b.coverageMonth) || a.id.localeCompare(b.id);
  });
  let left = amountCents;
  const allocations: Allocation[] = [];
  for (const invoice of ordered) {
    if (left === 0) break;
    const cents = Math.min(left, Math.max(0, invoice.owedCents));
    if (cents > 0) {
      allocations.push({ invoiceId: invoice.id, cents });
      left -= cents;
    }
  }
  return { allocations, unappliedCents: left };
}

/**
 * Takes `amountCents` back from a payment's allocations (a refund or a
 * returned payment): from the unapplied credit first, then from the newest
 * coverage month back. Returns negative allocations.
 */
export function reverseAllocations(
  amountCents: number,
  applied: ReadonlyArray<Allocation & { coverageMonth: string }>,
  unappliedCents: number,
): { reversals: Allocation[]; fromUnappliedCents: number } {
  const total = applied.reduce((s, a) => s + a.cents, 0) + unappliedCents;
  if (!Number.isInteger(amountCents) || amountCents < 0 || amountCents > total) throw new RangeError('cannot reverse more than was paid');
  const fromUnapplied = Math.min(amountCents, unappliedCents);
  let left = amountCents - fromUnapplied;
  const reversals: Allocation[] = [];
  const newestFirst = [...applied].sort((a, b) => b.coverageMonth.localeCompare(a.coverageMonth) || b.invoiceId.localeCompare(a.invoiceId));
  for (const a of newestFirst) {
    if (left === 0) break;
    const cents = Math.min(left, a.cents);
    if (cents > 0) {
      reversals.push({ invoiceId: a.invoiceId, cents: -cents });
      left -= cents;
    }
  }
  return { reversals, fromUnappliedCents: fromUnapplied };
}
