/**
 * A month's bill for coverage that starts or ends inside the month: the
 * covered days only (docs/adr/0065-proration.md). RULES.md is silent, so the
 * CMS method: the monthly figure × covered days ÷ days in the month, rounded
 * once to the cent (halves away from zero, docs/adr/0030). The credit is
 * prorated by the same formula; so is the total help (credit + state help),
 * and the state's share is the prorated total less the prorated credit, so
 * the person's part (premium − help) never goes below zero and the parts of a
 * month split between two enrollments add up to the whole month within a cent.
 * Pure: SQL's `billing_prorate()` is its twin in the billing run.
 */
import { divRound } from '../eligibility/money.js';
import { addDays, addMonths, daysBetween, daysInMonth, type IsoDate } from './dates.js';

export interface MonthlyAmounts {
  grossPremiumCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
}

export interface InvoiceAmounts extends MonthlyAmounts {
  /** What the household owes: premium − credit − state help. */
  amountCents: number;
  /** Days of the month the coverage covers (the whole month: `monthDays`). */
  coveredDays: number;
  monthDays: number;
}

/** The share of a monthly figure for `days` of a month of `monthDays` days, to the cent. */
export function prorateCents(cents: number, days: number, monthDays: number): number {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError('cents must be whole and not negative');
  if (!Number.isInteger(days) || days < 0 || days > monthDays) throw new RangeError('days must be within the month');
  return divRound(cents * days, monthDays);
}

export function monthLength(month: IsoDate): number {
  return daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

/** Days of `month` (its first day) inside [coverageStart, coverageEnd], both included: 0 when none. */
export function coveredDays(month: IsoDate, coverageStart: IsoDate, coverageEnd: IsoDate): number {
  const first = month > coverageStart ? month : coverageStart;
  const monthEnd = addDays(addMonths(month, 1), -1);
  const last = monthEnd < coverageEnd ? monthEnd : coverageEnd;
  return Math.max(0, daysBetween(first, last) + 1);
}

/** Prorates monthly amounts for `days` of a month of `monthDays` days. */
export function prorateAmounts(monthly: MonthlyAmounts, days: number, monthDays: number): InvoiceAmounts {
  const gross = prorateCents(monthly.grossPremiumCents, days, monthDays);
  const aptc = prorateCents(monthly.aptcCents, days, monthDays);
  const help = prorateCents(monthly.aptcCents + monthly.stateAssistanceCents, days, monthDays);
  return {
    grossPremiumCents: gross,
    aptcCents: aptc,
    stateAssistanceCents: help - aptc,
    amountCents: Math.max(0, gross - help),
    coveredDays: days,
    monthDays,
  };
}

/** The bill for one coverage month of an enrollment covering [coverageStart, coverageEnd]. */
export function invoiceAmounts(monthly: MonthlyAmounts, month: IsoDate, coverage: { coverageStart: IsoDate; coverageEnd: IsoDate }): InvoiceAmounts {
  const monthDays = monthLength(month);
  return prorateAmounts(monthly, coveredDays(month, coverage.coverageStart, coverage.coverageEnd), monthDays);
}
