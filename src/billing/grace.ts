/**
 * Grace periods and termination for non-payment (45 CFR 156.270(d)–(g),
 * 155.430(b)(2)(ii); RULES.md "Premium payment"), as a pure decision over an
 * enrollment's invoices on a given day. The daily delinquency job asks this
 * function what to do and the use cases do it.
 */
import type { StateProfile } from '../states/profile.js';
import { addDays, addMonths, lastOfMonth, maxDate, type IsoDate } from './dates.js';
import { monthlyDueDate } from './due-dates.js';
import { extendForOutages, exchangeCausedOutage, type ChannelOutage } from './outage.js';
import { countsAsPaidInFull } from './threshold.js';

type Billing = StateProfile['billing'];

export interface InvoiceState {
  id: string;
  kind: 'binder' | 'monthly';
  coverageMonth: IsoDate;
  issuedOn: IsoDate;
  dueDate: IsoDate;
  amountCents: number;
  paidCents: number;
}

export interface GraceState {
  firstMonth: IsoDate;
  months: number;
  /** With the federal credit and a full month paid that year: the 3-month rule, coverage ends after the first grace month. */
  withCredit: boolean;
  startedOn: IsoDate;
  warnedOn: IsoDate | null;
  /** Days a supervisor added after reviewing an exchange outage. */
  extraDays?: number;
}

export type EnrollmentBillingStatus = 'pending-binder' | 'effectuated' | 'in-grace' | 'terminated' | 'cancelled';

export interface DelinquencyInput {
  today: IsoDate;
  status: EnrollmentBillingStatus;
  /** The enrollee receives the advance premium tax credit. */
  hasCredit: boolean;
  invoices: ReadonlyArray<InvoiceState>;
  grace: GraceState | null;
  /**
   * A supervisor has reviewed the exchange's outages up to and including this
   * date for this period (released the termination or extended the period).
   */
  reviewedThrough: IsoDate | null;
  /** A review is already waiting for a supervisor. */
  reviewPending: boolean;
  outages: ReadonlyArray<ChannelOutage>;
  timeZone: string;
  asOf: Date;
}

export type DelinquencyDecision =
  | { action: 'none' }
  | { action: 'start-grace'; grace: Omit<GraceState, 'warnedOn'>; invoiceId: string }
  | { action: 'cure' }
  | { action: 'warn'; graceEndsOn: IsoDate }
  | { action: 'terminate'; endDate: IsoDate; graceEndsOn: IsoDate }
  | { action: 'cancel-binder'; invoiceId: string }
  | { action: 'hold-for-review'; kind: 'termination' | 'cancellation'; endDate: IsoDate; windowStart: IsoDate; windowEnd: IsoDate };

/** 3 months with the credit when a full month was paid that year; otherwise the state's period. */
export function gracePeriodMonths(opts: { hasCredit: boolean; fullMonthPaidThisYear: boolean }, billing: Pick<Billing, 'gracePeriodMonthsWithCredit' | 'gracePeriodMonthsWithoutCredit'>): number {
  return opts.hasCredit && opts.fullMonthPaidThisYear ? billing.gracePeriodMonthsWithCredit : billing.gracePeriodMonthsWithoutCredit;
}

/** The last day of the grace period, before any outage extension. */
export function graceEndsOn(grace: Pick<GraceState, 'firstMonth' | 'months'>): IsoDate {
  return lastOfMonth(addMonths(grace.firstMonth, grace.months - 1));
}

/**
 * Coverage end on termination for non-payment: with the credit, the last day
 * of the first grace month (45 CFR 156.270(g)); without, by state law.
 */
export function terminationEndDate(grace: Pick<GraceState, 'firstMonth' | 'months' | 'withCredit'>, billing: Pick<Billing, 'terminationEndWithoutCredit'>): IsoDate {
  if (grace.withCredit || billing.terminationEndWithoutCredit === 'first-grace-month') return lastOfMonth(grace.firstMonth);
  return graceEndsOn(grace);
}

