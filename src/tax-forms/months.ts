/**
 * Form 1095-A Part III, month by month, as a pure rule over what happened to
 * one policy (docs/adr/0110-form-1095-a.md; Instructions for Form 1095-A
 * (2025), Department of the Treasury, Internal Revenue Service):
 *
 * - A month is a coverage month when the policy covers any day of it.
 * - Column A, the enrollment premium, and column C, the advance credit, are
 *   what Candor charged for the month: the dated amounts in force on its
 *   first covered day (as billing picks them, monthly-amounts.ts), prorated
 *   for the covered days the way billing prorates (proration.ts).
 * - Column B, the second-lowest-cost silver plan premium for the members the
 *   policy covers, is filled for every coverage month, credit or not, and
 *   prorated by the same formula as column A.
 * - A policy ended for non-payment after the credit's 3-month grace period
 *   ends on the last day of the first grace month; that month's premium was
 *   not fully paid, so columns A and B are 0 while column C still reports the
 *   credit paid for it. Later grace months are not coverage months.
 */
import { monthlyAmountsFor } from '../billing/monthly-amounts.js';
import { coveredDays, monthLength, prorateAmounts, prorateCents } from '../billing/proration.js';

export interface MonthAmounts {
  /** Column A: the enrollment premium for the month, cents. */
  premiumCents: number;
  /** Column B: the applicable SLCSP premium, cents. */
  slcspCents: number;
  /** Column C: the advance premium tax credit, cents. */
  aptcCents: number;
}

export interface DatedAmountRow {
  id: number;
  effectiveFrom: string;
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
}

export interface PolicyYear {
  coverageYear: number;
  /** The policy's first and last covered days (YYYY-MM-DD). */
  coverageStart: string;
  coverageEnd: string;
  /** The enrollment's own (newest) amounts, for an enrollment without history. */
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  history: readonly DatedAmountRow[];
  /** The monthly SLCSP premium for the members the policy covers, or null when there is none (an exception). */
  benchmarkCents: number | null;
  /**
   * The first month (YYYY-MM-01) of the grace period of a policy terminated
   * for non-payment with the credit: its premium was not fully paid.
   */
  unpaidGraceMonth: string | null;
}

export const MONTHS = 12;

export function monthStart(year: number, index: number): string {
  return `${year}-${String(index + 1).padStart(2, '0')}-01`;
}

const ZERO: MonthAmounts = Object.freeze({ premiumCents: 0, slcspCents: 0, aptcCents: 0 });

/** The twelve months of Part III (index 0 is January); a month without coverage is all zeros. */
export function statementMonths(p: PolicyYear): MonthAmounts[] {
  const out: MonthAmounts[] = [];
  for (let i = 0; i < MONTHS; i++) {
    const month = monthStart(p.coverageYear, i);
    const days = coveredDays(month, p.coverageStart, p.coverageEnd);
    if (days === 0) {
      out.push({ ...ZERO });
      continue;
    }
    const monthDays = monthLength(month);
    const charged = prorateAmounts(monthlyAmountsFor(p.history, p, month), days, monthDays);
    if (month === p.unpaidGraceMonth) {
      out.push({ premiumCents: 0, slcspCents: 0, aptcCents: charged.aptcCents });
      continue;
    }
    out.push({
      premiumCents: charged.grossPremiumCents,
      slcspCents: p.benchmarkCents === null ? 0 : prorateCents(p.benchmarkCents, days, monthDays),
      aptcCents: charged.aptcCents,
    });
  }
  return out;
}

/** Which months (0–11) the policy covers any day of. */
export function coverageMonths(p: Pick<PolicyYear, 'coverageYear' | 'coverageStart' | 'coverageEnd'>): number[] {
  const out: number[] = [];
  for (let i = 0; i < MONTHS; i++) if (coveredDays(monthStart(p.coverageYear, i), p.coverageStart, p.coverageEnd) > 0) out.push(i);
  return out;
}

/** Line 33: the annual totals of the three columns. */
export function annualTotals(months: readonly MonthAmounts[]): MonthAmounts {
  return months.reduce((t, m) => ({ premiumCents: t.premiumCents + m.premiumCents, slcspCents: t.slcspCents + m.slcspCents, aptcCents: t.aptcCents + m.aptcCents }), { ...ZERO });
}

/** The policy's coverage days inside the coverage year, or null when it has none there. */
export function coverageInYear(year: number, start: string, end: string): { start: string; end: string } | null {
  const from = start > `${year}-01-01` ? start : `${year}-01-01`;
  const to = end < `${year}-12-31` ? end : `${year}-12-31`;
  return from <= to ? { start: from, end: to } : null;
}
