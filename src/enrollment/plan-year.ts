import { sql } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { openEnrollmentUnderWay, type OpenEnrollmentRule } from '../states/calendar.js';
import type { StateProfile } from '../states/profile.js';

/** Pure: open enrollment's plan year on `today` if there is one and its plans are on sale, else this calendar year. */
export function choosePlanYear(rule: OpenEnrollmentRule, today: string, yearsOnSale: readonly number[]): number {
  const year = openEnrollmentUnderWay(rule, today);
  if (year !== null && yearsOnSale.includes(year)) return year;
  return Number(today.slice(0, 4));
}

/**
 * The plan year an application started today is for. During open
 * enrollment that is next year, once the catalog has next year's plans (an
 * application cannot be decided without them); otherwise this year.
 */
export async function planYearFor(tx: Tx, profile: Pick<StateProfile, 'openEnrollment' | 'rating'>, today: string): Promise<number> {
  const { rows } = await tx.execute<{ plan_year: number }>(sql`SELECT DISTINCT plan_year FROM catalog_plans WHERE state_code = ${profile.rating.stateCode}`);
  return choosePlanYear(
    profile.openEnrollment,
    today,
    rows.map((r) => Number(r.plan_year)),
  );
}