function paid(i: InvoiceState, billing: Pick<Billing, 'paidInFullThreshold'>): boolean {
  return countsAsPaidInFull(i.paidCents, i.amountCents, billing.paidInFullThreshold);
}

/** An invoice's due date moved for outages in its payment window (issue date to due date). */
export function effectiveDueDate(i: Pick<InvoiceState, 'issuedOn' | 'dueDate'>, input: Pick<DelinquencyInput, 'outages' | 'timeZone' | 'asOf'>, billing: Pick<Billing, 'outageExtension'>): IsoDate {
  return extendForOutages(i.issuedOn, i.dueDate, input.outages, billing, input.timeZone, input.asOf).end;
}

/** The grace period's last day moved for outages inside it. */
export function effectiveGraceEnd(
  grace: Pick<GraceState, 'firstMonth' | 'months' | 'startedOn' | 'extraDays'>,
  input: Pick<DelinquencyInput, 'outages' | 'timeZone' | 'asOf'>,
  billing: Pick<Billing, 'outageExtension'>,
): IsoDate {
  const start = grace.startedOn < grace.firstMonth ? grace.startedOn : grace.firstMonth;
  return extendForOutages(start, addDays(graceEndsOn(grace), grace.extraDays ?? 0), input.outages, billing, input.timeZone, input.asOf).end;
}

/** Whether the exchange made a payment channel unavailable in [from, to] after what a supervisor has reviewed. */
function unreviewedOutage(from: IsoDate, to: IsoDate, input: DelinquencyInput): boolean {
  const start = input.reviewedThrough && input.reviewedThrough >= from ? addDays(input.reviewedThrough, 1) : from;
  return exchangeCausedOutage(start, to, input.outages, input.timeZone, input.asOf);
}

/**
 * The bills that must count as paid for a grace period to be cured on `day`:
 * the first grace month and every bill past its (outage-moved) due date.
 */
export function owingToCure<I extends InvoiceState>(
  invoices: ReadonlyArray<I>,
  grace: Pick<GraceState, 'firstMonth'>,
  day: IsoDate,
  input: Pick<DelinquencyInput, 'outages' | 'timeZone' | 'asOf'>,
  billing: Pick<Billing, 'paidInFullThreshold' | 'outageExtension'>,
): I[] {
  return invoices.filter((i) => !paid(i, billing) && (i.coverageMonth <= grace.firstMonth || effectiveDueDate(i, input, billing) < day));
}

/** What a person in a grace period must pay, and by when, to keep the coverage (what the customer's billing page says). */
export interface GraceStanding {
  firstMonth: IsoDate;
  withCredit: boolean;
  /** The last day to pay: the grace period's end, moved for outages and a supervisor's extension. */
  endsOn: IsoDate;
  /** The last day has passed and the termination is due or held for a supervisor: what is owed must be paid now. */
  ended: boolean;
  /** Where coverage ends if it is not paid in time (with the credit, the last day of the first grace month). */
  coverageEndsOn: IsoDate;
  /** Owed on the bills made so far that must be paid by `endsOn` (or now, once ended), and their coverage months, oldest first. */
  owedCents: number;
  owedMonths: IsoDate[];
  /** Coverage months not billed yet whose bills fall due before `endsOn`: they must be paid by then too. */
  billsToCome: Array<{ coverageMonth: IsoDate; dueDate: IsoDate }>;
}

/**
 * The cure rule of decideDelinquency applied on the grace period's last day:
 * a payment posted that day cures the grace period when it covers every bill
 * owing then, so that is the total to pay by then.
 */
