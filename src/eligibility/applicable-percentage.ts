/**
 * The applicable percentage (26 CFR 1.36B-3(g)): linear inside each band,
 * rounded to the nearest 0.01 % (one basis point, halves up).
 */
import { invalidInput } from '../platform/errors.js';
import { divRound } from './money.js';
import type { ApplicablePercentageTable } from './tables.js';
import { planYearRules } from './poverty.js';

export type ApplicablePercentage = { eligible: true; basisPoints: number } | { eligible: false; reason: 'above-ceiling' };

export function applicablePercentageFrom(table: ApplicablePercentageTable, fplPercent: number): ApplicablePercentage {
  const bands = table.bands;
  const last = bands[bands.length - 1]!;
  if (fplPercent > last.to) {
    return table.aboveLastBandBp === null ? { eligible: false, reason: 'above-ceiling' } : { eligible: true, basisPoints: table.aboveLastBandBp };
  }
  const band = bands.find((b, i) => fplPercent < b.to || (i === bands.length - 1 && fplPercent <= b.to)) ?? bands[0]!;
  const position = Math.min(Math.max(fplPercent, band.from), band.to) - band.from;
  return { eligible: true, basisPoints: band.startBp + divRound((band.endBp - band.startBp) * position, band.to - band.from) };
}

/** The applicable percentage of a plan year; a year without a published table is refused. */
export function applicablePercentage(planYear: number, fplPercent: number): ApplicablePercentage {
  const table = applicableTable(planYear);
  return applicablePercentageFrom(table, fplPercent);
}

export function applicableTable(planYear: number): ApplicablePercentageTable {
  const table = planYearRules(planYear).applicablePercentage;
  if (!table) throw invalidInput([{ field: 'planYear', messageKey: 'eligibility.errors.yearNotPublished', values: { year: planYear } }]);
  return table;
}
