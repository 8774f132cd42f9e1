/**
 * An enrollment's monthly amounts over time (docs/adr/0067): which amounts
 * are in force on a day, when a change takes effect, and how much of a new
 * maximum credit the household applies. The rules are pure; the two writers
 * record a row and read the history.
 */
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../platform/database.js';
import { firstOfNextMonth } from './dates.js';
import type { PremiumSplit } from './premium.js';
import { enrollmentAmounts, type AmountReason } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

export type AmountRow = typeof enrollmentAmounts.$inferSelect;

export interface DatedAmounts extends PremiumSplit {
  effectiveFrom: string;
}

/**
 * The amounts in force on `day`: the latest row starting on or before it
 * (of two with the same date, the one recorded last). A day before the
 * first row (coverage not started) takes the first row.
 */
export function amountsInForce<T extends { effectiveFrom: string; id: number }>(history: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const row of history) {
    if (row.effectiveFrom > day) continue;
    if (!found || row.effectiveFrom > found.effectiveFrom || (row.effectiveFrom === found.effectiveFrom && row.id > found.id)) found = row;
  }
  return found ?? [...history].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.id - b.id)[0];
}

/**
 * When a change of amounts reported on `today` takes effect: the first of
 * the next month (45 CFR 155.330(f)(1)), or the coverage start when coverage
 * has not started yet.
 */
export function changeEffectiveDate(coverageStart: string, today: string): string {
  return coverageStart > today ? coverageStart : firstOfNextMonth(today);
}

/**
 * The credit applied after a redetermination: a household that took all the
 * credit it could keeps taking all of the new maximum; one that chose less
 * keeps its amount, never more than the new maximum.
 */
export function electedCredit(previous: { aptcCents: number; maxAptcCents: number; grossPremiumCents: number }, newMaxAptcCents: number): number {
  const tookAll = previous.aptcCents >= Math.min(previous.maxAptcCents, previous.grossPremiumCents);
  const cap = Math.max(0, Math.min(newMaxAptcCents, previous.grossPremiumCents));
  return tookAll ? cap : Math.min(previous.aptcCents, cap);
}

export async function recordAmounts(
  tx: Tx,
  input: { enrollmentId: string; effectiveFrom: string; split: PremiumSplit; maxAptcCents: number; reason: AmountReason; applicationId?: string | null; actor: ActingParty; at: Date },
): Promise<AmountRow> {
  const [row] = await tx
    .insert(enrollmentAmounts)
    .values({
      enrollmentId: input.enrollmentId,
      effectiveFrom: input.effectiveFrom,
      grossPremiumCents: input.split.grossPremiumCents,
      aptcCents: input.split.aptcCents,
      stateAssistanceCents: input.split.stateAssistanceCents,
      netPremiumCents: input.split.netPremiumCents,
      maxAptcCents: Math.max(0, input.maxAptcCents),
      reason: input.reason,
      applicationId: input.applicationId ?? null,
      actor: input.actor.id,
      actorKind: input.actor.kind,
      recordedAt: input.at,
    })
    .returning();
  return row!;
}

export async function amountHistory(tx: Tx, enrollmentId: string): Promise<AmountRow[]> {
  return tx.select().from(enrollmentAmounts).where(eq(enrollmentAmounts.enrollmentId, enrollmentId)).orderBy(asc(enrollmentAmounts.effectiveFrom), asc(enrollmentAmounts.id));
}
