/** The federal poverty line and income as a percent of it (RULES.md; Form 8962 line 5). */
import { invalidInput } from '../platform/errors.js';
import { guidelineYearsInForce, guidelinesInForce, rulesInForce, type PlanYearRules, type PovertyRegion } from './tables.js';

/** The poverty line for a family size under one year's guidelines, in cents. */
export function povertyLineCents(guidelineYear: number, region: PovertyRegion, familySize: number): number {
  const table = guidelinesInForce(guidelineYear)?.[region];
  if (!table) throw new RangeError(`No poverty guidelines for ${guidelineYear}`);
  if (!Number.isInteger(familySize) || familySize < 1) throw new RangeError(`Family size must be a whole number of at least 1 (${familySize})`);
  return table.firstPersonCents + table.eachExtraPersonCents * (familySize - 1);
}

/** floor(100 × income / poverty line): a whole percent, never rounded up. */
export function incomePercentOfPoverty(annualIncomeCents: number, povertyCents: number): number {
  return Math.floor((annualIncomeCents * 100) / povertyCents);
}

/** The rules of a plan year; an unknown year is refused with the field to correct. */
export function planYearRules(planYear: number): PlanYearRules {
  const rules = rulesInForce(planYear);
  if (!rules) throw invalidInput([{ field: 'planYear', messageKey: 'eligibility.errors.yearUnknown', values: { year: planYear } }]);
  return rules;
}

/**
 * Medicaid uses the guidelines in force on the day of the determination:
 * a state switches to a new year's guidelines on a set day (Vermont: April 1).
 * Where that year is not loaded yet, the newest earlier one is used.
 */
export function medicaidGuidelineYear(asOf: string, switchOn: string): number {
  const year = Number(asOf.slice(0, 4));
  const wanted = asOf.slice(5) >= switchOn ? year : year - 1;
  const known = guidelineYearsInForce();
  const usable = known.filter((y) => y <= wanted);
  return usable.length ? usable[usable.length - 1]! : known[0]!;
}
