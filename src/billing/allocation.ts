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

/** Unapplied money of one payment, the household's credit balance (docs/adr/0066-credit-balances.md). */
export interface CreditHeld {
  paymentId: string;
  cents: number;
}

export interface CreditMove {
  paymentId: string;
  invoiceId: string;
  /** Positive: credit applied to the invoice; negative: money taken off the invoice back into credit. */
  cents: number;
}

/**
 * Spreads a household's credit over its open invoices: the oldest credit
 * first (the order given), the oldest coverage month first, each invoice up
 * to what it still owes. Exact in cents; what is not needed stays credit.
 */
export function applyCredit(credits: ReadonlyArray<CreditHeld>, invoices: ReadonlyArray<OpenInvoice>): CreditMove[] {
  const owed = [...invoices].sort((a, b) => a.coverageMonth.localeCompare(b.coverageMonth) || a.id.localeCompare(b.id)).map((i) => ({ id: i.id, left: Math.max(0, i.owedCents) }));
  const moves: CreditMove[] = [];
  let k = 0;
  for (const credit of credits) {
    if (!Number.isInteger(credit.cents) || credit.cents < 0) throw new RangeError('credit must be whole cents, not negative');
    let left = credit.cents;
    while (left > 0 && k < owed.length) {
      const invoice = owed[k]!;
      const cents = Math.min(left, invoice.left);
      if (cents > 0) {
        moves.push({ paymentId: credit.paymentId, invoiceId: invoice.id, cents });
        invoice.left -= cents;
        left -= cents;
      }
      if (invoice.left === 0) k++;
    }
  }
  return moves;
}

/**
 * Takes `excessCents` off an invoice whose amount fell below what was paid
 * on it (a shorter month, a larger credit, coverage ended) back into the
 * payers' credit: from the newest payment's share first (the order given is
 * oldest first). Returns negative moves.
 */
export function releaseExcess(excessCents: number, invoiceId: string, shares: ReadonlyArray<CreditHeld>): CreditMove[] {
  const total = shares.reduce((s, p) => s + Math.max(0, p.cents), 0);
  if (!Number.isInteger(excessCents) || excessCents < 0 || excessCents > total) throw new RangeError('cannot release more than was paid');
  let left = excessCents;
  const moves: CreditMove[] = [];
  for (const share of [...shares].reverse()) {
    if (left === 0) break;
    const cents = Math.min(left, Math.max(0, share.cents));
    if (cents > 0) {
      moves.push({ paymentId: share.paymentId, invoiceId, cents: -cents });
      left -= cents;
    }
  }
  return moves;
}
