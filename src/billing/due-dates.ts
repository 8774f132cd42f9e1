/** When premiums are due (RULES.md, premium payment; the state profile's billing block). */
import type { StateProfile } from '../states/profile.js';
import { addDays, addMonths, dayOfMonth, type IsoDate } from './dates.js';

type Billing = StateProfile['billing'];

/** A monthly invoice is due on the profile's day of the month before the coverage month. */
export function monthlyDueDate(coverageMonth: IsoDate, billing: Pick<Billing, 'dueDayOfMonth'>): IsoDate {
  return dayOfMonth(addMonths(coverageMonth, -1), billing.dueDayOfMonth);
}

/**
 * The binder (first month's premium) is due a fixed number of days after the
 * coverage start (at most 30 under 45 CFR 155.400(e)), and never before the
 * regular due date of that month.
 */
export function binderDueDate(coverageStart: IsoDate, billing: Pick<Billing, 'dueDayOfMonth' | 'binderDueDaysAfterCoverageStart'>): IsoDate {
  const regular = monthlyDueDate(coverageStart, billing);
  const binder = addDays(coverageStart, billing.binderDueDaysAfterCoverageStart);
  return binder > regular ? binder : regular;
}

/** The day the reminder for an invoice goes out. */
export function reminderDate(dueDate: IsoDate, billing: Pick<Billing, 'reminderDaysBeforeDue'>): IsoDate {
  return addDays(dueDate, -billing.reminderDaysBeforeDue);
}