export function graceStanding(
  input: Pick<DelinquencyInput, 'today' | 'invoices' | 'outages' | 'timeZone' | 'asOf'> & {
    grace: Pick<GraceState, 'firstMonth' | 'months' | 'withCredit' | 'startedOn' | 'extraDays'>;
    coverageEnd: IsoDate;
  },
  billing: Billing,
): GraceStanding {
  const { grace } = input;
  const endsOn = effectiveGraceEnd(grace, input, billing);
  const ended = input.today > endsOn;
  const byMonth = [...input.invoices].sort((a, b) => a.coverageMonth.localeCompare(b.coverageMonth));
  const owing = owingToCure(byMonth, grace, maxDate(input.today, endsOn), input, billing);
  const billsToCome: GraceStanding['billsToCome'] = [];
  if (!ended) {
    const lastBilled = byMonth.at(-1)?.coverageMonth ?? addMonths(grace.firstMonth, -1);
    for (let month = addMonths(lastBilled, 1); month <= input.coverageEnd && monthlyDueDate(month, billing) < endsOn; month = addMonths(month, 1)) {
      billsToCome.push({ coverageMonth: month, dueDate: monthlyDueDate(month, billing) });
    }
  }
  return {
    firstMonth: grace.firstMonth,
    withCredit: grace.withCredit,
    endsOn,
    ended,
    coverageEndsOn: terminationEndDate(grace, billing),
    owedCents: owing.reduce((s, i) => s + (i.amountCents - i.paidCents), 0),
    owedMonths: owing.map((i) => i.coverageMonth),
    billsToCome,
  };
}

export function decideDelinquency(input: DelinquencyInput, billing: Billing): DelinquencyDecision {
  const { today } = input;
  const byMonth = [...input.invoices].sort((a, b) => a.coverageMonth.localeCompare(b.coverageMonth));
  const overdue = byMonth.filter((i) => !paid(i, billing) && effectiveDueDate(i, input, billing) < today);

  if (input.status === 'pending-binder') {
    const binder = byMonth.find((i) => i.kind === 'binder');
    if (!binder || paid(binder, billing) || !overdue.some((i) => i.id === binder.id)) return { action: 'none' };
    const windowEnd = effectiveDueDate(binder, input, billing);
    if (unreviewedOutage(binder.issuedOn, windowEnd, input)) {
      return input.reviewPending ? { action: 'none' } : { action: 'hold-for-review', kind: 'cancellation', endDate: addDays(binder.coverageMonth, -1), windowStart: binder.issuedOn, windowEnd };
    }
    return { action: 'cancel-binder', invoiceId: binder.id };
  }

  if (input.status === 'effectuated') {
    const first = overdue[0];
    if (!first) return { action: 'none' };
    const year = first.coverageMonth.slice(0, 4);
    const fullMonthPaidThisYear = byMonth.some((i) => i.coverageMonth.startsWith(year) && i.amountCents > 0 && paid(i, billing));
    const months = gracePeriodMonths({ hasCredit: input.hasCredit, fullMonthPaidThisYear }, billing);
    return {
      action: 'start-grace',
      invoiceId: first.id,
      grace: { firstMonth: first.coverageMonth, months, withCredit: input.hasCredit && fullMonthPaidThisYear && months === billing.gracePeriodMonthsWithCredit, startedOn: today },
    };
  }

  if (input.status === 'in-grace' && input.grace) {
    const grace = input.grace;
    const owing = owingToCure(byMonth, grace, today, input, billing);
    if (owing.length === 0) return { action: 'cure' };
    const endsOn = effectiveGraceEnd(grace, input, billing);
    if (today > endsOn) {
      const windowStart = byMonth.find((i) => i.coverageMonth === grace.firstMonth)?.issuedOn ?? grace.startedOn;
      const endDate = terminationEndDate(grace, billing);
      if (unreviewedOutage(windowStart, endsOn, input)) {
        return input.reviewPending ? { action: 'none' } : { action: 'hold-for-review', kind: 'termination', endDate, windowStart, windowEnd: endsOn };
      }
      return { action: 'terminate', endDate, graceEndsOn: endsOn };
    }
    if (!grace.warnedOn && today >= addDays(endsOn, -billing.terminationWarningDaysBeforeGraceEnd)) return { action: 'warn', graceEndsOn: endsOn };
  }
  return { action: 'none' };
}
