import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, invalidInput } from '../platform/errors.js';
import { changeEffectiveDate, recordAmounts } from './amount-history.js';
import { localDay } from './dates.js';
import { isActive } from './lifecycle.js';
import { splitPremium } from './premium.js';
import { determinations, enrollments, enrollmentTransitions } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';
import type { EnrollmentDeps } from './select-plan.js';

/**
 * Changes how much of the credit an enrollment applies each month (the rest
 * is claimed on the tax return). Takes effect on the first of next month,
 * dated in the enrollment's amount history; the 834 reports it as a change.
 */
export async function changeCredit(
  tx: Tx,
  deps: Pick<EnrollmentDeps, 'profile'>,
  input: { enrollmentId: string; requestedAptcCents: number; actor: ActingParty; at: Date },
): Promise<{ aptcCents: number; netPremiumCents: number; effectiveDate: string }> {
  const [e] = await tx.select().from(enrollments).where(eq(enrollments.id, input.enrollmentId)).for('update');
  if (!e) throw conflict('errors.conflict');
  if (!isActive(e.status)) throw conflict('errors.enrollment.notActive');
  const [det] = await tx
    .select()
    .from(determinations)
    .where(and(eq(determinations.householdId, e.householdId), eq(determinations.current, true)))
    .limit(1);
  // The most credit is what was available at selection, unless a newer determination says otherwise.
  const maxAptc = det ? Math.max(det.maxAptcCents, 0) : e.aptcCents;
  if (input.requestedAptcCents < 0 || input.requestedAptcCents > Math.min(maxAptc, e.grossPremiumCents)) throw invalidInput([{ field: 'aptc', messageKey: 'errors.plan.aptcRange' }]);
  const split = splitPremium({
    grossPremiumCents: e.grossPremiumCents,
    maxAptcCents: maxAptc,
    requestedAptcCents: input.requestedAptcCents,
    stateAssistanceCents: det?.stateAssistanceCents ?? e.stateAssistanceCents,
  });
  const today = localDay(input.at, deps.profile.timeZone);
  const effectiveDate = changeEffectiveDate(e.coverageStart, today);
  // The enrollment holds its newest amounts; the bills before the effective date keep the earlier ones (amount-history.ts).
  await tx
    .update(enrollments)
    .set({ ...split, updatedAt: input.at })
    .where(eq(enrollments.id, e.id));
  await recordAmounts(tx, { enrollmentId: e.id, effectiveFrom: effectiveDate, split, maxAptcCents: maxAptc, reason: 'aptc-change', actor: input.actor, at: input.at });
  await tx
    .insert(enrollmentTransitions)
    .values({ enrollmentId: e.id, kind: 'change', fromStatus: e.status, toStatus: e.status, effectiveDate, reason: 'aptc-change', actor: input.actor.id, actorKind: input.actor.kind, at: input.at });
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'enrollment.credit-changed',
    objectType: 'enrollment',
    objectId: e.id,
    details: { householdId: e.householdId, fromAptcCents: e.aptcCents, toAptcCents: split.aptcCents, netPremiumCents: split.netPremiumCents, effectiveDate },
    at: input.at,
  });
  return { aptcCents: split.aptcCents, netPremiumCents: split.netPremiumCents, effectiveDate };
}
