import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { conflict, invalidInput } from '../platform/errors.js';
import type { StateProfile } from '../states/profile.js';
import { recordAmounts } from './amount-history.js';
import { addDays, localDay } from './dates.js';
import type { EnrollmentEngine } from './engine.js';
import { enrollmentWindow } from './enrollment-periods.js';
import type { EnrollmentEvents } from './events.js';
import { applicantFacts, homeAddress } from './household-facts.js';
import { newPolicyNumber } from './identifiers.js';
import { isActive } from './lifecycle.js';
import { splitPremium } from './premium.js';
import { applications, determinations, enrollmentMembers, enrollments, enrollmentTransitions, households, specialEnrollmentPeriods } from './schema.js';
import { transitionEnrollment, type ActingParty } from './transition-enrollment.js';

export interface EnrollmentDeps {
  engine: EnrollmentEngine;
  events: EnrollmentEvents;
  profile: Pick<StateProfile, 'openEnrollment' | 'timeZone'>;
}

/** Where a household stands for picking a plan today: its window, covered members and help. */
export async function planSelectionContext(tx: Tx, deps: EnrollmentDeps, householdId: string, at: Date) {
  const [household] = await tx.select().from(households).where(eq(households.id, householdId));
  if (!household) throw conflict('errors.conflict');
  const current = await tx
    .select()
    .from(determinations)
    .where(and(eq(determinations.householdId, householdId), eq(determinations.current, true)));
  const eligibleIds = new Set(current.filter((d) => d.outcome === 'qhp' || d.outcome === 'qhp-aptc').map((d) => d.memberId));
  const facts = (await applicantFacts(tx, householdId)).filter((m) => eligibleIds.has(m.id));
  const seps = await tx.select().from(specialEnrollmentPeriods).where(eq(specialEnrollmentPeriods.householdId, householdId));
  const today = localDay(at, deps.profile.timeZone);
  const determination = current[0] ?? null;
  const sepWindows = seps.map((s) => ({ id: s.id, event: s.event, eventDate: s.eventDate, windowEndsOn: s.windowEndsOn, used: s.usedByEnrollmentId !== null }));
  // A window for the plan year the household was determined for; failing that, whatever is open (to say so).
  const forYear = determination ? enrollmentWindow(deps.profile.openEnrollment, sepWindows, today, determination.planYear) : null;
  const window = forYear?.open ? forYear : enrollmentWindow(deps.profile.openEnrollment, sepWindows, today);
  const [application] = determination ? await tx.select().from(applications).where(eq(applications.id, determination.applicationId)) : [];
  const address = await homeAddress(tx, householdId);
  return { household, determination, application: application ?? null, address, members: facts, window, today };
}

/** Prices the plans for the household's eligible members on the window's coverage start. */
export async function quoteSelection(tx: Tx, deps: EnrollmentDeps, sel: Awaited<ReturnType<typeof planSelectionContext>>) {
  if (!sel.window.open || !sel.determination || !sel.application || !sel.members.length || sel.window.planYear !== sel.determination.planYear) return null;
  return deps.engine.quote(tx, {
    state: sel.household.state,
    planYear: sel.window.planYear,
    coverageStart: sel.window.coverageStart,
    asOf: sel.today,
    annualIncomeCents: sel.application.annualIncomeCents ?? 0,
    taxHouseholdSize: sel.application.taxHouseholdSize ?? sel.members.length,
    zip: sel.address?.zip,
    county: sel.address?.county,
    members: sel.members,
  });
}

/**
 * Enrolls the household's eligible members in a plan: checks the enrollment
 * window (open enrollment or a special period), prices the plan, applies the
 * credit the household chose (up to its maximum) and state help, and starts
 * the enrollment awaiting its binder payment. An enrollment already active
 * for that plan year is replaced: cancelled if it has not started by the new
 * start, otherwise ended the day before.
 */
