/**
 * Which of an enrollment's dated amounts a coverage month is billed at: the
 * amounts in force on the month's first covered day (changes take effect on
 * the first of a month or at the coverage start, so one set covers a month).
 * An enrollment without history is billed at its own amounts. The billing
 * run's SQL picks the same row (run-billing.ts).
 */
import { amountsInForce } from '../enrollment/amount-history.js';
import type { IsoDate } from './dates.js';
import type { MonthlyAmounts } from './proration.js';

export function monthlyAmountsFor(
  history: ReadonlyArray<MonthlyAmounts & { effectiveFrom: string; id: number }>,
  enrollment: MonthlyAmounts & { coverageStart: IsoDate },
  month: IsoDate,
): MonthlyAmounts {
  const day = month > enrollment.coverageStart ? month : enrollment.coverageStart;
  const row = (history.some((h) => h.effectiveFrom <= day) ? amountsInForce(history, day) : undefined) ?? enrollment;
  return { grossPremiumCents: row.grossPremiumCents, aptcCents: row.aptcCents, stateAssistanceCents: row.stateAssistanceCents };
}
