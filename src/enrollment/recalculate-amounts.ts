/**
 * A reported change (income, household, a life event reported through a new
 * application) that changes the determination changes what the household's
 * coverage costs it: the credit and state help of each active enrollment of
 * that plan year are figured again for the members it covers, from the
 * first of the next month (docs/adr/0067). The premium itself does not
 * change during the year. Each change is dated in the amount history,
 * recorded as a `change` transition (the next 834 carries it, INS03 001,
 * with the new loop 2750 amounts), audited, and announced as
 * `enrollment-changed` so billing rebills the months from that date.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.js';
import type { Tx } from '../platform/database.js';
import { amountHistory, amountsInForce, changeEffectiveDate, electedCredit, recordAmounts } from './amount-history.js';
import { localDay } from './dates.js';
import type { EnrollmentEngine } from './engine.js';
import type { EnrollmentEvents } from './events.js';
import { applicantFacts, homeAddress } from './household-facts.js';
import { splitPremium } from './premium.js';
import { applications, enrollmentMembers, enrollments, enrollmentTransitions, households } from './schema.js';
import type { ActingParty } from './transition-enrollment.js';

export interface AmountChange {
  enrollmentId: string;
  effectiveDate: string;
  fromAptcCents: number;
  aptcCents: number;
  stateAssistanceCents: number;
  netPremiumCents: number;
}

export async function recalculateAmounts(
  tx: Tx,
  deps: { engine: EnrollmentEngine; events: EnrollmentEvents; timeZone: string },
  input: { householdId: string; applicationId: string; actor: ActingParty; at: Date },
): Promise<AmountChange[]> {
  const [app] = await tx.select().from(applications).where(eq(applications.id, input.applicationId));
  if (!app || app.annualIncomeCents === null) return [];
  const active = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.householdId, input.householdId), eq(enrollments.planYear, app.planYear), inArray(enrollments.status, ['pending-binder', 'effectuated', 'in-grace'])))
    .orderBy(enrollments.coverageStart)
    .for('update');
  if (!active.length) return [];
  const today = localDay(input.at, deps.timeZone);
  const [household] = await tx.select().from(households).where(eq(households.id, input.householdId));
  const facts = await applicantFacts(tx, input.householdId);
  const address = await homeAddress(tx, input.householdId);
  const covered = await tx
    .select()
    .from(enrollmentMembers)
    .where(
      inArray(
        enrollmentMembers.enrollmentId,
        active.map((e) => e.id),
      ),
    );
  const changes: AmountChange[] = [];
  for (const e of active) {
    const effectiveDate = changeEffectiveDate(e.coverageStart, today);
    if (effectiveDate > e.coverageEnd) continue;
    const ids = new Set(covered.filter((c) => c.enrollmentId === e.id).map((c) => c.memberId));
    const members = facts.filter((m) => ids.has(m.id));
    if (!members.length) continue;
    // The help for the members this enrollment covers, as at plan selection (select-plan.ts quoteSelection).
    const quote = await deps.engine.quote(tx, {
      state: household!.state,
      planYear: e.planYear,
      coverageStart: e.coverageStart,
      asOf: today,
      annualIncomeCents: app.annualIncomeCents,
      taxHouseholdSize: app.taxHouseholdSize ?? members.length,
      zip: address?.zip,
      county: address?.county,
      members,
    });
    const history = await amountHistory(tx, e.id);
    const before = amountsInForce(history, effectiveDate) ?? { aptcCents: e.aptcCents, maxAptcCents: e.aptcCents, stateAssistanceCents: e.stateAssistanceCents };
    const split = splitPremium({
      grossPremiumCents: e.grossPremiumCents,
      maxAptcCents: quote.maxAptcCents,
      requestedAptcCents: electedCredit({ aptcCents: before.aptcCents, maxAptcCents: before.maxAptcCents, grossPremiumCents: e.grossPremiumCents }, quote.maxAptcCents),
      stateAssistanceCents: quote.stateAssistanceCents,
    });
    if (split.aptcCents === before.aptcCents && split.stateAssistanceCents === before.stateAssistanceCents && quote.maxAptcCents === before.maxAptcCents) continue;
    await tx
      .update(enrollments)
      .set({ ...split, updatedAt: input.at })
      .where(eq(enrollments.id, e.id));
    await recordAmounts(tx, {
      enrollmentId: e.id,
      effectiveFrom: effectiveDate,
      split,
      maxAptcCents: quote.maxAptcCents,
      reason: 'redetermination',
      applicationId: app.id,
      actor: input.actor,
      at: input.at,
    });
    const moneyChanged = split.aptcCents !== before.aptcCents || split.stateAssistanceCents !== before.stateAssistanceCents;
    if (moneyChanged) {
      await tx.insert(enrollmentTransitions).values({
        enrollmentId: e.id,
        kind: 'change',
        fromStatus: e.status,
        toStatus: e.status,
        effectiveDate,
        reason: 'redetermination',
        actor: input.actor.id,
        actorKind: input.actor.kind,
        at: input.at,
      });
    }
    await recordAudit(tx, {
      actor: input.actor.id,
      actorKind: input.actor.kind,
      ip: input.actor.ip,
      action: 'enrollment.amounts-recalculated',
      objectType: 'enrollment',
      objectId: e.id,
      details: {
        householdId: e.householdId,
        applicationId: app.id,
        effectiveDate,
        fromAptcCents: before.aptcCents,
        toAptcCents: split.aptcCents,
        maxAptcCents: quote.maxAptcCents,
        stateAssistanceCents: split.stateAssistanceCents,
        netPremiumCents: split.netPremiumCents,
      },
      at: input.at,
    });
    if (moneyChanged) {
      await deps.events.emit(tx, 'enrollment-changed', { enrollmentId: e.id, householdId: e.householdId, change: 'amounts', at: input.at });
      changes.push({
        enrollmentId: e.id,
        effectiveDate,
        fromAptcCents: before.aptcCents,
        aptcCents: split.aptcCents,
        stateAssistanceCents: split.stateAssistanceCents,
        netPremiumCents: split.netPremiumCents,
      });
    }
  }
  return changes;
}