export async function selectPlan(
  tx: Tx,
  deps: EnrollmentDeps,
  input: { householdId: string; plan: string; requestedAptcCents?: number; actor: ActingParty; at: Date },
): Promise<{ enrollmentId: string }> {
  await tx.select({ id: households.id }).from(households).where(eq(households.id, input.householdId)).for('update');
  const sel = await planSelectionContext(tx, deps, input.householdId, input.at);
  if (!sel.determination || !sel.application) throw conflict('errors.plan.noDetermination');
  if (!sel.members.length) throw conflict('errors.plan.noneEligible');
  if (!sel.window.open) throw conflict('errors.plan.windowClosed');
  if (sel.window.planYear !== sel.determination.planYear) throw conflict('errors.plan.needNewApplication');
  const coverageStart = sel.window.coverageStart;
  const planYear = sel.window.planYear;

  const help = (await quoteSelection(tx, deps, sel))!;
  const offer = help.offers.find((o) => `${o.planHiosId}-${o.variant}` === input.plan);
  if (!offer) throw invalidInput([{ field: 'plan', messageKey: 'errors.plan.choose' }]);
  if (input.requestedAptcCents !== undefined && (input.requestedAptcCents < 0 || input.requestedAptcCents > help.maxAptcCents)) {
    throw invalidInput([{ field: 'aptc', messageKey: 'errors.plan.aptcRange' }]);
  }
  const split = splitPremium({
    grossPremiumCents: offer.grossPremiumCents,
    maxAptcCents: help.maxAptcCents,
    requestedAptcCents: input.requestedAptcCents,
    stateAssistanceCents: help.stateAssistanceCents,
  });

  // Replace an enrollment of the same plan year that is still active.
  const existing = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.householdId, input.householdId), eq(enrollments.planYear, planYear)));
  for (const e of existing.filter((x) => isActive(x.status))) {
    const cancel = e.status === 'pending-binder' || e.coverageStart >= coverageStart;
    await transitionEnrollment(tx, e.id, cancel ? 'cancelled' : 'terminated', {
      reason: 'plan-change',
      effectiveDate: cancel ? e.coverageStart : addDays(coverageStart, -1),
      actor: input.actor,
      at: input.at,
    });
  }

  const [row] = await tx
    .insert(enrollments)
    .values({
      householdId: input.householdId,
      applicationId: sel.application.id,
      planYear,
      carrierHiosId: offer.carrierHiosId,
      planHiosId: offer.planHiosId,
      planVariant: offer.variant,
      policyNumber: newPolicyNumber(),
      coverageStart,
      coverageEnd: `${planYear}-12-31`,
      ...split,
      status: 'pending-binder',
      statusChangedAt: input.at,
      createdAt: input.at,
      updatedAt: input.at,
    })
    .returning({ id: enrollments.id });
  const enrollmentId = row!.id;
  await tx.insert(enrollmentMembers).values(offer.memberPremiums.map((m, i) => ({ enrollmentId, memberId: m.memberId, isSubscriber: i === 0, premiumCents: m.cents })));
  await recordAmounts(tx, {
    enrollmentId,
    effectiveFrom: coverageStart,
    split,
    maxAptcCents: help.maxAptcCents,
    reason: 'selection',
    applicationId: sel.application.id,
    actor: input.actor,
    at: input.at,
  });
  await tx.insert(enrollmentTransitions).values({
    enrollmentId,
    kind: 'created',
    fromStatus: null,
    toStatus: 'pending-binder',
    effectiveDate: coverageStart,
    reason: sel.window.kind === 'special' ? 'special-enrollment' : 'open-enrollment',
    actor: input.actor.id,
    actorKind: input.actor.kind,
    at: input.at,
  });
  if (sel.window.kind === 'special') {
    await tx
      .update(specialEnrollmentPeriods)
      .set({ usedByEnrollmentId: enrollmentId })
      .where(inArray(specialEnrollmentPeriods.id, [sel.window.sepId]));
  }
  await deps.events.emit(tx, 'enrollment-selected', { enrollmentId, householdId: input.householdId, coverageStart, netPremiumCents: split.netPremiumCents, at: input.at });
  await recordAudit(tx, {
    actor: input.actor.id,
    actorKind: input.actor.kind,
    ip: input.actor.ip,
    action: 'enrollment.selected',
    objectType: 'enrollment',
    objectId: enrollmentId,
    details: {
      householdId: input.householdId,
      plan: input.plan,
      coverageStart,
      period: sel.window.kind,
      grossPremiumCents: split.grossPremiumCents,
      aptcCents: split.aptcCents,
      maxAptcCents: help.maxAptcCents,
      stateAssistanceCents: split.stateAssistanceCents,
      netPremiumCents: split.netPremiumCents,
    },
    at: input.at,
  });
  return { enrollmentId };
}
